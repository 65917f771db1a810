#include "coordination/server_main.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "coordination/config.h"
#include "coordination/server.h"

namespace odradek::coordination {

namespace {

// log4j's level names: INFO, WARN, ERROR, DEBUG, TRACE.
class log4j_level final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
        static constexpr std::string_view kNames[] = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"};
        auto name = kNames[size_t(msg.level)];
        dest.append(name.data(), name.data() + name.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<log4j_level>(); }
};

std::shared_ptr<spdlog::logger> make_logger(const std::string& name, spdlog::sink_ptr sink) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<log4j_level>('*').set_pattern("[%Y-%m-%d %H:%M:%S,%e] %* %v (%n)");
    auto logger = std::make_shared<spdlog::logger>(name, sink);
    logger->set_formatter(std::move(formatter));
    logger->set_level(spdlog::level::info);
    logger->flush_on(spdlog::level::info);
    return logger;
}

// Forks and detaches; returns true in the child. The parent returns false.
bool daemonize(std::ostream& err, bool& failed) {
    failed = false;
    std::string dir = std::getenv("LOG_DIR") ? std::getenv("LOG_DIR") : "logs";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    std::string file = dir + "/zookeeper.out";
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        err << "cannot open " << file << "\n";
        failed = true;
        return false;
    }
    pid_t pid = ::fork();
    if (pid < 0) {
        err << "cannot fork\n";
        failed = true;
        ::close(fd);
        return false;
    }
    if (pid > 0) {
        ::close(fd);
        return false;
    }
    ::setsid();
    int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) {
        ::dup2(null, 0);
        ::close(null);
    }
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::close(fd);
    return true;
}

}  // namespace

int run_zookeeper_server_start(const server_start_options& opts, std::ostream& out, std::ostream& err) {
    if (opts.daemon) {
        bool failed = false;
        if (!daemonize(err, failed)) return failed ? 1 : 0;
    }
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out, true);
    auto main_log = make_logger("odradek.coordination.server_main", sink);
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
    auto server_log = make_logger("odradek.coordination.zk_server", sink);
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
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(opts.proc_root, ec)) {
        std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        pid_t pid = pid_t(std::stol(name));
        if (pid == ::getpid()) continue;
        std::ifstream in(entry.path() / "cmdline", std::ios::binary);
        std::string argv0;
        std::getline(in, argv0, '\0');
        if (std::filesystem::path(argv0).filename() == "zookeeper-server-start") pids.push_back(pid);
    }
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
