#!/usr/bin/env bash
# Reader kernel benchmark (issue: foundation). Results land in benchmarks/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project benchmarks/FlowAnalytics.Benchmarks -- --filter '*ReaderBenchmarks*' --exporters github --artifacts benchmarks/.artifacts "$@"
cp benchmarks/.artifacts/results/FlowAnalytics.Benchmarks.ReaderBenchmarks-report-github.md benchmarks/results/ReaderBenchmarks.md
