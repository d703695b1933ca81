#!/usr/bin/env bash
# The cost of the built-in event-time windows (issue 19) on `facet load` into PostgreSQL: one generated commerce
# data set, loaded stream by stream into a fresh database per run, with `--windows none` and `--windows builtin`
# alternating (A B, then B A, …). Per stream and run: events/s (wall), and CPU per event of `facet load`
# (/usr/bin/time user + system) and of the PostgreSQL backends (the postmaster's reaped-children CPU: the load's
# connections end with it; autovacuum is off so nothing else is reaped). Medians per stream and mode at the end.
#   bench/windows-cost.sh [ROUNDS] [COUNT]     (default 4 runs of each mode over 200000 generated messages)
# Environment: FACET_DIR  a `facet` build to measure (default: a ReadyToRun publish made here, like bench/e2e.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ROUNDS=${1:-4}
COUNT=${2:-200000}
STREAMS=(customers products transactions product_views click_stream)
W=$(mktemp -d /tmp/facet-wcost.XXXXXX)
# shellcheck source=../build/throwaway-postgres.sh
. "$ROOT/build/throwaway-postgres.sh"
cleanup() {
  local code=$?
  pg_stop
  if [ "$code" -eq 0 ]; then rm -rf "$W"; else echo "logs kept in $W" >&2; fi
}
trap cleanup EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ -z "${FACET_DIR:-}" ]; then
  FACET_DIR=$W/facet-r2r
  dotnet publish src/Facet.Cli -c Release -r linux-x64 -p:PublishReadyToRun=true --self-contained false -o "$FACET_DIR" \
    -nologo >"$W/publish.log" 2>&1 || { tail -n 30 "$W/publish.log" >&2; exit 1; }
fi
FACET=(dotnet "$FACET_DIR/facet.dll")
"${FACET[@]}" generate --dataset commerce --out "$W/data" --count "$COUNT" --seed 7 --start 2026-11-20T00:00:00Z 2>"$W/generate.log"
PG_EXTRA_OPTIONS="-c autovacuum=off" pg_start wcost 2>/dev/null
POSTMASTER=$(head -n 1 "$PG_DIR/data/postmaster.pid")
HZ=$(getconf CLK_TCK)
reaped_cpu() { awk -v hz="$HZ" '{printf "%.3f", ($16 + $17) / hz}' "/proc/$POSTMASTER/stat"; }
echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg) count=$COUNT rounds=$ROUNDS"
printf '%s\n' "run mode stream lines wall_s events_per_s facet_cpu_s pg_cpu_s facet_us_per_event pg_us_per_event" >"$W/rows.txt"
run=0
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then MODES=(none builtin); else MODES=(builtin none); fi
  for mode in "${MODES[@]}"; do
    run=$((run + 1))
    db="wcost_${run}_${mode}"
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE $db" >/dev/null
    warehouse="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$db"
    "${FACET[@]}" db migrate --warehouse "$warehouse" >/dev/null
    for stream in "${STREAMS[@]}"; do
      file="$W/data/$stream.ndjson"
      lines=$(wc -l <"$file")
      sleep 1
      before=$(reaped_cpu)
      /usr/bin/time -f '%e %U %S' -o "$W/time.txt" "${FACET[@]}" load --stream "$stream" --warehouse "$warehouse" --windows "$mode" --no-progress "$file" >"$W/load.log" 2>&1 \
        || { cat "$W/load.log" >&2; exit 1; }
      # The backends exit with the load's connections; give the postmaster a moment to reap them.
      sleep 1
      after=$(reaped_cpu)
      read -r wall user sys <"$W/time.txt"
      awk -v r="$run" -v m="$mode" -v s="$stream" -v n="$lines" -v w="$wall" -v u="$user" -v y="$sys" -v b="$before" -v a="$after" \
        'BEGIN { f = u + y; p = a - b; printf "%d %s %s %d %.2f %.0f %.2f %.2f %.1f %.1f\n", r, m, s, n, w, n / w, f, p, f * 1e6 / n, p * 1e6 / n }' | tee -a "$W/rows.txt"
    done
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "DROP DATABASE $db" >/dev/null
  done
done
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)"
echo "medians (stream mode events/s facet_us/event pg_us/event):"
/usr/bin/python3 - "$W/rows.txt" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1]).read().splitlines()[1:]]
for stream in dict.fromkeys(r[2] for r in rows):
    cells = {}
    for mode in ("none", "builtin"):
        sel = [r for r in rows if r[2] == stream and r[1] == mode]
        cells[mode] = tuple(statistics.median(float(r[i]) for r in sel) for i in (5, 8, 9))
    n, b = cells["none"], cells["builtin"]
    print(f"{stream} lines={rows[[r[2] for r in rows].index(stream)][3]} none: {n[0]:.0f}/s facet {n[1]:.1f} us pg {n[2]:.1f} us | builtin: {b[0]:.0f}/s facet {b[1]:.1f} us pg {b[2]:.1f} us | throughput ratio {b[0] / n[0]:.2f}, cpu/event ratio {(b[1] + b[2]) / (n[1] + n[2]):.2f}")
PY
