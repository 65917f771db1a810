#pragma once
// What the hand-written golden tests share: bytes_of spells expected bytes
// big-endian, field by field, independently of our generated encoders; and
// check_golden encodes a message to exactly those bytes and decodes it back.
// Compact lengths in these tests stay below 127, so their unsigned varint is
// one byte.

#include <doctest/doctest.h>

#include <cstring>
#include <initializer_list>

#include "protocol/message.h"

namespace odradek::protocol::golden {

struct bytes_of {
    byte_buffer b;
    bytes_of& i8(int v) { b.push_back(uint8_t(v)); return *this; }
    bytes_of& i16(int v) { return i8(v >> 8).i8(v); }
    bytes_of& i32(int64_t v) { return i16(int(v >> 16)).i16(int(v)); }
    bytes_of& i64(int64_t v) { return i32(v >> 32).i32(v); }
    bytes_of& f64(double d) {
        uint64_t u;
        std::memcpy(&u, &d, sizeof u);
        return i64(int64_t(u));
    }
    bytes_of& raw(const char* s) {
        for (size_t k = 0; s[k]; ++k) i8(s[k]);
        return *this;
    }
    bytes_of& str(const char* s) { return i16(int(std::strlen(s))).raw(s); }      // int16 length
    bytes_of& cstr(const char* s) { return i8(int(std::strlen(s) + 1)).raw(s); }  // varint length + 1
    bytes_of& null_str() { return i16(-1); }
    bytes_of& null_compact() { return i8(0); }
    bytes_of& arr(int n) { return i32(n); }      // non-flexible array length
    bytes_of& carr(int n) { return i8(n + 1); }  // compact array length + 1
    bytes_of& tags() { return i8(0); }           // an empty tagged-field section
    bytes_of& ints(std::initializer_list<int32_t> v) {  // non-flexible [int32]
        i32(int32_t(v.size()));
        for (int32_t x : v) i32(x);
        return *this;
    }
    bytes_of& cints(std::initializer_list<int32_t> v) {  // compact [int32]
        i8(int(v.size() + 1));
        for (int32_t x : v) i32(x);
        return *this;
    }
    bytes_of& id(const uuid& u) {  // a uuid: its 16 bytes as they are
        for (uint8_t x : u.bytes) i8(x);
        return *this;
    }
};

template <typename M>
void check_golden(const M& m, int16_t version, const byte_buffer& expected) {
    byte_buffer out;
    encode_message(m, version, out);
    CHECK(out == expected);
    auto back = decode_message<M>(expected, version);
    REQUIRE(back);
    CHECK(*back == m);
}

}  // namespace odradek::protocol::golden
