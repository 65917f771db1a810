#include "record/batch_header.h"

#include <doctest/doctest.h>

using namespace odradek;
using namespace odradek::record;

namespace {
// A v2 batch with zero records: header only, CRC filled in.
byte_buffer empty_batch() {
    byte_buffer b(kBatchHeaderSize, 0);
    store_be<int32_t>(b.data() + kBatchLengthPos, int32_t(kBatchHeaderSize - kLogOverhead));
    b[kMagicPos] = 2;
    store_be<int64_t>(b.data() + kProducerIdPos, -1);
    store_be<int16_t>(b.data() + kProducerEpochPos, -1);
    store_be<int32_t>(b.data() + kBaseSequencePos, -1);
    store_be<uint32_t>(b.data() + kCrcPos, compute_batch_crc(b));
    return b;
}
}  // namespace

TEST_CASE("parse_batch_header reads the fixed fields") {
    auto b = empty_batch();
    auto h = parse_batch_header(b);
    REQUIRE(h);
    CHECK(h->magic == 2);
    CHECK(h->size_bytes() == kBatchHeaderSize);
    CHECK(h->producer_id == -1);
    CHECK(batch_crc_valid(b));
}

TEST_CASE("stamping offset and epoch keeps the CRC valid") {
    auto b = empty_batch();
    stamp_base_offset(b, 42);
    stamp_partition_leader_epoch(b, 7);
    CHECK(batch_crc_valid(b));
    auto h = parse_batch_header(b);
    REQUIRE(h);
    CHECK(h->base_offset == 42);
    CHECK(h->partition_leader_epoch == 7);
    stamp_log_append_time(b, 1234);
    CHECK(batch_crc_valid(b));
    CHECK(parse_batch_header(b)->ts_type() == timestamp_type::log_append_time);
}

TEST_CASE("parse_batch_header rejects short and foreign input") {
    auto b = empty_batch();
    CHECK(parse_batch_header(byte_span(b).first(60)).err().code == errc::truncated);
    b[kMagicPos] = 1;
    CHECK(parse_batch_header(b).err().code == errc::bad_magic);
    b = empty_batch();
    b[kAttributesPos + 1] ^= 1;
    CHECK_FALSE(batch_crc_valid(b));
}
