#include "broker/server_stop.h"

#include <signal.h>

#include <filesystem>

#include "base/process_list.h"
#include "config/properties.h"

namespace odradek::broker {

namespace {

// The server.properties path of a kafka-server-start command line.
std::optional<std::string> config_path(const process_entry& p) {
    for (size_t i = 1; i < p.argv.size(); ++i) {
        const std::string& a = p.argv[i];
        if (a == "-daemon" || a == "--daemon") continue;
        std::filesystem::path path(a);
        if (path.is_relative() && !p.cwd.empty()) path = std::filesystem::path(p.cwd) / path;
        return path.string();
    }
    return std::nullopt;
}

}  // namespace

int run_kafka_server_stop(const server_stop_options& opts, std::ostream& out, std::ostream& err) {
    auto procs = find_processes(opts.proc_root, "kafka-server-start");
    if (opts.node_id && opts.process_role)
        out << "When both node-id and process-role are provided, the value for node-id will take precedence\n";
    if (procs.empty()) {
        out << "No kafka server to stop\n";
        return 1;
    }
    int rc = 0;
    for (const auto& p : procs) {
        if (opts.node_id || opts.process_role) {
            auto path = config_path(p);
            auto props = path ? config::load_properties(*path) : result<config::properties>(error(
                                                                      std::make_error_code(std::errc::io_error), ""));
            if (!props) {
                out << "Can not find the configuration file in the current directory. Please make sure the kafka "
                       "stop process and the start process are called in the same directory.\n";
                return 1;
            }
            bool match;
            if (opts.node_id) {
                const std::string* id = props->find("node.id");
                if (!id) id = props->find("broker.id");
                match = id && *id == *opts.node_id;
            } else {
                const std::string* roles = props->find("process.roles");
                std::string role = roles ? *roles : "broker";
                match = role == *opts.process_role;
            }
            if (!match) continue;
        }
        if (::kill(p.pid, opts.signal) != 0) {
            err << "cannot signal process " << p.pid << "\n";
            rc = 1;
        }
    }
    return rc;
}

}  // namespace odradek::broker
