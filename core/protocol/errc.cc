#include "protocol/errc.h"

namespace odradek::protocol {

namespace {
const char* message(int v) {
    switch (errc(v)) {
        case errc::truncated: return "message is truncated";
        case errc::invalid_length: return "invalid length field";
        case errc::invalid_varint: return "malformed varint";
        case errc::null_not_allowed: return "null value in a non-nullable field";
        case errc::trailing_bytes: return "unexpected bytes after the message";
        case errc::unsupported_version: return "unsupported api version";
        case errc::unknown_api_key: return "unknown api key";
        case errc::invalid_tagged_field: return "malformed tagged field";
        case errc::frame_too_large: return "frame exceeds the size limit";
        case errc::negative_frame_size: return "negative frame size";
    }
    return "unknown protocol error";
}
const simple_category category("protocol", message);
}  // namespace

const std::error_category& protocol_category() noexcept { return category; }

}  // namespace odradek::protocol
