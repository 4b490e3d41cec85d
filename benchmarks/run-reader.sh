#!/usr/bin/env bash
# Reader kernel benchmarks (BenchmarkDotNet). Results are copied to benchmarks/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project benchmarks/FlowAnalytics.Benchmarks -- \
  --filter '*ReaderBenchmarks*' '*SplitKernelBenchmarks*' --exporters github --artifacts benchmarks/.artifacts "$@"
for name in ReaderBenchmarks SplitKernelBenchmarks; do
  cp "benchmarks/.artifacts/results/FlowAnalytics.Benchmarks.${name}-report-github.md" "benchmarks/results/${name}.md"
done
