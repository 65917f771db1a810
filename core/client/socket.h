#pragma once
// tcp_socket: one TCP connection with deadlines, for a blocking client.
//
// The socket is non-blocking underneath and every wait is a poll() of at most
// kCancelSliceMs, so a caller's cancel flag (set from a signal handler or
// another thread) ends a connect, send or receive promptly with
// errc::cancelled. Deadlines are steady_clock time points.
//
// Not thread-safe: one thread uses a socket at a time.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "base/bytes.h"
#include "base/result.h"

namespace odradek::client {

using clock = std::chrono::steady_clock;
using time_point = clock::time_point;
using millis = std::chrono::milliseconds;

// How often a blocked call looks at the cancel flag.
inline constexpr int kCancelSliceMs = 50;

class tcp_socket {
public:
    tcp_socket() = default;
    ~tcp_socket();
    tcp_socket(tcp_socket&& o) noexcept;
    tcp_socket& operator=(tcp_socket&& o) noexcept;
    tcp_socket(const tcp_socket&) = delete;
    tcp_socket& operator=(const tcp_socket&) = delete;

    // Resolves `host` and connects to its addresses in order until one accepts.
    // On failure the error's detail is the address tried last in Java's
    // InetSocketAddress form ("localhost/127.0.0.1:9092", "/127.0.0.1:9092",
    // or "host:port" when the name does not resolve); errc::connection_failed,
    // errc::timeout or errc::cancelled.
    static result<tcp_socket> connect(const std::string& host, int32_t port, time_point deadline,
                                      const std::atomic<bool>* cancel);

    status write_all(byte_span data, time_point deadline, const std::atomic<bool>* cancel);
    status read_exact(mutable_byte_span out, time_point deadline, const std::atomic<bool>* cancel);

    bool is_open() const noexcept { return fd_ >= 0; }
    void close() noexcept;
    // The peer in Java's InetSocketAddress form, e.g. "localhost/127.0.0.1:9092".
    const std::string& remote_address() const noexcept { return remote_; }

private:
    // Waits for `events` on the socket; ok when ready.
    status wait(short events, time_point deadline, const std::atomic<bool>* cancel, const char* what);

    int fd_ = -1;
    std::string remote_;
};

// Java's rendering of a resolved socket address: "host/ip:port", or "/ip:port"
// when `host` is itself the IP literal.
std::string java_socket_address(const std::string& host, const std::string& ip, int32_t port);

}  // namespace odradek::client
