// zookeeper-server-stop: sends SIGTERM to every running zookeeper-server-start.
#include <iostream>

#include <CLI/CLI.hpp>

#include "coordination/server_main.h"

int main(int argc, char** argv) {
    CLI::App app{"Stop the running ZooKeeper-compatible coordination servers (SIGTERM).",
                 "zookeeper-server-stop"};
    odradek::coordination::server_stop_options opts;
    CLI11_PARSE(app, argc, argv);
    return odradek::coordination::run_zookeeper_server_stop(opts, std::cout, std::cerr);
}
