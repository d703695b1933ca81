#!/usr/bin/env bash
# Runs every Facet test against real components: a throwaway PostgreSQL 15 cluster and a throwaway Redis (both started
# here, removed on exit), the embedded Kafka mock cluster (inside the tests) and Debian's Chromium (browser tests).
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Parser]
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '[test.sh] %s\n' "$*" >&2; }

# --- system packages (installed only when absent) ---------------------------------------------------------------
# shellcheck source=build/throwaway-postgres.sh
source build/throwaway-postgres.sh
# shellcheck source=build/throwaway-redis.sh
source build/throwaway-redis.sh
# shellcheck source=build/system-packages.sh
source build/system-packages.sh
missing=()
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Debian's Apache Avro for Python: an independent decoder in the Avro tests (issue 17).
/usr/bin/python3 -c 'import avro.io' 2>/dev/null || missing+=(python3-avro)
# Debian's Prometheus client for Python: an independent parser of the metrics scrapes (issue 23).
/usr/bin/python3 -c 'import prometheus_client.parser' 2>/dev/null || missing+=(python3-prometheus-client)
# Debian's BSON for Python (json_util needs pymongo): parses the MongoDB Extended JSON export in the window tests (issue 19).
/usr/bin/python3 -c 'import bson.json_util' 2>/dev/null || missing+=(python3-bson python3-pymongo)
[ -n "$(redis_bin)" ] || missing+=(redis-server)
install_missing_packages ${missing[@]+"${missing[@]}"}
require_node

# --- throwaway PostgreSQL cluster and Redis ----------------------------------------------------------------------
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

pg_start test.sh
export FACET_TEST_POSTGRES="$PG_CONNECTION"
export FACET_TEST_PG_BIN="$PG_BIN"
export FACET_TEST_PG_DATA="$PG_DIR/data"
redis_start test.sh
export FACET_TEST_REDIS="$REDIS_ADDRESS"

# --- tests -------------------------------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Build everything first (benchmarks included): a warning is an error, and a broken build fails the run.
if ! dotnet build Facet.slnx -c Release -nologo >"$PG_DIR/build.log" 2>&1; then
  grep -E ': (error|warning) ' "$PG_DIR/build.log" | sort -u >&2 || tail -n 30 "$PG_DIR/build.log" >&2
  log "build failed"
  exit 1
fi
mkdir -p TestResults
out="$PWD/TestResults/dotnet-test.log"
set +e
dotnet test Facet.slnx -c Release --no-build "$@" 2>&1 | tee "$out" | grep -E --line-buffered '^\s*(Failed|Passed!|Failed!|Skipped) |error|^\s+(Error Message|Stack Trace)|Test Run|Total tests|A total of|^\s{2,}at |Assert\.|^\s+(Expected|Actual|↑|↓)' 
status=${PIPESTATUS[0]}
set -e

# One plain closing line; on failure the whole message of each failed test, and exit 1.
build/test-summary.sh "$out" "$status"
