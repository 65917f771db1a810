#pragma once
// Internal to the codec files: bounded output growth for streaming decompressors.
//
// A decompressor writes into out[used, out.size()). grow_output() makes room,
// never letting out.size() exceed max_size + 1: when a codec manages to write
// that extra byte, the data is larger than allowed and the caller reports
// errc::too_large. So a bomb costs at most max_size + 1 bytes of memory.

#include <algorithm>
#include <cstddef>

#include "base/bytes.h"

namespace odradek::record::detail {

// Returns the number of writable bytes past `used` (0 when the bound is reached).
inline size_t grow_output(byte_buffer& out, size_t used, size_t max_size, size_t input_size) {
    const size_t limit = max_size == size_t(-1) ? max_size : max_size + 1;
    if (out.size() < limit && out.size() - used < 1024) {
        size_t want = std::max({out.size() * 2, used + 4096, input_size * 4});
        out.resize(std::min(want, limit));
    }
    return out.size() - used;
}

}  // namespace odradek::record::detail
