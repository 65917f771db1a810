// kafka-topics: create, delete, describe, or change a topic (Kafka's TopicCommand).
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "common/kafka_cli.h"
#include "config/topic_config.h"
#include "tools/topics.h"

int main(int argc, char** argv) {
    odradek::tools::topics_options o;
    std::string bootstrap, command_config, topic, topic_id, replica_assignment;
    int32_t partitions = 0, replication_factor = 0;
    odradek::cli::kafka_cli cli("kafka-topics", "This tool helps to create, delete, describe, or change a topic.");
    const std::string alter_note =
        " (the kafka-configs CLI supports altering topic configs with a --bootstrap-server option)";
    cli.option("bootstrap-server", bootstrap, "REQUIRED: The Kafka server to connect to.", "server to connect to");
    cli.option("command-config", command_config,
               "Property file containing configs to be passed to Admin Client. This is used only with "
               "--bootstrap-server option for describing and altering broker configs.",
               "command config property file");
    cli.flag("list", o.list, "List all available topics.");
    cli.flag("create", o.create, "Create a new topic.");
    cli.flag("delete", o.delete_topic, "Delete a topic");
    cli.flag("alter", o.alter,
             "Alter the number of partitions and replica assignment. Update the configuration of an existing topic "
             "via --alter is no longer supported here" + alter_note + ".");
    cli.flag("describe", o.describe, "List details for the given topics.");
    cli.option("topic", topic,
               "The topic to create, alter, describe or delete. It also accepts a regular expression, except for "
               "--create option. Put topic name in double quotes and use the '\\' prefix to escape regular "
               "expression symbols; e.g. \"test\\.topic\".",
               "topic");
    cli.option("topic-id", topic_id,
               "The topic-id to describe.This is used only with --bootstrap-server option for describing topics.",
               "topic-id");
    std::vector<std::string> names;
    for (const auto& k : odradek::config::topic_config_def().keys()) names.emplace_back(k.name);
    std::sort(names.begin(), names.end());
    std::string config_help = "A topic configuration override for the topic being created. The following is a list "
                              "of valid configurations:";
    for (const std::string& n : names) config_help += " " + n;
    config_help += " See the Kafka documentation for full details on the topic configs. It is supported only in "
                   "combination with --create if --bootstrap-server option is used" + alter_note + ".";
    cli.multi_option("config", o.configs, config_help, "name=value");
    cli.multi_option("delete-config", o.delete_configs,
                     "A topic configuration override to be removed for an existing topic (see the list of "
                     "configurations under the --config option). Not supported with the --bootstrap-server option.",
                     "name");
    cli.option("partitions", partitions,
               "The number of partitions for the topic being created or altered (WARNING: If partitions are "
               "increased for a topic that has a key, the partition logic or ordering of the messages will be "
               "affected). If not supplied for create, defaults to the cluster default.",
               "# of partitions", "Integer");
    cli.option("replication-factor", replication_factor,
               "The replication factor for each partition in the topic being created. If not supplied, defaults to "
               "the cluster default.",
               "replication factor", "Integer");
    cli.option("replica-assignment", replica_assignment,
               "A list of manual partition-to-broker assignments for the topic being created or altered.",
               "broker_id_for_part1_replica1 : broker_id_for_part1_replica2 , broker_id_for_part2_replica1 : "
               "broker_id_for_part2_replica2 , ...");
    cli.flag("under-replicated-partitions", o.under_replicated_partitions,
             "if set when describing topics, only show under replicated partitions");
    cli.flag("unavailable-partitions", o.unavailable_partitions,
             "if set when describing topics, only show partitions whose leader is not available");
    cli.flag("under-min-isr-partitions", o.under_min_isr_partitions,
             "if set when describing topics, only show partitions whose isr count is less than the configured "
             "minimum.");
    cli.flag("at-min-isr-partitions", o.at_min_isr_partitions,
             "if set when describing topics, only show partitions whose isr count is equal to the configured "
             "minimum.");
    cli.flag("topics-with-overrides", o.topics_with_overrides,
             "if set when describing topics, only show topics that have overridden configs");
    cli.flag("if-exists", o.if_exists,
             "if set when altering or deleting or describing topics, the action will only execute if the topic "
             "exists.");
    cli.flag("if-not-exists", o.if_not_exists,
             "if set when creating topics, the action will only execute if the topic does not already exist.");
    cli.flag("exclude-internal", o.exclude_internal,
             "exclude internal topics when running list or describe command. The internal topics will be listed by "
             "default");

    // No arguments at all: Kafka prints a shorter description than --help does.
    if (argc <= 1) return cli.usage_error(std::cerr, "Create, delete, describe, or change a topic.");
    if (auto code = cli.parse(argc, argv, std::cout, std::cerr)) return *code;
    if (cli.has("bootstrap-server")) o.bootstrap_server = bootstrap;
    if (cli.has("command-config")) o.command_config = command_config;
    if (cli.has("topic")) o.topic = topic;
    if (cli.has("topic-id")) o.topic_id = topic_id;
    if (cli.has("partitions")) o.partitions = partitions;
    if (cli.has("replication-factor")) o.replication_factor = replication_factor;
    if (cli.has("replica-assignment")) o.replica_assignment = replica_assignment;
    if (auto problem = odradek::tools::check_topics_options(o)) {
        if (problem->print_usage) return cli.usage_error(std::cerr, problem->message);
        std::cerr << problem->message << "\njava.lang.IllegalArgumentException: " << problem->message << '\n';
        return 1;
    }
    return odradek::tools::run_topics(o, std::cout, std::cerr);
}
