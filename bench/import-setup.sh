# Sourced by the import benchmarks (import-before-after.sh, import-rows-equal.sh), from the repository root:
#   import_setup NAME LINES   — a work folder $W (removed on exit with the cluster), bench/import-csv.sh's file of LINES
#                               lines as $FILE, and a throwaway PostgreSQL cluster (PG_EXTRA_OPTIONS as pg_start takes
#                               them) with $PSQL, the psql command line for it.
# shellcheck source=../build/throwaway-postgres.sh
. "$PWD/build/throwaway-postgres.sh"

import_setup() {
  W=$(mktemp -d "/tmp/facet-$1.XXXXXX")
  chmod 755 "$W"
  trap 'pg_stop; rm -rf "$W"' EXIT
  FILE=$W/transactions.csv
  IMPORT_CSV_FILE_ONLY=$FILE bench/import-csv.sh "$2"
  pg_start "$1" 2>/dev/null
  PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q -X)
}
