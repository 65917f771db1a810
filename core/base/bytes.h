#pragma once
// Byte spans and big-endian (network order) loads and stores, shared by the wire
// protocol, the record-batch format and the on-disk files. Kafka's formats are
// big-endian throughout.

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

namespace odradek {

using byte_span = std::span<const uint8_t>;
using mutable_byte_span = std::span<uint8_t>;
using byte_buffer = std::vector<uint8_t>;

template <typename T>
inline T load_be(const uint8_t* p) noexcept {
    static_assert(std::is_integral_v<T>);
    T v;
    std::memcpy(&v, p, sizeof v);
    if constexpr (std::endian::native == std::endian::little && sizeof(T) > 1) {
        if constexpr (sizeof(T) == 2) v = T(__builtin_bswap16(uint16_t(v)));
        if constexpr (sizeof(T) == 4) v = T(__builtin_bswap32(uint32_t(v)));
        if constexpr (sizeof(T) == 8) v = T(__builtin_bswap64(uint64_t(v)));
    }
    return v;
}

template <typename T>
inline void store_be(uint8_t* p, T v) noexcept {
    static_assert(std::is_integral_v<T>);
    if constexpr (std::endian::native == std::endian::little && sizeof(T) > 1) {
        if constexpr (sizeof(T) == 2) v = T(__builtin_bswap16(uint16_t(v)));
        if constexpr (sizeof(T) == 4) v = T(__builtin_bswap32(uint32_t(v)));
        if constexpr (sizeof(T) == 8) v = T(__builtin_bswap64(uint64_t(v)));
    }
    std::memcpy(p, &v, sizeof v);
}

template <typename T>
inline void append_be(byte_buffer& out, T v) {
    uint8_t tmp[sizeof(T)];
    store_be(tmp, v);
    out.insert(out.end(), tmp, tmp + sizeof(T));
}

inline byte_span as_bytes(std::string_view s) noexcept {
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

inline std::string_view as_chars(byte_span b) noexcept {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace odradek
