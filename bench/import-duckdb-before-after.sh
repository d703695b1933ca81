#!/usr/bin/env bash
# Issue 18: `facet import csv` into DuckDB by two builds, alternating A B A B …, each run into a new DuckDB file (DuckDB
# runs inside facet, so facet's CPU is all of it). Prints per run: CPU seconds (user + system, /usr/bin/time), CPU µs
# per line, wall seconds and the 1-minute load average at start and end; then whether every built-in window definition
# reads the same after A's and B's first runs (`facet windows show NAME --format csv`: the windows as every reader sees
# them). The file is bench/import-csv.sh's (seeded Python; transactions with 1–3 line items, every customer and product
# inferred).
#   bench/import-duckdb-before-after.sh FACET_DIR_A FACET_DIR_B [LINES=100000] [PAIRS=2]
# FACET_DIR_*: folders holding facet.dll (e.g. a copy of src/Facet.Cli/bin/Release/net10.0 per build).
set -euo pipefail
cd "$(dirname "$0")/.."
A=$1 B=$2 LINES=${3:-100000} PAIRS=${4:-2}
W=$(mktemp -d /tmp/facet-import-duckdb-ab.XXXXXX)
trap 'rm -rf "$W"' EXIT
FILE=$W/transactions.csv
IMPORT_CSV_FILE_ONLY=$FILE bench/import-csv.sh "$LINES"
load() { cut -d' ' -f1 /proc/loadavg; }
per_line() { echo "$1 * 1000000 / $LINES" | bc -l | xargs printf '%.1f'; }
echo "| run | facet CPU s | CPU µs per line | wall s | load start → end |"
echo "|---|---:|---:|---:|---|"
for pair in $(seq 1 "$PAIRS"); do
  for side in A B; do
    dir=$A; [ "$side" = B ] && dir=$B
    db="$W/run_${side}_$pair.duckdb"
    dotnet "$dir/facet.dll" db migrate --warehouse "duckdb:$db" >/dev/null
    L0=$(load)
    /usr/bin/time -f '%e %U %S' -o "$W/time" dotnet "$dir/facet.dll" import csv --dataset commerce "$FILE" --warehouse "duckdb:$db" --no-progress >"$W/out" 2>"$W/err" \
      || { cat "$W/err" >&2; exit 1; }
    read -r wall user sys <"$W/time"
    cpu=$(echo "$user + $sys" | bc)
    printf '| %s%s | %s | %s | %s | %s → %s |\n' "$side" "$pair" "$cpu" "$(per_line "$cpu")" "$wall" "$L0" "$(load)"
    grep -q "\"inserted\":$LINES" "$W/out" || { echo "run $side$pair did not insert $LINES orders:" >&2; cat "$W/out" >&2; exit 1; }
  done
done
same=0
# the built-ins (`facet windows list` has no CSV output)
for name in customer_analysis product_analysis sales_analysis product_views_analysis revenue_5m sessions_hourly ordering_sessions_hourly conversion_hourly; do
  a=$(dotnet "$A/facet.dll" windows show "$name" --warehouse "duckdb:$W/run_A_1.duckdb" --format csv | md5sum | cut -c1-32)
  b=$(dotnet "$B/facet.dll" windows show "$name" --warehouse "duckdb:$W/run_B_1.duckdb" --format csv | md5sum | cut -c1-32)
  if [ "$a" = "$b" ]; then echo "windows as read, $name: equal ($a)"; else echo "windows as read, $name: DIFFERENT ($a | $b)"; same=1; fi
done
exit $same
