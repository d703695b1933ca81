#!/usr/bin/env bash
# Issue 20, results in BENCHMARKS.md. A/B on one machine run: CPU seconds (user+sys, /usr/bin/time) of loading transactions + product_views into DuckDB
# with the streaming window step (A) vs without it plus one `windows recompute --all` (B); alternated A B A B.
set -euo pipefail
cd "$(dirname "$0")/.."
# Build first: dotnet build Facet.slnx -c Release
BIN=${FACET_BIN:-$PWD/src/Facet.Cli/bin/Release/net10.0/facet}
D=$(mktemp -d /tmp/sched6-bench.XXXX)
$BIN generate --dataset commerce --out "$D/data" --count 100000 --seed 7 --start 2026-11-20T00:00:00Z >/dev/null 2>&1
wc -l "$D/data/transactions.ndjson" "$D/data/product_views.ndjson"
cpu() { /usr/bin/time -f '%U %S' -o "$D/t" "$@" >/dev/null 2>"$D/err" || { cat "$D/err"; exit 1; }; awk '{printf "%.2f", $1+$2}' "$D/t"; }
for round in 1 2; do
  for mode in A B; do
    W="duckdb:$D/$mode$round.duckdb"
    if [ $mode = A ]; then
      t1=$(cpu $BIN load --stream transactions --warehouse "$W" --windows builtin --no-progress "$D/data/transactions.ndjson")
      t2=$(cpu $BIN load --stream product_views --warehouse "$W" --windows builtin --no-progress "$D/data/product_views.ndjson")
      echo "round $round A (windows in the load): load transactions ${t1}s + load product_views ${t2}s CPU"
    else
      t1=$(cpu $BIN load --stream transactions --warehouse "$W" --windows none --no-progress "$D/data/transactions.ndjson")
      t2=$(cpu $BIN load --stream product_views --warehouse "$W" --windows none --no-progress "$D/data/product_views.ndjson")
      t3=$(cpu $BIN windows recompute --all --warehouse "$W")
      echo "round $round B (--windows none + recompute): load transactions ${t1}s + load product_views ${t2}s + recompute ${t3}s CPU"
      $BIN windows recompute --all --warehouse "$W"
    fi
  done
  uptime
done
rm -rf "$D"
