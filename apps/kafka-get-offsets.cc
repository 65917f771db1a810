// kafka-get-offsets: an interactive shell for getting topic-partition offsets
// (Kafka's GetOffsetShell).
#include <iostream>
#include <string>

#include "common/kafka_cli.h"
#include "tools/get_offsets.h"

int main(int argc, char** argv) {
    odradek::tools::get_offsets_options o;
    std::string bootstrap, broker_list, topic_partitions, topic, partitions, command_config;
    odradek::cli::kafka_cli cli("kafka-get-offsets", "An interactive shell for getting topic-partition offsets.");
    cli.option("broker-list", broker_list,
               "DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified. The server(s) "
               "to connect to in the form HOST1:PORT1,HOST2:PORT2.",
               "HOST1:PORT1,...,HOST3:PORT3");
    cli.option("bootstrap-server", bootstrap,
               "REQUIRED. The server(s) to connect to in the form HOST1:PORT1,HOST2:PORT2.",
               "HOST1:PORT1,...,HOST3:PORT3");
    cli.option("topic-partitions", topic_partitions,
               "Comma separated list of topic-partition patterns to get the offsets for, with the format of "
               "'([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?'. The first group is an optional regex for the "
               "topic name, if omitted, it matches any topic name. The section after ':' describes a 'partition' "
               "pattern, which can be: a number, a range in the format of 'NUMBER-NUMBER' (lower inclusive, upper "
               "exclusive), an inclusive lower bound in the format of 'NUMBER-', an exclusive upper bound in the "
               "format of '-NUMBER' or may be omitted to accept all partitions.",
               "topic1:1,topic2:0-3,topic3,topic4:5-,topic5:-3");
    cli.option("topic", topic,
               "The topic to get the offsets for. It also accepts a regular expression. If not present, all "
               "authorized topics are queried. Cannot be used if --topic-partitions is present.",
               "topic");
    cli.option("partitions", partitions,
               "Comma separated list of partition ids to get the offsets for. If not present, all partitions of the "
               "authorized topics are queried. Cannot be used if --topic-partitions is present.",
               "partition ids");
    cli.option("time", o.time,
               "timestamp of the offsets before that. [Note: No offset is returned, if the timestamp greater than "
               "recently committed record timestamp is given.]",
               "<timestamp> / -1 or latest / -2 or earliest / -3 or max-timestamp", "String", false, true);
    cli.option("command-config", command_config, "Property file containing configs to be passed to Admin Client.",
               "config file");
    cli.flag("exclude-internal-topics", o.exclude_internal_topics,
             "By default, internal topics are included. If specified, internal topics are excluded.");
    if (auto code = cli.parse(argc, argv, std::cout, std::cerr)) return *code;
    // jopt's requiredUnless("broker-list") is reported as a terse error.
    if (!cli.has("bootstrap-server") && !cli.has("broker-list")) {
        std::cerr << "Error occurred: Missing required option(s) [bootstrap-server]\n";
        return 1;
    }
    if (cli.has("bootstrap-server")) o.bootstrap_server = bootstrap;
    if (cli.has("broker-list")) o.broker_list = broker_list;
    if (cli.has("topic-partitions")) o.topic_partitions = topic_partitions;
    if (cli.has("topic")) o.topic = topic;
    if (cli.has("partitions")) o.partitions = partitions;
    if (cli.has("command-config")) o.command_config = command_config;
    if (auto problem = odradek::tools::check_get_offsets_options(o)) return cli.usage_error(std::cerr, *problem);
    return odradek::tools::run_get_offsets(o, std::cout, std::cerr);
}
