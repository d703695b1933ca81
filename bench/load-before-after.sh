#!/usr/bin/env bash
# facet load of the same generated events, BEFORE and AFTER builds, into PostgreSQL and DuckDB, alternating
# (before, after, before, after, … per backend), each run into a new database/file. Prints per run: wall seconds,
# events/s, CPU seconds (user+sys) of facet and of the PostgreSQL server (its postmaster's reaped backends: each run's
# connections are closed when facet exits), as µs per event, and facet's peak RSS; then the median per build.
# Into PostgreSQL also facet's CPU over the server's: the server runs the same statements on the same data whichever
# build feeds it, so for a change to facet alone this ratio is the steadier comparison on a host whose speed drifts
# within minutes (BENCHMARKS.md, "fewer objects for every full collection to mark").
#   BEFORE, AFTER   paths of the two facet.dll to compare (the same path twice measures noise)
#   COUNT           events (default 1000000): the first COUNT lines of
#                   `facet generate --count 1000000 --seed 1 --start 2026-11-15T00:00:00Z`
#   ROUNDS          pairs per backend (default 2)
#   BACKENDS        "postgres duckdb" (default) or one of them
#   PG_STATEMENTS=N after each PostgreSQL run, its N statements with the most execution time (pg_stat_statements);
#                   after each DuckDB run, its N batch statements with the most wall time (facet's Debug log,
#                   DuckDbStatementTimes: the run logs at Debug then)
#   BEFORE_PG_OPTIONS, AFTER_PG_OPTIONS  PostgreSQL options for that build's connection string (e.g. "-c jit=on")
#   BEFORE_CREATEDB, AFTER_CREATEDB  options of that side's CREATE DATABASE, e.g. "TEMPLATE template0 LOCALE 'C'"
#                   (the cluster's default locale is C.UTF-8: build/throwaway-postgres.sh)
#   BEFORE_ARGS, AFTER_ARGS  extra `facet load` flags for that side, e.g. the same build with
#                   BEFORE_ARGS="--session-timeout 0s --funnel-progress deferred" measures what sessions and funnels cost
#   MD5=1           after each PostgreSQL run, bench/load-md5.sql of its database (the loaded data, table by table)
#   SLOW_MS=N       after each PostgreSQL run, how many statements ran longer than N ms and the longest, per statement
#                   (auto_explain's log): a plan that flips in a few batches shows here, not in a total
#   WARMUP=0        no unmeasured warm-up load into PostgreSQL before the measured runs (see below)
#   W               work directory (default /tmp/facet-loadbench)
set -euo pipefail
W=${W:-/tmp/facet-loadbench}
mkdir -p "$W"
source "$(dirname "$0")/../build/throwaway-postgres.sh"
BEFORE=${BEFORE:?path of the baseline facet.dll}
AFTER=${AFTER:?path of the facet.dll to compare}
COUNT=${COUNT:-1000000}
ROUNDS=${ROUNDS:-2}
BACKENDS=${BACKENDS:-postgres duckdb}
FILE=$W/events-$COUNT.ndjson
[ -s "$W/events-1000000.ndjson" ] || dotnet "$AFTER" generate --count 1000000 --seed 1 --start 2026-11-15T00:00:00Z --out "$W/events-1000000.ndjson" >/dev/null 2>&1
[ -s "$FILE" ] || head -n "$COUNT" "$W/events-1000000.ndjson" >"$FILE"
HZ=$(getconf CLK_TCK)
trap pg_stop EXIT
PRELOAD=
if [ -n "${PG_STATEMENTS:-}" ]; then
  PRELOAD=pg_stat_statements
  PG_EXTRA_OPTIONS="${PG_EXTRA_OPTIONS:-} -c pg_stat_statements.track=all"
fi
if [ -n "${SLOW_MS:-}" ]; then
  PRELOAD=${PRELOAD:+$PRELOAD,}auto_explain
  PG_EXTRA_OPTIONS="${PG_EXTRA_OPTIONS:-} -c auto_explain.log_min_duration=$SLOW_MS -c auto_explain.log_nested_statements=on"
