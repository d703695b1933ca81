# Sourced by ./test.sh (and benchmarks that need it): a throwaway Redis on a free loopback port, nothing persisted.
#   redis_start LOG_PREFIX   sets REDIS_PORT, REDIS_ADDRESS (127.0.0.1:PORT) and REDIS_PID and starts redis-server
#   redis_stop               stops it (SIGTERM: a background job of a non-interactive shell ignores SIGINT); safe twice
# The caller installs the redis-server package first when redis_bin finds nothing (build/system-packages.sh).

redis_bin() { command -v redis-server 2>/dev/null || { [ -x /usr/bin/redis-server ] && echo /usr/bin/redis-server; } || true; }

redis_start() {
  REDIS_PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  REDIS_ADDRESS="127.0.0.1:$REDIS_PORT"
  REDIS_LOG=$(mktemp /tmp/facet-redis.XXXXXX.log)
  printf '[%s] %s\n' "${1:-redis}" "starting Redis ($(redis_bin)) on $REDIS_ADDRESS" >&2
  # No RDB snapshots, no append-only file: the server lives only as long as this run.
  "$(redis_bin)" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --logfile "$REDIS_LOG" &
  REDIS_PID=$!
  local tries=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt 100 ] || ! kill -0 "$REDIS_PID" 2>/dev/null; then
      printf '[%s] %s\n' "${1:-redis}" "Redis did not start on $REDIS_ADDRESS; its log:" >&2
      cat "$REDIS_LOG" >&2 || true
      return 1
    fi
    sleep 0.1
  done
}

redis_stop() {
  if [ -n "${REDIS_PID:-}" ]; then
    kill -TERM "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
  fi
  [ -n "${REDIS_LOG:-}" ] && rm -f "$REDIS_LOG"
  REDIS_PID=
  REDIS_LOG=
}
