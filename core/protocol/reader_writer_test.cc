#include <doctest/doctest.h>

#include <limits>

#include "protocol/reader.h"
#include "protocol/tagged_fields.h"
#include "protocol/writer.h"

using namespace odradek;
using namespace odradek::protocol;

TEST_CASE("fixed-width integers round trip big-endian") {
    byte_buffer b;
    writer w(b);
    w.write_int8(-2);
    w.write_int16(-300);
    w.write_int32(0x01020304);
    w.write_int64(std::numeric_limits<int64_t>::min());
    w.write_uint16(65535);
    w.write_uint32(0xfffffffeu);
    w.write_float64(-1.25);
    w.write_bool(true);
    CHECK(b.size() == 1 + 2 + 4 + 8 + 2 + 4 + 8 + 1);
    CHECK(b[3] == 0x01);  // most significant byte first
    reader r(b);
    CHECK(r.read_int8() == -2);
    CHECK(r.read_int16() == -300);
    CHECK(r.read_int32() == 0x01020304);
    CHECK(r.read_int64() == std::numeric_limits<int64_t>::min());
    CHECK(r.read_uint16() == 65535);
    CHECK(r.read_uint32() == 0xfffffffeu);
    CHECK(r.read_float64() == -1.25);
    CHECK(r.read_bool());
    CHECK(r.ok());
    CHECK(r.remaining() == 0);
}

TEST_CASE("a short read is sticky: every later accessor returns zero values") {
    const uint8_t in[] = {0x00, 0x05, 'a', 'b'};  // string claims 5 bytes, has 2
    reader r(in);
    CHECK(r.read_string() == "");
    CHECK_FALSE(r.ok());
    CHECK(r.error() == errc::truncated);
    CHECK(r.read_int8() == 0);
    CHECK(r.read_int64() == 0);
    CHECK(r.read_uvarint() == 0);
    CHECK_FALSE(r.read_nullable_string().has_value());
    CHECK(r.read_span(1).empty());
    CHECK(r.remaining() == 0);
    CHECK(r.error() == errc::truncated);  // the first error is kept
}

