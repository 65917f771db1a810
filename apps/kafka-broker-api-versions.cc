// kafka-broker-api-versions: the API versions every broker supports
// (Kafka's BrokerApiVersionsCommand).
#include <iostream>
#include <string>

#include "common/kafka_cli.h"
#include "tools/broker_api_versions.h"

int main(int argc, char** argv) {
    odradek::tools::broker_api_versions_options o;
    std::string command_config;
    odradek::cli::kafka_cli cli("kafka-broker-api-versions", "This tool helps to retrieve broker version information.");
    cli.option("command-config", command_config, "A property file containing configs to be passed to Admin Client.",
               "command config property file");
    cli.option("bootstrap-server", o.bootstrap_server, "REQUIRED: The server to connect to.",
               "server(s) to use for bootstrapping", "String", /*required=*/true);
    if (auto code = cli.parse(argc, argv, std::cout, std::cerr)) return *code;
    if (cli.has("command-config")) o.command_config = command_config;
    return odradek::tools::run_broker_api_versions(o, std::cout, std::cerr);
}
