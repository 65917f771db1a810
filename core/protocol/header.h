#pragma once
// Request and response headers, which precede every message body in a frame.
//
//   request header v0   int16 api_key | int16 api_version | int32 correlation_id
//   request header v1   v0 | client_id (nullable string, int16 length, never compact)
//   request header v2   v1 | tagged fields
//   response header v0  int32 correlation_id
//   response header v1  v0 | tagged fields
//
// Which version goes with a request follows from the API table: v2/v1 from an
// API's first flexible version on, v1/v0 before it. Two exceptions Kafka keeps
// for compatibility: ApiVersions responses always use response header v0 (a
// client that sent a version we reject must still read our error), and
// ControlledShutdown v0 requests use request header v0.

#include <cstdint>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "protocol/messages/api_keys.h"
#include "protocol/reader.h"
#include "protocol/tagged_fields.h"
#include "protocol/writer.h"

namespace odradek::protocol {

// The row of kApiTable for `key`, or nullptr when this build has no such API.
const api_info* find_api(int16_t key) noexcept;

// True when `version` of `key` uses the flexible (compact, tagged) encoding.
// Versions above the table's maximum count as flexible from the first flexible
// version on, as in Kafka, so a newer client's header still parses.
bool is_flexible(int16_t key, int16_t version) noexcept;

// Header versions (0-2 for requests, 0-1 for responses). An unknown api key
// gets request header v1 and response header v0, enough to read the
// correlation id and client id of a request we will refuse.
int16_t request_header_version(int16_t key, int16_t version) noexcept;
int16_t response_header_version(int16_t key, int16_t version) noexcept;

struct request_header {
    int16_t api_key = 0;
    int16_t api_version = 0;
    int32_t correlation_id = 0;
    std::optional<std::string> client_id;     // v1+
    tagged_field_list unknown_tagged_fields;  // v2

    friend bool operator==(const request_header&, const request_header&) = default;
};

struct response_header {
    int32_t correlation_id = 0;
    tagged_field_list unknown_tagged_fields;  // v1

    friend bool operator==(const response_header&, const response_header&) = default;
};

// A request frame split into its header and the body that follows it.
// `body` views the frame payload passed to decode_request.
struct request_frame {
    request_header header;
    int16_t header_version = 0;
    byte_span body;
};

// Decodes the header at the front of a frame payload (size prefix removed),
// choosing the header version from its api key and version.
result<request_frame> decode_request(byte_span payload);

void encode_request_header(const request_header& h, int16_t header_version, writer& w);
void encode_response_header(const response_header& h, int16_t header_version, writer& w);

// Header decoders over a reader, for clients and tests; errors are sticky in `r`.
request_header decode_request_header(reader& r, int16_t header_version);
response_header decode_response_header(reader& r, int16_t header_version);

}  // namespace odradek::protocol
