// snappy: Kafka's codec 2. The Java client wraps raw snappy blocks in the
// xerial snappy-java stream framing:
//
//   offset size
//        0    8  magic "\x82SNAPPY\0"
//        8    4  version (1), big-endian
//       12    4  minimum compatible version (1)
//       16       { int32 BE compressed_length | raw snappy block }*
//
// Some librdkafka versions send one raw snappy block instead, so decompression
// looks at the magic and accepts either.

#include <snappy.h>

#include <cstring>

#include "record/compression.h"

namespace odradek::record {

namespace {
constexpr uint8_t kXerialMagic[8] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
constexpr size_t kXerialHeaderSize = 16;
constexpr int32_t kXerialVersion = 1;
constexpr int32_t kXerialCompatible = 1;
// snappy-java's default block size, which Kafka's producer keeps.
constexpr size_t kXerialBlockSize = 32 * 1024;

bool is_xerial(byte_span in) {
    return in.size() >= kXerialHeaderSize && std::memcmp(in.data(), kXerialMagic, sizeof kXerialMagic) == 0;
}

// Appends the decompressed form of one raw snappy block to `out`.
status append_raw(byte_span block, byte_buffer& out, size_t max_size) {
    const char* src = reinterpret_cast<const char*>(block.data());
    size_t n = 0;
    if (!snappy::GetUncompressedLength(src, block.size(), &n)) {
        return error(errc::compression_failed, "bad snappy block header");
    }
    if (n > max_size - out.size()) return errc::too_large;
    const size_t at = out.size();
    out.resize(at + n);
    if (!snappy::RawUncompress(src, block.size(), reinterpret_cast<char*>(out.data() + at))) {
        return error(errc::compression_failed, "corrupt snappy block");
    }
    return ok();
}
}  // namespace

status snappy_compress(byte_span in, byte_buffer& out) {
    out.insert(out.end(), std::begin(kXerialMagic), std::end(kXerialMagic));
    append_be<int32_t>(out, kXerialVersion);
    append_be<int32_t>(out, kXerialCompatible);
    for (size_t pos = 0; pos < in.size(); pos += kXerialBlockSize) {
        const size_t len = std::min(kXerialBlockSize, in.size() - pos);
        const size_t length_at = out.size();
        out.resize(length_at + 4 + snappy::MaxCompressedLength(len));
        size_t n = 0;
        snappy::RawCompress(reinterpret_cast<const char*>(in.data() + pos), len,
                            reinterpret_cast<char*>(out.data() + length_at + 4), &n);
        store_be<int32_t>(out.data() + length_at, int32_t(n));
        out.resize(length_at + 4 + n);
    }
    return ok();
}

status snappy_decompress(byte_span in, byte_buffer& out, size_t max_size) {
    out.clear();
    if (!is_xerial(in)) return append_raw(in, out, max_size);
    size_t pos = kXerialHeaderSize;
    while (pos < in.size()) {
        // snappy-java reads concatenated streams: a header may follow a block.
        if (is_xerial(in.subspan(pos))) {
            pos += kXerialHeaderSize;
            continue;
        }
        if (in.size() - pos < 4) return error(errc::compression_failed, "truncated snappy block length");
        const int32_t len = load_be<int32_t>(in.data() + pos);
        pos += 4;
        if (len < 0 || size_t(len) > in.size() - pos) {
            return error(errc::compression_failed, "snappy block length out of range");
        }
        ODRADEK_TRY(append_raw(in.subspan(pos, size_t(len)), out, max_size));
        pos += size_t(len);
    }
    return ok();
}

}  // namespace odradek::record
