#pragma once
// kafka-configs: describe and alter the dynamic configs of topics, brokers
// (one broker, or the cluster-wide default) and broker loggers through a
// broker, as Kafka 3.7's ConfigCommand does with --bootstrap-server.
//
//   --describe: "Dynamic configs for topic orders are:" (or "All configs
//     for ..." with --all, "Default configs for brokers in the cluster are:")
//     then "  name=value sensitive=false synonyms={SOURCE:name=value, ...}".
//   --alter: "Completed updating config for topic orders." (or "... default
//     config for brokers in the cluster."). Topics and broker loggers change
//     through IncrementalAlterConfigs, brokers through AlterConfigs with
//     their whole dynamic config, as Kafka does.
//
// Errors: option problems and IllegalArgument/InvalidConfiguration messages
// alone on stderr; failures of a call as "Error while executing config
// command with args '<args>'" and the exception. Exit 1 either way.
// Not supported yet: users, clients, ips and client-metrics entities
// (client quotas, SCRAM credentials), and --zookeeper.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "tools/topics.h"  // admin_factory, usage_problem

namespace odradek::tools {

struct configs_options {
    std::optional<std::string> bootstrap_server;
    std::optional<std::string> bootstrap_controller;
    std::optional<std::string> zookeeper;
    std::optional<std::string> command_config;
    bool alter = false, describe = false, all = false, force = false;
    std::vector<std::string> entity_types;  // --entity-type, in order
    // --entity-name values and "" for --entity-default, in command-line order.
    std::vector<std::string> entity_names;
    bool entity_name_given = false, entity_type_given = false, entity_default_given = false;
    // Shortcut flags (--topic, --broker, --broker-defaults, ...), as (type, name).
    std::vector<std::pair<std::string, std::string>> shortcuts;
    std::optional<std::string> add_config;
    std::optional<std::string> add_config_file;
    std::vector<std::string> delete_config;  // already split at commas
    std::vector<std::string> args;           // the command line, for the error message
};

// checkArgs: the action checks end in the usage text (print_usage); the
// IllegalArgumentException ones print just the message.
std::optional<usage_problem> check_configs_options(const configs_options& o);

int run_configs(const configs_options& o, std::ostream& out, std::ostream& err);
int run_configs_with(const configs_options& o, const admin_factory& make_admin, std::ostream& out, std::ostream& err);

}  // namespace odradek::tools
