#!/usr/bin/env bash
# Seed session: the misspelled topic. With auto.create.topics.enable=true (Kafka's
# default) producing to "ordrs" silently creates it, with num.partitions partitions.
# Needs a running cluster: scripts/quickstart.sh (see common.sh for the address variables).
source "$(dirname "$0")/common.sh"

run bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVER" --create --topic orders --partitions 3 --replication-factor 1
run_pipeline "echo 'order 1001' | bin/kafka-console-producer.sh --bootstrap-server $BOOTSTRAP_SERVER --topic ordrs"
run bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVER" --list
run bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVER" --describe --topic ordrs
run bin/kafka-console-consumer.sh --bootstrap-server "$BOOTSTRAP_SERVER" --topic ordrs --from-beginning --max-messages 1
run bin/kafka-console-consumer.sh --bootstrap-server "$BOOTSTRAP_SERVER" --topic orders --from-beginning \
  --timeout-ms 3000 2>/dev/null
run bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVER" --delete --topic ordrs
run bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVER" --delete --topic orders
