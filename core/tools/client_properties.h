#pragma once
// Kafka client properties (from --command-config, --producer.config,
// --producer-property, --consumer.config, --consumer-property) applied to the
// client's configs. Values are checked as Kafka's ConfigDef checks them and
// errors carry Kafka's ConfigException wording, e.g.
//   Invalid value abc for configuration linger.ms: Not a number of type LONG
// Keys the client does not use are ignored (Kafka logs them at WARN as
// "supplied but are not used yet"; see unused_keys()).

#include <string>
#include <vector>

#include "base/result.h"
#include "client/admin.h"
#include "client/config.h"
#include "client/consumer.h"
#include "client/producer.h"
#include "config/properties.h"

namespace odradek::tools {

// bootstrap.servers, client.id, request.timeout.ms, retry.backoff.ms,
// reconnect.backoff.ms, reconnect.backoff.max.ms,
// socket.connection.setup.timeout.ms.
status apply_client_properties(const config::properties& props, client::client_config& out);
// default.api.timeout.ms.
status apply_admin_properties(const config::properties& props, client::millis& api_timeout);
// acks, compression.type, batch.size, linger.ms, retries, delivery.timeout.ms,
// max.block.ms, max.request.size, allow.auto.create.topics.
status apply_producer_properties(const config::properties& props, client::producer_config& out);
// isolation.level, fetch.max.wait.ms, fetch.min.bytes, fetch.max.bytes,
// max.partition.fetch.bytes, max.poll.records, auto.offset.reset, check.crcs,
// allow.auto.create.topics.
status apply_consumer_properties(const config::properties& props, client::consumer_config& out);

// Kafka's "key=value" arguments (parseKeyValueArgs): split at the first '=';
// a missing value is "".
config::properties parse_key_value_args(const std::vector<std::string>& args);

}  // namespace odradek::tools
