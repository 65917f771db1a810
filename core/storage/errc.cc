#include "storage/errc.h"

namespace odradek::storage {

namespace {
const char* message(int v) {
    switch (errc(v)) {
        case errc::io: return "I/O error";
        case errc::not_found: return "no such file or directory";
        case errc::already_exists: return "file already exists";
        case errc::corrupt_index: return "corrupt index file";
        case errc::corrupt_checkpoint: return "malformed checkpoint file";
        case errc::corrupt_message: return "corrupt record batch";
        case errc::invalid_record: return "invalid record batch";
        case errc::record_too_large: return "record batch larger than max.message.bytes";
        case errc::record_set_too_large: return "record set larger than segment.bytes";
        case errc::unsupported_magic: return "only magic v2 record batches are stored";
        case errc::offset_out_of_range: return "offset out of range";
        case errc::non_monotonic_offset: return "offsets are not monotonically increasing";
        case errc::index_full: return "index is full";
        case errc::log_offline: return "log is offline after an I/O error";
        case errc::invalid_argument: return "invalid argument";
        case errc::injected_fault: return "injected fault";
    }
    return "unknown storage error";
}
const simple_category category("storage", message);
}  // namespace

const std::error_category& storage_category() noexcept { return category; }

}  // namespace odradek::storage
