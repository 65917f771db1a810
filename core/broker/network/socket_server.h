#pragma once
// socket_server: Kafka's SocketServer on standalone Asio with C++20 coroutines.
// One acceptor per listener; per connection one coroutine that reads a frame,
// runs its handler, writes the response and reads the next. Like Kafka, a
// connection has one request in flight (its channel is muted until the
// response is sent), which keeps responses in request order; clients that
// pipeline get their answers in order too.
//
// A frame over socket.request.max.bytes, a negative size, an undecodable
// header, an unknown API key or a version outside a handler's range (except
// ApiVersions, whose handler answers any version) closes that connection only,
// as Kafka does; everyone else keeps being served.
//
// Responses are written with one gather write for the bytes before the first
// splice, then sendfile(2) for each file range, then the next bytes.
//
// Threading: the io_context may be run by several threads; a connection's
// coroutine never runs on two at once. Handlers must be thread-safe.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <asio.hpp>
#include <spdlog/logger.h>

#include "base/result.h"
#include "broker/network/request_context.h"

namespace odradek::broker {

struct listener_config {
    std::string name;  // "PLAINTEXT"
    std::string host;  // empty: every interface
    uint16_t port = 0; // 0: any free port (tests)
};

struct socket_server_config {
    std::vector<listener_config> listeners;
    int32_t max_request_bytes = 104857600;  // socket.request.max.bytes
    int32_t send_buffer_bytes = 102400;     // socket.send.buffer.bytes (-1: OS default)
    int32_t receive_buffer_bytes = 102400;  // socket.receive.buffer.bytes
    int64_t idle_timeout_ms = 600000;       // connections.max.idle.ms
};

class socket_server {
public:
    socket_server(asio::io_context& io, socket_server_config cfg, std::vector<api_handler> handlers,
                  std::shared_ptr<spdlog::logger> log);
    ~socket_server();

    // Binds every listener; errors name the address ("Socket server failed
    // to bind to 0.0.0.0:9092: Address already in use.").
    status bind();
    // Starts accepting (after bind; the broker opens the doors last).
    void start();
    // The bound port of listener `i` (after bind).
    uint16_t port(size_t i) const { return ports_.at(i); }
    // Stops accepting and closes every connection.
    void stop();

    uint64_t connection_count() const noexcept { return live_.load(); }

private:
    struct connection;
    asio::awaitable<void> accept_loop(size_t listener);
    asio::awaitable<void> serve(std::shared_ptr<connection> c);
    asio::awaitable<bool> write_response(connection& c, response& r);
    const api_handler* find(int16_t key) const;

    asio::io_context& io_;
    socket_server_config cfg_;
    std::vector<api_handler> handlers_;  // indexed by api key (fn empty: none)
    std::shared_ptr<spdlog::logger> log_;
    std::vector<std::unique_ptr<asio::ip::tcp::acceptor>> acceptors_;
    std::vector<uint16_t> ports_;
    std::mutex mu_;
    std::map<uint64_t, std::weak_ptr<connection>> conns_;
    uint64_t next_id_ = 1;
    std::atomic<uint64_t> live_{0};
    bool stopped_ = false;
};

}  // namespace odradek::broker
