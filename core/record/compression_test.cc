#include "record/compression.h"

#include <doctest/doctest.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <string>

using namespace odradek;
using namespace odradek::record;

namespace {
const compression kCodecs[] = {compression::none, compression::gzip, compression::snappy, compression::lz4,
                               compression::zstd};

// Compressible but not trivial: repeated words with a changing counter.
byte_buffer text(size_t n) {
    byte_buffer b;
    for (size_t i = 0; b.size() < n; ++i) {
        std::string w = "word" + std::to_string(i % 977) + " ";
        b.insert(b.end(), w.begin(), w.end());
    }
    b.resize(n);
    return b;
}
}  // namespace

TEST_CASE("compression: round trip of several sizes in every codec") {
    // 0, 1, a bit, and beyond snappy's 32 KiB and lz4's 64 KiB blocks.
    for (size_t n : {size_t(0), size_t(1), size_t(1000), size_t(200'000)}) {
        for (compression c : kCodecs) {
            CAPTURE(n);
            CAPTURE(int(c));
            const byte_buffer in = text(n);
            byte_buffer z = {0xee};  // compress appends
            REQUIRE(compress(c, in, z));
            CHECK(z[0] == 0xee);
            byte_buffer out = {1, 2, 3};  // decompress replaces
            REQUIRE(decompress(c, byte_span(z).subspan(1), out));
            CHECK(out == in);
        }
    }
}

TEST_CASE("compression: the size bound is exact") {
    const byte_buffer in = text(100'000);
    for (compression c : kCodecs) {
        CAPTURE(int(c));
        byte_buffer z, out;
        REQUIRE(compress(c, in, z));
        CHECK(decompress(c, z, out, {in.size(), false}));
        CHECK(out.size() == in.size());
        CHECK(decompress(c, z, out, {in.size() - 1, false}).err().code == errc::too_large);
    }
}

TEST_CASE("snappy: xerial framing as the Java client writes it") {
    const byte_buffer in = text(70'000);  // three 32 KiB blocks
    byte_buffer z;
    REQUIRE(snappy_compress(in, z));
    const byte_buffer header = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1};
    REQUIRE(z.size() > header.size());
    CHECK(byte_buffer(z.begin(), z.begin() + 16) == header);
    // Walk the blocks: int32 length + raw block of at most 32 KiB each.
    size_t pos = 16, blocks = 0, total = 0;
    while (pos < z.size()) {
        const auto len = size_t(load_be<int32_t>(z.data() + pos));
        size_t n = 0;
        REQUIRE(snappy::GetUncompressedLength(reinterpret_cast<const char*>(z.data() + pos + 4), len, &n));
        CHECK(n <= 32 * 1024);
        total += n;
        pos += 4 + len;
        ++blocks;
    }
    CHECK(pos == z.size());
    CHECK(blocks == 3);
    CHECK(total == in.size());
}

TEST_CASE("snappy: known answer for one byte") {
    // Header, block length 3, raw snappy of "a": length varint 1, literal tag
    // (length-1) << 2 = 0, the byte.
    byte_buffer z;
    REQUIRE(snappy_compress(as_bytes("a"), z));
    const byte_buffer expected = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1,
                                  0, 0, 0, 3, 0x01, 0x00, 'a'};
    CHECK(z == expected);
}

TEST_CASE("snappy: raw blocks (librdkafka) and concatenated xerial streams decode") {
    const byte_buffer in = text(5000);
    std::string raw;
    snappy::Compress(reinterpret_cast<const char*>(in.data()), in.size(), &raw);
    byte_buffer out;
    REQUIRE(snappy_decompress(as_bytes(raw), out, 1 << 20));
    CHECK(out == in);

    byte_buffer two;
    REQUIRE(snappy_compress(in, two));
    REQUIRE(snappy_compress(in, two));
    REQUIRE(snappy_decompress(two, out, 1 << 20));
    CHECK(out.size() == 2 * in.size());

    byte_buffer bad;
    REQUIRE(snappy_compress(in, bad));
    store_be<int32_t>(bad.data() + 16, 1 << 30);  // block length past the end
    CHECK(snappy_decompress(bad, out, 1 << 20).err().code == errc::compression_failed);
    CHECK(snappy_decompress(byte_span{}, out, 1 << 20).err().code == errc::compression_failed);
}

TEST_CASE("gzip: header bytes and concatenated members") {
    const byte_buffer in = text(3000);
    byte_buffer z;
    REQUIRE(gzip_compress(in, z));
    CHECK(z[0] == 0x1f);
    CHECK(z[1] == 0x8b);
    CHECK(z[2] == 8);  // deflate
    REQUIRE(gzip_compress(in, z));  // a second member
    byte_buffer out;
    REQUIRE(gzip_decompress(z, out, 1 << 20));
    CHECK(out.size() == 2 * in.size());
    CHECK(gzip_decompress(byte_span(z).first(10), out, 1 << 20).err().code == errc::compression_failed);
}

TEST_CASE("lz4: frame as Kafka writes it (64 KiB independent blocks, no checksums)") {
    byte_buffer z;
    REQUIRE(lz4_compress(text(1000), z));
    // magic 04 22 4D 18, FLG 0x60 (version 01, block independence), BD 0x40 (64 KiB), HC 0x82.
    const byte_buffer header = {0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82};
    CHECK(byte_buffer(z.begin(), z.begin() + 7) == header);
    // Ends with the 4-byte zero end mark (no content checksum).
    CHECK(load_be<uint32_t>(z.data() + z.size() - 4) == 0);
}

TEST_CASE("zstd: frames without content size and several frames") {
    const byte_buffer in = text(300'000);
    // Streaming compression without a pledged size leaves the content size out.
    ZSTD_CCtx* cctx = ZSTD_createCCtx();
    byte_buffer z(ZSTD_compressBound(in.size()) * 2 + 64);
    size_t used = 0;
    for (int frame = 0; frame < 2; ++frame) {
        ZSTD_inBuffer src{in.data(), in.size(), 0};
        ZSTD_outBuffer dst{z.data() + used, z.size() - used, 0};
        // Feeding input with e_continue first keeps the size out of the header.
        REQUIRE_FALSE(ZSTD_isError(ZSTD_compressStream2(cctx, &dst, &src, ZSTD_e_continue)));
        size_t left = 0;
        do {
            left = ZSTD_compressStream2(cctx, &dst, &src, ZSTD_e_end);
            REQUIRE_FALSE(ZSTD_isError(left));
        } while (left != 0);
        used += dst.pos;
    }
    ZSTD_freeCCtx(cctx);
    z.resize(used);
    CHECK(ZSTD_getFrameContentSize(z.data(), z.size()) == ZSTD_CONTENTSIZE_UNKNOWN);
    byte_buffer out;
    REQUIRE(zstd_decompress(z, out, 1 << 20));
    CHECK(out.size() == 2 * in.size());
    CHECK(zstd_decompress(z, out, in.size()).err().code == errc::too_large);
    CHECK(zstd_decompress(byte_span(z).first(z.size() / 3), out, 1 << 20).err().code == errc::compression_failed);
    CHECK(zstd_decompress(byte_span{}, out, 1 << 20).err().code == errc::compression_failed);
}

TEST_CASE("compression: garbage is rejected, never crashes") {
    byte_buffer junk(512);
    for (size_t i = 0; i < junk.size(); ++i) junk[i] = uint8_t(i * 131 + 7);
    for (compression c : kCodecs) {
        if (c == compression::none) continue;
        CAPTURE(int(c));
        byte_buffer out;
        CHECK_FALSE(decompress(c, junk, out));
    }
    byte_buffer out;
    CHECK(decompress(compression(6), junk, out).err().code == errc::unsupported_compression);
}
