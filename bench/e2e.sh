#!/usr/bin/env bash
# One end-to-end measurement of bench/run.sh (item 1 or 2) alone, for profiling `facet run` (issue 11): N generated
# events (1 % duplicates, 0.1 % malformed) produced closed-loop into embedded Kafka (6 partitions) while `facet run`
# loads them into a fresh PostgreSQL database (a throwaway cluster) or DuckDB file. Prints msg/s, freshness, the peak
# RSS and CPU seconds of `facet run` (and of the PostgreSQL backends); the producer checks that every message's offset
# was committed.
#   bench/e2e.sh postgres|duckdb [EVENTS]     (default 200000; bench/run.sh uses 2000000)
# Environment:
#   FACET_RUN_ARGS   extra `facet run` flags, e.g. "--max-batch 5000"
#   FACET_RUN_ENV    extra environment of `facet run` only, e.g. "DOTNET_GCgen0size=0x2000000"
#   FACET_DIR        a `facet` build to measure (default: a ReadyToRun publish made here, like bench/run.sh)
#   RATE=N           pace the producer at N events/s after a warm-up of EVENTS/10 (bench/run.sh item 4), not saturated
#   PG_SETUP_SQL     SQL run after the migration (PostgreSQL only), for schema experiments
#   PG_STATEMENTS=N  the N statements with the most execution time (pg_stat_statements), into PostgreSQL only
#   KEEP=1           keep the log directory (run.log has the status lines) even when the run succeeds
#   PERF=SECONDS     `perf record -g` of `facet run` for that many seconds, from 1/4 of the run (JIT frames resolved);
#                    the report (top symbols, self) is printed and perf.data kept in the log directory
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
KIND=${1:?usage: bench/e2e.sh postgres|duckdb [EVENTS]}
EVENTS=${2:-200000}
case "$KIND" in postgres|duckdb) ;; *) echo "bench/e2e.sh: the warehouse is postgres or duckdb, not '$KIND'" >&2; exit 2 ;; esac
MAX_LAG=${MAX_LAG:-80000}
W=$(mktemp -d /tmp/facet-e2e.XXXXXX)
PIDS=()
WATCH=()
KEEP=${KEEP:-${PERF:+1}}
# shellcheck source=../build/throwaway-postgres.sh
. "$ROOT/build/throwaway-postgres.sh"
cleanup() {
  local code=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  pg_stop
  if [ "$code" -eq 0 ] && [ -z "$KEEP" ]; then rm -rf "$W"; else echo "logs kept in $W" >&2; fi
}
trap cleanup EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ -z "${FACET_DIR:-}" ]; then
  FACET_DIR=$W/facet-r2r
  dotnet publish src/Facet.Cli -c Release -r linux-x64 -p:PublishReadyToRun=true --self-contained false -o "$FACET_DIR" \
    -nologo >"$W/publish.log" 2>&1 || { tail -n 30 "$W/publish.log" >&2; exit 1; }
  dotnet build bench/Facet.Benchmarks -c Release -nologo >"$W/build.log" 2>&1 || { tail -n 30 "$W/build.log" >&2; exit 1; }
fi
FACET=(dotnet "$FACET_DIR/facet.dll")
HARNESS=(dotnet "$ROOT/bench/Facet.Benchmarks/bin/Release/net10.0/Facet.Benchmarks.dll")
json() { /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, d))' "$@"; }
# CPU seconds (user + system) of a process, from /proc/PID/stat.
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$1/stat"; }

"${FACET[@]}" kafka dev --partitions 6 --topic e2e >"$W/kafka.log" 2>&1 &
KAFKA_PID=$!; PIDS+=("$KAFKA_PID")
for _ in $(seq 300); do grep -q '^bootstrap.servers=' "$W/kafka.log" && break; sleep 0.1; done
BOOT=$(sed -n 's/^bootstrap.servers=//p' "$W/kafka.log")
[ -n "$BOOT" ] || { echo "facet kafka dev did not start: $(cat "$W/kafka.log")" >&2; exit 1; }
START=$(date -u -d "$(date -u +%F) -7 days" +%FT%TZ)
"${FACET[@]}" generate --out "$W/events.ndjson" --count "$EVENTS" --seed 1 --start "$START" --duplicates 0.01 --malformed 0.001 \
  2>"$W/generate.log"

if [ "$KIND" = postgres ]; then
  [ -n "${PG_STATEMENTS:-}" ] && PG_EXTRA_OPTIONS="${PG_EXTRA_OPTIONS:-} -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
  pg_start e2e 2>/dev/null
  [ -n "${PG_STATEMENTS:-}" ] && "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE EXTENSION pg_stat_statements" >/dev/null
  WAREHOUSE=$PG_CONNECTION
  # The harness reads the warehouse's checkpoints as a role of its own, so its backend is not counted as the warehouse's CPU.
  WATCH=(--warehouse-postgres "${PG_CONNECTION/Username=postgres/Username=facet_watch}")
else
  WAREHOUSE="duckdb:$W/e2e.duckdb"
fi
"${FACET[@]}" db migrate --warehouse "$WAREHOUSE" >/dev/null
[ "$KIND" = postgres ] && "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qc \
  "CREATE ROLE facet_watch LOGIN; GRANT SELECT ON stream_checkpoints TO facet_watch" >/dev/null
