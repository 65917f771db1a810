#pragma once
// Errors of the record module: what can be wrong with bytes claiming to be records.

#include <system_error>

#include "base/error_category.h"

namespace odradek::record {

enum class errc {
    truncated = 1,          // fewer bytes than the header or length field says
    bad_magic,              // magic byte not 0, 1 or 2
    bad_length,             // a length field is negative or inconsistent
    crc_mismatch,           // stored checksum differs from the computed one
    bad_record,             // a record inside a batch does not parse
    unsupported_compression,
    compression_failed,     // a codec rejected the data (compressing or decompressing)
    too_large,              // decompressed size exceeds the allowed bound
};

const std::error_category& record_category() noexcept;
inline std::error_code make_error_code(errc e) noexcept { return {int(e), record_category()}; }

}  // namespace odradek::record

ODRADEK_ERRC_ENUM(odradek::record::errc)
