#!/usr/bin/env bash
# The report cache under many viewers (issue 20): 200 browsers on /api/live of one `facet dashboard` process over a
# PostgreSQL warehouse that a writer commits to every second, with --cache off, in memory (the default) and with Redis.
# Starts a throwaway PostgreSQL and Redis on loopback (removed on exit), builds Release, prints one Markdown table.
# Usage: bench/cache.sh [viewers=200] [seconds=30]; each mode stops by itself after its seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[cache.sh] %s\n' "$*" >&2; }
viewers=${1:-200}
seconds=${2:-30}

# shellcheck source=build/throwaway-postgres.sh
source build/throwaway-postgres.sh
# shellcheck source=build/throwaway-redis.sh
source build/throwaway-redis.sh
# shellcheck source=build/system-packages.sh
source build/system-packages.sh
missing=()
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
[ -n "$(redis_bin)" ] || missing+=(redis-server)
install_missing_packages ${missing[@]+"${missing[@]}"}
require_node

cleanup() {
  local code=$?
  trap - EXIT INT TERM
  redis_stop
  pg_stop
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
pg_start cache.sh
redis_start cache.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build bench/Facet.Benchmarks -c Release -nologo -v q >/dev/null
dotnet build src/Facet.Cli -c Release -nologo -v q >/dev/null
bench=bench/Facet.Benchmarks/bin/Release/net10.0/Facet.Benchmarks.dll
facet=src/Facet.Cli/bin/Release/net10.0/facet.dll

echo "| --cache | viewers | snapshots pushed/s | warehouse report, KPI and pipeline computations/s | data-version reads/s | SQL statements/s (pg_stat_database) | API p50 ms | API p95 ms | API calls | dashboard CPU |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for mode in off memory "redis://$REDIS_ADDRESS"; do
  FACET_BENCH_POSTGRES="$PG_CONNECTION" dotnet "$bench" cache-viewers "$mode" "$viewers" "$seconds" "$facet" | sed "s|redis://$REDIS_ADDRESS|redis|"
done
