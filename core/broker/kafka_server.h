#pragma once
// kafka_server: one broker, Kafka's KafkaServer (ZooKeeper mode). It owns
// every part and starts them in Kafka's order:
//   1. ZooKeeper session, persistent paths, cluster id (zk_metadata);
//   2. log directories: locks, meta.properties, logs (log_manager);
//   3. listeners bound (a port in use fails here, before registration);
//   4. broker registered under /brokers/ids/<id>; the watch thread starts,
//      elects a controller and brings this broker's partitions online;
//   5. the request handlers (kafka_apis) go live and the doors open;
//      then "[KafkaServer id=N] started".
// shutdown() reverses it: stop accepting, leave ZooKeeper (controller role
// and registration go with the session), close the logs cleanly (checkpoints,
// clean-shutdown marker) so the next start needs no recovery.
//
// Threads: num.network.threads run the io_context (connections, handlers);
// a pool of num.io.threads runs blocking admin work (ZooKeeper calls); one
// scheduler thread runs the periodic log tasks; zk_metadata has its own.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <asio.hpp>
#include <spdlog/logger.h>
#include <spdlog/sinks/sink.h>

#include "base/result.h"
#include "config/broker_config.h"

namespace odradek::broker {

class kafka_apis;
class log_manager;
class replica_manager;
class metadata_cache;
class zk_metadata;
class socket_server;
class scheduler;
struct cluster_view;

class kafka_server {
public:
    kafka_server(config::broker_config cfg, spdlog::sink_ptr sink);
    ~kafka_server();

    // Starts everything; an error names what failed. After an error call
    // shutdown() to release what was started.
    status startup();
    // Asks the server to stop (signal handler thread); await_shutdown returns.
    void request_shutdown();
    void await_shutdown();
    // Idempotent.
    void shutdown();
    bool failed() const noexcept { return failed_; }

    // Bound port of the first listener (tests with port 0).
    uint16_t bound_port() const;

private:
    struct parts;
    // Brings this broker's partitions in line with the cluster view (the
    // zk-metadata thread): lead, follow, stop, delete.
    void apply_view(const cluster_view& v, spdlog::logger& log);
    // The leader's ISR shrink/expand, written to ZooKeeper (scheduler thread).
    void maintain_isr(int64_t lag_ms, spdlog::logger& log);

    config::broker_config cfg_;
    spdlog::sink_ptr sink_;
    std::shared_ptr<spdlog::logger> log_;
    std::unique_ptr<parts> p_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_requested_ = false;
    bool started_ = false;
    bool shut_down_ = false;
    std::atomic<bool> failed_{false};
};

}  // namespace odradek::broker
