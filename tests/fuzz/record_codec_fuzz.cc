// Fuzz target: the codecs. The first byte picks a codec and a direction.
// Decompression of arbitrary bytes must fail cleanly or stay within the bound;
// compressing arbitrary bytes must decompress back to exactly those bytes.

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "record/compression.h"

using namespace odradek;
using namespace odradek::record;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const auto codec = compression(data[0] % 5);
    const bool round_trip = data[0] & 0x80;
    const bool v0_lz4 = data[0] & 0x40;
    byte_span in(data + 1, size - 1);
    constexpr size_t kMax = 1 << 20;
    byte_buffer out;
    if (!round_trip) {
        auto st = decompress(codec, in, out, {kMax, v0_lz4});
        if (st && out.size() > kMax) __builtin_trap();
        return 0;
    }
    byte_buffer z;
    if (!compress(codec, in, z)) __builtin_trap();
    auto st = decompress(codec, z, out, {kMax, false});
    if (!st || out.size() != in.size() || !std::equal(out.begin(), out.end(), in.begin())) __builtin_trap();
    return 0;
}
