#!/usr/bin/env bash
# Issues 22 and 18: does a long DuckDB run hold more memory the longer it runs? Two builds (BEFORE, AFTER) alternate,
# each into a new DuckDB file with default settings (512 MB buffer pool, 1 thread), while a sampler reads the process's
# resident memory (/proc/PID/status VmRSS, RssAnon) and what DuckDB has spilled past its buffer pool (the size of the
# `<file>.tmp/` folder) every SAMPLE seconds. DuckDB's own accounting (duckdb_memory()) is only visible inside the
# process: tests/Facet.Storage.Tests (DuckDbWarehouseTests) checks the staging tables there. Per run it prints the peak
# (VmHWM), the resident memory and the spill at each tenth of the run (growth shows as a rising row), CPU µs per event
# and the load average.
#   load  `facet load` of COUNT generated events (`facet generate --count COUNT --seed 1 --start 2026-11-15T00:00:00Z`).
#   run   `facet run` for SECONDS through the embedded Kafka (`facet kafka dev`, 6 partitions) while `facet generate
#         --kafka` produces RATE events/s (days of events from a start 7 days back), then SIGTERM.
#   BEFORE, AFTER   paths of the two facet.dll to compare (the same path twice measures noise)
#   MODES           "load run" (default) or one of them
#   COUNT           events for load (default 2000000)
#   RATE, DURATION  run: produced events/s (default 8000) and seconds (default 240)
#   ROUNDS          before/after pairs per mode (default 1)
#   BUILDS          "before after" (default), or one of them to add a single run to an earlier one
#   SAMPLE          seconds between samples (default 2)
#   W               work directory (default /tmp/facet-duckdb-memory; the generated file is kept there and reused)
set -euo pipefail
W=${W:-/tmp/facet-duckdb-memory}
mkdir -p "$W"
BEFORE=${BEFORE:?path of the baseline facet.dll}
AFTER=${AFTER:?path of the facet.dll to compare}
MODES=${MODES:-load run}
COUNT=${COUNT:-2000000}
RATE=${RATE:-8000}
SECONDS_RUN=${DURATION:-240}
ROUNDS=${ROUNDS:-1}
BUILDS=${BUILDS:-before after}
SAMPLE=${SAMPLE:-2}
HZ=$(getconf CLK_TCK)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
FILE=$W/events-$COUNT.ndjson
if [[ " $MODES " == *" load "* ]] && [ ! -s "$FILE" ]; then
  dotnet "$AFTER" generate --count "$COUNT" --seed 1 --start 2026-11-15T00:00:00Z --out "$FILE" >/dev/null 2>&1
fi

# Samples PID's memory until it exits: "seconds VmRSS_KiB RssAnon_KiB spill_KiB" per line into $3 ($2: the DuckDB file).
sample() {
  local pid=$1 db=$2 out=$3 t0 spill; t0=$(date +%s.%N)
  : >"$out"
  while [ -r "/proc/$pid/status" ]; do
    spill=$(du -sk "$db.tmp" 2>/dev/null | cut -f1 || true)
    awk -v t="$(echo "$(date +%s.%N) - $t0" | bc -l)" -v s="${spill:-0}" '/^VmRSS/ {r = $2} /^RssAnon/ {a = $2} END {if (r) printf "%.1f %d %d %d\n", t, r, a, s}' \
      "/proc/$pid/status" >>"$out" 2>/dev/null || true
    sleep "$SAMPLE"
  done
}

# One line per run: label, mode, events, µs/event, peak, RSS at each tenth of the run (MiB), load average.
report() { # label mode events cpu_s peak_kib samples
  python3 - "$@" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY' | tee -a "$W/results.txt"
import sys
label, mode, events, cpu, peak, path, load = sys.argv[1:]
rows = [tuple(map(float, l.split())) for l in open(path) if l.strip()]
events, cpu, peak = int(events), float(cpu), int(peak)
at = [rows[min(len(rows) - 1, max(0, round(len(rows) * k / 10) - 1))] for k in range(1, 11)] if rows else []
spill = max((r[3] for r in rows), default=0)
print(f"{label}\t{mode}\t{events} ev\t{cpu * 1e6 / max(events, 1):6.1f} µs/ev\tpeak {peak / 1024:5.0f} MiB\t"
      f"RSS MiB by tenth: {' '.join(f'{r[1] / 1024:.0f}' for r in at)}\tspill MiB by tenth: {' '.join(f'{r[3] / 1024:.0f}' for r in at)} "
      f"(max {spill / 1024:.0f})\tload {load}")
PY
}

