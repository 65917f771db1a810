#pragma once
// writer: appends Kafka primitive types to a byte_buffer (formats drawn in
// reader.h). Writing cannot fail; the buffer grows as needed. The caller owns
// the buffer and may reuse it (clear() keeps its capacity) across messages.

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/varint.h"
#include "protocol/types.h"

namespace odradek::protocol {

// Record sets written by reference. A broker answering Fetch does not copy
// log bytes into the response: it puts a placeholder span in each `records`
// field, and the splicer it installs tells the writer the real size. The
// writer emits the length prefix and notes the buffer position where the
// bytes belong; the connection later sends buffer and file ranges in turn
// (sendfile). Placeholders are ordinary spans the splicer recognises (by
// address), so code that does not install a splicer never sees a difference.
class records_splicer {
public:
    virtual ~records_splicer() = default;
    // The real size of `records` if it is one of this splicer's placeholders.
    virtual std::optional<int64_t> placeholder_size(byte_span records) const = 0;
    // Notes that the placeholder's bytes go at `position` of the output buffer.
    virtual void place(byte_span records, size_t position) = 0;
};

class writer {
public:
    explicit writer(byte_buffer& out, records_splicer* splicer = nullptr) noexcept
        : out_(&out), splicer_(splicer) {}

    byte_buffer& buffer() noexcept { return *out_; }
    size_t size() const noexcept { return out_->size(); }

    void write_int8(int8_t v) { out_->push_back(uint8_t(v)); }
    void write_int16(int16_t v) { append_be(*out_, v); }
    void write_int32(int32_t v) { append_be(*out_, v); }
    void write_int64(int64_t v) { append_be(*out_, v); }
    void write_uint16(uint16_t v) { append_be(*out_, v); }
    void write_uint32(uint32_t v) { append_be(*out_, v); }
    void write_float64(double d) {
        uint64_t bits;
        std::memcpy(&bits, &d, sizeof bits);
        append_be(*out_, bits);
    }
    void write_bool(bool v) { out_->push_back(v ? 1 : 0); }
    void write_uvarint(uint32_t v) { append_uvarint(*out_, v); }
    void write_varint(int32_t v) { append_varint(*out_, v); }
    void write_varlong(int64_t v) { append_varlong(*out_, v); }
    void write_uuid(const uuid& u) { write_raw(u.bytes); }
    void write_raw(byte_span b) { out_->insert(out_->end(), b.begin(), b.end()); }

    // Lengths longer than the format can express are a caller bug (a string of
    // more than 32767 bytes): they are clamped, never silently wrapped.
    void write_string(std::string_view s) {
        write_int16(int16_t(s.size() > 0x7fff ? 0x7fff : s.size()));
        write_raw(as_bytes(s.substr(0, 0x7fff)));
    }
    void write_compact_string(std::string_view s) {
        write_uvarint(uint32_t(s.size()) + 1);
        write_raw(as_bytes(s));
    }
    void write_nullable_string(const std::optional<std::string>& s) {
        if (!s) return write_int16(-1);
        write_string(*s);
    }
    void write_compact_nullable_string(const std::optional<std::string>& s) {
        if (!s) return write_uvarint(0);
        write_compact_string(*s);
    }

    void write_bytes(byte_span b) {
        write_int32(int32_t(b.size()));
        write_raw(b);
    }
    void write_compact_bytes(byte_span b) {
        write_uvarint(uint32_t(b.size()) + 1);
        write_raw(b);
    }
    void write_nullable_bytes(const std::optional<byte_span>& b) {
        if (!b) return write_int32(-1);
        write_bytes(*b);
    }
    void write_compact_nullable_bytes(const std::optional<byte_span>& b) {
        if (!b) return write_uvarint(0);
        write_compact_bytes(*b);
    }

    // Record sets: bytes, unless a splicer claims the span (see records_splicer).
    void write_records(byte_span b) {
        if (claimed(b, false)) return;
        write_bytes(b);
    }
    void write_compact_records(byte_span b) {
        if (claimed(b, true)) return;
        write_compact_bytes(b);
    }
    void write_nullable_records(const std::optional<byte_span>& b) {
        if (!b) return write_int32(-1);
        write_records(*b);
    }
    void write_compact_nullable_records(const std::optional<byte_span>& b) {
        if (!b) return write_uvarint(0);
        write_compact_records(*b);
    }

    // n = -1 writes a null array.
    void write_array_len(int32_t n) { write_int32(n); }
    void write_compact_array_len(int32_t n) { write_uvarint(uint32_t(n) + 1u); }

private:
    // Writes the length prefix of a placeholder; false when `b` is not one.
    bool claimed(byte_span b, bool compact) {
        if (!splicer_) return false;
        auto size = splicer_->placeholder_size(b);
        if (!size) return false;
        if (compact) write_uvarint(uint32_t(*size) + 1u); else write_int32(int32_t(*size));
        splicer_->place(b, out_->size());
        return true;
    }

    byte_buffer* out_;
    records_splicer* splicer_ = nullptr;
};

}  // namespace odradek::protocol
