#include "record/batch_builder.h"

#include <doctest/doctest.h>

using namespace odradek;
using namespace odradek::record;

TEST_CASE("batch_builder: one record has the bytes the spec gives") {
    batch_builder b;
    const std::string_view v = "a";
    b.add(1000, std::nullopt, as_bytes(v));
    CHECK(b.record_count() == 1);
    auto out = b.build();
    REQUIRE(out);
    const byte_buffer& bytes = *out;
    REQUIRE(bytes.size() == 69);
    // Header fields, derived by hand from the layout in batch_header.h.
    const byte_buffer expected_prefix = {
        0, 0, 0, 0, 0, 0, 0, 0,          // base_offset 0
        0, 0, 0, 57,                     // batch_length = 69 - 12
        0xff, 0xff, 0xff, 0xff,          // partition_leader_epoch -1
        2,                               // magic
    };
    CHECK(byte_buffer(bytes.begin(), bytes.begin() + 17) == expected_prefix);
    const byte_buffer expected_rest = {
        0, 0,                            // attributes
        0, 0, 0, 0,                      // last_offset_delta
        0, 0, 0, 0, 0, 0, 0x03, 0xe8,    // base_timestamp 1000
        0, 0, 0, 0, 0, 0, 0x03, 0xe8,    // max_timestamp 1000
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // producer_id -1
        0xff, 0xff,                      // producer_epoch -1
        0xff, 0xff, 0xff, 0xff,          // base_sequence -1
        0, 0, 0, 1,                      // records_count
        // record: length 7, attributes, ts delta 0, offset delta 0, key -1, value len 1, 'a', 0 headers
        0x0e, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61, 0x00,
    };
    CHECK(byte_buffer(bytes.begin() + 21, bytes.end()) == expected_rest);
    // CRC-32C of bytes [21, 69), computed independently (kafka-python's calc_crc32c).
    CHECK(load_be<uint32_t>(bytes.data() + kCrcPos) == 0xebf1884bu);
    CHECK(batch_crc_valid(bytes));
}

TEST_CASE("batch_builder: header fields follow the options") {
    batch_options o;
    o.base_offset = 100;
    o.producer_id = 7;
    o.producer_epoch = 3;
    o.base_sequence = 11;
    o.partition_leader_epoch = 5;
    o.transactional = true;
    o.ts_type = timestamp_type::log_append_time;
    batch_builder b(o);
    b.add(50, std::nullopt, std::nullopt);
    b.add(40, std::nullopt, std::nullopt);
    b.add(60, std::nullopt, std::nullopt);
    auto out = b.build();
    REQUIRE(out);
    auto h = parse_batch_header(*out);
    REQUIRE(h);
    CHECK(h->base_offset == 100);
    CHECK(h->last_offset_delta == 2);
    CHECK(h->records_count == 3);
    CHECK(h->base_timestamp == 50);
    CHECK(h->max_timestamp == 60);
    CHECK(h->producer_id == 7);
    CHECK(h->producer_epoch == 3);
    CHECK(h->base_sequence == 11);
    CHECK(h->partition_leader_epoch == 5);
    CHECK(h->is_transactional());
    CHECK_FALSE(h->is_control());
    CHECK(h->ts_type() == timestamp_type::log_append_time);
    CHECK(h->size_bytes() == out->size());
    CHECK(batch_crc_valid(*out));
}

TEST_CASE("batch_builder: empty batch and reset") {
    batch_builder b;
    auto empty = b.build();
    REQUIRE(empty);
    CHECK(empty->size() == kBatchHeaderSize);
    auto h = parse_batch_header(*empty);
    REQUIRE(h);
    CHECK(h->records_count == 0);
    CHECK(h->base_timestamp == no_timestamp);
    b.add(1, std::nullopt, std::nullopt);
    b.reset();
    CHECK(b.record_count() == 0);
    CHECK(b.build()->size() == kBatchHeaderSize);
}
