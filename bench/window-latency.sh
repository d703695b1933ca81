#!/usr/bin/env bash
# End-to-end latency from an event to its updated window row (issue 19) through `facet run` at a steady rate: embedded
# Kafka (`facet kafka dev`, 6 partitions), `facet run --streams transactions` into a throwaway PostgreSQL with the
# built-in windows plus bench/window-latency-probe.json (one window row per order), and the window-latency harness
# (bench/Facet.Benchmarks/WindowLatencyHarness.cs): orders paced at RATE/s for SECONDS, event time = send time; each
# order's latency = the first 10 ms poll that sees its window row − its send time. Prints p50/p95/p99/max and the CPU
# per event of `facet run` and of the PostgreSQL backends.
#   bench/window-latency.sh [RATE] [SECONDS]    (default 200 orders/s for 60 s)
# Environment: FACET_DIR  a `facet` build (default: a ReadyToRun publish made here), BENCH_DIR  a Facet.Benchmarks
# build to use with it; FACET_RUN_ARGS  extra `facet run` flags; WINDOWS= (empty) for the probe alone, without the
# built-ins (the A/B of BENCHMARKS.md)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RATE=${1:-200}
SECONDS_=${2:-60}
W=$(mktemp -d /tmp/facet-wlat.XXXXXX)
PIDS=()
# shellcheck source=../build/throwaway-postgres.sh
. "$ROOT/build/throwaway-postgres.sh"
cleanup() {
  local code=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  pg_stop
  if [ "$code" -eq 0 ]; then rm -rf "$W"; else echo "logs kept in $W" >&2; fi
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
HARNESS=(dotnet "${BENCH_DIR:-$ROOT/bench/Facet.Benchmarks/bin/Release/net10.0}/Facet.Benchmarks.dll")
HZ=$(getconf CLK_TCK)
cpu_s() { awk -v hz="$HZ" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }

"${FACET[@]}" kafka dev --partitions 6 --topic transactions >"$W/kafka.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 300); do grep -q '^bootstrap.servers=' "$W/kafka.log" && break; sleep 0.1; done
BOOT=$(sed -n 's/^bootstrap.servers=//p' "$W/kafka.log")
[ -n "$BOOT" ] || { echo "facet kafka dev did not start: $(cat "$W/kafka.log")" >&2; exit 1; }
PG_EXTRA_OPTIONS="-c autovacuum=off" pg_start wlat 2>/dev/null
POSTMASTER=$(head -n 1 "$PG_DIR/data/postmaster.pid")
"${FACET[@]}" db migrate --warehouse "$PG_CONNECTION" >/dev/null
# shellcheck disable=SC2086
"${FACET[@]}" run --kafka "$BOOT" --streams transactions --group facet-wlat --warehouse "$PG_CONNECTION" \
  --windows "${WINDOWS-builtin,}$ROOT/bench/window-latency-probe.json" ${FACET_RUN_ARGS:-} >"$W/run.log" 2>&1 &
RUN_PID=$!; PIDS+=("$RUN_PID")
for _ in $(seq 600); do grep -q 'Assigned partitions' "$W/run.log" && break; kill -0 "$RUN_PID" || break; sleep 0.1; done
grep -q 'Assigned partitions' "$W/run.log" || { tail -n 20 "$W/run.log" >&2; exit 1; }
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
RUN_CPU_START=$(cpu_s "$RUN_PID")
# The client backends' CPU at the start, by pid (facet run's pooled connections; the harness's poller connects later
# and has ended before the end is read, so it is not counted).
declare -A PG_START=()
backends() { pgrep -P "$POSTMASTER" -f "postgres: postgres postgres" || true; }
for p in $(backends); do PG_START[$p]=$(cpu_s "$p"); done
"${HARNESS[@]}" window-latency --bootstrap "$BOOT" --topic transactions --warehouse "$PG_CONNECTION" --rate "$RATE" --duration "$SECONDS_" >"$W/latency.json" \
  || { echo "not every order reached its window row: $(cat "$W/latency.json")" >&2; exit 1; }
RUN_CPU=$(awk -v a="$(cpu_s "$RUN_PID")" -v b="$RUN_CPU_START" 'BEGIN {printf "%.2f", a - b}')
PG_CPU=$(for p in $(backends); do echo "$(cpu_s "$p") ${PG_START[$p]:-0}"; done | awk '{s += $1 - $2} END {printf "%.2f", s}')
EVENTS=$(( RATE * SECONDS_ ))
echo "windows=${WINDOWS-builtin,}probe rate=$RATE/s seconds=$SECONDS_ $(cat "$W/latency.json")"
echo "facet_run_cpu=${RUN_CPU}s ($(awk -v c="$RUN_CPU" -v n="$EVENTS" 'BEGIN {printf "%.0f", c * 1e6 / n}') us/event) postgres_backends_cpu=${PG_CPU}s ($(awk -v c="$PG_CPU" -v n="$EVENTS" 'BEGIN {printf "%.0f", c * 1e6 / n}') us/event)" \
  "load_before=$LOAD_BEFORE load_after=$(cut -d' ' -f1-3 /proc/loadavg)"
grep -o 'batches=[0-9]*' "$W/run.log" | tail -n 1 || true
kill -TERM "$RUN_PID"; wait "$RUN_PID" || true
