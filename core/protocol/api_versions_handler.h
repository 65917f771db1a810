#pragma once
// ApiVersions as a pure function: a request in, the response bytes out, no I/O
// and no broker state other than the table of versions the broker serves.
//
// Version negotiation (KIP-511 behaviour, as Kafka 3.7 answers):
//  - a request version we serve: decode its body at that version; from v3 the
//    client software name and version must match [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?
//    or the answer is INVALID_REQUEST; otherwise error NONE and the table.
//  - a version we do not serve (typically a newer client): the body is not
//    decoded, and the answer is a v0 body with UNSUPPORTED_VERSION *and* the
//    table, so the client can retry with a version we list.
// The response header is always v0 (see header.h).

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "protocol/header.h"

namespace odradek::protocol {

// One supported API: the broker's handler table, not the codec's (a broker may
// serve fewer versions than the message definitions know).
struct api_version_range {
    int16_t key = 0;
    int16_t min_version = 0;
    int16_t max_version = 0;
};

// Every API of the codec's table (messages/api_keys.h) at its full range: what a
// broker advertises when its handlers serve every version the codec knows.
std::vector<api_version_range> codec_api_ranges();

// Appends the response header and body for the ApiVersions request `h` with
// body `body` to `out` (no size prefix; see frame.h). If `supported` has no
// ApiVersions (18) row, the codec's own range for it is used.
void handle_api_versions(const request_header& h, byte_span body,
                         std::span<const api_version_range> supported, byte_buffer& out);

// The KIP-511 pattern for client software names and versions.
bool valid_client_software_field(std::string_view s) noexcept;

}  // namespace odradek::protocol
