#include "record/batch_builder.h"

#include <algorithm>
#include <limits>

#include "base/varint.h"
#include "record/compression.h"

namespace odradek::record {

namespace {

constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

size_t bytes_field_size(const std::optional<byte_span>& b) {
    if (!b) return varint_size(-1);
    return varint_size(int32_t(b->size())) + b->size();
}

void append_bytes_field(byte_buffer& out, const std::optional<byte_span>& b) {
    if (!b) {
        append_varint(out, -1);
        return;
    }
    append_varint(out, int32_t(b->size()));
    out.insert(out.end(), b->begin(), b->end());
}

}  // namespace

batch_builder::batch_builder(batch_options opts) : opts_(opts) {}

size_t batch_builder::record_count() const { return count_; }

void batch_builder::reset() {
    records_.clear();
    count_ = 0;
    base_timestamp_ = no_timestamp;
    max_timestamp_ = no_timestamp;
    overflow_ = false;
}

void batch_builder::add(int64_t timestamp, std::optional<byte_span> key, std::optional<byte_span> value,
                        std::span<const header> headers) {
    if (count_ == 0) base_timestamp_ = timestamp;
    max_timestamp_ = count_ == 0 ? timestamp : std::max(max_timestamp_, timestamp);

    // A field that does not fit an int32 varint poisons the batch; build() reports it.
    auto too_big = [](size_t n) { return n > size_t(kInt32Max); };
    if (count_ >= size_t(kInt32Max) || (key && too_big(key->size())) || (value && too_big(value->size()))) {
        overflow_ = true;
        return;
    }
    for (const header& h : headers) {
        if (too_big(h.key.size()) || (h.value && too_big(h.value->size()))) {
            overflow_ = true;
            return;
        }
    }

    // Wraps like Java's long arithmetic for absurd timestamps instead of overflowing.
    const auto ts_delta = int64_t(uint64_t(timestamp) - uint64_t(base_timestamp_));
    const auto offset_delta = int32_t(count_);
    size_t body = 1 + varlong_size(ts_delta) + varint_size(offset_delta) + bytes_field_size(key) +
                  bytes_field_size(value) + varint_size(int32_t(headers.size()));
    for (const header& h : headers) {
        body += varint_size(int32_t(h.key.size())) + h.key.size() + bytes_field_size(h.value);
    }
    if (too_big(body) || too_big(records_.size() + body + kMaxVarintBytes + kBatchHeaderSize)) {
        overflow_ = true;
        return;
    }

    // Grow geometrically: an exact reserve() per record would reallocate on every
    // add and make building a batch quadratic in its record count.
    size_t need = records_.size() + varint_size(int32_t(body)) + body;
    if (need > records_.capacity()) records_.reserve(std::max(need, records_.capacity() * 2));
    append_varint(records_, int32_t(body));
    records_.push_back(0);  // record attributes: unused
    append_varlong(records_, ts_delta);
    append_varint(records_, offset_delta);
    append_bytes_field(records_, key);
    append_bytes_field(records_, value);
    append_varint(records_, int32_t(headers.size()));
    for (const header& h : headers) {
        append_varint(records_, int32_t(h.key.size()));
        records_.insert(records_.end(), h.key.begin(), h.key.end());
        append_bytes_field(records_, h.value);
    }
    ++count_;
}

result<byte_buffer> batch_builder::build() {
    if (overflow_) return error(errc::too_large, "record batch fields exceed int32 limits");

    byte_buffer out;
    out.reserve(kBatchHeaderSize + records_.size());
    out.resize(kBatchHeaderSize);
    if (opts_.codec == compression::none) {
        out.insert(out.end(), records_.begin(), records_.end());
    } else {
        ODRADEK_TRY(compress(opts_.codec, records_, out));
    }
    if (out.size() - kLogOverhead > size_t(kInt32Max)) return error(errc::too_large, "record batch over 2 GiB");

    uint16_t attrs = uint16_t(opts_.codec) & kCompressionMask;
    if (opts_.ts_type == timestamp_type::log_append_time) attrs |= kTimestampTypeBit;
    if (opts_.transactional) attrs |= kTransactionalBit;
    if (opts_.control) attrs |= kControlBit;

    uint8_t* p = out.data();
    store_be<int64_t>(p + kBaseOffsetPos, opts_.base_offset);
    store_be<int32_t>(p + kBatchLengthPos, int32_t(out.size() - kLogOverhead));
    store_be<int32_t>(p + kPartitionLeaderEpochPos, opts_.partition_leader_epoch);
    p[kMagicPos] = uint8_t(kMagicV2);
    store_be<uint16_t>(p + kAttributesPos, attrs);
    store_be<int32_t>(p + kLastOffsetDeltaPos, count_ == 0 ? 0 : int32_t(count_ - 1));
    store_be<int64_t>(p + kBaseTimestampPos, base_timestamp_);
    store_be<int64_t>(p + kMaxTimestampPos, max_timestamp_);
    store_be<int64_t>(p + kProducerIdPos, opts_.producer_id);
    store_be<int16_t>(p + kProducerEpochPos, opts_.producer_epoch);
    store_be<int32_t>(p + kBaseSequencePos, opts_.base_sequence);
    store_be<int32_t>(p + kRecordsCountPos, int32_t(count_));
    store_be<uint32_t>(p + kCrcPos, compute_batch_crc(out));
    return out;
}

}  // namespace odradek::record
