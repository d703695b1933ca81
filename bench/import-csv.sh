#!/usr/bin/env bash
# Issue 18: `facet import csv` of one Shape B transactions file of N lines (default 1,000,000) into PostgreSQL (a
# throwaway cluster) and a DuckDB file, each beside the raw bulk path of the same file in the same run: PostgreSQL's
# server-side `COPY … CSV` into a plain table of text columns, DuckDB's `read_csv` into a table (types detected).
# Prints rows/s and CPU seconds per row: of `facet` (user + system, /usr/bin/time) and of the PostgreSQL server
# processes (its postmaster's reaped children). The file is written here by a seeded Python script: valid rows with
# 1–3 line items (Python literals), unique booking ids, 100k customers and 10k products not imported before (so every
# one becomes an inferred member, as when transactions arrive first).
# Per backend also: the import with `--windows none` (the star schema alone), and two floors, the end state the
# import left (its tables whose row count differs from a fresh `facet db migrate`) written into a freshly migrated
# warehouse by the backend's own bulk path, table by table: PostgreSQL binary `COPY` (client-side \copy, the same
# wire path facet stages through), DuckDB `INSERT … SELECT` from the attached import file (facet's DuckDB defaults:
# one thread, 512MB). "floor" is every such table; "floor without windows" leaves the window_* tables out. Whatever
# loader produces this schema writes at least these rows; the import's cost above its floor is parsing, validation,
# dedup, dimension look-ups, the window computation and the staging. The per-table floor lines follow the table.
#   bench/import-csv.sh [LINES]
# Environment: FACET_DIR  a `facet` build to measure (default: a ReadyToRun publish made here, like bench/e2e.sh)
#              IMPORT_CSV_FILE_ONLY=PATH  write the file to PATH and stop (bench/import-before-after.sh uses it)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LINES=${1:-1000000}
W=$(mktemp -d /tmp/facet-import-csv.XXXXXX)
chmod 755 "$W"
# shellcheck source=../build/throwaway-postgres.sh
. "$ROOT/build/throwaway-postgres.sh"
cleanup() { pg_stop; rm -rf "$W"; }
trap cleanup EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ -z "${FACET_DIR:-}" ] && [ -z "${IMPORT_CSV_FILE_ONLY:-}" ]; then
  FACET_DIR=$W/facet-r2r
  dotnet publish src/Facet.Cli -c Release -r linux-x64 -p:PublishReadyToRun=true --self-contained false -o "$FACET_DIR" \
    -nologo >"$W/publish.log" 2>&1 || { tail -n 30 "$W/publish.log" >&2; exit 1; }
fi
[ -n "${IMPORT_CSV_FILE_ONLY:-}" ] || dotnet build bench/Facet.Benchmarks -c Release -nologo >"$W/build.log" 2>&1 || { tail -n 30 "$W/build.log" >&2; exit 1; }
FACET=(dotnet "${FACET_DIR:-}/facet.dll")
HARNESS=(dotnet "$ROOT/bench/Facet.Benchmarks/bin/Release/net10.0/Facet.Benchmarks.dll")
HZ=$(getconf CLK_TCK)
# CPU seconds of the PostgreSQL server: the postmaster and every backend it has reaped (connections closed).
pg_cpu() { awk -v hz="$HZ" '{printf "%.2f", ($14 + $15 + $16 + $17) / hz}' "/proc/$(head -n 1 "$PG_DIR/data/postmaster.pid")/stat"; }
# Runs a command under /usr/bin/time; sets WALL and CPU (user + system seconds of the command).
timed() {
  /usr/bin/time -f '%e %U %S' -o "$W/time" "$@" >"$W/out" 2>"$W/err" || { cat "$W/err" >&2; exit 1; }
  read -r WALL U S <"$W/time"; CPU=$(echo "$U + $S" | bc -l)
}
row() { # name wall facet_cpu server_cpu
  printf '| %s | %.1f | %s | %s | %s | %s |\n' "$1" "$2" "$(echo "$LINES / $2" | bc)" "$3" "$4" \
    "$(echo "($3 + $4) * 1000000 / $LINES" | bc -l | xargs printf '%.2f')"
}

