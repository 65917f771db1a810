#pragma once
// kafka-server-stop: SIGTERM (or $SIGNAL) to running kafka-server-start
// processes, as Kafka 3.7's script. --node-id=N and --process-role=R pick
// processes by the config file on their command line (the argument after
// -daemon, resolved against the process's working directory). Kafka's script
// reads node.id / process.roles, which a ZooKeeper-mode file lacks; we also
// read broker.id and count a ZooKeeper-mode broker as process role "broker",
// so the filters work in the mode this product runs in.

#include <optional>
#include <ostream>
#include <string>

namespace odradek::broker {

struct server_stop_options {
    std::optional<std::string> process_role;
    std::optional<std::string> node_id;
    int signal = 15;
    std::string proc_root = "/proc";
};

int run_kafka_server_stop(const server_stop_options& opts, std::ostream& out, std::ostream& err);

}  // namespace odradek::broker
