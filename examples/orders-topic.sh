#!/usr/bin/env bash
# Seed session: the orders topic. Create it with 3 partitions, describe it, list the
# topics, see what creating it twice says, delete it.
# Needs a running cluster: scripts/quickstart.sh (see common.sh for the address variables).
source "$(dirname "$0")/common.sh"

run bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVER" --create --topic orders --partitions 3 --replication-factor 1
run bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVER" --describe --topic orders
run bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVER" --list
# A second create fails, exit status 1, and says why on stdout.
run bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVER" --create --topic orders --partitions 3 \
  --replication-factor 1 2>/dev/null || echo "(exit status $?)"
run bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVER" --delete --topic orders
run bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVER" --list