TEST_CASE("varints: unsigned, zig-zag, and malformed") {
    byte_buffer b;
    writer w(b);
    w.write_uvarint(300);
    w.write_varint(-1);
    w.write_varlong(std::numeric_limits<int64_t>::min());
    reader r(b);
    CHECK(r.read_uvarint() == 300);
    CHECK(r.read_varint() == -1);
    CHECK(r.read_varlong() == std::numeric_limits<int64_t>::min());
    CHECK(r.ok());

    const uint8_t too_long[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
    reader bad(too_long);
    bad.read_uvarint();
    CHECK(bad.error() == errc::invalid_varint);

    const uint8_t cut[] = {0x80, 0x80};
    reader short_r(cut);
    short_r.read_uvarint();
    CHECK(short_r.error() == errc::truncated);
}

TEST_CASE("strings: classic, compact, nullable") {
    byte_buffer b;
    writer w(b);
    w.write_string("kafka");
    w.write_compact_string("odradek");
    w.write_nullable_string(std::nullopt);
    w.write_compact_nullable_string(std::nullopt);
    w.write_compact_nullable_string(std::string(""));
    CHECK(b[0] == 0);
    CHECK(b[1] == 5);
    CHECK(b[7] == 8);  // compact length is length + 1
    reader r(b);
    CHECK(r.read_string() == "kafka");
    CHECK(r.read_compact_string_view() == "odradek");
    CHECK_FALSE(r.read_nullable_string().has_value());
    CHECK_FALSE(r.read_compact_nullable_string().has_value());
    auto empty = r.read_compact_nullable_string();
    REQUIRE(empty.has_value());
    CHECK(empty->empty());
    CHECK(r.ok());
    CHECK(r.remaining() == 0);
}

TEST_CASE("null where not nullable and negative lengths fail") {
    const uint8_t null16[] = {0xff, 0xff};
    reader a(null16);
    a.read_string();
    CHECK(a.error() == errc::null_not_allowed);

    const uint8_t neg16[] = {0xff, 0xfe};
    reader b(neg16);
    b.read_nullable_string();
    CHECK(b.error() == errc::invalid_length);

    const uint8_t compact_null[] = {0x00};
    reader c(compact_null);
    c.read_compact_bytes();
    CHECK(c.error() == errc::null_not_allowed);
}

TEST_CASE("bytes are views into the input, nullable bytes distinguish null from empty") {
    byte_buffer b;
    writer w(b);
    const uint8_t payload[] = {9, 8, 7};
    w.write_bytes(payload);
    w.write_nullable_bytes(std::nullopt);
    w.write_compact_nullable_bytes(byte_span());
    reader r(b);
    byte_span s = r.read_bytes();
    CHECK(s.size() == 3);
    CHECK(s.data() == b.data() + 4);  // zero copy
    CHECK_FALSE(r.read_nullable_bytes().has_value());
    auto e = r.read_compact_nullable_bytes();
    REQUIRE(e.has_value());
    CHECK(e->empty());
    CHECK(r.ok());
}

TEST_CASE("a huge length is refused before anything is allocated") {
    const uint8_t huge_bytes[] = {0x7f, 0xff, 0xff, 0xff, 1, 2, 3};
    reader a(huge_bytes);
    CHECK(a.read_bytes().empty());
    CHECK(a.error() == errc::truncated);

    reader b(huge_bytes);
    CHECK(b.read_array_len() == 0);
    CHECK(b.error() == errc::truncated);

    const uint8_t huge_compact[] = {0xff, 0xff, 0xff, 0xff, 0x0f};
    reader c(huge_compact);
    CHECK(c.read_compact_array_len() == 0);
    CHECK_FALSE(c.ok());
}

TEST_CASE("array lengths: null, empty, bounded by remaining") {
    byte_buffer b;
    writer w(b);
    w.write_array_len(-1);
    w.write_compact_array_len(-1);
    w.write_compact_array_len(2);
    b.push_back(1);
    b.push_back(2);
    reader r(b);
    CHECK(r.read_array_len() == -1);
    CHECK(r.read_compact_array_len() == -1);
    CHECK(r.read_compact_array_len() == 2);
    CHECK(r.ok());

    const uint8_t neg[] = {0xff, 0xff, 0xff, 0xfe};
    reader n(neg);
    n.read_array_len();
    CHECK(n.error() == errc::invalid_length);
}

TEST_CASE("uuid round trip") {
    uuid u;
    for (size_t i = 0; i < 16; ++i) u.bytes[i] = uint8_t(i * 3);
    byte_buffer b;
    writer w(b);
    w.write_uuid(u);
    reader r(b);
    CHECK(r.read_uuid() == u);
    CHECK(uuid{}.is_zero());
    CHECK_FALSE(u.is_zero());
}

TEST_CASE("tagged sections merge known and unknown fields in tag order") {
    byte_buffer b;
    writer w(b);
    tagged_section_writer t;
    writer(t.add(1)).write_int32(7);
    tagged_field_list unknown{{5, {0xaa}}, {0, {0xbb, 0xcc}}};
    t.finish(w, unknown);
    const uint8_t expect[] = {3, 0, 2, 0xbb, 0xcc, 1, 4, 0, 0, 0, 7, 5, 1, 0xaa};
    CHECK(b == byte_buffer(std::begin(expect), std::end(expect)));

    reader r(b);
    tagged_field_list kept;
    int32_t known = 0;
    read_tagged_fields(r, kept, [&](uint32_t tag, reader& f) {
        if (tag != 1) return false;
        known = f.read_int32();
        return true;
    });
    CHECK(r.ok());
    CHECK(known == 7);
    REQUIRE(kept.size() == 2);
    CHECK(kept[0].tag == 0);
    CHECK(kept[1] == raw_tagged_field{5, {0xaa}});
}

TEST_CASE("a known tagged field must fill exactly its declared size") {
    const uint8_t in[] = {1, 1, 5, 0, 0, 0, 7, 9};  // tag 1 declares 5 bytes, int32 reads 4
    reader r(in);
    tagged_field_list kept;
    read_tagged_fields(r, kept, [](uint32_t, reader& f) {
        f.read_int32();
        return true;
    });
    CHECK(r.error() == errc::invalid_tagged_field);
}

namespace {
// A splicer with one placeholder standing for `size` bytes kept elsewhere.
struct one_placeholder : records_splicer {
    uint8_t token = 0;
    int64_t size = 0;
    size_t placed_at = SIZE_MAX;
    std::optional<int64_t> placeholder_size(byte_span r) const override {
        if (r.data() == &token) return size;
        return std::nullopt;
    }
    void place(byte_span, size_t position) override { placed_at = position; }
};
}  // namespace

TEST_CASE("a spliced record set writes only its length prefix and where its bytes go") {
    one_placeholder s;
    s.size = 300;
    byte_buffer b;
    writer w(b, &s);
    w.write_int8(7);
    w.write_compact_nullable_records(byte_span(&s.token, 1));
    // uvarint(301) = 0xad 0x02; the bytes themselves are not in the buffer.
    CHECK(b == byte_buffer{7, 0xad, 0x02});
    CHECK(s.placed_at == 3);

    b.clear();
    w.write_nullable_records(byte_span(&s.token, 1));
    CHECK(b == byte_buffer{0, 0, 0x01, 0x2c});
    CHECK(s.placed_at == 4);

    // Any other span is copied as bytes.
    const uint8_t real[] = {1, 2};
    b.clear();
    w.write_records(real);
    CHECK(b == byte_buffer{0, 0, 0, 2, 1, 2});
}
