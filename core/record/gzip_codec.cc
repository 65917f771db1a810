// gzip: what Java's GZIPOutputStream writes (Kafka's codec 1). zlib with the
// gzip wrapper (windowBits 15 + 16).

#include <zlib.h>

#include <climits>

#include "record/codec_buffer.h"
#include "record/compression.h"

namespace odradek::record {

namespace {
constexpr int kGzipWindowBits = 15 + 16;
constexpr size_t kMaxChunk = UINT_MAX;  // zlib counts in uInt
}  // namespace

status gzip_compress(byte_span in, byte_buffer& out) {
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        return error(errc::compression_failed, "deflateInit2");
    }
    const size_t start = out.size();
    size_t used = start;
    size_t in_pos = 0;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (out.size() - used < 4096) out.resize(std::max(out.size() * 2, used + 64 * 1024));
        size_t in_chunk = std::min(in.size() - in_pos, kMaxChunk);
        zs.next_in = const_cast<Bytef*>(in.data() + in_pos);
        zs.avail_in = uInt(in_chunk);
        zs.next_out = out.data() + used;
        zs.avail_out = uInt(std::min(out.size() - used, kMaxChunk));
        const uInt avail_out_before = zs.avail_out;
        const bool last = in_pos + in_chunk == in.size();
        rc = deflate(&zs, last ? Z_FINISH : Z_NO_FLUSH);
        in_pos += in_chunk - zs.avail_in;
        used += avail_out_before - zs.avail_out;
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            deflateEnd(&zs);
            out.resize(start);
            return error(errc::compression_failed, "deflate");
        }
    }
    deflateEnd(&zs);
    out.resize(used);
    return ok();
}

status gzip_decompress(byte_span in, byte_buffer& out, size_t max_size) {
    out.clear();
    z_stream zs{};
    if (inflateInit2(&zs, kGzipWindowBits) != Z_OK) return error(errc::compression_failed, "inflateInit2");
    size_t used = 0;
    size_t in_pos = 0;
    status st = ok();
    for (;;) {
        size_t room = detail::grow_output(out, used, max_size, in.size());
        if (room == 0) {
            st = errc::too_large;
            break;
        }
        size_t in_chunk = std::min(in.size() - in_pos, kMaxChunk);
        zs.next_in = const_cast<Bytef*>(in.data() + in_pos);
        zs.avail_in = uInt(in_chunk);
        zs.next_out = out.data() + used;
        zs.avail_out = uInt(std::min(room, kMaxChunk));
        const uInt avail_out_before = zs.avail_out;
        int rc = inflate(&zs, Z_NO_FLUSH);
        in_pos += in_chunk - zs.avail_in;
        used += avail_out_before - zs.avail_out;
        if (used > max_size) {
            st = errc::too_large;
            break;
        }
        if (rc == Z_STREAM_END) {
            // Java's GZIPInputStream reads concatenated members and ignores
            // trailing bytes that do not start one; do the same.
            if (in.size() - in_pos >= 2 && in[in_pos] == 0x1f && in[in_pos + 1] == 0x8b) {
                inflateReset(&zs);
                continue;
            }
            break;
        }
        if (rc == Z_BUF_ERROR && in_pos == in.size() && zs.avail_out != 0) {
            st = error(errc::compression_failed, "gzip data truncated");
            break;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            st = error(errc::compression_failed, zs.msg ? zs.msg : "inflate");
            break;
        }
    }
    inflateEnd(&zs);
    if (st) out.resize(used);
    return st;
}

}  // namespace odradek::record
