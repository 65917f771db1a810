#pragma once
// log_validator: the checks Kafka runs on a client's records before they
// reach the log (UnifiedLog.analyzeAndValidateRecords + LogValidator), with
// Kafka's error codes and texts, and the conversions it makes:
//
//   per batch, in order   base offset of a v2 batch must be 0      INVALID_RECORD
//                         size <= max.message.bytes                 MESSAGE_TOO_LARGE
//                         CRC (CRC-32C v2, CRC-32 v0/v1)            CORRUPT_MESSAGE
//   the set               one magic; v2 (or any compressed set):
//                         exactly one batch                         INVALID_RECORD
//   the batch             offset range / count consistent, not a
//                         control batch, sequence >= 0 when it has
//                         a producer id                             INVALID_RECORD
//   each record           key present on a compacted topic          INVALID_RECORD + record_errors
//                         CreateTime within the timestamp bounds,
//                         producer did not set LogAppendTime        INVALID_TIMESTAMP + record_errors
//
// Legacy v0/v1 message sets (Produce v0-v2 from old clients) are up-converted
// into one v2 batch, as Kafka 3.7 does (message.format.version is always 3.0
// there). With compression.type other than "producer" the batch is rebuilt in
// that codec. Otherwise the client's bytes are appended as they are (offsets
// and epoch stamped in place by storage). A partial batch at the end of the
// set is ignored, as Kafka's batch iterator ignores it.
//
// Not checked: records' inner offsets of a compressed v2 batch that are not
// 0..n-1 (Kafka rewrites such a batch; storage refuses it: INVALID_RECORD).

#include <cstdint>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "broker/kafka_error.h"
#include "broker/topic_settings.h"
#include "record/batch_header.h"

namespace odradek::broker {

// One entry of Produce v8+ record_errors.
struct record_error {
    int32_t batch_index = 0;  // index of the record within the batch
    std::string message;
};

struct validated_batch {
    // The one v2 batch to append: points into the caller's records, or into
    // `owned` after conversion or recompression.
    mutable_byte_span bytes;
    byte_buffer owned;
    record::batch_header header;
};

struct validation_result {
    kafka_error error;
    std::vector<record_error> record_errors;
    bool ok() const noexcept { return error.ok(); }
};

// Validates `records` for an append to partition `tp_name` ("orders-0") at
// time now_ms. On success `out` holds the batch to append. `scratch` is
// reused for decompression.
validation_result validate_client_records(mutable_byte_span records, const topic_settings& settings, int64_t now_ms,
                                          const std::string& tp_name, validated_batch& out, byte_buffer& scratch);

}  // namespace odradek::broker
