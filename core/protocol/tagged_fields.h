#pragma once
// Tagged-field sections (KIP-482), present at the end of every struct in a
// flexible version:
//
//   +----------------+-------------------------------------------+
//   | uvarint count  | count x ( uvarint tag | uvarint size | data ) |
//   +----------------+-------------------------------------------+
//
// Tags are written in ascending order. A field known to the message definition
// is written only when it differs from its default; fields we do not know are
// kept as raw bytes on decode and merged back, in tag order, on encode, so a
// message passes through decode/encode unchanged.

#include <algorithm>
#include <vector>

#include "protocol/reader.h"
#include "protocol/types.h"
#include "protocol/writer.h"

namespace odradek::protocol {

using tagged_field_list = std::vector<raw_tagged_field>;

// Collects the known tagged fields of one struct (each encoded into its own
// scratch buffer, because the size precedes the data), then writes the section.
// Allocates only when a tagged field is present.
class tagged_section_writer {
public:
    // Scratch buffer for the field `tag`; calls must come in ascending tag order.
    byte_buffer& add(uint32_t tag) {
        known_.push_back(raw_tagged_field{tag, {}});
        return known_.back().data;
    }

    // Writes count and fields, merging `unknown` (any order) with the known ones.
    void finish(writer& w, const tagged_field_list& unknown) {
        w.write_uvarint(uint32_t(known_.size() + unknown.size()));
        if (unknown.empty()) {
            for (const auto& f : known_) write_one(w, f);
            return;
        }
        std::vector<const raw_tagged_field*> all;
        all.reserve(known_.size() + unknown.size());
        for (const auto& f : known_) all.push_back(&f);
        for (const auto& f : unknown) all.push_back(&f);
        std::stable_sort(all.begin(), all.end(),
                         [](const raw_tagged_field* a, const raw_tagged_field* b) { return a->tag < b->tag; });
        for (const auto* f : all) write_one(w, *f);
    }

private:
    static void write_one(writer& w, const raw_tagged_field& f) {
        w.write_uvarint(f.tag);
        w.write_uvarint(uint32_t(f.data.size()));
        w.write_raw(f.data);
    }
    std::vector<raw_tagged_field> known_;
};

// Reads one tagged section. `on_known(tag, reader& field)` decodes a field it
// knows from a reader bounded to that field's bytes and returns true, or
// returns false to keep the field in `unknown`. A known field that does not
// consume exactly its declared size fails the outer reader.
template <typename OnKnown>
void read_tagged_fields(reader& r, tagged_field_list& unknown, OnKnown&& on_known) {
    uint32_t count = r.read_uvarint();
    for (uint32_t i = 0; i < count && r.ok(); ++i) {
        uint32_t tag = r.read_uvarint();
        uint32_t size = r.read_uvarint();
        byte_span data = r.read_span(size);
        if (!r.ok()) return;
        reader field(data);
        if (on_known(tag, field)) {
            if (!field.ok()) return r.fail(field.error());
            if (field.remaining() != 0) return r.fail(errc::invalid_tagged_field);
        } else {
            unknown.push_back(raw_tagged_field{tag, byte_buffer(data.begin(), data.end())});
        }
    }
}

}  // namespace odradek::protocol
