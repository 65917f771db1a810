#pragma once
// The network side of the standalone server: standalone Asio with C++20
// coroutines on one io_context thread, plus the sync thread of durable_log.
//
// Per connection: a reader coroutine (4-byte length, then the packet; the first
// packet is a ConnectRequest or a four-letter word) and a writer coroutine that
// sends queued packets once the zxid they reveal is durable. A length < 0 or >
// jute.maxbuffer, an undecodable ConnectRequest or header, or any I/O error
// closes that connection only. maxClientCnxns limits connections per client IP.
//
// start() recovers the data directory, takes a snapshot if it replayed
// anything, binds and starts serving; stop() closes the listener and every
// connection and makes all logged txns durable. Sessions survive a stop.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <asio.hpp>
#include <spdlog/logger.h>

#include "base/result.h"
#include "coordination/config.h"
#include "coordination/durable_log.h"
#include "coordination/engine.h"

namespace odradek::coordination {

class zk_server final : private output_sink {
public:
    zk_server(asio::io_context& io, server_config cfg, std::shared_ptr<spdlog::logger> log);
    ~zk_server() override;

    status start();
    uint16_t port() const noexcept { return port_; }
    void stop();
    // True after a failed fsync: the server stopped itself.
    bool failed() const noexcept { return failed_; }

private:
    struct connection;

    void send(uint64_t conn, byte_buffer framed, int64_t visible_zxid) override;
    void close_after_flush(uint64_t conn) override;

    asio::awaitable<void> accept_loop();
    asio::awaitable<void> read_loop(std::shared_ptr<connection> c);
    asio::awaitable<void> write_loop(std::shared_ptr<connection> c);
    asio::awaitable<void> tick_loop();
    asio::awaitable<void> purge_loop();
    void finish(const std::shared_ptr<connection>& c);
    void on_durable(int64_t zxid, const status& st);
    void maybe_snapshot();
    clock_reading now() const;

    asio::io_context& io_;
    server_config cfg_;
    std::shared_ptr<spdlog::logger> log_;
    engine engine_;
    std::unique_ptr<durable_log> durable_;
    asio::ip::tcp::acceptor acceptor_;
    asio::steady_timer tick_timer_;
    asio::steady_timer purge_timer_;
    std::map<uint64_t, std::shared_ptr<connection>> conns_;
    std::map<std::string, int> per_ip_;
    std::string snap_dir_, log_dir_;
    uint64_t next_conn_ = 1;
    int64_t durable_zxid_ = 0;
    // The request being handled by the engine right now, for latency stamping.
    struct answering {
        uint64_t conn = 0;
        std::chrono::steady_clock::time_point arrived;
        bool stamped = false;
    } answering_;
    uint16_t port_ = 0;
    bool stopped_ = false;
    bool failed_ = false;
};

}  // namespace odradek::coordination
