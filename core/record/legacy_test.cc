#include "record/legacy.h"

#include <doctest/doctest.h>

#include <limits>

#include "base/crc32c.h"
#include "record/test_util.h"

using namespace odradek;
using namespace odradek::record;
using namespace odradek::record::testing;

namespace {

// Writes one legacy entry by hand from the layout in legacy.h.
void append_legacy(byte_buffer& out, int8_t magic, int64_t offset, uint8_t attributes, int64_t timestamp,
                   std::optional<byte_span> key, std::optional<byte_span> value) {
    byte_buffer body;  // magic .. end of value: what the CRC covers
    body.push_back(uint8_t(magic));
    body.push_back(attributes);
    if (magic == 1) append_be<int64_t>(body, timestamp);
    for (const auto& f : {key, value}) {
        if (!f) {
            append_be<int32_t>(body, -1);
        } else {
            append_be<int32_t>(body, int32_t(f->size()));
            body.insert(body.end(), f->begin(), f->end());
        }
    }
    append_be<int64_t>(out, offset);
    append_be<int32_t>(out, int32_t(4 + body.size()));
    append_be<uint32_t>(out, crc32_ieee(body));
    out.insert(out.end(), body.begin(), body.end());
}

// A compressed wrapper around `inner`, with codec and timestamp attributes.
void append_wrapper(byte_buffer& out, int8_t magic, int64_t offset, compression c, bool log_append_time,
                    int64_t timestamp, const byte_buffer& inner) {
    byte_buffer z;
    REQUIRE(compress(c, inner, z));
    uint8_t attrs = uint8_t(c) | (log_append_time ? kLegacyTimestampTypeBit : 0);
    append_legacy(out, magic, offset, attrs, timestamp, std::nullopt, byte_span(z));
}

// A message copied out of the reader (whose views die with it).
struct owned_message {
    int64_t offset;
    int64_t timestamp;
    timestamp_type ts_type;
    std::optional<std::string> key, value;
};

std::vector<owned_message> read_legacy(byte_span set, status* st = nullptr) {
    legacy_reader r(set);
    std::vector<owned_message> out;
    legacy_message m;
    while (r.next(m)) out.push_back({m.offset, m.timestamp, m.ts_type, opt_str(m.key), opt_str(m.value)});
    if (st) *st = r.result();
    return out;
}

}  // namespace

TEST_CASE("legacy: known-answer v0 message") {
    // offset 0, key null, value "a": crc over 00 00 ff ff ff ff 00 00 00 01 61.
    byte_buffer set;
    append_legacy(set, 0, 0, 0, 0, std::nullopt, bytes_of("a"));
    const byte_buffer expected = {0, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 15,  0x51, 0xdf, 0x3a, 0x32,
                                  0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1, 'a'};
    // The CRC-32 above was computed independently (Python zlib.crc32).
    CHECK(set == expected);
    auto e = parse_legacy_entry(set);
    REQUIRE(e);
    CHECK(e->magic == 0);
    CHECK_FALSE(e->key.has_value());
    CHECK(str(*e->value) == "a");
    CHECK(e->size_bytes == set.size());
}

TEST_CASE("legacy: uncompressed v0 and v1 decode") {
    byte_buffer set;
    append_legacy(set, 0, 5, 0, 0, bytes_of("k"), bytes_of("v"));
    append_legacy(set, 1, 6, 0, 1234, std::nullopt, bytes_of(""));
    append_legacy(set, 1, 7, kLegacyTimestampTypeBit, 999, bytes_of(""), std::nullopt);
    status st;
    auto ms = read_legacy(set, &st);
    CHECK(st);
    REQUIRE(ms.size() == 3);
    CHECK(ms[0].offset == 5);
    CHECK(ms[0].timestamp == no_timestamp);
    CHECK(*ms[0].key == "k");
    CHECK(ms[1].timestamp == 1234);
    CHECK_FALSE(ms[1].key.has_value());
    CHECK(ms[1].value->empty());
    CHECK(ms[2].ts_type == timestamp_type::log_append_time);
    CHECK(ms[2].key->empty());
    CHECK_FALSE(ms[2].value.has_value());
}

TEST_CASE("legacy: compressed v1 wrappers use relative inner offsets") {
    for (compression c : {compression::gzip, compression::snappy, compression::lz4}) {
        CAPTURE(int(c));
        byte_buffer inner;
        for (int i = 0; i < 3; ++i) {
            std::string v = "m" + std::to_string(i);
            append_legacy(inner, 1, i, 0, 100 + i, std::nullopt, bytes_of(v));
        }
        byte_buffer set;
        append_wrapper(set, 1, 52, c, false, 102, inner);  // last inner is absolute 52
        status st;
        auto ms = read_legacy(set, &st);
        REQUIRE_MESSAGE(st, st.err().message());
        REQUIRE(ms.size() == 3);
        CHECK(ms[0].offset == 50);
        CHECK(ms[2].offset == 52);
        CHECK(ms[1].timestamp == 101);
        CHECK(*ms[2].value == "m2");
    }
}

