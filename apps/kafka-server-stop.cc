// kafka-server-stop [--process-role=broker] [--node-id=N]
// Sends SIGTERM ($SIGNAL) to running brokers, which shut down cleanly.
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

#include "broker/server_stop.h"

namespace {

// kill -s accepts TERM, SIGTERM or a number.
int signal_number(const std::string& s) {
    if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos) return std::stoi(s);
    std::string n = s.rfind("SIG", 0) == 0 ? s.substr(3) : s;
    if (n == "TERM") return SIGTERM;
    if (n == "KILL") return SIGKILL;
    if (n == "INT") return SIGINT;
    if (n == "HUP") return SIGHUP;
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    odradek::broker::server_stop_options opts;
    // The script greps its whole argument string for these two forms and
    // ignores everything else.
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        // Kafka's script has no help and would stop every broker; we do not.
        if (a == "--help" || a == "-h") {
            std::cout << "USAGE: kafka-server-stop [--process-role=broker] [--node-id=N]\n"
                         "Sends SIGTERM ($SIGNAL if set) to the running brokers of this machine; each shuts down\n"
                         "cleanly. --node-id=N stops only the broker whose configuration file (as given to\n"
                         "kafka-server-start) has node.id or broker.id N; --process-role=R only those whose\n"
                         "process.roles is R (a ZooKeeper-mode broker counts as \"broker\"). --help prints this.\n";
            return 0;
        }
        if (a.rfind("--process-role=", 0) == 0) opts.process_role = a.substr(15);
        if (a.rfind("--node-id=", 0) == 0) opts.node_id = a.substr(10);
    }
    if (const char* s = std::getenv("SIGNAL"); s && *s) {
        opts.signal = signal_number(s);
        if (opts.signal < 0) {
            std::cerr << "kafka-server-stop: unknown signal in SIGNAL=" << s << "\n";
            return 1;
        }
    }
    return odradek::broker::run_kafka_server_stop(opts, std::cout, std::cerr);
}
