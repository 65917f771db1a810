#include "client/connection.h"

#include <algorithm>
#include <cctype>

#include "protocol/header.h"
#include "protocol/messages/api_versions.h"

namespace odradek::client {

namespace {
// ApiVersions v3 requires a client software name and version matching
// [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?.
constexpr const char* kSoftwareName = "odradek";
constexpr const char* kSoftwareVersion = "0.1.0";
}  // namespace

std::string_view connection::api_name(protocol::api_key key) {
    const protocol::api_info* info = protocol::find_api(int16_t(key));
    return info != nullptr ? info->name : std::string_view("request");
}

protocol::request_header connection::next_header(protocol::api_key key, int16_t version) {
    protocol::request_header h;
    h.api_key = int16_t(key);
    h.api_version = version;
    h.correlation_id = next_correlation_id_++;
    if (next_correlation_id_ < 0) next_correlation_id_ = 0;
    h.client_id = opts_.client_id;
    return h;
}

result<std::unique_ptr<connection>> connection::open(int32_t node_id, const std::string& host, int32_t port,
                                                     const connection_options& opts, time_point deadline) {
    ODRADEK_TRY_ASSIGN(tcp_socket s, tcp_socket::connect(host, port, deadline, opts.cancel));
    std::unique_ptr<connection> c(new connection(node_id, std::move(s), opts));
    ODRADEK_TRY(c->negotiate(deadline));
    return c;
}

status connection::negotiate(time_point deadline) {
    using protocol::api_versions_request;
    using protocol::api_versions_response;
    int16_t version = api_versions_request::kMaxVersion;
    for (int attempt = 0; attempt < 3; ++attempt) {
        api_versions_request req;
        req.client_software_name = kSoftwareName;
        req.client_software_version = kSoftwareVersion;
        protocol::request_header h = next_header(protocol::api_key::api_versions, version);
        byte_buffer frame;
        protocol::append_request_frame(h, req, frame);
        ODRADEK_TRY_ASSIGN(auto body, exchange(frame, h, true, deadline));
        // Every ApiVersions version starts with the int16 error code.
        if (body.second.size() < 2) {
            socket_.close();
            return error(errc::bad_response, "ApiVersions response of " + std::to_string(body.second.size()) + " bytes");
        }
        int16_t code = load_be<int16_t>(body.second.data());
        if (code == int16_t(protocol::error_code::unsupported_version)) {
            // A broker that does not know our version answers at v0 with its
            // own ApiVersions range (Kafka); we retry at that version, or at
            // v0 when the answer does not say (some brokers encode it oddly).
            int16_t broker_max = 0;
            if (auto v0 = protocol::decode_message<api_versions_response>(body.second, 0)) {
                for (const auto& k : v0->api_keys)
                    if (k.api_key == int16_t(protocol::api_key::api_versions)) broker_max = k.max_version;
            }
            if (version == 0) {
                socket_.close();
                return error(errc::unsupported_version, "ApiVersions");
            }
            version = std::min<int16_t>(broker_max, int16_t(version - 1));
            continue;
        }
        auto decoded = protocol::decode_message<api_versions_response>(body.second, version);
        if (!decoded) {
            socket_.close();
            return error(errc::bad_response, "ApiVersions response: " + decoded.err().message());
        }
        if (decoded->error_code != 0) {
            socket_.close();
            return kafka_error(decoded->error_code);
        }
        versions_.clear();
        for (const auto& k : decoded->api_keys) versions_[k.api_key] = {k.min_version, k.max_version};
        return ok();
    }
    socket_.close();
    return error(errc::unsupported_version, "ApiVersions");
}

std::optional<std::pair<int16_t, int16_t>> connection::broker_versions(protocol::api_key key) const {
    auto it = versions_.find(int16_t(key));
    if (it == versions_.end()) return std::nullopt;
    return it->second;
}

result<int16_t> connection::pick_version(protocol::api_key key, int16_t our_min, int16_t our_max) const {
    // Kafka names APIs by their ApiKeys enum constant in these messages.
    std::string name;
    for (char ch : api_name(key)) {
        if (std::isupper(static_cast<unsigned char>(ch)) && !name.empty()) name += '_';
        name += char(std::toupper(static_cast<unsigned char>(ch)));
    }
    auto range = broker_versions(key);
    if (!range) return error(errc::unsupported_version, "The broker does not support " + name);
    int16_t v = std::min(our_max, range->second);
    if (v < our_min || v < range->first)
        return error(errc::unsupported_version, "The broker does not support " + name + " with version in range [" +
                                                    std::to_string(our_min) + "," + std::to_string(our_max) +
                                                    "]. The supported range is [" + std::to_string(range->first) +
                                                    "," + std::to_string(range->second) + "].");
    return v;
}

result<std::pair<std::shared_ptr<const byte_buffer>, byte_span>> connection::exchange(
    const byte_buffer& frame, const protocol::request_header& h, bool expect_response, time_point deadline) {
    if (!socket_.is_open()) return error(errc::disconnected, "connection to node " + std::to_string(node_id_) + " is closed");
    status w = socket_.write_all(frame, deadline, opts_.cancel);
    if (!w) {
        socket_.close();
        return std::move(w).err();
    }
    if (!expect_response) return std::pair<std::shared_ptr<const byte_buffer>, byte_span>{};
    int16_t header_version = protocol::response_header_version(h.api_key, h.api_version);
    for (;;) {
        uint8_t size_bytes[4];
        status r = socket_.read_exact(size_bytes, deadline, opts_.cancel);
        if (!r) {
            socket_.close();
            return std::move(r).err();
        }
        int32_t size = load_be<int32_t>(size_bytes);
        if (size < 4 || size > opts_.max_response_bytes) {
            socket_.close();
            return error(errc::bad_response, "response frame of " + std::to_string(size) + " bytes");
        }
        auto buf = std::make_shared<byte_buffer>(size_t(size));
        r = socket_.read_exact(*buf, deadline, opts_.cancel);
        if (!r) {
            socket_.close();
            return std::move(r).err();
        }
        protocol::reader rd(*buf);
        protocol::response_header rh = protocol::decode_response_header(rd, header_version);
        if (!rd.ok()) {
            socket_.close();
            return error(errc::bad_response, "response header");
        }
        if (rh.correlation_id == h.correlation_id) {
            byte_span body = byte_span(*buf).subspan(rd.position());
            return std::pair<std::shared_ptr<const byte_buffer>, byte_span>{std::move(buf), body};
        }
        // A response to an older request (one whose wait was abandoned) is
        // skipped; anything newer means the peer is confused.
        if (rh.correlation_id > h.correlation_id) {
            socket_.close();
            return error(errc::bad_response, "correlation id " + std::to_string(rh.correlation_id) +
                                                 " answers no request (expected " +
                                                 std::to_string(h.correlation_id) + ")");
        }
    }
}

}  // namespace odradek::client
