// lz4: Kafka's codec 3, the standard LZ4 frame format as
// KafkaLZ4BlockOutputStream writes it: 64 KiB independent blocks, no block or
// content checksums, no content size.
//
//   frame: magic 04 22 4D 18 | FLG | BD | [content size 8] [dict id 4] | HC |
//          { uint32 LE block size (bit 31 = stored uncompressed) | data }* | 0000
//
// HC is the second byte of xxh32(FLG .. byte before HC, seed 0). Kafka before
// magic v1 computed it over the magic number too; Kafka reads such v0 data
// without checking HC. liblz4 always checks it, so in v0 mode we recompute the
// correct HC into a copy of the header and hand liblz4 that.

#include <lz4frame.h>

#include <cstring>
#include <memory>

#include "record/codec_buffer.h"
#include "record/compression.h"

namespace odradek::record {

namespace {

constexpr uint32_t kLz4FrameMagic = 0x184D2204;
constexpr size_t kMaxFrameHeader = 4 + 2 + 8 + 4 + 1;

uint32_t rotl(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }
uint32_t load_le32(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

// XXH32 (seed 0) of at most a frame descriptor's bytes; written from the
// xxHash specification, needed only for the HC fix-up above.
uint32_t xxh32(const uint8_t* p, size_t len) {
    constexpr uint32_t k1 = 0x9E3779B1u, k2 = 0x85EBCA77u, k3 = 0xC2B2AE3Du, k4 = 0x27D4EB2Fu, k5 = 0x165667B1u;
    const uint8_t* end = p + len;
    uint32_t h;
    if (len >= 16) {
        uint32_t v1 = k1 + k2, v2 = k2, v3 = 0, v4 = 0u - k1;
        auto round = [&](uint32_t acc, uint32_t in) { return rotl(acc + in * k2, 13) * k1; };
        while (end - p >= 16) {
            v1 = round(v1, load_le32(p));
            v2 = round(v2, load_le32(p + 4));
            v3 = round(v3, load_le32(p + 8));
            v4 = round(v4, load_le32(p + 12));
            p += 16;
        }
        h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
    } else {
        h = k5;
    }
    h += uint32_t(len);
    while (end - p >= 4) {
        h = rotl(h + load_le32(p) * k3, 17) * k4;
        p += 4;
    }
    while (p < end) {
        h = rotl(h + (*p++) * k5, 11) * k1;
    }
    h ^= h >> 15;
    h *= k2;
    h ^= h >> 13;
    h *= k3;
    h ^= h >> 16;
    return h;
}

struct dctx_deleter {
    void operator()(LZ4F_dctx* d) const { LZ4F_freeDecompressionContext(d); }
};

}  // namespace

status lz4_compress(byte_span in, byte_buffer& out) {
    LZ4F_preferences_t prefs{};
    prefs.frameInfo.blockSizeID = LZ4F_max64KB;
    prefs.frameInfo.blockMode = LZ4F_blockIndependent;
    prefs.frameInfo.contentChecksumFlag = LZ4F_noContentChecksum;
    prefs.frameInfo.blockChecksumFlag = LZ4F_noBlockChecksum;
    const size_t start = out.size();
    out.resize(start + LZ4F_compressFrameBound(in.size(), &prefs));
    size_t n = LZ4F_compressFrame(out.data() + start, out.size() - start, in.data(), in.size(), &prefs);
    if (LZ4F_isError(n)) {
        out.resize(start);
        return error(errc::compression_failed, LZ4F_getErrorName(n));
    }
    out.resize(start + n);
    return ok();
}

status lz4_decompress(byte_span in, byte_buffer& out, size_t max_size, bool v0_checksum) {
    out.clear();
    LZ4F_dctx* raw = nullptr;
    if (LZ4F_isError(LZ4F_createDecompressionContext(&raw, LZ4F_VERSION))) {
        return error(errc::compression_failed, "LZ4F_createDecompressionContext");
    }
    std::unique_ptr<LZ4F_dctx, dctx_deleter> dctx(raw);

    // In v0 mode, feed a corrected copy of the frame header first.
    uint8_t fixed[kMaxFrameHeader];
    byte_span header_part;
    byte_span rest = in;
    if (v0_checksum && in.size() >= 7 && load_le32(in.data()) == kLz4FrameMagic) {
        const uint8_t flg = in[4];
        const size_t desc_len = 2 + ((flg & 0x08) ? 8 : 0) + ((flg & 0x01) ? 4 : 0);
        if (in.size() >= 4 + desc_len + 1) {
            std::memcpy(fixed, in.data(), 4 + desc_len + 1);
            fixed[4 + desc_len] = uint8_t(xxh32(fixed + 4, desc_len) >> 8);
            header_part = byte_span(fixed, 4 + desc_len + 1);
            rest = in.subspan(header_part.size());
        }
    }

    size_t used = 0;
    size_t hint = 1;
    for (byte_span part : {header_part, rest}) {
        size_t pos = 0;
        while (pos < part.size()) {
            size_t room = detail::grow_output(out, used, max_size, in.size());
            if (room == 0) return errc::too_large;
            size_t src_len = part.size() - pos;
            size_t dst_len = room;
            hint = LZ4F_decompress(dctx.get(), out.data() + used, &dst_len, part.data() + pos, &src_len, nullptr);
            if (LZ4F_isError(hint)) return error(errc::compression_failed, LZ4F_getErrorName(hint));
            pos += src_len;
            used += dst_len;
            if (used > max_size) return errc::too_large;
        }
    }
    // Drain output still buffered inside the context.
    while (hint != 0) {
        size_t room = detail::grow_output(out, used, max_size, in.size());
        if (room == 0) return errc::too_large;
        size_t src_len = 0;
        size_t dst_len = room;
        hint = LZ4F_decompress(dctx.get(), out.data() + used, &dst_len, nullptr, &src_len, nullptr);
        if (LZ4F_isError(hint)) return error(errc::compression_failed, LZ4F_getErrorName(hint));
        used += dst_len;
        if (used > max_size) return errc::too_large;
        if (hint != 0 && dst_len == 0) return error(errc::compression_failed, "lz4 frame truncated");
    }
    out.resize(used);
    return ok();
}

}  // namespace odradek::record
