#include "broker/server_main.h"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/ostream_sink.h>

#include "base/daemonize.h"
#include "base/log4j_logger.h"
#include "broker/kafka_server.h"
#include "config/broker_config.h"
#include "config/config_def.h"
#include "config/properties.h"

namespace odradek::broker {

namespace {

constexpr const char* kUsage = "USAGE: kafka-server-start [-daemon] server.properties [--override property=value]*";

void print_usage(std::ostream& err) {
    err << kUsage << "\n"
        << "Option                                   Description\n"
        << "------                                   -----------\n"
        << "--override <String>                      Optional property that should override values set in\n"
        << "                                           server.properties file\n"
        << "--version                                Print version information and exit.\n";
}

}  // namespace

int run_kafka_server_start(const std::vector<std::string>& argv_in, std::ostream& out, std::ostream& err) {
    std::vector<std::string> args;
    bool daemon = false;
    for (const auto& a : argv_in) {
        if (a == "-daemon" && args.empty()) {
            daemon = true;
            continue;
        }
        args.push_back(a);
    }
    if (args.empty() || std::find(args.begin(), args.end(), "--help") != args.end()) {
        print_usage(err);
        return 1;
    }
    if (std::find(args.begin(), args.end(), "--version") != args.end()) {
        out << "3.7.0 (Odradek " << ODRADEK_BROKER_VERSION << ")\n";
        return 0;
    }
    auto props = config::load_properties(args[0]);
    if (!props) {
        err << "Exiting Kafka due to fatal exception: cannot read the configuration file "
            << props.err().message() << "\n";
        return 1;
    }
    auto overrides = config::parse_override_args(std::span<const std::string>(args).subspan(1));
    if (!overrides) {
        err << overrides.err().message() << "\n";
        print_usage(err);
        return 1;
    }
    props->merge(*overrides);
    auto cfg = config::broker_config::create(*props);
    if (!cfg) {
        // Kafka: "Exiting Kafka due to fatal exception (kafka.Kafka$)" with the
        // ConfigException's text; ours names the key and value in one line.
        err << "Exiting Kafka due to fatal exception: " << cfg.err().message() << "\n";
        return 1;
    }

    if (daemon) {
        auto role = daemonize("kafkaServer.out", err);
        if (role != daemon_role::child) return role == daemon_role::failed ? 1 : 0;
    }

    // Console and $LOG_DIR/server.log, like Kafka's log4j.properties.
    auto sinks = std::make_shared<spdlog::sinks::dist_sink_mt>();
    sinks->add_sink(std::make_shared<spdlog::sinks::ostream_sink_mt>(out, true));
    std::string log_dir = log_dir_from_env();
    std::error_code ec;
    std::filesystem::create_directories(log_dir, ec);
    try {
        sinks->add_sink(std::make_shared<spdlog::sinks::basic_file_sink_mt>(log_dir + "/server.log"));
    } catch (const std::exception& e) {
        err << "Cannot write " << log_dir << "/server.log (" << e.what() << "); logging to the console only\n";
    }
    auto main_log = make_log4j_logger("kafka.Kafka$", sinks);

    // Signals are handled by a thread of our own: block them everywhere
    // before any thread starts, then wait for them synchronously.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    kafka_server server(std::move(*cfg), sinks);
    if (auto st = server.startup(); !st) {
        main_log->error("Exiting Kafka due to fatal exception during startup: {}", st.err().message());
        server.shutdown();
        return 1;
    }
    std::thread waiter([&] {
        for (;;) {
            int sig = 0;
            if (sigwait(&stop_signals, &sig) != 0) continue;
            if (sig == SIGHUP) continue;  // Kafka ignores SIGHUP (nohup)
            if (sig == -1) return;
            server.request_shutdown();
            return;
        }
    });
    server.await_shutdown();
    // Wake the signal thread if the server stopped on its own.
    if (waiter.joinable()) {
        pthread_kill(waiter.native_handle(), SIGTERM);
        waiter.join();
    }
    server.shutdown();
    return server.failed() ? 1 : 0;
}

}  // namespace odradek::broker
