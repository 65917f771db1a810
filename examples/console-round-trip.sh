#!/usr/bin/env bash
# Seed session: Kafka's quickstart. Pipe lines into the console producer, read them back
# with the console consumer from the beginning; then the same with keys.
# Needs a running cluster: scripts/quickstart.sh (see common.sh for the address variables).
source "$(dirname "$0")/common.sh"

run bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVER" --create --topic quickstart-events
run_pipeline "printf 'This is my first event\nThis is my second event\n' | bin/kafka-console-producer.sh --bootstrap-server $BOOTSTRAP_SERVER --topic quickstart-events"
run bin/kafka-console-consumer.sh --bootstrap-server "$BOOTSTRAP_SERVER" --topic quickstart-events --from-beginning \
  --max-messages 2
# Keys: "key:value" lines in, "key<TAB>value" out (a record without a key prints null).
run_pipeline "printf 'alice:order-1\nbob:order-2\n' | bin/kafka-console-producer.sh --bootstrap-server $BOOTSTRAP_SERVER --topic quickstart-events --property parse.key=true --property key.separator=:"
run bin/kafka-console-consumer.sh --bootstrap-server "$BOOTSTRAP_SERVER" --topic quickstart-events --from-beginning \
  --max-messages 4 --property print.key=true
run bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVER" --delete --topic quickstart-events
