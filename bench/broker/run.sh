#!/usr/bin/env bash
# Starts Odradek's ZooKeeper and one broker (through bin/, like a user) in a temp dir on
# free 127.0.0.1 ports, measures the broker's time from exec to accepting TCP connections
# and to its "started" log line, its VmRSS idle (2 s after start) and after the load, runs
# broker-bench against it, and stops both (SIGTERM to their PIDs).
#
#   bench/broker/run.sh [BUILD_BIN_DIR] [broker-bench options...]
#   e.g. bench/broker/run.sh build/bin --mib 1024 --record-size 1024
#
# Set DATA_PARENT to put the log dirs on a chosen disk (default /var/tmp).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${1:-$ROOT/build/bin}
shift || true
BIN=$(cd "$BIN" && pwd)
ODRADEK_BUILD_DIR=$(dirname "$BIN")
export ODRADEK_BUILD_DIR
PARENT=${DATA_PARENT:-/var/tmp}
WORK=$(mktemp -d "$PARENT/broker-bench-XXXXXX")
export LOG_DIR=$WORK/logs
ZK_PID="" BROKER_PID=""

stop_pid() {
    local pid=$1
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    stop_pid "$BROKER_PID"
    stop_pid "$ZK_PID"
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
now_ns() { date +%s%N; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ZK_PORT=$(free_port)
BROKER_PORT=$(free_port)
mkdir -p "$WORK/zk" "$WORK/kafka-logs"
cat >"$WORK/zookeeper.properties" <<CFG
dataDir=$WORK/zk
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
CFG
# Kafka's config/server.properties with this run's listener, log dir and ZooKeeper.
grep -v -E '^(listeners|log\.dirs|zookeeper\.connect)=' "$ROOT/config/server.properties" >"$WORK/server.properties"
cat >>"$WORK/server.properties" <<CFG
listeners=PLAINTEXT://127.0.0.1:$BROKER_PORT
log.dirs=$WORK/kafka-logs
zookeeper.connect=127.0.0.1:$ZK_PORT
CFG

"$ROOT/bin/zookeeper-server-start.sh" "$WORK/zookeeper.properties" >"$WORK/zookeeper.log" 2>&1 &
ZK_PID=$!
deadline=$((SECONDS + 60))
until port_open "$ZK_PORT"; do
    kill -0 "$ZK_PID" 2>/dev/null || { cat "$WORK/zookeeper.log" >&2; exit 1; }
    ((SECONDS < deadline)) || { echo "ZooKeeper did not start" >&2; exit 1; }
    sleep 0.05
done

t0=$(now_ns)
"$ROOT/bin/kafka-server-start.sh" "$WORK/server.properties" >"$WORK/server.log" 2>&1 &
BROKER_PID=$!
deadline=$((SECONDS + 120))
accept_ms="" started_ms=""
while [[ -z "$accept_ms" || -z "$started_ms" ]]; do
    kill -0 "$BROKER_PID" 2>/dev/null || { echo "the broker exited:" >&2; cat "$WORK/server.log" >&2; exit 1; }
    ((SECONDS < deadline)) || { echo "the broker did not start:" >&2; tail -20 "$WORK/server.log" >&2; exit 1; }
    if [[ -z "$accept_ms" ]] && port_open "$BROKER_PORT"; then accept_ms=$((($(now_ns) - t0) / 1000000)); fi
    if [[ -z "$started_ms" ]] && grep -q "started (kafka.server.KafkaServer)" "$WORK/server.log"; then
        started_ms=$((($(now_ns) - t0) / 1000000))
    fi
    sleep 0.005
done
sleep 2
idle=$(rss_kib "$BROKER_PID")

"$BIN/broker-bench" --bootstrap "127.0.0.1:$BROKER_PORT" "$@"
loaded=$(rss_kib "$BROKER_PID")

stop_start=$(now_ns)
stop_pid "$BROKER_PID"
stop_ms=$((($(now_ns) - stop_start) / 1000000))
BROKER_PID=""
printf '%-40s %8s\n' "broker (kafka-server-start)" ""
printf '%-40s %8d ms\n' "exec to accepting connections" "$accept_ms"
printf '%-40s %8d ms\n' "exec to 'started' log line" "$started_ms"
printf '%-40s %8s MiB\n' "VmRSS idle (2 s after start)" "$(awk -v k="$idle" 'BEGIN { printf "%.1f", k / 1024 }')"
printf '%-40s %8s MiB\n' "VmRSS after the benchmark" "$(awk -v k="$loaded" 'BEGIN { printf "%.1f", k / 1024 }')"
printf '%-40s %8d ms\n' "SIGTERM to exit" "$stop_ms"