if [ -n "${PG_SETUP_SQL:-}" ] && [ "$KIND" = postgres ]; then
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qc "$PG_SETUP_SQL" >/dev/null
fi
[ -n "${PERF:-}" ] && export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
# shellcheck disable=SC2086
env ${FACET_RUN_ENV:-} "${FACET[@]}" run --kafka "$BOOT" --topic e2e --group facet-e2e --warehouse "$WAREHOUSE" ${FACET_RUN_ARGS:-} >"$W/run.log" 2>&1 &
RUN_PID=$!; PIDS+=("$RUN_PID")
unset DOTNET_PerfMapEnabled DOTNET_EnableWriteXorExecute
for _ in $(seq 600); do grep -q 'Assigned partitions' "$W/run.log" && break; kill -0 "$RUN_PID" || break; sleep 0.1; done
grep -q 'Assigned partitions' "$W/run.log" || { tail -n 20 "$W/run.log" >&2; exit 1; }
CPU_START=$(cpu_s "$RUN_PID"); KAFKA_CPU_START=$(cpu_s "$KAFKA_PID")
# Peak anonymous (heap) and file-backed (the memory-mapped IP databases) resident memory, sampled every 0.5 s.
( while kill -0 "$RUN_PID" 2>/dev/null; do awk '/RssAnon|RssFile/ {print $1, $2}' "/proc/$RUN_PID/status" 2>/dev/null; sleep 0.5; done \
  | awk '{m[$1] = ($2 > m[$1] ? $2 : m[$1])} END {printf "peak_rss_anon=%.0f MiB peak_rss_file=%.0f MiB", m["RssAnon:"] / 1024, m["RssFile:"] / 1024}' >"$W/rss.txt" ) &
RSS_SAMPLER=$!
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if [ -n "${PERF:-}" ]; then
  ( sleep "$(( EVENTS / 60000 + 2 ))"; perf record -F 499 -g -p "$RUN_PID" -o "$W/perf.data" -- sleep "$PERF" >/dev/null 2>&1 ) &
  PERF_PID=$!
fi
PRODUCE=(e2e-produce --bootstrap "$BOOT" --topic e2e --group facet-e2e --file "$W/events.ndjson" --max-lag "$MAX_LAG" "${WATCH[@]}")
if [ -n "${RATE:-}" ]; then
  "${HARNESS[@]}" "${PRODUCE[@]}" --count $((EVENTS / 10)) >"$W/warmup.json"
  /usr/bin/time -f '%U %S' -o "$W/producer.time" "${HARNESS[@]}" "${PRODUCE[@]}" --skip $((EVENTS / 10)) --rate "$RATE" --duration $(( (EVENTS - EVENTS / 10) / RATE )) >"$W/e2e.json"
else
  /usr/bin/time -f '%U %S' -o "$W/producer.time" "${HARNESS[@]}" "${PRODUCE[@]}" --count "$EVENTS" >"$W/e2e.json"
fi
RSS=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$RUN_PID/status")
CPU_END=$(cpu_s "$RUN_PID")
OTHER_CPU=$(awk -v k="$(cpu_s "$KAFKA_PID")" -v k0="$KAFKA_CPU_START" '{printf "producer_cpu=%.1fs broker_cpu=%.1fs", $1 + $2, k - k0}' "$W/producer.time")
PG_CPU=
if [ "$KIND" = postgres ]; then
  PG_CPU=$(for p in $(pgrep -f "postgres: postgres postgres 127.0.0.1" || true); do cpu_s "$p"; echo; done | awk '{s += $1} END {printf " postgres_backends_cpu=%.1fs", s}')
fi
if [ -n "${PG_STATEMENTS:-}" ] && [ "$KIND" = postgres ]; then
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAt -F ' | ' -c "SELECT round(sum(total_exec_time)::numeric / 1000, 2), sum(calls), sum(rows), left(regexp_replace(query, '\s+', ' ', 'g'), 90) AS q FROM pg_stat_statements GROUP BY q ORDER BY 1 DESC LIMIT $PG_STATEMENTS" >"$W/statements.txt"
fi
kill -TERM "$RUN_PID"; wait "$RUN_PID" || { echo "facet run exited with $?" >&2; tail -n 20 "$W/run.log" >&2; exit 1; }
wait "$RSS_SAMPLER" || true
[ "$(json "$W/e2e.json" complete)" = True ] || { echo "not everything was committed: $(cat "$W/e2e.json")" >&2; exit 1; }
echo "$KIND events=$EVENTS${RATE:+ rate=$RATE/s} throughput=$(json "$W/e2e.json" per_second) msg/s" \
  "freshness_p50/p99=$(json "$W/e2e.json" freshness_p50_ms)/$(json "$W/e2e.json" freshness_p99_ms) ms${WATCH:+ in_warehouse_p50/p99=$(json "$W/e2e.json" warehouse_freshness_p50_ms)/$(json "$W/e2e.json" warehouse_freshness_p99_ms) ms}" \
  "peak_rss=${RSS} MiB ($(cat "$W/rss.txt"))" \
  "facet_run_cpu_total/during=${CPU_END}/$(awk -v a="$CPU_END" -v b="$CPU_START" 'BEGIN {printf "%.1f", a - b}')s$PG_CPU $OTHER_CPU" \
  "load_before=$LOAD_BEFORE load_after=$(cut -d' ' -f1-3 /proc/loadavg)"
grep -o '"process_s":[0-9.]*,"write_wait_s":[0-9.]*' "$W/run.log" | tail -n 1 || true
[ -f "$W/statements.txt" ] && { echo "top statements (seconds | calls | rows | query):"; cat "$W/statements.txt"; }
if [ -n "${PERF:-}" ]; then
  wait "$PERF_PID" || true
  perf report -i "$W/perf.data" --no-children --sort symbol --stdio 2>/dev/null | grep -v '^#' | grep '%' | head -n 60
fi
