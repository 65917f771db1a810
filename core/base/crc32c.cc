#include "base/crc32c.h"

#include <isa-l/crc.h>
#include <zlib.h>

#include <limits>

namespace odradek {

// ISA-L's crc32_iscsi works on the raw register: the caller applies the standard
// pre- and post-inversion. Lengths are int, so feed large spans in pieces.
uint32_t crc32c_extend(uint32_t crc, byte_span data) noexcept {
    uint32_t reg = ~crc;
    const uint8_t* p = data.data();
    size_t n = data.size();
    constexpr size_t kChunk = size_t(1) << 30;
    while (n > 0) {
        size_t take = n < kChunk ? n : kChunk;
        reg = crc32_iscsi(const_cast<uint8_t*>(p), int(take), reg);
        p += take;
        n -= take;
    }
    return ~reg;
}

uint32_t crc32c(byte_span data) noexcept { return crc32c_extend(0, data); }

uint32_t crc32_ieee_extend(uint32_t crc, byte_span data) noexcept {
    uLong c = crc;
    const uint8_t* p = data.data();
    size_t n = data.size();
    while (n > 0) {
        uInt take = n > std::numeric_limits<uInt>::max() ? std::numeric_limits<uInt>::max() : uInt(n);
        c = ::crc32(c, p, take);
        p += take;
        n -= take;
    }
    return uint32_t(c);
}

uint32_t crc32_ieee(byte_span data) noexcept { return crc32_ieee_extend(0, data); }

}  // namespace odradek