fi
[ -n "$PRELOAD" ] && PG_EXTRA_OPTIONS="$PG_EXTRA_OPTIONS -c shared_preload_libraries=$PRELOAD"
pg_start loadbench >/dev/null 2>&1
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAt)
# CPU seconds of the PostgreSQL server: the postmaster and every backend it has reaped (connections closed).
pg_cpu() { awk -v hz="$HZ" '{printf "%.2f", ($14 + $15 + $16 + $17) / hz}' "/proc/$(head -n 1 "$PG_DIR/data/postmaster.pid")/stat"; }
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $COUNT events from $FILE"
n=0
run() { # label dll backend [PostgreSQL options] [facet load flags] [CREATE DATABASE options]
  local label=$1 dll=$2 backend=$3 options=${4:-} args=${5:-} createdb=${6:-} wh
  n=$((n+1))
  if [ "$backend" = duckdb ]; then
    rm -f "$W"/w$n.duckdb*; wh=duckdb:$W/w$n.duckdb
  else
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE b$n $createdb"
    [ -n "${PG_STATEMENTS:-}" ] && "${PSQL[@]}" -d "b$n" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
    wh="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=b$n${options:+;Options=$options}"
  fi
  dotnet "$dll" db migrate --warehouse "$wh" >/dev/null
  [ -n "${PG_STATEMENTS:-}" ] && [ "$backend" = postgres ] && "${PSQL[@]}" -d "b$n" -c "SELECT pg_stat_statements_reset()" >/dev/null
  sleep 1
  [ -n "${SLOW_MS:-}" ] && : >"$PG_DIR/server.log"
  local pg0 pg1 out level=Warning; pg0=$(pg_cpu)
  [ -n "${PG_STATEMENTS:-}" ] && [ "$backend" = duckdb ] && level=Debug
  /usr/bin/time -o "$W/time$n.txt" -f "%e %U %S %M" dotnet "$dll" load "$FILE" --warehouse "$wh" --no-progress --log-level $level $args >"$W/out$n.json" 2>"$W/log$n.txt" \
    || { echo "run $n failed:"; tail -5 "$W/log$n.txt"; exit 1; }
  out=$(tail -1 "$W/time$n.txt")
  sleep 1; pg1=$(pg_cpu)
  [ "$backend" = duckdb ] && pg1=$pg0
  read -r wall user sys rss <<<"$out"
  python3 - "$label" "$backend" "$COUNT" "$wall" "$user" "$sys" "$rss" "$pg0" "$pg1" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY' | tee -a "$W/results.txt"
import sys
l, b, c, w, u, s, r, p0, p1, la = sys.argv[1:]
c, w, u, s, r, pg = int(c), float(w), float(u), float(s), int(r), float(p1) - float(p0)
ratio = f"\tfacet/postgres {(u + s) / pg:5.3f}" if b == "postgres" and pg > 0 else ""
print(f"{l}\t{b}\twall {w:6.1f} s\t{c / w:8.0f} ev/s\tfacet {(u + s) * 1e6 / c:6.1f} µs/ev\tpostgres {pg * 1e6 / c:6.1f} µs/ev\tRSS {r / 1024:5.0f} MiB\tload {la}{ratio}")
PY
  if [ -n "${PG_STATEMENTS:-}" ] && [ "$backend" = duckdb ]; then
    grep -o "DuckDB statement: .*" "$W/log$n.txt" | head -n "$PG_STATEMENTS" | cut -c1-140 | sed 's/^/    /' || true
  fi
  if [ -n "${PG_STATEMENTS:-}" ] && [ "$backend" = postgres ]; then
    "${PSQL[@]}" -d "b$n" -F ' | ' -c "SELECT round(sum(total_exec_time)::numeric / 1000, 2), sum(calls), sum(rows), left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS q FROM pg_stat_statements GROUP BY q ORDER BY 1 DESC LIMIT $PG_STATEMENTS"
  fi
  if [ "$backend" = postgres ]; then
    # the same input must give the same sessions in every build
    echo "    fact_sessions: $("${PSQL[@]}" -d "b$n" -c "SELECT count(*) || ' sessions, ' || sum(events) || ' events, ' || sum(orders) || ' orders, ' || count(*) FILTER (WHERE bounce) || ' bounces, ' || round(sum(duration_seconds)) || ' s' FROM fact_sessions")"
    if [ -n "${SLOW_MS:-}" ]; then
      python3 - "$PG_DIR/server.log" "$SLOW_MS" <<'PY'
import re, sys
slow, text = {}, open(sys.argv[1], errors="replace").read()
for ms, query in re.findall(r"duration: ([\d.]+) ms\s+plan:\s*\n\s*Query Text: ([^\n]*)", text):
    n, top = slow.get(query[:100], (0, 0.0))
    slow[query[:100]] = (n + 1, max(top, float(ms)))
print(f"    statements over {sys.argv[2]} ms: {sum(n for n, _ in slow.values())}")
for q, (n, top) in sorted(slow.items(), key=lambda kv: -kv[1][1]):
    print(f"    {n:4d} x, longest {top:8.1f} ms  {q}")
PY
    fi
    [ -n "${MD5:-}" ] && "${PSQL[@]}" -d "b$n" -F ' ' -f "$(dirname "$0")/load-md5.sql" | sed 's/^/    md5 /'
    "${PSQL[@]}" -d postgres -c "DROP DATABASE b$n"
  fi
  rm -f "$W"/w$n.duckdb*
}
# An unmeasured load into PostgreSQL first (WARMUP=0 skips it): a new cluster creates and zero-fills each WAL segment
# the first time it needs one (XLogFileInit: 12 % of PostgreSQL's samples in a 1M-event load, ~1.5 GB of WAL), while
# a cluster that has run a while recycles them; without it the first measured run pays that alone.
if [ "${WARMUP:-1}" != 0 ] && [[ " $BACKENDS " == *" postgres "* ]]; then
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE warmup"
  wh="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=warmup"
  dotnet "$AFTER" db migrate --warehouse "$wh" >/dev/null
  dotnet "$AFTER" load "$FILE" --warehouse "$wh" --no-progress --log-level Warning >/dev/null 2>"$W/warmup.txt" \
    || { echo "warm-up load failed:"; tail -5 "$W/warmup.txt"; exit 1; }
  "${PSQL[@]}" -d postgres -c "DROP DATABASE warmup"
  echo "warm-up load done (unmeasured)"
