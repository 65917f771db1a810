// Fuzz target: a buffer of concatenated batches as a Produce request or a .log
// file would hold them. Frames it, then for every v2 batch parses the header,
// validates it and iterates records and headers (decompressing, bounded); legacy
// entries go through the legacy reader and up-conversion. Nothing may crash,
// leak, read out of bounds or allocate without bound.

#include <cstddef>
#include <cstdint>

#include "record/batch_view.h"
#include "record/control_record.h"
#include "record/legacy.h"
#include "record/record_set.h"

using namespace odradek;
using namespace odradek::record;

namespace {
constexpr size_t kMaxDecompressed = 1 << 20;

void walk_batch(byte_span bytes, byte_buffer& scratch) {
    auto v = batch_view::parse(bytes);
    if (!v) return;
    validate_options o;
    o.max_decompressed = kMaxDecompressed;
    (void)v->validate(scratch, o);
    // Iterate even when the CRC is wrong, so random input reaches the records.
    auto it = v->records(scratch, kMaxDecompressed);
    if (!it) return;
    record_view r;
    size_t sink = 0;
    while (it->next(r)) {
        if (r.key) sink += r.key->size();
        if (r.value) sink += r.value->size();
        for (const header& h : r.headers) sink += h.key.size() + (h.value ? h.value->size() : 0);
        if (v->is_control()) {
            (void)parse_control_key(r.key);
            (void)parse_end_txn_marker(r.value);
        }
    }
    (void)it->result();
    if (sink == size_t(-1)) __builtin_trap();  // keep the loop from being optimized away
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    byte_span in(data, size);
    byte_buffer scratch;
    record_set_reader reader(in);
    batch_entry e;
    bool legacy_seen = false;
    while (reader.next(e)) {
        if (e.frame.magic == kMagicV2) {
            walk_batch(e.bytes, scratch);
        } else {
            legacy_seen = true;
        }
    }
    (void)reader.result();
    if (legacy_seen) {
        legacy_reader lr(in, kMaxDecompressed);
        legacy_message m;
        while (lr.next(m)) {
        }
        (void)lr.result();
        legacy_convert_options co;
        co.max_decompressed = kMaxDecompressed;
        auto converted = convert_legacy_to_v2(in, co);
        if (converted) {
            // What we produce must read back cleanly.
            auto v = batch_view::parse(*converted);
            if (!v || !v->validate(scratch, {kDefaultMaxDecompressed, true})) __builtin_trap();
        }
    }
    return 0;
}
