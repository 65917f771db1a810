#!/usr/bin/env bash
# Installs dependencies, builds, and starts a single-node cluster on localhost:
# ZooKeeper (localhost:2181) and one broker (localhost:9092), both as daemons
# logging under logs/. Waits (bounded) until each accepts connections.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh

# Waits up to $2 seconds for localhost:$1 to accept a connection.
wait_for_port() {
  local port=$1 limit=$2 i
  for ((i = 0; i < limit * 5; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  return 1
}

if wait_for_port 2181 0; then
  echo "Something already listens on localhost:2181; not starting ZooKeeper."
else
  bin/zookeeper-server-start.sh -daemon config/zookeeper.properties
  wait_for_port 2181 30 || { echo "ZooKeeper did not start: see logs/zookeeper.out" >&2; exit 1; }
  echo "ZooKeeper-compatible server started on localhost:2181 (logs/zookeeper.out)"
fi
if wait_for_port 9092 0; then
  echo "Something already listens on localhost:9092; not starting a broker."
else
  bin/kafka-server-start.sh -daemon config/server.properties
  wait_for_port 9092 60 || { echo "The broker did not start: see logs/kafkaServer.out" >&2; exit 1; }
  echo "Broker started on localhost:9092 (logs/server.log)"
fi

echo "Try:"
echo "  bin/kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3"
echo "  echo 'Test message' | bin/kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders"
echo "  bin/kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --from-beginning --max-messages 1"
echo "Stop with bin/kafka-server-stop.sh, then bin/zookeeper-server-stop.sh."
