#pragma once
// DescribeConfigs (key 32), versions 0-4 (spec/describe_configs.spec: v1
// synonyms and ConfigSource replace IsDefault, v3 types and documentation,
// v4 flexible). As Kafka 3.7's ConfigHelper.describeConfigs:
//  - TOPIC (2): every topic config with its value and source (the topic's
//    override, a static or dynamic broker default, or Kafka's default), or
//    only ConfigurationKeys; synonyms when asked (v1+). An unknown topic is
//    UNKNOWN_TOPIC_OR_PARTITION "Topic '<t>' does not exist.", an illegal
//    name INVALID_TOPIC_EXCEPTION.
//  - BROKER (4) named by this broker's id: every broker config with its
//    source (DYNAMIC_BROKER_CONFIG > DYNAMIC_DEFAULT_BROKER_CONFIG >
//    STATIC_BROKER_CONFIG > DEFAULT_CONFIG) and synonyms (log.retention.ms /
//    .minutes / .hours and the like, as DynamicBrokerConfig); passwords and
//    keys Kafka does not define are sensitive and null. Another id, or a
//    name that is not a number, is INVALID_REQUEST with Kafka's text. The
//    empty name (cluster default) lists the keys of the dynamic default
//    layer only, with every synonym but this broker's own layer
//    (config::describe_broker_config does both).
//  - other types: INVALID_REQUEST.
// Not implemented: BROKER_LOGGER (8), documentation strings (always null).

#include <functional>
#include <map>
#include <string>

#include "base/result.h"
#include "config/broker_config.h"
#include "protocol/messages/describe_configs.h"

namespace odradek::broker {

struct describe_configs_env {
    const config::broker_config& broker;
    int32_t broker_id;
    std::function<bool(const std::string&)> topic_exists;
    // The stored overrides of /config/topics/<name> (ZooKeeper).
    std::function<result<std::map<std::string, std::string>>(const std::string&)> topic_overrides;
};

// Blocking (ZooKeeper reads): call on the blocking pool.
protocol::describe_configs_response handle_describe_configs(const protocol::describe_configs_request& req,
                                                            int16_t version, const describe_configs_env& env);

}  // namespace odradek::broker
