// zstd: Kafka's codec 4 (zstd-jni's ZstdOutputStream on the Java side). Input
// may hold several frames, with or without a content size in their headers, so
// decompression always streams instead of trusting ZSTD_getFrameContentSize.

#include <zstd.h>

#include "record/codec_buffer.h"
#include "record/compression.h"

namespace odradek::record {

namespace {
constexpr int kZstdLevel = 3;  // zstd's and Kafka's default
}

status zstd_compress(byte_span in, byte_buffer& out) {
    const size_t start = out.size();
    out.resize(start + ZSTD_compressBound(in.size()));
    size_t n = ZSTD_compress(out.data() + start, out.size() - start, in.data(), in.size(), kZstdLevel);
    if (ZSTD_isError(n)) {
        out.resize(start);
        return error(errc::compression_failed, ZSTD_getErrorName(n));
    }
    out.resize(start + n);
    return ok();
}

status zstd_decompress(byte_span in, byte_buffer& out, size_t max_size) {
    out.clear();
    ZSTD_DCtx* dctx = ZSTD_createDCtx();
    if (!dctx) return error(errc::compression_failed, "ZSTD_createDCtx");
    ZSTD_inBuffer src{in.data(), in.size(), 0};
    size_t used = 0;
    size_t hint = 1;  // 0 once the last frame was fully decoded and flushed
    status st = ok();
    while (src.pos < src.size || hint != 0) {
        size_t room = detail::grow_output(out, used, max_size, in.size());
        if (room == 0) {
            st = errc::too_large;
            break;
        }
        ZSTD_outBuffer dst{out.data() + used, room, 0};
        hint = ZSTD_decompressStream(dctx, &dst, &src);
        used += dst.pos;
        if (ZSTD_isError(hint)) {
            st = error(errc::compression_failed, ZSTD_getErrorName(hint));
            break;
        }
        if (used > max_size) {
            st = errc::too_large;
            break;
        }
        // Input used up, output not full, frame unfinished: the decoder flushed
        // all it could and wants more input, so the data is truncated.
        if (hint != 0 && src.pos == src.size && dst.pos < room) {
            st = error(errc::compression_failed, "zstd data truncated");
            break;
        }
    }
    ZSTD_freeDCtx(dctx);
    if (st) out.resize(used);
    return st;
}

}  // namespace odradek::record