TEST_CASE("legacy: v1 wrapper offset 0 (librdkafka) and LogAppendTime wrapper") {
    byte_buffer inner;
    append_legacy(inner, 1, 0, 0, 5, std::nullopt, bytes_of("x"));
    append_legacy(inner, 1, 1, 0, 6, std::nullopt, bytes_of("y"));
    byte_buffer set;
    append_wrapper(set, 1, 0, compression::gzip, true, 777, inner);
    status st;
    auto ms = read_legacy(set, &st);
    REQUIRE(st);
    REQUIRE(ms.size() == 2);
    CHECK(ms[0].offset == 0);
    CHECK(ms[1].offset == 1);
    CHECK(ms[0].timestamp == 777);
    CHECK(ms[1].ts_type == timestamp_type::log_append_time);
}

TEST_CASE("legacy: v0 wrappers keep absolute inner offsets") {
    for (compression c : {compression::gzip, compression::snappy, compression::lz4}) {
        CAPTURE(int(c));
        byte_buffer inner;
        append_legacy(inner, 0, 10, 0, 0, std::nullopt, bytes_of("a"));
        append_legacy(inner, 0, 11, 0, 0, std::nullopt, bytes_of("b"));
        byte_buffer set;
        append_wrapper(set, 0, 11, c, false, 0, inner);
        status st;
        auto ms = read_legacy(set, &st);
        REQUIRE_MESSAGE(st, st.err().message());
        REQUIRE(ms.size() == 2);
        CHECK(ms[0].offset == 10);
        CHECK(ms[1].offset == 11);
    }
}

TEST_CASE("legacy: v0 LZ4 with Kafka's broken header checksum") {
    byte_buffer inner;
    append_legacy(inner, 0, 0, 0, 0, std::nullopt, bytes_of("hello"));
    byte_buffer z;
    REQUIRE(lz4_compress(inner, z));
    // Corrupt HC (byte 6 for a frame without content size / dict id) the way
    // any wrong checksum looks to liblz4.
    z[6] ^= 0x5a;
    byte_buffer out;
    CHECK_FALSE(lz4_decompress(z, out, 1 << 20, false));
    REQUIRE(lz4_decompress(z, out, 1 << 20, true));
    CHECK(out == inner);
    byte_buffer set;
    append_legacy(set, 0, 0, uint8_t(compression::lz4), 0, std::nullopt, byte_span(z));
    status st;
    auto ms = read_legacy(set, &st);
    REQUIRE_MESSAGE(st, st.err().message());
    REQUIRE(ms.size() == 1);
    CHECK(*ms[0].value == "hello");
    // A v1 wrapper with the same bytes is checked strictly.
    set.clear();
    append_legacy(set, 1, 0, uint8_t(compression::lz4), 0, std::nullopt, byte_span(z));
    read_legacy(set, &st);
    CHECK(st.err().code == errc::compression_failed);
}

TEST_CASE("legacy: malformed entries are rejected") {
    byte_buffer good;
    append_legacy(good, 1, 0, 0, 1, bytes_of("k"), bytes_of("v"));
    status st;

    byte_buffer b = good;
    b.back() ^= 1;
    read_legacy(b, &st);
    CHECK(st.err().code == errc::crc_mismatch);

    b = good;
    b[kLegacyMagicPos] = 3;
    read_legacy(b, &st);
    CHECK(st.err().code == errc::bad_magic);

    // message_size smaller than a v1 message can be.
    b = good;
    store_be<int32_t>(b.data() + kBatchLengthPos, 16);
    CHECK(parse_legacy_entry(b).err().code == errc::bad_length);

    // Key length lying past the end (CRC recomputed so the length check is reached).
    b = good;
    store_be<int32_t>(b.data() + 26, 1000);
    store_be<uint32_t>(b.data() + kLegacyCrcPos, crc32_ieee(byte_span(b).subspan(kLegacyMagicPos)));
    CHECK(parse_legacy_entry(b).err().code == errc::bad_record);

    // Partial trailing entry: clean stop.
    b = good;
    b.insert(b.end(), good.begin(), good.end() - 3);
    auto ms = read_legacy(b, &st);
    CHECK(st);
    CHECK(ms.size() == 1);

    // Nested compression, empty wrappers, inner magic mismatch.
    byte_buffer inner_wrapper;
    append_wrapper(inner_wrapper, 1, 0, compression::gzip, false, 0, good);
    byte_buffer nested;
    append_wrapper(nested, 1, 0, compression::gzip, false, 0, inner_wrapper);
    read_legacy(nested, &st);
    CHECK(st.err().code == errc::bad_record);

    byte_buffer empty_wrapper;
    append_wrapper(empty_wrapper, 1, 0, compression::gzip, false, 0, {});
    read_legacy(empty_wrapper, &st);
    CHECK(st.err().code == errc::bad_record);

    byte_buffer v0_inner;
    append_legacy(v0_inner, 0, 0, 0, 0, std::nullopt, bytes_of("x"));
    byte_buffer mixed;
    append_wrapper(mixed, 1, 0, compression::snappy, false, 0, v0_inner);
    read_legacy(mixed, &st);
    CHECK(st.err().code == errc::bad_record);

    // A v2 batch is not a legacy message.
    batch_builder bb;
    bb.add(0, std::nullopt, bytes_of("x"));
    auto v2 = *bb.build();
    read_legacy(v2, &st);
    CHECK(st.err().code == errc::bad_magic);
}