FILE=${IMPORT_CSV_FILE_ONLY:-$W/transactions.csv}
python3 - "$FILE" "$LINES" <<'PY'
import datetime, random, sys, uuid
path, lines = sys.argv[1], int(sys.argv[2])
r = random.Random(18)
ts = lambda s: datetime.datetime.fromtimestamp(s, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
methods, statuses = ["Debit Card", "Credit Card", "OVO", "Gopay", "LinkAja"], ["Success", "Success", "Success", "Failed"]
with open(path, "w") as f:
    f.write("created_at,customer_id,booking_id,session_id,product_metadata,payment_method,payment_status,promo_amount,promo_code,shipment_fee,shipment_date_limit,shipment_location_lat,shipment_location_long,total_amount\n")
    for i in range(lines):
        items = [(r.randint(1, 10000), r.randint(1, 4), r.randint(10, 500) * 1000) for _ in range(r.randint(1, 3))]
        promo = r.choice([0, 0, 0, 1500, 5000]); fee = r.choice([0, 10000, 15000])
        total = sum(q * p for _, q, p in items) - promo + fee
        meta = "[" + ", ".join(f"{{'product_id': {p}, 'quantity': {q}, 'item_price': {price}}}" for p, q, price in items) + "]"
        t = 1761955200 + i * 2  # 2025-11-01 onwards, two seconds apart
        f.write(f'{ts(t)},{r.randint(1, 100000)},{uuid.UUID(int=r.getrandbits(128), version=4)},{uuid.UUID(int=r.getrandbits(128), version=4)},"{meta}",{r.choice(methods)},{r.choice(statuses)},{promo},{"HEMAT" if promo else ""},{fee},{ts(t + 432000)},-6.2,106.8,{total}\n')
PY
echo "transactions.csv: $LINES lines, $(du -m "$FILE" | cut -f1) MB" >&2
[ -n "${IMPORT_CSV_FILE_ONLY:-}" ] && exit 0

pg_start import-csv 2>/dev/null
"${FACET[@]}" db migrate --warehouse "$PG_CONNECTION" >/dev/null
echo "| path | wall s | rows/s | facet CPU s | server CPU s | CPU µs per row |"
echo "|---|---:|---:|---:|---:|---:|"
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q)
"${PSQL[@]}" -c "CREATE TABLE raw_transactions (created_at text, customer_id text, booking_id text, session_id text, product_metadata text, payment_method text, payment_status text, promo_amount text, promo_code text, shipment_fee text, shipment_date_limit text, shipment_location_lat text, shipment_location_long text, total_amount text)"
BEFORE=$(pg_cpu)
timed "${PSQL[@]}" -c "COPY raw_transactions FROM '$FILE' WITH (FORMAT csv, HEADER true)"
row "PostgreSQL: raw COPY … CSV into a text table" "$WALL" "0" "$(echo "$(pg_cpu) - $BEFORE" | bc)"
BEFORE=$(pg_cpu)
timed "${FACET[@]}" import csv --dataset commerce "$FILE" --warehouse "$PG_CONNECTION" --no-progress
IMPORTED=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read())["inserted"])' "$W/out")
row "PostgreSQL: facet import csv ($IMPORTED orders)" "$WALL" "$CPU" "$(echo "$(pg_cpu) - $BEFORE" | bc)"
for db in nowindows floor; do
  "${PSQL[@]}" -c "CREATE DATABASE $db"
  "${FACET[@]}" db migrate --warehouse "${PG_CONNECTION/Database=postgres/Database=$db}" >/dev/null
