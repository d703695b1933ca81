#!/usr/bin/env bash
# Issue 18: do two builds write the same rows? `facet import csv` of bench/import-csv.sh's file by build A and by build
# B into new databases of one throwaway cluster, three ways each: the default batch size; the same import again (reads
# nothing); and, into a second database, an odd batch size (--max-batch 33333: windows span batches, so stored windows
# merge) then the same import again. After each step prints bench/import-md5.sql's md5 per table for A and B and
# whether they are equal. Exits 1 on a difference (a change of where rows are kept differs in those tables only; the
# line "windows as read" is what every reader sees).
#   bench/import-rows-equal.sh FACET_DIR_A FACET_DIR_B [LINES=100000]
set -euo pipefail
cd "$(dirname "$0")/.."
A=$1 B=$2 LINES=${3:-100000}
# shellcheck source=import-setup.sh
. bench/import-setup.sh
import_setup import-eq "$LINES"
import() { # SIDE DB [facet options]
  local dir=$A; [ "$1" = B ] && dir=$B
  local connection="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$2"
  shift 2
  dotnet "$dir/facet.dll" import csv --dataset commerce "$FILE" --warehouse "$connection" --no-progress "$@" >"$W/out" 2>"$W/err" \
    || { cat "$W/err" >&2; exit 1; }
}
same=0
compare() { # STEP DB_A DB_B
  "${PSQL[@]}" -At -d "$2" -f bench/import-md5.sql >"$W/md5_a"
  "${PSQL[@]}" -At -d "$3" -f bench/import-md5.sql >"$W/md5_b"
  if cmp -s "$W/md5_a" "$W/md5_b"; then echo "$1: equal"; cat "$W/md5_a"; else echo "$1: DIFFERENT (A | B)"; paste -d'|' "$W/md5_a" "$W/md5_b"; same=1; fi
}
for side in A B; do
  for db in default odd; do
    name="${db}_$(echo "$side" | tr AB ab)"
    "${PSQL[@]}" -c "CREATE DATABASE $name"
    dir=$A; [ "$side" = B ] && dir=$B
    dotnet "$dir/facet.dll" db migrate --warehouse "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$name" >/dev/null
  done
  import "$side" "default_$(echo "$side" | tr AB ab)"
  import "$side" "odd_$(echo "$side" | tr AB ab)" --max-batch 33333
done
compare "default batch" default_a default_b
compare "--max-batch 33333" odd_a odd_b
for side in A B; do
  import "$side" "default_$(echo "$side" | tr AB ab)"
  import "$side" "odd_$(echo "$side" | tr AB ab)" --max-batch 33333
done
compare "default batch, imported again" default_a default_b
compare "--max-batch 33333, imported again" odd_a odd_b
exit $same
