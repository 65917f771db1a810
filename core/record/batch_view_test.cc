#include "record/batch_view.h"

#include <doctest/doctest.h>

#include "base/varint.h"
#include "record/test_util.h"

using namespace odradek;
using namespace odradek::record;
using namespace odradek::record::testing;

namespace {
const compression kAllCodecs[] = {compression::none, compression::gzip, compression::snappy, compression::lz4,
                                  compression::zstd};

byte_buffer sample_batch(compression c) {
    batch_options o;
    o.codec = c;
    o.base_offset = 1000;
    batch_builder b(o);
    const std::string big(5000, 'x');
    const header hs[] = {{"h1", bytes_of("v1")}, {"", std::nullopt}, {"h3", bytes_of("")}};
    b.add(10, bytes_of("k0"), bytes_of("v0"));
    b.add(12, std::nullopt, std::nullopt);
    b.add(9, bytes_of(""), bytes_of(""));
    b.add(20, bytes_of("k3"), bytes_of(big), hs);
    return *b.build();
}

void check_sample(const std::vector<owned_record>& rs) {
    REQUIRE(rs.size() == 4);
    CHECK(rs[0].key == "k0");
    CHECK(rs[0].value == "v0");
    CHECK(rs[0].timestamp_delta == 0);
    CHECK(rs[1].offset_delta == 1);
    CHECK(rs[1].timestamp_delta == 2);
    CHECK_FALSE(rs[1].key.has_value());
    CHECK_FALSE(rs[1].value.has_value());
    CHECK(rs[2].key == "");  // empty, not null
    CHECK(rs[2].value == "");
    CHECK(rs[2].timestamp_delta == -1);
    CHECK(rs[3].offset_delta == 3);
    CHECK(rs[3].value->size() == 5000);
    REQUIRE(rs[3].headers.size() == 3);
    CHECK(rs[3].headers[0].first == "h1");
    CHECK(rs[3].headers[0].second == "v1");
    CHECK(rs[3].headers[1].first == "");
    CHECK_FALSE(rs[3].headers[1].second.has_value());
    CHECK(rs[3].headers[2].second == "");
}

// Rewrites the CRC after a deliberate corruption, so checks behind it are reached.
void fix_crc(byte_buffer& b) { store_be<uint32_t>(b.data() + kCrcPos, compute_batch_crc(b)); }
}  // namespace

TEST_CASE("batch_view: build, validate and iterate round-trips in every codec") {
    for (compression c : kAllCodecs) {
        CAPTURE(int(c));
        byte_buffer b = sample_batch(c);
        auto v = batch_view::parse(b);
        REQUIRE(v);
        CHECK(v->codec() == c);
        CHECK(v->header().base_offset == 1000);
        CHECK(v->header().max_timestamp == 20);
        auto rs = read_all(b);
        REQUIRE_MESSAGE(rs, rs.err().message());
        check_sample(*rs);
    }
}

TEST_CASE("batch_view: compressed batches are smaller and the scratch buffer is reused") {
    byte_buffer plain = sample_batch(compression::none);
    byte_buffer scratch;
    for (compression c : kAllCodecs) {
        if (c == compression::none) continue;
        byte_buffer b = sample_batch(c);
        CHECK(b.size() < plain.size());
        auto v = batch_view::parse(b);
        REQUIRE(v);
        auto it = v->records(scratch);
        REQUIRE(it);
        CHECK(scratch.size() == plain.size() - kBatchHeaderSize);
    }
}

TEST_CASE("batch_view: a large batch in every codec") {
    for (compression c : kAllCodecs) {
        CAPTURE(int(c));
        batch_options o;
        o.codec = c;
        batch_builder b(o);
        for (int i = 0; i < 20000; ++i) {
            std::string v = "value-" + std::to_string(i * 7919);
            b.add(1'700'000'000'000 + i, std::nullopt, bytes_of(v));
        }
        auto batch = b.build();
        REQUIRE(batch);
        auto rs = read_all(*batch);
        REQUIRE_MESSAGE(rs, rs.err().message());
        REQUIRE(rs->size() == 20000);
        CHECK((*rs)[19999].value == "value-" + std::to_string(19999 * 7919));
        CHECK((*rs)[19999].offset_delta == 19999);
        CHECK((*rs)[19999].timestamp_delta == 19999);
    }
}

TEST_CASE("batch_view: corrupted CRC is rejected") {
    byte_buffer b = sample_batch(compression::none);
    b[b.size() - 1] ^= 0x40;
    auto v = batch_view::parse(b);
    REQUIRE(v);
    byte_buffer scratch;
    CHECK(v->validate(scratch).err().code == errc::crc_mismatch);
}

