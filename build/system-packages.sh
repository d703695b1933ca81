# Sourced by ./test.sh and bench/run.sh: installs the Debian packages a run needs, only when some are missing.
#   install_missing_packages PKG…   no-op without arguments; as root: apt-get install; otherwise exits 2 naming the command
#   require_node                    exits 2 with the install command when node is absent (free ports, the build's npm data)
# Both log through the caller's log function.

install_missing_packages() {
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "missing system packages: $* — install them with: sudo apt-get install -y $*"
    exit 2
  fi
  log "installing $* with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

require_node() {
  command -v node >/dev/null || { log "node is required (it finds free ports and the build uses npm): apt-get install -y nodejs npm"; exit 2; }
}
