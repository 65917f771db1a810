#include "record/record_view.h"

#include "base/varint.h"

namespace odradek::record {

namespace {

// A cursor over one record's body; after a short or malformed read `ok` is false
// and every later read returns zero values, so callers check once.
struct cursor {
    byte_span in;
    bool ok = true;

    int32_t varint() {
        int32_t v = 0;
        size_t n = ok ? decode_varint(in, v) : 0;
        if (n == 0) return fail_int();
        in = in.subspan(n);
        return v;
    }
    int64_t varlong() {
        int64_t v = 0;
        size_t n = ok ? decode_varlong(in, v) : 0;
        if (n == 0) return fail_int();
        in = in.subspan(n);
        return v;
    }
    byte_span take(size_t n) {
        if (!ok || in.size() < n) {
            ok = false;
            return {};
        }
        byte_span b = in.first(n);
        in = in.subspan(n);
        return b;
    }
    // varint length then bytes; -1 = null. Lengths below -1 are malformed.
    std::optional<byte_span> nullable_bytes() {
        int32_t len = varint();
        if (len == -1 || !ok) return std::nullopt;
        if (len < -1) {
            ok = false;
            return std::nullopt;
        }
        return take(size_t(len));
    }
    int32_t fail_int() {
        ok = false;
        return 0;
    }
};

}  // namespace

void headers_view::iterator::decode() {
    if (left_ <= 0) {
        left_ = 0;
        return;
    }
    // Already validated by record_iterator::next.
    cursor c{rest_};
    int32_t klen = c.varint();
    cur_.key = as_chars(c.take(size_t(klen)));
    cur_.value = c.nullable_bytes();
    rest_ = c.in;
}

bool record_iterator::fail(const char* what) noexcept {
    if (!error_) error_ = what;
    left_ = 0;
    return false;
}

bool record_iterator::next(record_view& out) noexcept {
    if (error_) return false;
    if (left_ <= 0) {
        if (!rest_.empty()) return fail("bytes left after the last record");
        return false;
    }
    if (rest_.empty()) return fail("fewer records than records_count");
    int32_t length = 0;
    size_t n = decode_varint(rest_, length);
    if (n == 0) return fail("bad record length varint");
    if (length < 0 || size_t(length) > rest_.size() - n) return fail("record length out of range");
    cursor c{rest_.subspan(n, size_t(length))};

    out.size_bytes = n + size_t(length);
    byte_span attributes = c.take(1);
    out.attributes = attributes.empty() ? 0 : int8_t(attributes[0]);
    out.timestamp_delta = c.varlong();
    out.offset_delta = c.varint();
    out.key = c.nullable_bytes();
    out.value = c.nullable_bytes();
    int32_t header_count = c.varint();
    if (!c.ok || header_count < 0) return fail("malformed record");
    const byte_span headers_start = c.in;
    for (int32_t i = 0; i < header_count && c.ok; ++i) {
        int32_t klen = c.varint();
        if (klen < 0) return fail("negative header key length");
        c.take(size_t(klen));
        c.nullable_bytes();
    }
    if (!c.ok) return fail("malformed record header");
    if (!c.in.empty()) return fail("record length disagrees with its fields");
    out.headers = headers_view(headers_start, header_count);

    if (out.offset_delta <= prev_offset_delta_ || out.offset_delta > last_offset_delta_) {
        return fail("record offset delta out of order or beyond last_offset_delta");
    }
    prev_offset_delta_ = out.offset_delta;
    rest_ = rest_.subspan(out.size_bytes);
    --left_;
    return true;
}

status record_iterator::result() const {
    if (error_) return error(errc::bad_record, error_);
    return ok();
}

}  // namespace odradek::record
