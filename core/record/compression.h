#pragma once
// The four codecs Kafka record batches use, with the framing real clients put
// around them. One file per codec (gzip_codec.cc, snappy_codec.cc,
// lz4_codec.cc, zstd_codec.cc); this header is the only entry point.
//
//   gzip    RFC 1952 gzip member(s) (Java's GZIPOutputStream). Decompression
//           accepts concatenated members.
//   snappy  compress: xerial snappy-java framing as Kafka's Java client writes it
//             "\x82SNAPPY\0" | int32 version=1 | int32 compatible=1 |
//             { int32 block_length (BE) | raw snappy block }*
//           decompress: that framing, or one plain raw snappy block (what some
//           librdkafka versions send).
//   lz4     the standard LZ4 frame format (KafkaLZ4BlockOutputStream, used for
//           magic >= 1). Magic v0 message sets were written with a broken
//           frame-descriptor checksum; pass lz4_v0_checksum = true to accept it.
//   zstd    zstd frame(s); frames without a content size are fine.
//
// Every decompressor stops with errc::too_large as soon as the output would
// exceed `max_size`, so a small hostile input cannot make us allocate much.

#include <cstddef>

#include "base/bytes.h"
#include "base/result.h"
#include "record/batch_header.h"

namespace odradek::record {

// Default bound for decompressed record data: generous next to Kafka's default
// max.message.bytes (1 MiB) but small enough to stop a decompression bomb.
inline constexpr size_t kDefaultMaxDecompressed = 64u << 20;

// Appends the compressed form of `in` to `out`. compression::none appends `in`.
status compress(compression codec, byte_span in, byte_buffer& out);

struct decompress_options {
    size_t max_size = kDefaultMaxDecompressed;
    bool lz4_v0_checksum = false;  // accept the magic-v0 LZ4 header checksum quirk
};

// Replaces the contents of `out` with the decompressed form of `in`, reusing
// out's capacity. On error `out` holds unspecified bytes.
status decompress(compression codec, byte_span in, byte_buffer& out, decompress_options opts = {});

// Per-codec entry points used by the two functions above (and tests).
status gzip_compress(byte_span in, byte_buffer& out);
status gzip_decompress(byte_span in, byte_buffer& out, size_t max_size);
status snappy_compress(byte_span in, byte_buffer& out);
status snappy_decompress(byte_span in, byte_buffer& out, size_t max_size);
status lz4_compress(byte_span in, byte_buffer& out);
status lz4_decompress(byte_span in, byte_buffer& out, size_t max_size, bool v0_checksum = false);
status zstd_compress(byte_span in, byte_buffer& out);
status zstd_decompress(byte_span in, byte_buffer& out, size_t max_size);

}  // namespace odradek::record
