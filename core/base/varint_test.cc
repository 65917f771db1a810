#include "base/varint.h"

#include <doctest/doctest.h>

#include <limits>

using namespace odradek;

TEST_CASE("zig-zag varints round-trip at the edges") {
    for (int64_t v : {int64_t(0), int64_t(-1), int64_t(1), int64_t(63), int64_t(-64), int64_t(64),
                      std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}) {
        byte_buffer b;
        append_varlong(b, v);
        CHECK(b.size() == varlong_size(v));
        int64_t back = 0;
        CHECK(decode_varlong(b, back) == b.size());
        CHECK(back == v);
    }
    for (int32_t v : {0, -1, 1, 300, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()}) {
        byte_buffer b;
        append_varint(b, v);
        int32_t back = 0;
        CHECK(decode_varint(b, back) == b.size());
        CHECK(back == v);
    }
}

TEST_CASE("known encodings") {
    byte_buffer b;
    append_uvarint(b, 300);
    CHECK(b == byte_buffer{0xAC, 0x02});
    b.clear();
    append_varint(b, -1);
    CHECK(b == byte_buffer{0x01});
}

TEST_CASE("truncated and overlong varints are rejected") {
    uint32_t u;
    byte_buffer cont{0x80, 0x80};
    CHECK(decode_uvarint(cont, u) == 0);
    byte_buffer too_long{0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
    CHECK(decode_uvarint(too_long, u) == 0);
    CHECK(decode_uvarint({}, u) == 0);
}
