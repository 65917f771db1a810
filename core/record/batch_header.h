#pragma once
// The fixed 61-byte header of a magic v2 record batch, as on the wire and on disk
// (Kafka's DefaultRecordBatch). Big-endian throughout.
//
//   offset  size  field
//        0     8  base_offset              assigned by the leader on append
//        8     4  batch_length             bytes after this field (= total - 12)
//       12     4  partition_leader_epoch   stamped by the leader on append
//       16     1  magic                    2
//       17     4  crc                      CRC-32C of bytes [21, end)
//       21     2  attributes               see below
//       23     4  last_offset_delta
//       27     8  base_timestamp
//       35     8  max_timestamp
//       43     8  producer_id
//       51     2  producer_epoch
//       53     4  base_sequence
//       57     4  records_count
//       61        records...
//
// attributes: bits 0-2 compression (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd),
// bit 3 timestamp type (1 = LogAppendTime), bit 4 transactional, bit 5 control,
// bit 6 has delete horizon (compaction).
//
// Because the CRC starts at `attributes`, the leader can stamp base_offset and
// partition_leader_epoch in place without recomputing it.

#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "base/types.h"
#include "record/errc.h"

namespace odradek::record {

inline constexpr size_t kBaseOffsetPos = 0;
inline constexpr size_t kBatchLengthPos = 8;
inline constexpr size_t kPartitionLeaderEpochPos = 12;
inline constexpr size_t kMagicPos = 16;
inline constexpr size_t kCrcPos = 17;
inline constexpr size_t kAttributesPos = 21;
inline constexpr size_t kLastOffsetDeltaPos = 23;
inline constexpr size_t kBaseTimestampPos = 27;
inline constexpr size_t kMaxTimestampPos = 35;
inline constexpr size_t kProducerIdPos = 43;
inline constexpr size_t kProducerEpochPos = 51;
inline constexpr size_t kBaseSequencePos = 53;
inline constexpr size_t kRecordsCountPos = 57;
inline constexpr size_t kBatchHeaderSize = 61;
// base_offset + batch_length: the part not counted in batch_length.
inline constexpr size_t kLogOverhead = 12;
// Enough to read base_offset, batch_length and magic of any batch or legacy message.
inline constexpr size_t kMagicPrefixSize = 17;

inline constexpr int8_t kMagicV0 = 0;
inline constexpr int8_t kMagicV1 = 1;
inline constexpr int8_t kMagicV2 = 2;

inline constexpr int64_t kNoProducerId = -1;
inline constexpr int16_t kNoProducerEpoch = -1;
inline constexpr int32_t kNoSequence = -1;
inline constexpr int32_t kNoPartitionLeaderEpoch = -1;

enum class compression : uint8_t { none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4 };
enum class timestamp_type : uint8_t { create_time = 0, log_append_time = 1 };

inline constexpr uint16_t kCompressionMask = 0x07;
inline constexpr uint16_t kTimestampTypeBit = 0x08;
inline constexpr uint16_t kTransactionalBit = 0x10;
inline constexpr uint16_t kControlBit = 0x20;
inline constexpr uint16_t kDeleteHorizonBit = 0x40;

// A decoded copy of the header fields.
struct batch_header {
    int64_t base_offset = 0;
    int32_t batch_length = 0;
    int32_t partition_leader_epoch = kNoPartitionLeaderEpoch;
    int8_t magic = kMagicV2;
    uint32_t crc = 0;
    uint16_t attributes = 0;
    int32_t last_offset_delta = 0;
    int64_t base_timestamp = no_timestamp;
    int64_t max_timestamp = no_timestamp;
    int64_t producer_id = kNoProducerId;
    int16_t producer_epoch = kNoProducerEpoch;
    int32_t base_sequence = kNoSequence;
    int32_t records_count = 0;

    // Total size of the batch in bytes, header included.
    size_t size_bytes() const noexcept { return size_t(batch_length) + kLogOverhead; }
    int64_t last_offset() const noexcept { return base_offset + last_offset_delta; }
    int64_t next_offset() const noexcept { return last_offset() + 1; }
    compression codec() const noexcept { return compression(attributes & kCompressionMask); }
    timestamp_type ts_type() const noexcept {
        return (attributes & kTimestampTypeBit) ? timestamp_type::log_append_time : timestamp_type::create_time;
    }
    bool is_transactional() const noexcept { return attributes & kTransactionalBit; }
    bool is_control() const noexcept { return attributes & kControlBit; }
    bool has_delete_horizon() const noexcept { return attributes & kDeleteHorizonBit; }
};

// Decodes the 61-byte header at the start of `data`. Checks magic == 2, that
// batch_length covers at least the header and that records_count and
// last_offset_delta are not negative. Does not require the whole batch to be
// present and does not check the CRC.
result<batch_header> parse_batch_header(byte_span data) noexcept;

// Reads magic and total size of the batch (any magic) starting at `data`,
// needing only kMagicPrefixSize bytes. Used to walk a file batch by batch.
struct batch_frame {
    int64_t base_offset;
    size_t size_bytes;  // total, including the 12-byte log overhead
    int8_t magic;
};
result<batch_frame> peek_batch_frame(byte_span data) noexcept;

// CRC-32C over bytes [kAttributesPos, end) of a whole v2 batch.
uint32_t compute_batch_crc(byte_span whole_batch) noexcept;
// True when the stored CRC of a whole v2 batch matches its contents.
bool batch_crc_valid(byte_span whole_batch) noexcept;

// In-place stamps on a whole v2 batch held in a writable buffer; the CRC stays valid.
void stamp_base_offset(mutable_byte_span batch, int64_t base_offset) noexcept;
void stamp_partition_leader_epoch(mutable_byte_span batch, int32_t epoch) noexcept;
// Setting LogAppendTime changes attributes and max_timestamp, so this one
// recomputes the CRC.
void stamp_log_append_time(mutable_byte_span batch, int64_t timestamp) noexcept;

}  // namespace odradek::record
