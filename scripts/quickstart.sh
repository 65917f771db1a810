#!/usr/bin/env bash
# Installs dependencies, builds, and starts a single-node cluster on localhost:
# ZooKeeper (localhost:2181) and one broker (localhost:9092), both as daemons
# logging under logs/. Parts not built yet are reported, not faked.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh

started=0
if [ -x build/bin/zookeeper-server-start ]; then
  bin/zookeeper-server-start.sh -daemon config/zookeeper.properties
  echo "ZooKeeper-compatible server started on localhost:2181 (logs/zookeeper.out)"
  started=1
fi
if [ -x build/bin/kafka-server-start ]; then
  bin/kafka-server-start.sh -daemon config/server.properties
  echo "Broker started on localhost:9092 (logs/server.log)"
  started=1
else
  echo "The broker (kafka-server-start) is not part of this build yet."
fi

echo "Tools built in build/bin, run them through bin/:"
for t in bin/*.sh; do
  name=$(basename "$t" .sh)
  [ -x "build/bin/$name" ] && echo "  $t"
done
[ "$started" = 1 ] || true
