#pragma once
// Errors of the protocol module: why bytes from the network are not a valid
// Kafka frame, header or message. These are decode failures; the Kafka error
// codes a broker sends back to clients are data, see error_code.h.

#include <system_error>

#include "base/error_category.h"

namespace odradek::protocol {

enum class errc {
    truncated = 1,        // input ended inside a field
    invalid_length,       // a length is negative (and not -1 for null) or exceeds the input left
    invalid_varint,       // a varint runs past 5 (or 10) bytes
    null_not_allowed,     // null where this version's field is not nullable
    trailing_bytes,       // bytes left after a complete message
    unsupported_version,  // api version outside what the message definition knows
    unknown_api_key,      // api key not in the API table
    invalid_tagged_field, // a tagged field's contents do not fill exactly its declared size
    frame_too_large,      // frame size above the caller's limit
    negative_frame_size,
};

const std::error_category& protocol_category() noexcept;
inline std::error_code make_error_code(errc e) noexcept { return {int(e), protocol_category()}; }

}  // namespace odradek::protocol

ODRADEK_ERRC_ENUM(odradek::protocol::errc)
