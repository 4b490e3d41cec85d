#!/usr/bin/env bash
# A/B of the job's per-object loop (benchmarks/FlowAnalytics.Benchmarks/Loop/ObjectLoop.cs):
# builds BASE (a commit) and the work tree, then runs them alternately, one process each per
# round, and prints each run's minimum ns/record. This VM has slow phases that last a process's
# life, so judge by the minimums over several rounds, never by one run.
#   benchmarks/run-ab.sh BASE BUCKET [--rounds R] [loop options: --passes N --stage read|aggregate --fields job|all]
# BUCKET comes from `flowanalytics sample --out BUCKET --records 1000000 --files 40 ...`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then sed -n '2,7p' "$0"; exit 1; fi
base=$1 bucket=$2; shift 2
rounds=5
if [ "${1:-}" = "--rounds" ]; then rounds=$2; shift 2; fi
artifacts=benchmarks/.artifacts/ab
rm -rf "$artifacts/base-tree"
git worktree add --detach "$artifacts/base-tree" "$base" >/dev/null
trap 'git worktree remove --force "$artifacts/base-tree"' EXIT
# Both sides run today's benchmark code, so a BASE from before the loop existed works too.
rm -rf "$artifacts/base-tree/benchmarks/FlowAnalytics.Benchmarks"
tar -C benchmarks --exclude=.artifacts --exclude=bin --exclude=obj -cf - FlowAnalytics.Benchmarks | tar -C "$artifacts/base-tree/benchmarks" -xf -
dotnet build -c Release "$artifacts/base-tree/benchmarks/FlowAnalytics.Benchmarks" -o "$artifacts/base" -v q -nologo >/dev/null
dotnet build -c Release benchmarks/FlowAnalytics.Benchmarks -o "$artifacts/work" -v q -nologo >/dev/null
for round in $(seq "$rounds"); do
  line="round $round:"
  for side in base work; do
    min=$("$artifacts/$side/FlowAnalytics.Benchmarks" loop "$bucket" "$@" | awk '/^min/ { print $2 }')
    line="$line $side $min"
  done
  echo "$line ns/record"
done