fi
: >"$W/results.txt"
for backend in $BACKENDS; do
  for round in $(seq "$ROUNDS"); do
    run "before r$round" "$BEFORE" "$backend" "${BEFORE_PG_OPTIONS:-}" "${BEFORE_ARGS:-}" "${BEFORE_CREATEDB:-}"
    run "after  r$round" "$AFTER" "$backend" "${AFTER_PG_OPTIONS:-}" "${AFTER_ARGS:-}" "${AFTER_CREATEDB:-}"
  done
done
echo "medians (facet µs/ev, postgres µs/ev, ev/s):"
python3 - "$W/results.txt" <<'PY'
import sys, re, statistics
rows = {}
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    key = (f[0].split()[0], f[1])
    num = lambda s: float(re.search(r"[\d.]+", s).group())
    rows.setdefault(key, []).append((num(f[4]), num(f[5]), num(f[3]), num(f[8]) if len(f) > 8 else None))
for (build, backend), v in sorted(rows.items(), key=lambda kv: (kv[0][1], kv[0][0] != "before")):
    ratios = [x[3] for x in v if x[3] is not None]
    ratio = f"  facet/postgres {statistics.median(ratios):5.3f}" if ratios else ""
    print(f"{build:6s} {backend:8s} facet {statistics.median(x[0] for x in v):6.1f}  postgres {statistics.median(x[1] for x in v):6.1f}  ev/s {statistics.median(x[2] for x in v):8.0f}{ratio}  (n={len(v)})")
PY
