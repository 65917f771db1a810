#include "record/compression.h"

namespace odradek::record {

status compress(compression codec, byte_span in, byte_buffer& out) {
    switch (codec) {
        case compression::none: out.insert(out.end(), in.begin(), in.end()); return ok();
        case compression::gzip: return gzip_compress(in, out);
        case compression::snappy: return snappy_compress(in, out);
        case compression::lz4: return lz4_compress(in, out);
        case compression::zstd: return zstd_compress(in, out);
    }
    return error(errc::unsupported_compression, "codec " + std::to_string(int(codec)));
}

status decompress(compression codec, byte_span in, byte_buffer& out, decompress_options opts) {
    out.clear();
    switch (codec) {
        case compression::none:
            if (in.size() > opts.max_size) return errc::too_large;
            out.assign(in.begin(), in.end());
            return ok();
        case compression::gzip: return gzip_decompress(in, out, opts.max_size);
        case compression::snappy: return snappy_decompress(in, out, opts.max_size);
        case compression::lz4: return lz4_decompress(in, out, opts.max_size, opts.lz4_v0_checksum);
        case compression::zstd: return zstd_decompress(in, out, opts.max_size);
    }
    return error(errc::unsupported_compression, "codec " + std::to_string(int(codec)));
}

}  // namespace odradek::record
