#pragma once
// Whole-message helpers over the generated structs (protocol/messages/*.h):
// decode a body that must be exactly one message, encode one into a buffer.
//
// Lifetime: a decoded message owns its strings and arrays, but record sets
// (`records` fields, std::optional<byte_span>) are views into `body`, so the
// buffer must outlive the message. That keeps a Produce request zero-copy.

#include <cstdint>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "protocol/errc.h"
#include "protocol/frame.h"
#include "protocol/header.h"
#include "protocol/reader.h"
#include "protocol/writer.h"

namespace odradek::protocol {

// Decodes `body` as message M at `version`. Fails with unsupported_version
// outside M's range, with the reader's error on malformed input, and with
// trailing_bytes if the message ends before the body does.
template <typename M>
result<M> decode_message(byte_span body, int16_t version) {
    if (version < M::kMinVersion || version > M::kMaxVersion)
        return error(errc::unsupported_version, "version " + std::to_string(version));
    reader r(body);
    M m;
    m.decode(r, version);
    if (!r.ok()) return error(r.error(), "at byte " + std::to_string(r.position()));
    if (r.remaining() != 0) return error(errc::trailing_bytes, std::to_string(r.remaining()) + " bytes");
    return m;
}

// Appends the encoding of `m` at `version` to `out`. The version must be in
// M's range (a broker only answers versions it advertised).
template <typename M>
void encode_message(const M& m, int16_t version, byte_buffer& out) {
    writer w(out);
    m.encode(w, version);
}

// Appends a whole response frame: size prefix, the response header version
// that goes with (M's api key, version), and the body.
template <typename M>
void append_response_frame(int32_t correlation_id, const M& m, int16_t version, byte_buffer& out) {
    static_assert(!M::kIsRequest);
    size_t start = begin_frame(out);
    writer w(out);
    encode_response_header(response_header{correlation_id, {}},
                           response_header_version(int16_t(M::kApiKey), version), w);
    m.encode(w, version);
    end_frame(out, start);
}

// As above, with record sets written by reference: `splicer` claims the
// placeholder spans of `m` and `spliced_bytes` is the total size of their real
// bytes, counted in the size prefix though not appended to `out`.
template <typename M>
void append_response_frame(int32_t correlation_id, const M& m, int16_t version, byte_buffer& out,
                           records_splicer& splicer, int64_t spliced_bytes) {
    static_assert(!M::kIsRequest);
    size_t start = begin_frame(out);
    writer w(out, &splicer);
    encode_response_header(response_header{correlation_id, {}},
                           response_header_version(int16_t(M::kApiKey), version), w);
    m.encode(w, version);
    end_frame(out, start, spliced_bytes);
}

// Appends a whole request frame; the header's api key and version must be M's.
template <typename M>
void append_request_frame(const request_header& h, const M& m, byte_buffer& out) {
    static_assert(M::kIsRequest);
    size_t start = begin_frame(out);
    writer w(out);
    encode_request_header(h, request_header_version(h.api_key, h.api_version), w);
    m.encode(w, h.api_version);
    end_frame(out, start);
}

}  // namespace odradek::protocol
