// kafka-server-start [-daemon] server.properties [--override property=value]*
// Runs a broker. Arguments are handled as Kafka.scala handles them (not with
// CLI11: the first argument is positional, "-daemon" has one dash).
#include <iostream>
#include <string>
#include <vector>

#include "broker/server_main.h"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return odradek::broker::run_kafka_server_start(args, std::cout, std::cerr);
}
