#include "coordination/server_main.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "base/daemonize.h"
#include "base/log4j_logger.h"
#include "base/process_list.h"
#include "coordination/config.h"
#include "coordination/server.h"

namespace odradek::coordination {

int run_zookeeper_server_start(const server_start_options& opts, std::ostream& out, std::ostream& err) {
    if (opts.daemon) {
        auto role = daemonize("zookeeper.out", err);
        if (role != daemon_role::child) return role == daemon_role::failed ? 1 : 0;
    }
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out, true);
    auto main_log = make_log4j_logger("odradek.coordination.server_main", sink);
    auto cfg = load_server_config(opts.config_file);
    if (!cfg) {
        main_log->error("Invalid config, exiting abnormally: {}", cfg.err().message());
        return 2;
    }
    main_log->info("Reading configuration from: {}", opts.config_file);
    if (!cfg->ignored_keys.empty()) {
        std::string keys;
        for (const auto& k : cfg->ignored_keys) keys += (keys.empty() ? "" : ", ") + k;
        main_log->info("Ignoring {}: there is no admin server", keys);
    }
    for (const auto& k : cfg->unknown_keys) main_log->info("Ignoring unknown configuration key {}", k);
    main_log->info("Starting standalone server, pid {}", ::getpid());

    asio::io_context io(1);
    auto server_log = make_log4j_logger("odradek.coordination.zk_server", sink);
    zk_server server(io, *cfg, server_log);
    if (auto st = server.start(); !st) {
        main_log->error("Unable to start the server: {}", st.err().message());
        server.stop();
        return 1;
    }
    asio::signal_set signals(io, SIGTERM, SIGINT);
    signals.async_wait([&](const std::error_code& ec, int sig) {
        if (ec) return;
        main_log->info("Received signal {}, shutting down", sig);
        server.stop();
    });
    try {
        io.run();
    } catch (const std::exception& e) {
        main_log->error("Unexpected error, exiting: {}", e.what());
        server.stop();
        return 1;
    }
    server.stop();
    if (server.failed()) return 1;
    main_log->info("Server stopped cleanly");
    return 0;
}

int run_zookeeper_server_stop(const server_stop_options& opts, std::ostream& out, std::ostream& err) {
    std::vector<pid_t> pids;
    for (const auto& p : find_processes(opts.proc_root, "zookeeper-server-start")) pids.push_back(p.pid);
    if (pids.empty()) {
        out << "No zookeeper server to stop\n";
        return 1;
    }
    int rc = 0;
    for (pid_t pid : pids) {
        if (::kill(pid, opts.signal) != 0) {
            err << "cannot signal process " << pid << "\n";
            rc = 1;
        }
    }
    return rc;
}

}  // namespace odradek::coordination
