// Fuzz target: legacy v0/v1 message sets. Random bytes almost never carry a
// valid CRC-32, so the target repairs the CRCs itself to reach the decoder
// proper. The first byte picks a mode:
//   bit 7 clear: the rest is a top-level message set; its entries' CRCs are fixed.
//   bit 7 set:   the rest is an inner message set (CRCs fixed) that the target
//                compresses with codec (bits 0-1: gzip/snappy/lz4/none->gzip) and wraps
//                in a v0 or v1 wrapper (bit 2) at offset given by bit 3 (0 or a big one).
// Then it reads the set with legacy_reader and converts it to v2, which must
// read back cleanly.

#include <cstddef>
#include <cstdint>

#include "base/crc32c.h"
#include "record/batch_view.h"
#include "record/legacy.h"

using namespace odradek;
using namespace odradek::record;

namespace {
constexpr size_t kMaxDecompressed = 1 << 20;

// Recomputes the CRC of every whole entry, walking by the length fields.
void fix_crcs(byte_buffer& set) {
    size_t pos = 0;
    while (set.size() - pos >= kLegacyMagicPos + 1) {
        const int32_t size = load_be<int32_t>(set.data() + pos + kBatchLengthPos);
        if (size < 4 || size_t(size) > set.size() - pos - kLogOverhead) return;
        const size_t total = kLogOverhead + size_t(size);
        byte_span body(set.data() + pos + kLegacyMagicPos, total - kLegacyMagicPos);
        store_be<uint32_t>(set.data() + pos + kLegacyCrcPos, crc32_ieee(body));
        pos += total;
    }
}

void append_wrapper(byte_buffer& out, int8_t magic, int64_t offset, compression c, byte_span value) {
    byte_buffer body;
    body.push_back(uint8_t(magic));
    body.push_back(uint8_t(c));
    if (magic == 1) append_be<int64_t>(body, 0);
    append_be<int32_t>(body, -1);
    append_be<int32_t>(body, int32_t(value.size()));
    body.insert(body.end(), value.begin(), value.end());
    append_be<int64_t>(out, offset);
    append_be<int32_t>(out, int32_t(4 + body.size()));
    append_be<uint32_t>(out, crc32_ieee(body));
    out.insert(out.end(), body.begin(), body.end());
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const uint8_t mode = data[0];
    byte_buffer set(data + 1, data + size);
    fix_crcs(set);
    if (mode & 0x80) {
        static const compression codecs[] = {compression::gzip, compression::snappy, compression::lz4,
                                             compression::gzip};
        const compression c = codecs[mode & 3];
        byte_buffer z;
        if (!compress(c, set, z)) __builtin_trap();
        byte_buffer wrapped;
        append_wrapper(wrapped, (mode & 4) ? 1 : 0, (mode & 8) ? 1'000'000 : 0, c, z);
        set.swap(wrapped);
    }

    legacy_reader r(set, kMaxDecompressed);
    legacy_message m;
    size_t sink = 0;
    while (r.next(m)) sink += (m.key ? m.key->size() : 0) + (m.value ? m.value->size() : 0);
    (void)r.result();
    if (sink == size_t(-1)) __builtin_trap();

    legacy_convert_options o;
    o.max_decompressed = kMaxDecompressed;
    auto converted = convert_legacy_to_v2(set, o);
    if (converted) {
        byte_buffer scratch;
        auto v = batch_view::parse(*converted);
        if (!v || !v->validate(scratch, {kDefaultMaxDecompressed, true})) __builtin_trap();
    }
    return 0;
}
