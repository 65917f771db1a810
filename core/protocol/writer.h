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

class writer {
public:
    explicit writer(byte_buffer& out) noexcept : out_(&out) {}

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

    // n = -1 writes a null array.
    void write_array_len(int32_t n) { write_int32(n); }
    void write_compact_array_len(int32_t n) { write_uvarint(uint32_t(n) + 1u); }

private:
    byte_buffer* out_;
};

}  // namespace odradek::protocol
