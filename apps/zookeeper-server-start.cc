// zookeeper-server-start [-daemon] zookeeper.properties
// Runs the standalone ZooKeeper-compatible coordination server.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "coordination/server_main.h"

int main(int argc, char** argv) {
    // Kafka's script takes "-daemon" with a single dash, which CLI11 cannot
    // express: take it out before parsing.
    odradek::coordination::server_start_options opts;
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        if (i > 0 && std::string(argv[i]) == "-daemon") {
            opts.daemon = true;
            continue;
        }
        args.push_back(argv[i]);
    }
    CLI::App app{"Start the ZooKeeper-compatible coordination server.\n"
                 "USAGE: zookeeper-server-start [-daemon] zookeeper.properties",
                 "zookeeper-server-start"};
    app.add_option("config", opts.config_file, "zookeeper.properties file")->required();
    app.add_flag("--daemon", opts.daemon, "detach and log to $LOG_DIR/zookeeper.out (also accepted as -daemon)");
    try {
        app.parse(int(args.size()), args.data());
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::cout << "USAGE: zookeeper-server-start [-daemon] zookeeper.properties\n";  // as Kafka's script
        return 1;
    }
    return odradek::coordination::run_zookeeper_server_start(opts, std::cout, std::cerr);
}
