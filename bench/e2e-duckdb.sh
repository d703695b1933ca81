#!/usr/bin/env bash
# The DuckDB end-to-end measurement of bench/run.sh (item 2) alone, for profiling the DuckDB loader (issue 11):
# N generated events (1 % duplicates, 0.1 % malformed) produced closed-loop into embedded Kafka (6 partitions) while
# `facet run` loads them into a fresh DuckDB file; prints msg/s, freshness and the peak RSS of `facet run` (the
# producer checks that every message's offset was committed).
#   bench/e2e-duckdb.sh [EVENTS]    (default 200000; bench/run.sh uses 2000000)
# Extra `facet run` flags can be passed in FACET_RUN_ARGS. Needs a prior `dotnet build src/Facet.Cli bench/Facet.Benchmarks -c Release`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
EVENTS=${1:-200000}
MAX_LAG=27000
W=$(mktemp -d /tmp/facet-e2e-duckdb.XXXXXX)
PIDS=()
cleanup() {
  local code=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$code" -eq 0 ]; then rm -rf "$W"; else echo "logs kept in $W" >&2; fi
}
trap cleanup EXIT
FACET=(dotnet "$ROOT/src/Facet.Cli/bin/Release/net10.0/facet.dll")
HARNESS=(dotnet "$ROOT/bench/Facet.Benchmarks/bin/Release/net10.0/Facet.Benchmarks.dll")
json() { /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, d))' "$@"; }

"${FACET[@]}" kafka dev --partitions 6 --topic e2e-duckdb >"$W/kafka.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 300); do grep -q '^bootstrap.servers=' "$W/kafka.log" && break; sleep 0.1; done
BOOT=$(sed -n 's/^bootstrap.servers=//p' "$W/kafka.log")
[ -n "$BOOT" ] || { echo "facet kafka dev did not start: $(cat "$W/kafka.log")" >&2; exit 1; }
START=$(date -u -d "$(date -u +%F) -7 days" +%FT%TZ)
"${FACET[@]}" generate --out "$W/events.ndjson" --count "$EVENTS" --seed 1 --start "$START" --duplicates 0.01 --malformed 0.001 \
  2>"$W/generate.log"

DUCK="duckdb:$W/e2e.duckdb"
"${FACET[@]}" db migrate --warehouse "$DUCK" >/dev/null
# shellcheck disable=SC2086
"${FACET[@]}" run --kafka "$BOOT" --topic e2e-duckdb --group facet-duckdb --warehouse "$DUCK" ${FACET_RUN_ARGS:-} >"$W/run.log" 2>&1 &
RUN_PID=$!; PIDS+=("$RUN_PID")
for _ in $(seq 600); do grep -q 'Assigned partitions' "$W/run.log" && break; kill -0 "$RUN_PID" || break; sleep 0.1; done
grep -q 'Assigned partitions' "$W/run.log" || { tail -n 20 "$W/run.log" >&2; exit 1; }
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
"${HARNESS[@]}" e2e-produce --bootstrap "$BOOT" --topic e2e-duckdb --group facet-duckdb --file "$W/events.ndjson" \
  --count "$EVENTS" --max-lag "$MAX_LAG" >"$W/e2e.json"
RSS=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$RUN_PID/status")
kill -TERM "$RUN_PID"; wait "$RUN_PID" || { echo "facet run exited with $?" >&2; tail -n 20 "$W/run.log" >&2; exit 1; }
[ "$(json "$W/e2e.json" complete)" = True ] || { echo "not everything was committed: $(cat "$W/e2e.json")" >&2; exit 1; }
echo "events=$EVENTS rate=$(json "$W/e2e.json" per_second) msg/s freshness_p50/p99=$(json "$W/e2e.json" freshness_p50_ms)/$(json "$W/e2e.json" freshness_p99_ms) ms peak_rss=${RSS} MiB load_before=$LOAD_BEFORE load_after=$(cut -d' ' -f1-3 /proc/loadavg)"
