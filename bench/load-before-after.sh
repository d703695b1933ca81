#!/usr/bin/env bash
# facet load of the same 1M generated events, BEFORE and AFTER builds (set the two facet.dll paths below), into PostgreSQL and DuckDB,
# alternating; prints wall seconds, events/s and CPU seconds (user+sys) of facet per run.
set -euo pipefail
mkdir -p "${W:-/tmp/facet-loadbench}"
source "$(dirname "$0")/../build/throwaway-postgres.sh"
BEFORE=${BEFORE:?path of the baseline facet.dll}
AFTER=${AFTER:?path of the facet.dll to compare}
FILE=${W:-/tmp/facet-loadbench}/events-1m.ndjson
[ -s "$FILE" ] || dotnet "$AFTER" generate --count 1000000 --seed 1 --start 2026-11-15T00:00:00Z --out "$FILE" 2>/dev/null
trap pg_stop EXIT
pg_start loadbench >/dev/null 2>&1
n=0
run() { # label dll warehouse
  local label=$1 dll=$2 wh=$3
  n=$((n+1))
  if [[ $wh == duckdb* ]]; then rm -f ${W:-/tmp/facet-loadbench}/w$n.duckdb*; wh=duckdb:${W:-/tmp/facet-loadbench}/w$n.duckdb; dotnet "$dll" db migrate --warehouse "$wh" >/dev/null
  else psql "host=127.0.0.1 port=$PG_PORT user=postgres dbname=postgres" -qc "CREATE DATABASE b$n" >/dev/null; wh="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=b$n"; dotnet "$dll" db migrate --warehouse "$wh" >/dev/null; fi
  local out; out=$( { /usr/bin/time -f "%e %U %S %M" dotnet "$dll" load "$FILE" --warehouse "$wh" --no-progress --log-level Warning >${W:-/tmp/facet-loadbench}/out$n.json; } 2>&1 | tail -1)
  read -r wall user sys rss <<<"$out"; echo "    $(cat ${W:-/tmp/facet-loadbench}/out$n.json)"
  python3 - "$label" "$wall" "$user" "$sys" "$rss" <<'PY'
import sys
l,w,u,s,r=sys.argv[1],float(sys.argv[2]),float(sys.argv[3]),float(sys.argv[4]),int(sys.argv[5])
import json,glob
print(f"{l:28s} wall {w:6.1f} s  {1e6/w:8.0f} ev/s  facet CPU {u+s:6.1f} s = {(u+s):.1f} µs/event  peak RSS {r/1024:.0f} MiB")
PY
}
for round in 1; do
  run "before postgres (r$round)" "$BEFORE" postgres
  run "after  postgres (r$round)" "$AFTER" postgres
  run "before duckdb   (r$round)" "$BEFORE" duckdb
  run "after  duckdb   (r$round)" "$AFTER" duckdb
done
