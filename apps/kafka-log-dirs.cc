// kafka-log-dirs: log directory usage of brokers (Kafka's LogDirsCommand).
#include <iostream>
#include <string>

#include "common/kafka_cli.h"
#include "tools/records_tools.h"

int main(int argc, char** argv) {
    odradek::tools::log_dirs_options o;
    std::string command_config;
    bool describe = false;
    odradek::cli::kafka_cli cli("kafka-log-dirs", "This tool helps to query log directory usage on the specified brokers.");
    cli.option("bootstrap-server", o.bootstrap_server, "REQUIRED: the server(s) to use for bootstrapping",
               "The server(s) to use for bootstrapping", "String", /*required=*/true);
    cli.option("command-config", command_config, "Property file containing configs to be passed to Admin Client.",
               "Admin client property file");
    cli.flag("describe", describe, "Describe the specified log directories on the specified brokers.");
    cli.option("topic-list", o.topic_list,
               "The list of topics to be queried in the form \"topic1,topic2,topic3\". All topics will be queried if no "
               "topic list is specified",
               "Topic list", "String", false, true);
    cli.option("broker-list", o.broker_list,
               "The list of brokers to be queried in the form \"0,1,2\". All brokers in the cluster will be queried if "
               "no broker list is specified",
               "Broker list", "String", false, true);
    if (auto code = cli.parse(argc, argv, std::cout, std::cerr)) return *code;
    if (!describe) return cli.usage_error(std::cerr, "Missing required argument \"[describe]\"");
    if (cli.has("command-config")) o.command_config = command_config;
    return odradek::tools::run_log_dirs(o, std::cout, std::cerr);
}
