#!/usr/bin/env bash
# End-to-end comparison: floor (decompress only), flowanalytics, DuckDB and a naive C# program over
# the same generated bucket, side by side. Pass --records/--format/--repeat/--threads to change it.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release benchmarks/FlowAnalytics.Benchmarks -v q -nologo >/dev/null
dotnet benchmarks/FlowAnalytics.Benchmarks/bin/Release/net10.0/linux-x64/FlowAnalytics.Benchmarks.dll e2e "$@"
