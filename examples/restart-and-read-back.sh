#!/usr/bin/env bash
# Seed session: restart the broker and read back. Records acknowledged before a restart
# are all there after it; the broker registers again in ZooKeeper.
# Needs a running cluster: scripts/quickstart.sh (see common.sh for the address variables).
# The broker is restarted with bin/kafka-server-stop.sh (which stops every broker on this
# machine, as Kafka's does) and bin/kafka-server-start.sh -daemon config/server.properties;
# set ODRADEK_RESTART_BROKER to a command to restart it some other way.
source "$(dirname "$0")/common.sh"

run_pipeline "printf 'before restart 1\nbefore restart 2\nbefore restart 3\n' | bin/kafka-console-producer.sh --bootstrap-server $BOOTSTRAP_SERVER --topic restart-demo"
echo "\$ bin/kafka-server-stop.sh"
echo "\$ bin/kafka-server-start.sh -daemon config/server.properties"
if [ -n "${ODRADEK_RESTART_BROKER:-}" ]; then
  bash -c "$ODRADEK_RESTART_BROKER"
else
  bin/kafka-server-stop.sh
  wait_for_port "$BOOTSTRAP_SERVER" 60 closed
  bin/kafka-server-start.sh -daemon config/server.properties
fi
wait_for_port "$BOOTSTRAP_SERVER" 60 open
run bin/zookeeper-shell.sh "$ZOOKEEPER_CONNECT" ls /brokers/ids
run bin/kafka-console-consumer.sh --bootstrap-server "$BOOTSTRAP_SERVER" --topic restart-demo --from-beginning \
  --max-messages 3
run_pipeline "echo 'after restart' | bin/kafka-console-producer.sh --bootstrap-server $BOOTSTRAP_SERVER --topic restart-demo"
run bin/kafka-console-consumer.sh --bootstrap-server "$BOOTSTRAP_SERVER" --topic restart-demo --from-beginning \
  --max-messages 4 --property print.offset=true
run bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVER" --delete --topic restart-demo