TEST_CASE("batch_view: truncated batch is rejected by parse") {
    byte_buffer b = sample_batch(compression::none);
    CHECK(batch_view::parse(byte_span(b).first(b.size() - 1)).err().code == errc::truncated);
    CHECK(batch_view::parse(byte_span(b).first(30)).err().code == errc::truncated);
    // Trailing bytes after the batch are not part of the view.
    b.push_back(0xaa);
    auto v = batch_view::parse(b);
    REQUIRE(v);
    CHECK(v->bytes().size() == b.size() - 1);
}

TEST_CASE("batch_view: records_count that lies is rejected") {
    for (int32_t lie : {3, 5, 0}) {
        CAPTURE(lie);
        byte_buffer b = sample_batch(compression::none);
        store_be<int32_t>(b.data() + kRecordsCountPos, lie);
        fix_crc(b);
        auto rs = read_all(b);
        REQUIRE_FALSE(rs);
        CHECK(rs.err().code == errc::bad_record);
    }
}

TEST_CASE("batch_view: offset delta beyond last_offset_delta is rejected") {
    byte_buffer b = sample_batch(compression::lz4);
    store_be<int32_t>(b.data() + kLastOffsetDeltaPos, 2);
    fix_crc(b);
    auto rs = read_all(b);
    REQUIRE_FALSE(rs);
    CHECK(rs.err().code == errc::bad_record);
}

TEST_CASE("batch_view: require_contiguous catches gaps") {
    byte_buffer b = sample_batch(compression::none);
    store_be<int32_t>(b.data() + kLastOffsetDeltaPos, 9);
    fix_crc(b);
    auto v = batch_view::parse(b);
    REQUIRE(v);
    byte_buffer scratch;
    CHECK(v->validate(scratch));  // a compacted batch may have gaps
    validate_options strict;
    strict.require_contiguous = true;
    CHECK(v->validate(scratch, strict).err().code == errc::bad_record);
}

TEST_CASE("batch_view: lying record lengths and bad varints are rejected") {
    // One record: 0e 00 00 00 01 02 61 00 (see batch_builder_test).
    batch_builder bb;
    bb.add(0, std::nullopt, bytes_of("a"));
    const byte_buffer good = *bb.build();
    const size_t rec = kBatchHeaderSize;
    struct mutation {
        const char* name;
        size_t pos;
        uint8_t byte;
    };
    const mutation ms[] = {
        {"record length too long", rec, 0x10},
        {"record length too short", rec, 0x0c},
        {"record length negative", rec, 0x01},
        {"value length past record", rec + 5, 0x04},
        {"key length below -1", rec + 4, 0x03},
        {"header count negative", rec + 7, 0x01},
        {"offset delta nonzero", rec + 3, 0x02},
    };
    for (const mutation& m : ms) {
        CAPTURE(m.name);
        byte_buffer b = good;
        b[m.pos] = m.byte;
        fix_crc(b);
        auto rs = read_all(b);
        REQUIRE_FALSE(rs);
        CHECK(rs.err().code == errc::bad_record);
    }
    // A varint that never ends: record length bytes all with the high bit set.
    byte_buffer b = good;
    for (size_t i = rec; i < b.size(); ++i) b[i] = 0xff;
    fix_crc(b);
    CHECK(read_all(b).err().code == errc::bad_record);
}

TEST_CASE("batch_view: decompression bomb is rejected with too_large") {
    batch_options o;
    batch_builder b0(o);
    const std::string zeros(1 << 20, '\0');
    b0.add(0, std::nullopt, bytes_of(zeros));
    for (compression c : kAllCodecs) {
        if (c == compression::none) continue;
        CAPTURE(int(c));
        o.codec = c;
        batch_builder b(o);
        b.add(0, std::nullopt, bytes_of(zeros));
        auto batch = b.build();
        REQUIRE(batch);
        CHECK(batch->size() < 64 * 1024);
        auto rs = read_all(*batch, 256 * 1024);
        REQUIRE_FALSE(rs);
        CHECK(rs.err().code == errc::too_large);
        CHECK(read_all(*batch, 2 << 20));  // fine with a bound above its size
    }
}

TEST_CASE("batch_view: unknown codec and corrupt compressed data are rejected") {
    byte_buffer b = sample_batch(compression::none);
    store_be<uint16_t>(b.data() + kAttributesPos, 5);
    fix_crc(b);
    CHECK(read_all(b).err().code == errc::unsupported_compression);
    for (compression c : kAllCodecs) {
        if (c == compression::none) continue;
        CAPTURE(int(c));
        byte_buffer z = sample_batch(c);
        z.resize(z.size() - 8);  // chop the compressed stream
        store_be<int32_t>(z.data() + kBatchLengthPos, int32_t(z.size() - kLogOverhead));
        fix_crc(z);
        auto rs = read_all(z);
        REQUIRE_FALSE(rs);
        CHECK(rs.err().code == errc::compression_failed);
    }
}
