#!/usr/bin/env bash
# End-to-end comparison: floor (decompress only), flowanalytics, DuckDB and a naive C# program over
# the same generated bucket, side by side. Pass --records/--format/--repeat/--threads to change it.
# The harness is published self-contained with one composite ReadyToRun image, as the CLI is for
# production, so no contender pays the JIT for start-up and Parquet writing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=benchmarks/.artifacts/e2e
dotnet publish -c Release benchmarks/FlowAnalytics.Benchmarks -o "$out" -v q -nologo >/dev/null
"$out/FlowAnalytics.Benchmarks" e2e "$@"
