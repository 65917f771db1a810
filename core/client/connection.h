#pragma once
// connection: one TCP connection to one broker, used by one thread at a time.
//
// open() connects and negotiates versions with ApiVersions (v3, falling back
// to the version the broker names when it answers UNSUPPORTED_VERSION, as
// Kafka's clients do). call() then sends one request and waits for its
// response: a blocking client keeps at most one request in flight per
// connection, so responses arrive in order and the correlation id only
// guards against a confused peer.
//
// Version choice: for each API the version used is min(the highest this
// client speaks, the highest the broker advertises); a broker whose range
// does not reach the client's lowest gives errc::unsupported_version.
//
// After any transport error (disconnect, timeout, bad frame) the connection is
// broken: usable() turns false and the owner should drop it.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "base/bytes.h"
#include "base/result.h"
#include "client/errc.h"
#include "client/socket.h"
#include "protocol/message.h"
#include "protocol/messages/api_keys.h"

namespace odradek::client {

struct connection_options {
    std::string client_id = "odradek-client";
    // Largest response frame accepted (a Fetch answer is bounded by fetch.max.bytes).
    int32_t max_response_bytes = 256 << 20;
    const std::atomic<bool>* cancel = nullptr;  // raised: blocked calls end with errc::cancelled
};

// A decoded response. Record sets in `body` are views into `bytes`, which is
// shared so that copies of the response stay valid.
template <typename M>
struct response {
    std::shared_ptr<const byte_buffer> bytes;
    M body;
};

class connection {
public:
    // Connects to host:port before `deadline` and runs the ApiVersions
    // handshake. `node_id` is the broker id (negative for bootstrap servers).
    static result<std::unique_ptr<connection>> open(int32_t node_id, const std::string& host, int32_t port,
                                                     const connection_options& opts, time_point deadline);

    int32_t node_id() const noexcept { return node_id_; }
    const std::string& remote_address() const noexcept { return socket_.remote_address(); }
    bool usable() const noexcept { return socket_.is_open(); }
    // The correlation id of the request sent last (Kafka's log lines name it).
    int32_t last_correlation_id() const noexcept { return next_correlation_id_ - 1; }

    // Every API the broker advertised: api key -> [min, max].
    const std::map<int16_t, std::pair<int16_t, int16_t>>& all_broker_versions() const noexcept { return versions_; }
    // The broker's [min, max] for an API, or nullopt when it does not offer it.
    std::optional<std::pair<int16_t, int16_t>> broker_versions(protocol::api_key key) const;

    // The version to use for request type Req, capped at `cap`.
    template <typename Req>
    result<int16_t> version_for(int16_t cap = Req::kMaxVersion) const {
        return pick_version(Req::kApiKey, Req::kMinVersion, std::min<int16_t>(cap, Req::kMaxVersion));
    }
    result<int16_t> pick_version(protocol::api_key key, int16_t our_min, int16_t our_max) const;

    // Sends `req` at `version` and waits for the response until `deadline`.
    template <typename Resp, typename Req>
    result<response<Resp>> call(const Req& req, int16_t version, time_point deadline) {
        static_assert(Req::kIsRequest && !Resp::kIsRequest && Req::kApiKey == Resp::kApiKey);
        protocol::request_header h = next_header(Req::kApiKey, version);
        byte_buffer frame;
        protocol::append_request_frame(h, req, frame);
        ODRADEK_TRY_ASSIGN(auto body, exchange(frame, h, /*expect_response=*/true, deadline));
        response<Resp> r;
        r.bytes = body.first;
        // Bytes after the message are ignored, as Kafka's clients ignore them
        // (some brokers append fields of a newer version).
        protocol::reader rd(body.second);
        r.body.decode(rd, version);
        if (!rd.ok()) {
            socket_.close();
            return error(errc::bad_response, std::string(api_name(Req::kApiKey)) + " v" + std::to_string(version) +
                                                 " response: " + error(rd.error()).message() + " at byte " +
                                                 std::to_string(rd.position()));
        }
        return r;
    }

    // Sends a request that gets no response (Produce with acks=0).
    template <typename Req>
    status send_only(const Req& req, int16_t version, time_point deadline) {
        protocol::request_header h = next_header(Req::kApiKey, version);
        byte_buffer frame;
        protocol::append_request_frame(h, req, frame);
        ODRADEK_TRY(exchange(frame, h, /*expect_response=*/false, deadline));
        return ok();
    }

    void close() noexcept { socket_.close(); }

private:
    connection(int32_t node_id, tcp_socket s, const connection_options& opts)
        : node_id_(node_id), socket_(std::move(s)), opts_(opts) {}

    static std::string_view api_name(protocol::api_key key);
    protocol::request_header next_header(protocol::api_key key, int16_t version);
    status negotiate(time_point deadline);
    // Writes `frame`; when expect_response, reads frames until the one
    // answering `h` and returns it with its body (after the response header).
    result<std::pair<std::shared_ptr<const byte_buffer>, byte_span>> exchange(const byte_buffer& frame,
                                                                             const protocol::request_header& h,
                                                                             bool expect_response,
                                                                             time_point deadline);

    int32_t node_id_;
    tcp_socket socket_;
    connection_options opts_;
    int32_t next_correlation_id_ = 0;
    std::map<int16_t, std::pair<int16_t, int16_t>> versions_;  // api key -> broker's [min, max]
};

}  // namespace odradek::client
