// Driver for the record-batch interop test (record_batches_test.py): exposes
// core/record's reader, builder and legacy converter on files so a script using
// another implementation (kafka-python) can check both directions.
//
//   record_batches_tool decode <file>          print every batch and record
//   record_batches_tool convert <in> <out>     legacy message set -> one v2 batch
//   record_batches_tool encode <codec> <out>   write the reference batch (see below)
//
// decode prints, per batch "B <magic> <codec> <base_offset>", per record
// "R <offset> <timestamp> <key> <value> <headers>" with bytes as hex, "-" for
// null and "" for empty (shown as "~"); headers are "k=v,..." with the key as
// hex too, or "~" when there are none. Exit status 1 with a message on error.

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "record/batch_builder.h"
#include "record/batch_view.h"
#include "record/legacy.h"
#include "record/record_set.h"

using namespace odradek;
using namespace odradek::record;

namespace {

std::string hex(std::optional<byte_span> b) {
    if (!b) return "-";
    if (b->empty()) return "~";
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (uint8_t c : *b) {
        s += digits[c >> 4];
        s += digits[c & 15];
    }
    return s;
}

bool read_file(const char* path, byte_buffer& out) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    out.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    return true;
}

bool write_file(const char* path, const byte_buffer& b) {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
    return bool(f);
}

int fail(const std::string& what) {
    std::fprintf(stderr, "record_batches_tool: %s\n", what.c_str());
    return 1;
}

int decode(const byte_buffer& data) {
    record_set_reader sets(data);
    batch_entry e;
    byte_buffer scratch;
    while (sets.next(e)) {
        if (e.frame.magic != kMagicV2) {
            legacy_reader lr(e.bytes);
            legacy_message m;
            bool first = true;
            while (lr.next(m)) {
                if (first) std::printf("B %d legacy %lld\n", int(m.magic), (long long)e.frame.base_offset);
                first = false;
                std::printf("R %lld %lld %s %s ~\n", (long long)m.offset, (long long)m.timestamp, hex(m.key).c_str(),
                            hex(m.value).c_str());
            }
            if (auto st = lr.result(); !st) return fail(st.err().message());
            continue;
        }
        auto v = batch_view::parse(e.bytes);
        if (!v) return fail(v.err().message());
        if (auto st = v->validate(scratch); !st) return fail(st.err().message());
        const batch_header& h = v->header();
        std::printf("B 2 %d %lld\n", int(h.codec()), (long long)h.base_offset);
        auto it = v->records(scratch);
        if (!it) return fail(it.err().message());
        record_view r;
        while (it->next(r)) {
            std::string hs;
            for (const header& hd : r.headers) {
                if (!hs.empty()) hs += ',';
                hs += hex(as_bytes(hd.key)) + "=" + hex(hd.value);
            }
            std::printf("R %lld %lld %s %s %s\n", (long long)r.offset(h.base_offset),
                        (long long)r.timestamp(h.base_timestamp), hex(r.key).c_str(), hex(r.value).c_str(),
                        hs.empty() ? "~" : hs.c_str());
        }
        if (auto st = it->result(); !st) return fail(st.err().message());
    }
    if (auto st = sets.result(); !st) return fail(st.err().message());
    if (sets.partial_tail()) return fail("partial trailing batch");
    return 0;
}

// The reference batch; record_batches_test.py computes the same records.
byte_buffer reference_batch(compression codec) {
    batch_options o;
    o.codec = codec;
    batch_builder b(o);
    for (int i = 0; i < 200; ++i) {
        std::string key = "key-" + std::to_string(i);
        std::string value;
        if (i % 7 != 0) {
            for (int j = 0; j < 10; ++j) value += "value-" + std::to_string(i) + " ";
        }
        const header hs[] = {{"h", as_bytes("x")}, {"n", std::nullopt}};
        std::span<const header> headers;
        if (i % 3 == 0) headers = hs;
        b.add(1'700'000'000'000 + i, i % 5 == 0 ? std::nullopt : std::optional(as_bytes(key)), as_bytes(value),
              headers);
    }
    return *b.build();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) return fail("usage: decode <file> | convert <in> <out> | encode <codec> <out>");
    const std::string cmd = argv[1];
    if (cmd == "decode") {
        byte_buffer data;
        if (!read_file(argv[2], data)) return fail(std::string("cannot read ") + argv[2]);
        return decode(data);
    }
    if (cmd == "convert" && argc == 4) {
        byte_buffer data;
        if (!read_file(argv[2], data)) return fail(std::string("cannot read ") + argv[2]);
        auto b = convert_legacy_to_v2(data);
        if (!b) return fail(b.err().message());
        return write_file(argv[3], *b) ? 0 : fail("cannot write output");
    }
    if (cmd == "encode" && argc == 4) {
        const int codec = std::atoi(argv[2]);
        if (codec < 0 || codec > 4) return fail("codec must be 0-4");
        return write_file(argv[3], reference_batch(compression(codec))) ? 0 : fail("cannot write output");
    }
    return fail("unknown command " + cmd);
}
