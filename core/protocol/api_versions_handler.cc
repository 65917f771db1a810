#include "protocol/api_versions_handler.h"

#include "protocol/error_code.h"
#include "protocol/message.h"
#include "protocol/messages/api_versions.h"

namespace odradek::protocol {

namespace {

bool alnum(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

void fill_keys(api_versions_response& resp, std::span<const api_version_range> supported) {
    resp.api_keys.reserve(supported.size());
    for (const auto& s : supported) {
        auto& k = resp.api_keys.emplace_back();
        k.api_key = s.key;
        k.min_version = s.min_version;
        k.max_version = s.max_version;
    }
}

}  // namespace

std::vector<api_version_range> codec_api_ranges() {
    std::vector<api_version_range> out;
    for (const auto& a : kApiTable) out.push_back({int16_t(a.key), a.min_version, a.max_version});
    return out;
}

bool valid_client_software_field(std::string_view s) noexcept {
    if (s.empty() || !alnum(s.front()) || !alnum(s.back())) return false;
    for (char c : s)
        if (!alnum(c) && c != '-' && c != '.') return false;
    return true;
}

void handle_api_versions(const request_header& h, byte_span body,
                         std::span<const api_version_range> supported, byte_buffer& out) {
    int16_t lo = api_versions_request::kMinVersion;
    int16_t hi = api_versions_request::kMaxVersion;
    for (const auto& s : supported) {
        if (s.key == int16_t(api_key::api_versions)) {
            lo = s.min_version;
            hi = s.max_version;
        }
    }

    api_versions_response resp;
    int16_t version = h.api_version;
    if (version < lo || version > hi) {
        version = 0;
        resp.error_code = int16_t(error_code::unsupported_version);
        fill_keys(resp, supported);
    } else {
        auto req = decode_message<api_versions_request>(body, version);
        bool valid = req.has_value();
        if (valid && version >= 3) {
            valid = valid_client_software_field(req->client_software_name) &&
                    valid_client_software_field(req->client_software_version);
        }
        if (valid) {
            fill_keys(resp, supported);
        } else {
            resp.error_code = int16_t(error_code::invalid_request);
        }
    }

    writer w(out);
    encode_response_header(response_header{h.correlation_id, {}}, response_header_version(h.api_key, version), w);
    resp.encode(w, version);
}

}  // namespace odradek::protocol
