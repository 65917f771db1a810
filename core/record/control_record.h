#pragma once
// Control records: the single record of a control batch (attributes bit 5),
// written by the transaction coordinator to end a transaction.
//
//   key   (4 bytes):  version int16 (0) | type int16 (0 = ABORT, 1 = COMMIT)
//   value (6 bytes):  version int16 (0) | coordinator_epoch int32   (end-txn marker)
//
// Other types (2 leader change, 3/4 snapshot header/footer) belong to KRaft;
// they parse as control_type values we do not otherwise interpret.

#include <cstdint>
#include <optional>

#include "base/bytes.h"
#include "base/result.h"
#include "record/batch_builder.h"

namespace odradek::record {

enum class control_type : int16_t { abort = 0, commit = 1 };

inline constexpr int16_t kControlKeyVersion = 0;
inline constexpr int16_t kEndTxnMarkerVersion = 0;
inline constexpr size_t kControlKeySize = 4;
inline constexpr size_t kEndTxnMarkerSize = 6;

struct control_key {
    int16_t version = kControlKeyVersion;
    control_type type = control_type::abort;
};

struct end_txn_marker {
    int16_t version = kEndTxnMarkerVersion;
    int32_t coordinator_epoch = 0;
};

// Kafka rejects a negative version and keys shorter than 4 bytes; a null key
// is malformed too. Extra bytes (a newer version) are ignored.
result<control_key> parse_control_key(std::optional<byte_span> key);
result<end_txn_marker> parse_end_txn_marker(std::optional<byte_span> value);

// A complete control batch holding one ABORT or COMMIT marker. `opts` supplies
// producer id/epoch and offsets; control and transactional are forced on and
// compression off, as Kafka writes markers.
result<byte_buffer> build_end_txn_batch(batch_options opts, control_type type, int32_t coordinator_epoch,
                                        int64_t timestamp);

}  // namespace odradek::record