n=0
run_load() { # label dll
  local label=$1 dll=$2 pid peak
  n=$((n+1)); rm -rf "$W/w$n.duckdb"*
  /usr/bin/time -f '%U %S' -o "$W/time$n" dotnet "$dll" load "$FILE" --warehouse "duckdb:$W/w$n.duckdb" --no-progress \
    --log-level Warning >"$W/out$n.json" 2>"$W/err$n" &
  pid=$!; PIDS+=("$pid")
  # /usr/bin/time's child is the dotnet process.
  local child=""; for _ in $(seq 100); do child=$(pgrep -P "$pid" | head -n 1 || true); [ -n "$child" ] && break; sleep 0.05; done
  sample "$child" "$W/w$n.duckdb" "$W/samples$n" &
  local sampler=$!
  peak=0
  while kill -0 "$child" 2>/dev/null; do
    # A process that is exiting (a zombie) has no VmHWM line any more: keep the last value read.
    local hwm; hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$child/status" 2>/dev/null || true)
    [ -n "$hwm" ] && peak=$hwm
    sleep 1
  done
  wait "$pid" || { echo "facet load ($label) failed: $(tail -n 5 "$W/err$n")" >&2; exit 1; }
  wait "$sampler" || true
  read -r u s <"$W/time$n"
  report "$label" load "$COUNT" "$(echo "$u + $s" | bc -l)" "$peak" "$W/samples$n"
  rm -rf "$W/w$n.duckdb"*
}

run_stream() { # label dll
  local label=$1 dll=$2 kafka boot producer pid peak cpu0 cpu1 start
  n=$((n+1)); rm -rf "$W/w$n.duckdb"*
  dotnet "$dll" kafka dev --partitions 6 --topic membench >"$W/kafka$n.log" 2>&1 &
  kafka=$!; PIDS+=("$kafka")
  for _ in $(seq 300); do grep -q '^bootstrap.servers=' "$W/kafka$n.log" && break; sleep 0.1; done
  boot=$(sed -n 's/^bootstrap.servers=//p' "$W/kafka$n.log")
  [ -n "$boot" ] || { echo "facet kafka dev did not start: $(cat "$W/kafka$n.log")" >&2; exit 1; }
  dotnet "$dll" db migrate --warehouse "duckdb:$W/w$n.duckdb" >/dev/null
  dotnet "$dll" run --kafka "$boot" --topic membench --group membench --warehouse "duckdb:$W/w$n.duckdb" >"$W/run$n.log" 2>&1 &
  pid=$!; PIDS+=("$pid")
  for _ in $(seq 600); do grep -q 'Assigned partitions' "$W/run$n.log" && break; kill -0 "$pid" || break; sleep 0.1; done
  grep -q 'Assigned partitions' "$W/run$n.log" || { tail -n 20 "$W/run$n.log" >&2; exit 1; }
  start=$(date -u -d "$(date -u +%F) -7 days" +%FT%TZ)
  dotnet "$dll" generate --kafka "$boot" --topic membench --rate "$RATE" --duration "${SECONDS_RUN}s" --seed 1 --start "$start" \
    >"$W/generate$n.log" 2>&1 &
  producer=$!; PIDS+=("$producer")
  cpu0=$(awk -v hz="$HZ" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$pid/stat")
  sample "$pid" "$W/w$n.duckdb" "$W/samples$n" &
  local sampler=$!
  wait "$producer" || { echo "facet generate ($label) failed: $(tail -n 5 "$W/generate$n.log")" >&2; exit 1; }
  sleep 10 # let the consumer catch up on the last batches
  cpu1=$(awk -v hz="$HZ" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$pid/stat")
  peak=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || { echo "facet run ($label) exited with $?: $(tail -n 5 "$W/run$n.log")" >&2; exit 1; }
  kill -TERM "$kafka"; wait "$kafka" || true
  wait "$sampler" || true
  report "$label" run "$(grep -o 'Stopped: [0-9]*' "$W/run$n.log" | tail -n 1 | grep -o '[0-9]*' || echo $((RATE * SECONDS_RUN)))" "$(echo "$cpu1 - $cpu0" | bc -l)" "$peak" "$W/samples$n"
  echo "    $(grep -o 'Stopped: [0-9]* consumed, [0-9]* inserted' "$W/run$n.log" | tail -n 1)"
  rm -rf "$W/w$n.duckdb"*
}

: >"$W/results.txt"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); BEFORE=$BEFORE AFTER=$AFTER"
for mode in $MODES; do
  for round in $(seq "$ROUNDS"); do
    for build in $BUILDS; do
      dll=$BEFORE; [ "$build" = after ] && dll=$AFTER
      case "$mode" in
        load) run_load "$build r$round" "$dll" ;;
        run) run_stream "$build r$round" "$dll" ;;
        *) echo "bench/duckdb-memory.sh: MODES holds load and/or run, not '$mode'" >&2; exit 2 ;;
      esac
    done
  done
done
