#!/usr/bin/env bash
# Runs zk-bench against Odradek's zookeeper-server-start and against Apache ZooKeeper
# 3.8 (Debian's zookeeper package, ZooKeeperServerMain, the JVM's default flags as
# Debian's zkServer.sh leaves them), one after the other, each in its own temp dir on
# a free 127.0.0.1 port with the same settings (tickTime 2000, fsync before every
# reply: ZooKeeper's default forceSync=yes, always on in ours). Prints one table with
# both, the ratios (ours / ZooKeeper), and each server's VmRSS idle after start and
# after the load.
#
#   bench/zookeeper/run.sh [BUILD_BIN_DIR] [zk-bench options...]
#   e.g. bench/zookeeper/run.sh build/bin --ops 40000 --connections 4 --depth 32
#
# Set DATA_PARENT to put the data dirs on a chosen disk (default /var/tmp).
set -euo pipefail
BIN=${1:-build/bin}
shift || true
BIN=$(cd "$BIN" && pwd)
ZK_JAR=/usr/share/java/zookeeper.jar
PARENT=${DATA_PARENT:-/var/tmp}
WORK=$(mktemp -d "$PARENT/zk-bench-XXXXXX")
SERVER_PID=""

cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# Waits until the server answers the srvr four-letter word (the port opens before
# ZooKeeper serves).
wait_ready() {
    local port=$1 deadline=$((SECONDS + 60))
    until python3 - "$port" <<'EOF' 2>/dev/null
import socket, sys
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2) as s:
    s.sendall(b"srvr")
    sys.exit(0 if s.recv(64).startswith(b"Zookeeper version") else 1)
EOF
    do
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited; see $2" >&2; cat "$2" >&2; exit 1; }
        ((SECONDS < deadline)) || { echo "server did not start" >&2; exit 1; }
        sleep 0.2
    done
}

# run_one NAME: starts the server named NAME, benchmarks it, stops it. Leaves
# $WORK/NAME.out (zk-bench's output) and $WORK/NAME.rss (idle and loaded VmRSS).
run_one() {
    local name=$1 dir=$WORK/$1 port
    shift
    port=$(free_port)
    mkdir -p "$dir/data"
    cat >"$dir/server.cfg" <<EOF
dataDir=$dir/data
clientPort=$port
clientPortAddress=127.0.0.1
tickTime=2000
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=srvr
EOF
    if [[ $name == odradek ]]; then
        "$BIN/zookeeper-server-start" "$dir/server.cfg" >"$dir/server.log" 2>&1 &
    else
        echo "forceSync=yes" >>"$dir/server.cfg"
        java -cp "/etc/zookeeper/conf:$ZK_JAR" org.apache.zookeeper.server.ZooKeeperServerMain \
            "$dir/server.cfg" >"$dir/server.log" 2>&1 &
    fi
    SERVER_PID=$!
    wait_ready "$port" "$dir/server.log"
    sleep 2
    local idle loaded
    idle=$(rss_kib "$SERVER_PID")
    "$BIN/zk-bench" --port "$port" "$@" | tee "$WORK/$name.out" >&2
    loaded=$(rss_kib "$SERVER_PID")
    echo "$idle $loaded" >"$WORK/$name.rss"
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

echo "== odradek ($BIN/zookeeper-server-start)" >&2
run_one odradek "$@"
echo "== Apache ZooKeeper ($(readlink -f $ZK_JAR))" >&2
run_one zookeeper "$@"

python3 - "$WORK" <<'EOF'
import pathlib, sys
work = pathlib.Path(sys.argv[1])
def table(name):
    lines = (work / f"{name}.out").read_text().splitlines()
    rows = {}
    for line in lines[2:]:
        op, ops, p50, p99 = line.split()
        rows[op] = (float(ops), float(p50), float(p99))
    return lines[0], rows
head, ours = table("odradek")
_, zk = table("zookeeper")
print(head.replace("zk-bench: 127.0.0.1:", "zk-bench against each server: port ").split(", ", 1)[-1])
print(f"{'op':<9}{'odradek ops/s':>14}{'zookeeper ops/s':>16}{'ratio':>7}"
      f"{'p50 ms o/z':>17}{'p99 ms o/z':>17}")
for op in ours:
    o, z = ours[op], zk[op]
    print(f"{op:<9}{o[0]:>14.0f}{z[0]:>16.0f}{o[0] / z[0]:>7.2f}"
          f"{o[1]:>8.3f} /{z[1]:>7.3f}{o[2]:>8.3f} /{z[2]:>7.3f}")
ro = [int(x) for x in (work / "odradek.rss").read_text().split()]
rz = [int(x) for x in (work / "zookeeper.rss").read_text().split()]
print(f"{'VmRSS':<9}{'odradek MiB':>14}{'zookeeper MiB':>16}{'ratio':>7}")
for i, when in enumerate(["idle", "loaded"]):
    print(f"{when:<9}{ro[i] / 1024:>14.1f}{rz[i] / 1024:>16.1f}{ro[i] / rz[i]:>7.3f}")
EOF
