#!/usr/bin/env bash
# Issue 18: `facet import csv` into PostgreSQL by two builds, alternating A B A B …, each run into a new database of one
# throwaway cluster (pg_stat_statements loaded), beside a raw `COPY … CSV` of the same file into a text table. Prints
# per run: CPU seconds of facet (user + system, /usr/bin/time) and of the PostgreSQL server (the postmaster's reaped
# children: the run's backends, and autovacuum workers that ran meanwhile), CPU µs per line, wall seconds and the
# 1-minute load average at start and end; then each run's statements by execution time (pg_stat_statements: calls,
# rows, shared blocks hit/dirtied/written, WAL records and MB; STATEMENTS=N of them, default 8).
# The file is bench/import-csv.sh's (seeded Python; transactions with 1–3 line items, every customer and product
# inferred).
#   bench/import-before-after.sh FACET_DIR_A FACET_DIR_B [LINES=100000] [PAIRS=2]
# FACET_DIR_*: folders holding facet.dll (e.g. a copy of src/Facet.Cli/bin/Release/net10.0 per build).
set -euo pipefail
cd "$(dirname "$0")/.."
A=$1 B=$2 LINES=${3:-100000} PAIRS=${4:-2}
# shellcheck source=import-setup.sh
. bench/import-setup.sh
PG_EXTRA_OPTIONS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all" import_setup import-ab "$LINES"
HZ=$(getconf CLK_TCK)
# (after a client exits, give the postmaster a moment to reap its backend, or its CPU is not counted yet)
pg_cpu() { sleep 1; awk -v hz="$HZ" '{printf "%.2f", ($14 + $15 + $16 + $17) / hz}' "/proc/$(head -n 1 "$PG_DIR/data/postmaster.pid")/stat"; }
load() { cut -d' ' -f1 /proc/loadavg; }
per_line() { echo "$1 * 1000000 / $LINES" | bc -l | xargs printf '%.1f'; }
"${PSQL[@]}" -c "CREATE EXTENSION pg_stat_statements" # in the postgres database: the view reads every database's statements
echo "| run | facet CPU s | server CPU s | CPU µs per line (facet + server) | server µs per line | wall s | load start → end |"
echo "|---|---:|---:|---:|---:|---:|---|"
"${PSQL[@]}" -c "CREATE TABLE raw_transactions (created_at text, customer_id text, booking_id text, session_id text, product_metadata text, payment_method text, payment_status text, promo_amount text, promo_code text, shipment_fee text, shipment_date_limit text, shipment_location_lat text, shipment_location_long text, total_amount text)"
L0=$(load); BEFORE=$(pg_cpu); T0=$(date +%s.%N)
"${PSQL[@]}" -c "COPY raw_transactions FROM '$FILE' WITH (FORMAT csv, HEADER true)"
SERVER=$(echo "$(pg_cpu) - $BEFORE" | bc)
printf '| raw COPY … CSV | 0 | %s | %s | %s | %.1f | %s → %s |\n' "$SERVER" "$(per_line "$SERVER")" "$(per_line "$SERVER")" "$(echo "$(date +%s.%N) - $T0" | bc)" "$L0" "$(load)"
for pair in $(seq 1 "$PAIRS"); do
  for side in A B; do
    dir=$A; [ "$side" = B ] && dir=$B
    db="run_$(echo "$side" | tr AB ab)_$pair"
    "${PSQL[@]}" -c "CREATE DATABASE $db"
    connection="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$db"
    dotnet "$dir/facet.dll" db migrate --warehouse "$connection" >/dev/null
    "${PSQL[@]}" -c "SELECT pg_stat_statements_reset()" >/dev/null
    L0=$(load); BEFORE=$(pg_cpu)
    /usr/bin/time -f '%e %U %S' -o "$W/time" dotnet "$dir/facet.dll" import csv --dataset commerce "$FILE" --warehouse "$connection" --no-progress >"$W/out" 2>"$W/err" \
      || { cat "$W/err" >&2; exit 1; }
    SERVER=$(echo "$(pg_cpu) - $BEFORE" | bc)
    read -r WALL U S <"$W/time"
    FACET=$(echo "$U + $S" | bc)
    grep -q "\"inserted\":$LINES," "$W/out" || { echo "run $side$pair did not insert $LINES orders: $(cat "$W/out")" >&2; exit 1; }
    printf '| %s%s | %s | %s | %s | %s | %s | %s → %s |\n' "$side" "$pair" "$FACET" "$SERVER" "$(per_line "$FACET + $SERVER")" "$(per_line "$SERVER")" "$WALL" "$L0" "$(load)"
    "${PSQL[@]}" -At -F ' | ' -c "SELECT round(sum(total_exec_time)::numeric / 1000, 2), sum(calls), sum(rows), sum(shared_blks_hit), sum(shared_blks_dirtied), sum(shared_blks_written), sum(wal_records), round(sum(wal_bytes) / 1048576, 1), left(regexp_replace(query, '\s+', ' ', 'g'), 90) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$db') GROUP BY 9 ORDER BY 1 DESC LIMIT ${STATEMENTS:-8}" >"$W/statements_$side$pair"
    "${PSQL[@]}" -At -F ' | ' -c "SELECT round(sum(total_exec_time)::numeric / 1000, 2), sum(calls), sum(rows), sum(shared_blks_hit), sum(shared_blks_dirtied), sum(shared_blks_written), sum(wal_records), round(sum(wal_bytes) / 1048576, 1), '(all statements)' FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$db')" >>"$W/statements_$side$pair"
  done
done
echo; echo "statements per run (execution s | calls | rows | shared blocks hit | dirtied | written | WAL records | WAL MB | statement):"
for pair in $(seq 1 "$PAIRS"); do
  for side in A B; do
    echo; echo "$side$pair:"
    cat "$W/statements_$side$pair"
  done
done
