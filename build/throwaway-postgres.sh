# Sourced by ./test.sh and bench/run.sh: a throwaway PostgreSQL cluster in a temp dir (initdb as the unprivileged
# postgres user when run as root, durability off: the cluster lives only as long as the run).
#   pg_start LOG_PREFIX   sets PG_BIN, PG_DIR, PG_PORT, PG_CONNECTION (an Npgsql connection string) and starts the server
#   pg_stop               stops it (immediate) and removes PG_DIR; safe to call twice
# The caller installs the postgresql package first when pg_bin finds nothing (both scripts do: build/system-packages.sh).

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

pg_start() {
  PG_BIN=$(pg_bin)
  PG_DIR=$(mktemp -d /tmp/facet-pg.XXXXXX)
  PG_PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  PG_AS=()
  if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses to run as root: the cluster belongs to the unprivileged postgres user.
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown postgres: "$PG_DIR"
    chmod 700 "$PG_DIR"
    PG_AS=(runuser -u postgres --)
  fi
  printf '[%s] %s\n' "${1:-pg}" "starting PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT in $PG_DIR" >&2
  "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # Durability settings are off: the cluster lives only as long as this run.
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PG_EXTRA_OPTIONS:-}" >/dev/null
  PG_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [ -n "${PG_DIR:-}" ] && rm -rf "$PG_DIR"
  PG_DIR=
}