TEST_CASE("legacy: a compressed bomb in a wrapper is bounded") {
    byte_buffer inner;
    const std::string big(1 << 20, 'z');
    append_legacy(inner, 1, 0, 0, 0, std::nullopt, bytes_of(big));
    byte_buffer set;
    append_wrapper(set, 1, 0, compression::gzip, false, 0, inner);
    legacy_reader r(set, 64 * 1024);
    legacy_message m;
    CHECK_FALSE(r.next(m));
    CHECK(r.result().err().code == errc::too_large);
}

TEST_CASE("legacy: convert to v2, uncompressed and compressed") {
    byte_buffer v0set;
    append_legacy(v0set, 0, 0, 0, 0, bytes_of("k0"), bytes_of("v0"));
    append_legacy(v0set, 0, 1, 0, 0, std::nullopt, std::nullopt);
    auto b = convert_legacy_to_v2(v0set);
    REQUIRE(b);
    auto h = parse_batch_header(*b);
    REQUIRE(h);
    CHECK(h->codec() == compression::none);
    CHECK(h->records_count == 2);
    CHECK(h->base_timestamp == no_timestamp);
    auto rs = read_all(*b);
    REQUIRE(rs);
    CHECK((*rs)[0].key == "k0");
    CHECK_FALSE((*rs)[1].value.has_value());

    for (compression c : {compression::gzip, compression::snappy, compression::lz4}) {
        CAPTURE(int(c));
        byte_buffer inner;
        for (int i = 0; i < 4; ++i) {
            std::string v = "val" + std::to_string(i);
            append_legacy(inner, 1, i, 0, 1000 + i, std::nullopt, bytes_of(v));
        }
        byte_buffer set;
        append_wrapper(set, 1, 3, c, false, 1003, inner);
        append_wrapper(set, 1, 7, c, false, 1003, inner);
        auto conv = convert_legacy_to_v2(set);
        REQUIRE_MESSAGE(conv, conv.err().message());
        auto v = batch_view::parse(*conv);
        REQUIRE(v);
        CHECK(v->codec() == c);
        CHECK(v->header().records_count == 8);
        CHECK(v->header().base_offset == 0);
        CHECK(v->header().max_timestamp == 1003);
        auto rs2 = read_all(*conv);
        REQUIRE(rs2);
        CHECK((*rs2)[5].value == "val1");
        CHECK((*rs2)[5].timestamp_delta == 1);

        legacy_convert_options o;
        o.codec = compression::zstd;
        o.base_offset = 500;
        auto conv2 = convert_legacy_to_v2(set, o);
        REQUIRE(conv2);
        CHECK(parse_batch_header(*conv2)->codec() == compression::zstd);
        CHECK(parse_batch_header(*conv2)->base_offset == 500);
        CHECK(read_all(*conv2)->size() == 8);
    }

    byte_buffer lat;
    append_legacy(lat, 1, 0, kLegacyTimestampTypeBit, 42, std::nullopt, bytes_of("x"));
    CHECK(parse_batch_header(*convert_legacy_to_v2(lat))->ts_type() == timestamp_type::log_append_time);

    CHECK(convert_legacy_to_v2(byte_span{}).err().code == errc::truncated);
    byte_buffer partial = v0set;
    partial.pop_back();
    CHECK(convert_legacy_to_v2(partial).err().code == errc::truncated);
}

TEST_CASE("legacy: hostile inner offsets wrap instead of overflowing") {
    // Found by record_legacy_fuzz: wrapper offset minus a very negative inner
    // offset overflowed int64 (undefined behaviour under UBSan).
    byte_buffer inner;
    append_legacy(inner, 1, std::numeric_limits<int64_t>::min() + 1, 0, 0, std::nullopt, bytes_of("x"));
    byte_buffer set;
    append_wrapper(set, 1, 1'000'000, compression::gzip, false, 0, inner);
    status st;
    auto ms = read_legacy(set, &st);
    REQUIRE(st);
    REQUIRE(ms.size() == 1);
    CHECK(ms[0].offset == 1'000'000);  // base = wrapper - last inner, wrapped; + inner = wrapper
}
