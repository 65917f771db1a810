# shellcheck shell=bash
# Sourced by every example: strict mode, the repository root as working directory, and the
# cluster to talk to (a single-node cluster from scripts/quickstart.sh by default).
#   BOOTSTRAP_SERVER   host:port of a broker      (default localhost:9092)
#   ZOOKEEPER_CONNECT  host:port[/chroot] of ZooKeeper (default localhost:2181)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BOOTSTRAP_SERVER=${BOOTSTRAP_SERVER:-localhost:9092}
ZOOKEEPER_CONNECT=${ZOOKEEPER_CONNECT:-localhost:2181}

# Prints a command the way a user would type it, then runs it.
run() {
  echo "\$ $*"
  "$@"
}

# Prints "$ <text>" for a pipeline given as one string, then runs it with bash.
run_pipeline() {
  echo "\$ $1"
  bash -o pipefail -c "$1"
}

# Waits (at most $2 seconds, default 60) until $1 (host:port) accepts, or refuses if $3 is
# "closed", TCP connections.
wait_for_port() {
  local host=${1%:*} port=${1##*:} deadline=$((SECONDS + ${2:-60})) want=${3:-open}
  while :; do
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
      [ "$want" = open ] && return 0
    else
      [ "$want" = closed ] && return 0
    fi
    if ((SECONDS >= deadline)); then
      echo "timed out waiting for $1 to be $want" >&2
      return 1
    fi
    sleep 0.2
  done
}
