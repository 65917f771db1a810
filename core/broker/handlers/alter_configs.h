#pragma once
// AlterConfigs (key 33, versions 0-2; v2 flexible) and IncrementalAlterConfigs
// (key 44, versions 0-1; v1 flexible) for TOPIC resources, as Kafka 3.7's
// ZkAdminManager.alterConfigs / incrementalAlterConfigs:
//  - AlterConfigs replaces the topic's whole override set;
//    IncrementalAlterConfigs applies SET (0), DELETE (1), APPEND (2) and
//    SUBTRACT (3, list keys only) to the current overrides;
//  - the result is validated as a topic config (INVALID_CONFIG with Kafka's
//    text) and, unless ValidateOnly, written to /config/topics/<t> with a
//    /config/changes notification; the running brokers apply it on their
//    next metadata pass;
//  - an unknown topic is UNKNOWN_TOPIC_OR_PARTITION.
// Not implemented yet: BROKER and BROKER_LOGGER resources (dynamic broker
// configs) answer INVALID_REQUEST saying so.

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
    const config::broker_config& broker;
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
