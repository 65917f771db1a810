#pragma once
// Variable-length integers as Kafka uses them: unsigned LEB128 ("unsigned
// varint", compact lengths and tagged fields) and zig-zag signed varint/varlong
// (record fields). Decoders return the number of bytes consumed, or 0 when the
// input is truncated or the encoding is longer than the type allows, so a caller
// can never read past its span.

#include <cstdint>

#include "base/bytes.h"

namespace odradek {

inline constexpr size_t kMaxVarintBytes = 5;
inline constexpr size_t kMaxVarlongBytes = 10;

inline constexpr uint32_t zigzag_encode(int32_t v) noexcept { return (uint32_t(v) << 1) ^ uint32_t(v >> 31); }
inline constexpr uint64_t zigzag_encode(int64_t v) noexcept { return (uint64_t(v) << 1) ^ uint64_t(v >> 63); }
inline constexpr int32_t zigzag_decode(uint32_t v) noexcept { return int32_t(v >> 1) ^ -int32_t(v & 1); }
inline constexpr int64_t zigzag_decode(uint64_t v) noexcept { return int64_t(v >> 1) ^ -int64_t(v & 1); }

template <typename U>
inline size_t decode_uleb(byte_span in, U& out) noexcept {
    constexpr size_t max_bytes = sizeof(U) == 4 ? kMaxVarintBytes : kMaxVarlongBytes;
    U v = 0;
    for (size_t i = 0; i < in.size() && i < max_bytes; ++i) {
        uint8_t b = in[i];
        v |= U(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            out = v;
            return i + 1;
        }
    }
    return 0;
}

inline size_t decode_uvarint(byte_span in, uint32_t& out) noexcept { return decode_uleb(in, out); }
inline size_t decode_uvarlong(byte_span in, uint64_t& out) noexcept { return decode_uleb(in, out); }
inline size_t decode_varint(byte_span in, int32_t& out) noexcept {
    uint32_t u;
    size_t n = decode_uleb(in, u);
    if (n) out = zigzag_decode(u);
    return n;
}
inline size_t decode_varlong(byte_span in, int64_t& out) noexcept {
    uint64_t u;
    size_t n = decode_uleb(in, u);
    if (n) out = zigzag_decode(u);
    return n;
}

// Encoders write into `out`, which must have room for kMaxVarintBytes /
// kMaxVarlongBytes, and return the number of bytes written.
template <typename U>
inline size_t encode_uleb(U v, uint8_t* out) noexcept {
    size_t n = 0;
    while (v >= 0x80) {
        out[n++] = uint8_t(v) | 0x80;
        v >>= 7;
    }
    out[n++] = uint8_t(v);
    return n;
}
inline size_t encode_uvarint(uint32_t v, uint8_t* out) noexcept { return encode_uleb(v, out); }
inline size_t encode_uvarlong(uint64_t v, uint8_t* out) noexcept { return encode_uleb(v, out); }
inline size_t encode_varint(int32_t v, uint8_t* out) noexcept { return encode_uleb(zigzag_encode(v), out); }
inline size_t encode_varlong(int64_t v, uint8_t* out) noexcept { return encode_uleb(zigzag_encode(v), out); }

template <typename U>
inline constexpr size_t uleb_size(U v) noexcept {
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        ++n;
    }
    return n;
}
inline constexpr size_t uvarint_size(uint32_t v) noexcept { return uleb_size(v); }
inline constexpr size_t varint_size(int32_t v) noexcept { return uleb_size(zigzag_encode(v)); }
inline constexpr size_t varlong_size(int64_t v) noexcept { return uleb_size(zigzag_encode(v)); }

inline void append_uvarint(byte_buffer& out, uint32_t v) {
    uint8_t tmp[kMaxVarintBytes];
    out.insert(out.end(), tmp, tmp + encode_uvarint(v, tmp));
}
inline void append_varint(byte_buffer& out, int32_t v) {
    uint8_t tmp[kMaxVarintBytes];
    out.insert(out.end(), tmp, tmp + encode_varint(v, tmp));
}
inline void append_varlong(byte_buffer& out, int64_t v) {
    uint8_t tmp[kMaxVarlongBytes];
    out.insert(out.end(), tmp, tmp + encode_varlong(v, tmp));
}

}  // namespace odradek
