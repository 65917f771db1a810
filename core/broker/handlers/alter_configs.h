#pragma once
// AlterConfigs (key 33, versions 0-2; v2 flexible) and IncrementalAlterConfigs
// (key 44, versions 0-1; v1 flexible) for TOPIC and BROKER resources, as
// Kafka 3.7's ConfigAdminManager.preprocess followed by ZkAdminManager:
//  - every resource: a repeated resource, repeated keys, null values (only an
//    incremental DELETE may have one) are INVALID_REQUEST with Kafka's text;
//  - AlterConfigs replaces the entity's whole set; IncrementalAlterConfigs
//    applies SET (0), DELETE (1), APPEND (2) and SUBTRACT (3, list keys only,
//    starting from the key's default when unset) to the stored set;
//  - TOPIC: an unknown topic is UNKNOWN_TOPIC_OR_PARTITION, a bad value
//    INVALID_CONFIG "Invalid config value for resource ConfigResource(type=TOPIC,
//    name='t'): ..."; written to /config/topics/<t>;
//  - BROKER: the name is this broker's id (another id is INVALID_REQUEST
//    "Unexpected broker id, expected 0, but received 1": admin clients send a
//    broker's configs to that broker) or empty for the cluster default;
//    validated as DynamicBrokerConfig.validate — read-only keys, per-broker
//    keys at the default level, bad values are INVALID_REQUEST with the bare
//    text ("Cannot update these configs dynamically: Set(broker.id)"), as 3.7
//    answers them (KAFKA-13609); written to /config/brokers/<id> or
//    /config/brokers/<default>. Password keys are refused (INVALID_CONFIG):
//    Kafka stores them encrypted with password.encoder.secret, which we do
//    not implement;
//  - unless ValidateOnly, with a /config/changes notification; the running
//    brokers apply it on their next metadata pass (dynamic_broker_config.h
//    says what takes effect live).
// Not implemented: BROKER_LOGGER (8) answers INVALID_REQUEST.

#include <functional>
#include <map>
#include <string>

#include "base/result.h"
#include "config/broker_config.h"
#include "protocol/messages/alter_configs.h"
#include "protocol/messages/incremental_alter_configs.h"

namespace odradek::broker {

using config_overrides = std::map<std::string, std::string>;

struct alter_configs_env {
    const config::broker_config& broker;  // current, with its dynamic layers
    int32_t broker_id = 0;
    // The stored dynamic configs of "<default>" or a broker id (ZooKeeper),
    // and their replacement with a change notification.
    std::function<result<config_overrides>(const std::string&)> read_broker_configs;
    std::function<status(const std::string&, const config_overrides&)> write_broker_configs;
    std::function<bool(const std::string&)> topic_exists;
    std::function<result<config_overrides>(const std::string&)> read_overrides;
    std::function<status(const std::string&, const config_overrides&)> write_overrides;
};

// Blocking (ZooKeeper): call on the blocking pool.
protocol::alter_configs_response handle_alter_configs(const protocol::alter_configs_request& req, int16_t version,
                                                      const alter_configs_env& env);
protocol::incremental_alter_configs_response handle_incremental_alter_configs(
    const protocol::incremental_alter_configs_request& req, int16_t version, const alter_configs_env& env);

}  // namespace odradek::broker
