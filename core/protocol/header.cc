#include "protocol/header.h"

#include <algorithm>
#include <iterator>

namespace odradek::protocol {

namespace {
constexpr int16_t kControlledShutdownKey = 7;
constexpr int16_t kApiVersionsKey = 18;
}  // namespace

const api_info* find_api(int16_t key) noexcept {
    for (const auto& a : kApiTable)
        if (int16_t(a.key) == key) return &a;
    return nullptr;
}

bool is_flexible(int16_t key, int16_t version) noexcept {
    const api_info* a = find_api(key);
    return a && a->first_flexible >= 0 && version >= a->first_flexible;
}

int16_t request_header_version(int16_t key, int16_t version) noexcept {
    if (key == kControlledShutdownKey && version == 0) return 0;
    return is_flexible(key, version) ? 2 : 1;
}

int16_t response_header_version(int16_t key, int16_t version) noexcept {
    if (key == kApiVersionsKey) return 0;
    return is_flexible(key, version) ? 1 : 0;
}

request_header decode_request_header(reader& r, int16_t header_version) {
    request_header h;
    h.api_key = r.read_int16();
    h.api_version = r.read_int16();
    h.correlation_id = r.read_int32();
    if (header_version >= 1) h.client_id = r.read_nullable_string();
    if (header_version >= 2) read_tagged_fields(r, h.unknown_tagged_fields, [](uint32_t, reader&) { return false; });
    return h;
}

response_header decode_response_header(reader& r, int16_t header_version) {
    response_header h;
    h.correlation_id = r.read_int32();
    if (header_version >= 1) read_tagged_fields(r, h.unknown_tagged_fields, [](uint32_t, reader&) { return false; });
    return h;
}

result<request_frame> decode_request(byte_span payload) {
    if (payload.size() < 4) return error(errc::truncated, "request header");
    int16_t key = load_be<int16_t>(payload.data());
    int16_t version = load_be<int16_t>(payload.data() + 2);
    request_frame f;
    f.header_version = request_header_version(key, version);
    reader r(payload);
    f.header = decode_request_header(r, f.header_version);
    if (!r.ok()) return error(r.error(), "request header");
    f.body = r.rest();
    return f;
}

void encode_request_header(const request_header& h, int16_t header_version, writer& w) {
    w.write_int16(h.api_key);
    w.write_int16(h.api_version);
    w.write_int32(h.correlation_id);
    if (header_version >= 1) w.write_nullable_string(h.client_id);
    if (header_version >= 2) tagged_section_writer{}.finish(w, h.unknown_tagged_fields);
}

void encode_response_header(const response_header& h, int16_t header_version, writer& w) {
    w.write_int32(h.correlation_id);
    if (header_version >= 1) tagged_section_writer{}.finish(w, h.unknown_tagged_fields);
}

}  // namespace odradek::protocol
