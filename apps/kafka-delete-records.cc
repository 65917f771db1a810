// kafka-delete-records: deletes the records of partitions before given
// offsets (Kafka's DeleteRecordsCommand).
#include <iostream>
#include <string>

#include "common/kafka_cli.h"
#include "tools/records_tools.h"

int main(int argc, char** argv) {
    odradek::tools::delete_records_options o;
    std::string command_config;
    odradek::cli::kafka_cli cli("kafka-delete-records",
                                "This tool helps to delete records of the given partitions down to the specified "
                                "offset.");
    cli.option("bootstrap-server", o.bootstrap_server, "REQUIRED: The server to connect to.",
               "server(s) to use for bootstrapping", "String", /*required=*/true);
    cli.option("offset-json-file", o.offset_json_file,
               "REQUIRED: The JSON file with offset per partition. The format to use is: {\"partitions\": "
               "[{\"topic\": \"foo\", \"partition\": 1, \"offset\": 1}], \"version\":1 }",
               "Offset json file path", "String", /*required=*/true);
    cli.option("command-config", command_config, "A property file containing configs to be passed to Admin Client.",
               "command config property file path");
    if (auto code = cli.parse(argc, argv, std::cout, std::cerr)) return *code;
    if (cli.has("command-config")) o.command_config = command_config;
    return odradek::tools::run_delete_records(o, std::cout, std::cerr);
}
