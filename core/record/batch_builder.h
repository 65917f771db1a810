#pragma once
// batch_builder: assembles one magic v2 record batch (Kafka's DefaultRecordBatch)
// from records given one at a time, as a producer or the broker (up-converting a
// legacy produce request, writing a control marker) would.
//
// Each record is serialized straight into one growing buffer (no per-record
// allocation beyond that buffer's amortized growth). build() prepends the 61-byte
// header (see batch_header.h), compresses the records section when a codec is
// chosen and fills in the CRC-32C.
//
// Record layout inside the records section (all varints zig-zag):
//
//   length            varint   bytes after this field
//   attributes        int8     unused, 0
//   timestamp_delta   varlong  timestamp - base_timestamp
//   offset_delta      varint   0, 1, 2, ... in add() order
//   key_length        varint   -1 = null key
//   key               bytes
//   value_length      varint   -1 = null value
//   value             bytes
//   header_count      varint
//   headers           [key_length varint, key, value_length varint (-1 null), value]
//
// Not thread-safe. The spans passed to add() are copied before add() returns.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"
#include "record/batch_header.h"

namespace odradek::record {

struct header {
    std::string_view key;
    std::optional<byte_span> value;
};

struct batch_options {
    int64_t base_offset = 0;
    compression codec = compression::none;
    timestamp_type ts_type = timestamp_type::create_time;
    int64_t producer_id = kNoProducerId;
    int16_t producer_epoch = kNoProducerEpoch;
    int32_t base_sequence = kNoSequence;
    int32_t partition_leader_epoch = kNoPartitionLeaderEpoch;
    bool transactional = false;
    bool control = false;
};

class batch_builder {
public:
    explicit batch_builder(batch_options opts = {});

    // Appends a record. Records get consecutive offset deltas 0,1,2,...; the
    // first record's timestamp is the base timestamp. Sizes that cannot be
    // represented (a key over 2 GiB, more than 2^31 records) are reported by
    // build(), not here.
    void add(int64_t timestamp, std::optional<byte_span> key, std::optional<byte_span> value,
             std::span<const header> headers = {});

    size_t record_count() const;
    // Bytes of serialized records so far (before compression); lets a caller cap
    // a batch at a size.
    size_t records_size_bytes() const { return records_.size(); }

    // The finished batch: header + (possibly compressed) records, CRC-32C filled
    // in. With no records added the batch has records_count 0, last_offset_delta
    // 0 and both timestamps -1. Errors: errc::too_large when the batch cannot be
    // represented, errc::compression_failed / unsupported_compression from the
    // codec. The builder may be reused after reset().
    result<byte_buffer> build();

    // Forgets all records; keeps the options and the buffer's capacity.
    void reset();

private:
    batch_options opts_;
    byte_buffer records_;
    size_t count_ = 0;
    int64_t base_timestamp_ = no_timestamp;
    int64_t max_timestamp_ = no_timestamp;
    bool overflow_ = false;  // some field did not fit its wire type
};

}  // namespace odradek::record
