#include "record/batch_header.h"

#include "base/crc32c.h"

namespace odradek::record {

result<batch_frame> peek_batch_frame(byte_span data) noexcept {
    if (data.size() < kMagicPrefixSize) return errc::truncated;
    int32_t length = load_be<int32_t>(data.data() + kBatchLengthPos);
    int8_t magic = int8_t(data[kMagicPos]);
    if (magic < kMagicV0 || magic > kMagicV2) return errc::bad_magic;
    // Smallest legal entry: a v0 message (crc 4, magic 1, attributes 1, key and value lengths 8).
    if (length < 14) return errc::bad_length;
    return batch_frame{load_be<int64_t>(data.data()), size_t(length) + kLogOverhead, magic};
}

result<batch_header> parse_batch_header(byte_span data) noexcept {
    if (data.size() < kBatchHeaderSize) return errc::truncated;
    const uint8_t* p = data.data();
    batch_header h;
    h.magic = int8_t(p[kMagicPos]);
    if (h.magic != kMagicV2) return errc::bad_magic;
    h.base_offset = load_be<int64_t>(p + kBaseOffsetPos);
    h.batch_length = load_be<int32_t>(p + kBatchLengthPos);
    h.partition_leader_epoch = load_be<int32_t>(p + kPartitionLeaderEpochPos);
    h.crc = load_be<uint32_t>(p + kCrcPos);
    h.attributes = load_be<uint16_t>(p + kAttributesPos);
    h.last_offset_delta = load_be<int32_t>(p + kLastOffsetDeltaPos);
    h.base_timestamp = load_be<int64_t>(p + kBaseTimestampPos);
    h.max_timestamp = load_be<int64_t>(p + kMaxTimestampPos);
    h.producer_id = load_be<int64_t>(p + kProducerIdPos);
    h.producer_epoch = load_be<int16_t>(p + kProducerEpochPos);
    h.base_sequence = load_be<int32_t>(p + kBaseSequencePos);
    h.records_count = load_be<int32_t>(p + kRecordsCountPos);
    if (h.batch_length < int32_t(kBatchHeaderSize - kLogOverhead)) return errc::bad_length;
    if (h.records_count < 0 || h.last_offset_delta < 0) return errc::bad_record;
    return h;
}

uint32_t compute_batch_crc(byte_span whole_batch) noexcept {
    return crc32c(whole_batch.subspan(kAttributesPos));
}

bool batch_crc_valid(byte_span whole_batch) noexcept {
    if (whole_batch.size() < kBatchHeaderSize) return false;
    return load_be<uint32_t>(whole_batch.data() + kCrcPos) == compute_batch_crc(whole_batch);
}

void stamp_base_offset(mutable_byte_span batch, int64_t base_offset) noexcept {
    store_be<int64_t>(batch.data() + kBaseOffsetPos, base_offset);
}

void stamp_partition_leader_epoch(mutable_byte_span batch, int32_t epoch) noexcept {
    store_be<int32_t>(batch.data() + kPartitionLeaderEpochPos, epoch);
}

void stamp_log_append_time(mutable_byte_span batch, int64_t timestamp) noexcept {
    uint8_t* p = batch.data();
    uint16_t attrs = load_be<uint16_t>(p + kAttributesPos) | kTimestampTypeBit;
    store_be<uint16_t>(p + kAttributesPos, attrs);
    store_be<int64_t>(p + kMaxTimestampPos, timestamp);
    store_be<uint32_t>(p + kCrcPos, compute_batch_crc(batch));
}

}  // namespace odradek::record
