#include "record/legacy.h"

#include <string>

#include "base/crc32c.h"
#include "record/batch_builder.h"

namespace odradek::record {

namespace {

// Reads an int32-length-prefixed nullable byte field at `pos`, advancing it.
bool read_bytes_field(byte_span entry, size_t& pos, std::optional<byte_span>& out) {
    if (entry.size() - pos < 4) return false;
    const int32_t len = load_be<int32_t>(entry.data() + pos);
    pos += 4;
    if (len == -1) {
        out.reset();
        return true;
    }
    if (len < 0 || size_t(len) > entry.size() - pos) return false;
    out = entry.subspan(pos, size_t(len));
    pos += size_t(len);
    return true;
}

}  // namespace

result<legacy_entry> parse_legacy_entry(byte_span data) {
    if (data.size() < kMagicPrefixSize) return errc::truncated;
    const int32_t size = load_be<int32_t>(data.data() + kBatchLengthPos);
    const auto magic = int8_t(data[kLegacyMagicPos]);
    if (magic != kMagicV0 && magic != kMagicV1) return errc::bad_magic;
    const size_t overhead = magic == kMagicV0 ? kLegacyOverheadV0 : kLegacyOverheadV1;
    if (size < 0 || size_t(size) < overhead) return error(errc::bad_length, "message_size " + std::to_string(size));
    const size_t total = kLogOverhead + size_t(size);
    if (data.size() < total) return errc::truncated;
    byte_span entry = data.first(total);

    const uint32_t stored_crc = load_be<uint32_t>(entry.data() + kLegacyCrcPos);
    if (crc32_ieee(entry.subspan(kLegacyMagicPos)) != stored_crc) return errc::crc_mismatch;

    legacy_entry e;
    e.offset = load_be<int64_t>(entry.data());
    e.magic = magic;
    e.attributes = int8_t(entry[kLegacyMagicPos + 1]);
    e.size_bytes = total;
    size_t pos = kLegacyMagicPos + 2;
    if (magic == kMagicV1) {
        e.timestamp = load_be<int64_t>(entry.data() + pos);
        pos += 8;
    }
    if (!read_bytes_field(entry, pos, e.key) || !read_bytes_field(entry, pos, e.value)) {
        return error(errc::bad_record, "legacy key or value length out of range");
    }
    if (pos != total) return error(errc::bad_record, "bytes left after legacy message value");
    return e;
}

bool legacy_reader::fail(error e) {
    if (!error_) error_ = std::move(e);
    inner_.reset();
    return false;
}

status legacy_reader::result() const {
    if (error_) return *error_;
    return outer_.result();
}

bool legacy_reader::open_wrapper(const legacy_entry& w) {
    if (!w.value) return fail(error(errc::bad_record, "compressed legacy message with null value"));
    if (w.codec() > compression::lz4) {
        // zstd arrived with magic v2; codes 5-7 are unassigned.
        return fail(error(errc::unsupported_compression, "codec " + std::to_string(int(w.codec())) +
                                                             " in a magic " + std::to_string(w.magic) + " message"));
    }
    decompress_options o;
    o.max_size = budget_;
    o.lz4_v0_checksum = w.magic == kMagicV0;
    if (auto st = decompress(w.codec(), *w.value, inner_buf_, o); !st) return fail(std::move(st).err());
    budget_ -= inner_buf_.size();

    // The last inner offset is needed before the first message can be given
    // its absolute offset, so frame the whole inner set once up front.
    record_set_reader scan(inner_buf_);
    batch_entry e;
    size_t count = 0;
    int64_t last_inner = 0;
    while (scan.next(e)) {
        ++count;
        last_inner = e.frame.base_offset;
    }
    if (auto st = scan.result(); !st) return fail(std::move(st).err());
    if (scan.partial_tail()) return fail(error(errc::truncated, "partial message inside a compressed wrapper"));
    if (count == 0) return fail(error(errc::bad_record, "compressed wrapper with no inner messages"));

    wrapper_ = w;
    if (w.magic == kMagicV1) {
        if (w.offset == 0) {
            inner_base_ = 0;
        } else if (w.offset < last_inner) {
            return fail(error(errc::bad_record, "wrapper offset below its last inner offset"));
        } else {
            // Hostile offsets wrap (as Java's long arithmetic does) rather than overflow.
            inner_base_ = int64_t(uint64_t(w.offset) - uint64_t(last_inner));
        }
    } else {
        inner_base_ = 0;
    }
    inner_.emplace(inner_buf_);
    return true;
}

bool legacy_reader::next(legacy_message& out) {
    if (error_) return false;
    for (;;) {
        if (inner_) {
            batch_entry be;
            if (!inner_->next(be)) {
                if (auto st = inner_->result(); !st) return fail(std::move(st).err());
                inner_.reset();
                continue;
            }
            auto e = parse_legacy_entry(be.bytes);
            if (!e) return fail(std::move(e).err());
            if (e->magic != wrapper_.magic) return fail(error(errc::bad_record, "inner magic differs from wrapper's"));
            if (e->codec() != compression::none) return fail(error(errc::bad_record, "nested compressed message"));
            out.offset = int64_t(uint64_t(e->offset) + uint64_t(inner_base_));
            out.magic = e->magic;
            if (e->magic == kMagicV0) {
                out.timestamp = no_timestamp;
                out.ts_type = timestamp_type::create_time;
            } else if (wrapper_.ts_type() == timestamp_type::log_append_time) {
                out.timestamp = wrapper_.timestamp;
                out.ts_type = timestamp_type::log_append_time;
            } else {
                out.timestamp = e->timestamp;
                out.ts_type = timestamp_type::create_time;
            }
            out.key = e->key;
            out.value = e->value;
            return true;
        }

        batch_entry be;
        if (!outer_.next(be)) return false;  // end, partial tail or framing error (see result())
        if (be.frame.magic == kMagicV2) return fail(error(errc::bad_magic, "v2 batch inside a legacy message set"));
        auto e = parse_legacy_entry(be.bytes);
        if (!e) return fail(std::move(e).err());
        if (e->codec() != compression::none) {
            if (!open_wrapper(*e)) return false;
            continue;
        }
        out.offset = e->offset;
        out.magic = e->magic;
        out.timestamp = e->timestamp;
        out.ts_type = e->ts_type();
        out.key = e->key;
        out.value = e->value;
        return true;
    }
}

result<byte_buffer> convert_legacy_to_v2(byte_span message_set, const legacy_convert_options& opts) {
    // The batch header needs the codec and timestamp type up front; take them
    // from the first top-level entry (its magic and attributes bytes).
    if (message_set.size() < kLegacyMagicPos + 2) return error(errc::truncated, "legacy message set too short");
    const auto first_attrs = uint8_t(message_set[kLegacyMagicPos + 1]);
    const auto first_magic = int8_t(message_set[kLegacyMagicPos]);

    batch_options bo;
    bo.codec = opts.codec.value_or(compression(first_attrs & kCompressionMask));
    if (first_magic == kMagicV1 && (first_attrs & kLegacyTimestampTypeBit)) bo.ts_type = timestamp_type::log_append_time;

    legacy_reader reader(message_set, opts.max_decompressed);
    legacy_message m;
    std::optional<batch_builder> builder;
    while (reader.next(m)) {
        if (!builder) {
            bo.base_offset = opts.base_offset.value_or(m.offset);
            builder.emplace(bo);
        }
        builder->add(m.timestamp, m.key, m.value);
    }
    ODRADEK_TRY(reader.result());
    if (reader.partial_tail()) return error(errc::truncated, "partial trailing legacy message");
    if (!builder) return error(errc::bad_record, "empty legacy message set");
    return builder->build();
}

}  // namespace odradek::record
