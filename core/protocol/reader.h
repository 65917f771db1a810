#pragma once
// reader: decodes Kafka primitive types from a byte span with a sticky error.
//
// In the manner of franz-go's kbin.Reader, a short or invalid read does not
// return an error per call: it records the first error, after which every
// accessor returns a zero value (0, "", empty span, null) without touching the
// input. A decoder reads a whole message and checks ok() once at the end. A
// reader never reads outside its span, and every length it returns has been
// checked against the bytes that remain, so a caller may allocate from it.
//
// Views (read_span, read_nullable_span, the *_view string readers) point into
// the input span and live as long as the caller's buffer does.
//
// Wire formats (all integers big-endian):
//   string           int16 length, then bytes          (-1 = null, nullable only)
//   compact string   uvarint length+1, then bytes      (0 = null, nullable only)
//   bytes            int32 length, then bytes          (-1 = null)
//   compact bytes    uvarint length+1, then bytes
//   array            int32 count, then elements        (-1 = null)
//   compact array    uvarint count+1, then elements    (0 = null)
//   uuid             16 bytes
//   bool             1 byte, non-zero is true

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"
#include "base/varint.h"
#include "protocol/errc.h"
#include "protocol/types.h"

namespace odradek::protocol {

class reader {
public:
    explicit reader(byte_span in) noexcept : in_(in) {}

    // True while no read has failed.
    bool ok() const noexcept { return err_ == errc{}; }
    // The first failure; meaningful only when !ok().
    errc error() const noexcept { return err_; }
    // Records a failure (the first one wins); decoders use it for semantic
    // errors such as a null in a non-nullable field.
    void fail(errc e) noexcept {
        if (ok()) err_ = e;
    }

    size_t remaining() const noexcept { return ok() ? in_.size() - pos_ : 0; }
    size_t position() const noexcept { return pos_; }
    // The bytes not yet read (empty after a failure).
    byte_span rest() const noexcept { return ok() ? in_.subspan(pos_) : byte_span{}; }

    int8_t read_int8() noexcept { return int8_t(fixed<uint8_t>()); }
    int16_t read_int16() noexcept { return fixed<int16_t>(); }
    int32_t read_int32() noexcept { return fixed<int32_t>(); }
    int64_t read_int64() noexcept { return fixed<int64_t>(); }
    uint16_t read_uint16() noexcept { return fixed<uint16_t>(); }
    uint32_t read_uint32() noexcept { return fixed<uint32_t>(); }
    double read_float64() noexcept {
        uint64_t bits = fixed<uint64_t>();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }
    bool read_bool() noexcept { return fixed<uint8_t>() != 0; }

    uint32_t read_uvarint() noexcept {
        uint32_t v = 0;
        if (!ok()) return 0;
        size_t n = decode_uvarint(in_.subspan(pos_), v);
        if (n == 0) return fail_varint(kMaxVarintBytes), 0;
        pos_ += n;
        return v;
    }
    int32_t read_varint() noexcept { return zigzag_decode(read_uvarint()); }
    int64_t read_varlong() noexcept {
        uint64_t v = 0;
        if (!ok()) return 0;
        size_t n = decode_uvarlong(in_.subspan(pos_), v);
        if (n == 0) return fail_varint(kMaxVarlongBytes), 0;
        pos_ += n;
        return zigzag_decode(v);
    }

    uuid read_uuid() noexcept {
        uuid u;
        byte_span s = read_span(16);
        if (ok()) std::memcpy(u.bytes.data(), s.data(), 16);
        return u;
    }

    // The next n bytes as a view; fails with truncated if fewer remain.
    byte_span read_span(size_t n) noexcept {
        if (!ok()) return {};
        if (in_.size() - pos_ < n) return fail(errc::truncated), byte_span{};
        byte_span s = in_.subspan(pos_, n);
        pos_ += n;
        return s;
    }

    // Strings. The *_view forms return views into the input; the others copy.
    // A null where the form is not nullable fails with null_not_allowed.
    std::string_view read_string_view() noexcept { return as_chars(nonnull(read_length16())); }
    std::string_view read_compact_string_view() noexcept { return as_chars(nonnull(read_compact_length())); }
    std::string read_string() { return std::string(read_string_view()); }
    std::string read_compact_string() { return std::string(read_compact_string_view()); }
    std::optional<std::string> read_nullable_string() { return to_string(read_length16()); }
    std::optional<std::string> read_compact_nullable_string() { return to_string(read_compact_length()); }

    // Byte strings, as views.
    byte_span read_bytes() noexcept { return nonnull(read_length32()); }
    byte_span read_compact_bytes() noexcept { return nonnull(read_compact_length()); }
    std::optional<byte_span> read_nullable_bytes() noexcept { return read_length32(); }
    std::optional<byte_span> read_compact_nullable_bytes() noexcept { return read_compact_length(); }

    // Array counts: -1 means null, otherwise 0 <= count <= remaining() (every
    // element takes at least one byte), so a count can size an allocation.
    int32_t read_array_len() noexcept { return check_count(read_int32()); }
    int32_t read_compact_array_len() noexcept {
        uint32_t n = read_uvarint();
        if (!ok()) return 0;
        return check_count(int64_t(n) - 1);
    }

private:
    template <typename T>
    T fixed() noexcept {
        if (!ok()) return T{};
        if (in_.size() - pos_ < sizeof(T)) return fail(errc::truncated), T{};
        T v = load_be<T>(in_.data() + pos_);
        pos_ += sizeof(T);
        return v;
    }
    void fail_varint(size_t max_bytes) noexcept {
        // Running out of input inside a varint is truncation; a varint longer
        // than its type allows is malformed.
        fail(in_.size() - pos_ >= max_bytes ? errc::invalid_varint : errc::truncated);
    }
    std::optional<byte_span> take(int64_t len) noexcept {
        // Every failure yields null, the zero value of a nullable read.
        if (!ok() || len == -1) return std::nullopt;
        if (len < 0) return fail(errc::invalid_length), std::nullopt;
        if (uint64_t(len) > in_.size() - pos_) return fail(errc::truncated), std::nullopt;
        return read_span(size_t(len));
    }
    std::optional<byte_span> read_length16() noexcept { return take(read_int16()); }
    std::optional<byte_span> read_length32() noexcept { return take(read_int32()); }
    std::optional<byte_span> read_compact_length() noexcept {
        uint32_t n = read_uvarint();
        return take(int64_t(n) - 1);
    }
    byte_span nonnull(std::optional<byte_span> s) noexcept {
        if (!s) return fail(errc::null_not_allowed), byte_span{};
        return *s;
    }
    static std::optional<std::string> to_string(std::optional<byte_span> s) {
        if (!s) return std::nullopt;
        return std::string(as_chars(*s));
    }
    int32_t check_count(int64_t n) noexcept {
        if (!ok()) return 0;
        if (n == -1) return -1;
        if (n < 0 || n > INT32_MAX) return fail(errc::invalid_length), 0;
        if (uint64_t(n) > in_.size() - pos_) return fail(errc::truncated), 0;
        return int32_t(n);
    }

    byte_span in_;
    size_t pos_ = 0;
    errc err_{};
};

}  // namespace odradek::protocol
