#!/usr/bin/env bash
# End-to-end comparison: floor (decompress only), flowanalytics, DuckDB and a naive C# program over
# the same generated bucket, side by side. Pass --records/--format/--repeat/--threads to change it.
# The harness is published ReadyToRun, as the CLI is when published for a runtime, so no
# contender pays the JIT for start-up and Parquet writing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=benchmarks/.artifacts/e2e
dotnet publish -c Release benchmarks/FlowAnalytics.Benchmarks -o "$out" -v q -nologo >/dev/null
dotnet "$out/FlowAnalytics.Benchmarks.dll" e2e "$@"