done
BEFORE=$(pg_cpu)
timed "${FACET[@]}" import csv --dataset commerce "$FILE" --warehouse "${PG_CONNECTION/Database=postgres/Database=nowindows}" --no-progress --windows none
row "PostgreSQL: facet import csv --windows none" "$WALL" "$CPU" "$(echo "$(pg_cpu) - $BEFORE" | bc)"
# The floor: each table the import changed, copied out of its database and into the fresh one, one psql per table so
# the reaped backend's CPU is that table's (the postmaster counts a backend when it exits).
FLOOR=0 FLOOR_FACTS=0 FLOOR_WALL=0 FLOOR_FACTS_WALL=0
: >"$W/floor_pg"
for t in $("${PSQL[@]}" -d floor -At -c "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1"); do
  rows=$("${PSQL[@]}" -At -c "SELECT count(*) FROM \"$t\"")
  [ "$rows" = "$("${PSQL[@]}" -d floor -At -c "SELECT count(*) FROM \"$t\"")" ] && continue
  "${PSQL[@]}" -c "\\copy (SELECT * FROM \"$t\") TO '$W/$t.bin' (FORMAT binary)"
  "${PSQL[@]}" -d floor -c "TRUNCATE \"$t\""
  sleep 0.5; BEFORE=$(pg_cpu)
  T0=$(date +%s.%N)
  "${PSQL[@]}" -d floor -c "\\copy \"$t\" FROM '$W/$t.bin' (FORMAT binary)"
  T1=$(date +%s.%N); sleep 0.5
  SERVER=$(echo "$(pg_cpu) - $BEFORE" | bc)
  echo "PostgreSQL floor: $t $rows rows, server CPU $SERVER s" >>"$W/floor_pg"
  FLOOR=$(echo "$FLOOR + $SERVER" | bc); FLOOR_WALL=$(echo "$FLOOR_WALL + $T1 - $T0" | bc)
  case $t in window_*) ;; *) FLOOR_FACTS=$(echo "$FLOOR_FACTS + $SERVER" | bc); FLOOR_FACTS_WALL=$(echo "$FLOOR_FACTS_WALL + $T1 - $T0" | bc) ;; esac
  rm -f "$W/$t.bin"
done
row "PostgreSQL floor: the import's end state by binary COPY" "$FLOOR_WALL" "0" "$FLOOR"
row "PostgreSQL floor without windows" "$FLOOR_FACTS_WALL" "0" "$FLOOR_FACTS"
pg_stop

timed "${HARNESS[@]}" duckdb-read-csv "$FILE" "$W/raw.duckdb"
row "DuckDB: raw read_csv into a table ($(cat "$W/out") rows)" "$WALL" "$CPU" "0"
"${FACET[@]}" db migrate --warehouse "duckdb:$W/import.duckdb" >/dev/null
timed "${FACET[@]}" import csv --dataset commerce "$FILE" --warehouse "duckdb:$W/import.duckdb" --no-progress
IMPORTED=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read())["inserted"])' "$W/out")
row "DuckDB: facet import csv ($IMPORTED orders)" "$WALL" "$CPU" "0"
"${FACET[@]}" db migrate --warehouse "duckdb:$W/nowindows.duckdb" >/dev/null
timed "${FACET[@]}" import csv --dataset commerce "$FILE" --warehouse "duckdb:$W/nowindows.duckdb" --no-progress --windows none
row "DuckDB: facet import csv --windows none" "$WALL" "$CPU" "0"
"${FACET[@]}" db migrate --warehouse "duckdb:$W/floor.duckdb" >/dev/null
timed "${HARNESS[@]}" duckdb-star-schema-floor "$W/import.duckdb" "$W/floor.duckdb"
cp "$W/out" "$W/floor_duckdb"
# the harness's CPU for the statements alone (its own start-up and the row counts left out); wall from the same run
FLOOR=$(awk '$1 == "total" {print $3}' "$W/floor_duckdb")
FLOOR_FACTS=$(awk '$1 != "total" && $1 !~ /^window_/ {s += $3} END {printf "%.2f", s}' "$W/floor_duckdb")
row "DuckDB floor: the import's end state by INSERT … SELECT (statements' CPU)" "$WALL" "$FLOOR" "0"
row "DuckDB floor without windows (statements' CPU)" "$WALL" "$FLOOR_FACTS" "0"
echo
cat "$W/floor_pg"
sed 's/^/DuckDB floor: /; s/ \([0-9.]*\)$/, CPU \1 s/' "$W/floor_duckdb"
