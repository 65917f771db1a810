#include "record/errc.h"

namespace odradek::record {

namespace {
const char* message(int v) {
    switch (errc(v)) {
        case errc::truncated: return "record data is truncated";
        case errc::bad_magic: return "unknown record batch magic";
        case errc::bad_length: return "invalid record batch length";
        case errc::crc_mismatch: return "record batch CRC mismatch";
        case errc::bad_record: return "malformed record";
        case errc::unsupported_compression: return "unsupported compression codec";
        case errc::compression_failed: return "compression codec failed";
        case errc::too_large: return "decompressed records exceed the size limit";
    }
    return "unknown record error";
}
const simple_category category("record", message);
}  // namespace

const std::error_category& record_category() noexcept { return category; }

}  // namespace odradek::record
