#pragma once
// Errors of the storage module. Several map one-to-one onto Kafka error codes
// that the broker returns to clients (noted on the right).

#include <system_error>

#include "base/error_category.h"

namespace odradek::storage {

enum class errc {
    io = 1,                 // a system call failed (detail names the path and errno text)
    not_found,              // a file or directory does not exist
    already_exists,         // create_new on an existing path
    corrupt_index,          // an .index/.timeindex failed its sanity check
    corrupt_checkpoint,     // a checkpoint file does not parse
    corrupt_message,        // CORRUPT_MESSAGE (2): bad batch header or CRC in an append
    invalid_record,         // INVALID_RECORD (87): batch fields are inconsistent
    record_too_large,       // MESSAGE_TOO_LARGE (10): batch over max.message.bytes
    record_set_too_large,   // RECORD_LIST_TOO_LARGE (18): append over segment.bytes
    unsupported_magic,      // only magic v2 batches are stored
    offset_out_of_range,    // OFFSET_OUT_OF_RANGE (1)
    non_monotonic_offset,   // a follower append whose offsets go backwards
    index_full,             // appending to a full index (a caller bug: should have rolled)
    log_offline,            // KAFKA_STORAGE_ERROR (56): an earlier I/O error took the log offline
    invalid_argument,       // a caller passed a value outside the contract
    injected_fault,         // only from fault_file_system: a simulated failure
};

const std::error_category& storage_category() noexcept;
inline std::error_code make_error_code(errc e) noexcept { return {int(e), storage_category()}; }

}  // namespace odradek::storage

ODRADEK_ERRC_ENUM(odradek::storage::errc)
