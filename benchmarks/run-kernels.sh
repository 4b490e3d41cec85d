#!/usr/bin/env bash
# BenchmarkDotNet kernels of each stage: inflate, the reader, its field splitter, and attribution,
# aggregation and Parquet writing over records already in memory. Results are copied to
# benchmarks/results/. Pass BenchmarkDotNet options (e.g. --job short) after the script name.
set -euo pipefail
cd "$(dirname "$0")/.."
kernels=(InflateBenchmarks ReaderBenchmarks SplitKernelBenchmarks StageBenchmarks)
filters=()
for name in "${kernels[@]}"; do filters+=("*${name}*"); done
dotnet run -c Release --project benchmarks/FlowAnalytics.Benchmarks -- \
  --filter "${filters[@]}" --exporters github --artifacts benchmarks/.artifacts "$@"
for name in "${kernels[@]}"; do
  cp "benchmarks/.artifacts/results/FlowAnalytics.Benchmarks.${name}-report-github.md" "benchmarks/results/${name}.md"
done
