#pragma once
// Reading the records of a v2 batch without copying them: record_view points
// into the records bytes (the batch itself, or the caller's decompression buffer),
// and record_iterator decodes one record per next() call with no allocation.
//
// Record layout (see batch_builder.h for the full drawing): length varint, then
// attributes int8, timestamp_delta varlong, offset_delta varint, key, value
// (varint length, -1 = null), header count varint, headers.
//
// Validation happens in record_iterator::next(): every length is checked
// against the record's own length and the record's length against the bytes
// left, so a view it hands out is always well formed and headers_view can walk
// it without further checks.

#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"
#include "record/batch_builder.h"  // struct header

namespace odradek::record {

// The headers of one record, already validated; iterate with a range-for.
class headers_view {
public:
    headers_view() = default;
    headers_view(byte_span raw, int32_t count) : raw_(raw), count_(count) {}

    int32_t size() const { return count_; }
    bool empty() const { return count_ == 0; }

    class iterator {
    public:
        using value_type = header;
        using difference_type = std::ptrdiff_t;
        iterator() = default;
        iterator(byte_span rest, int32_t left) : rest_(rest), left_(left) { decode(); }
        const header& operator*() const { return cur_; }
        const header* operator->() const { return &cur_; }
        iterator& operator++() {
            --left_;
            decode();
            return *this;
        }
        iterator operator++(int) {
            iterator t = *this;
            ++*this;
            return t;
        }
        bool operator==(const iterator& o) const { return left_ == o.left_; }

    private:
        void decode();
        byte_span rest_;
        int32_t left_ = 0;
        header cur_;
    };

    iterator begin() const { return {raw_, count_}; }
    iterator end() const { return {}; }

private:
    byte_span raw_;  // starts at the first header
    int32_t count_ = 0;
};

struct record_view {
    int8_t attributes = 0;
    int64_t timestamp_delta = 0;
    int64_t offset_delta = 0;
    std::optional<byte_span> key;
    std::optional<byte_span> value;
    headers_view headers;
    size_t size_bytes = 0;  // the whole record, length varint included

    // Absolute values. Hostile deltas may overflow; the sum wraps (as in Java)
    // instead of being undefined.
    int64_t offset(int64_t base_offset) const { return int64_t(uint64_t(base_offset) + uint64_t(offset_delta)); }
    int64_t timestamp(int64_t base_timestamp) const {
        return int64_t(uint64_t(base_timestamp) + uint64_t(timestamp_delta));
    }
};

// Decodes `count` records from `records` (uncompressed bytes). Offset deltas
// must rise strictly and stay within [0, last_offset_delta]. After the
// count-th record the bytes must be used up exactly.
//
//   record_iterator it(bytes, h.records_count, h.last_offset_delta);
//   record_view r;
//   while (it.next(r)) use(r);
//   ODRADEK_TRY(it.result());
//
// The views stay valid as long as the bytes they point into.
class record_iterator {
public:
    record_iterator() = default;
    record_iterator(byte_span records, int32_t count, int32_t last_offset_delta)
        : rest_(records), left_(count), last_offset_delta_(last_offset_delta) {}

    // Fills `out` and returns true, or returns false at the end or on the
    // first malformed record (result() tells which; it stays failed).
    bool next(record_view& out) noexcept;
    // ok() after a clean end; the first error otherwise. Before the end, ok().
    status result() const;
    // Records not yet returned, as the batch header claims.
    int32_t remaining() const { return left_; }

private:
    bool fail(const char* what) noexcept;

    byte_span rest_;
    int32_t left_ = 0;
    int32_t last_offset_delta_ = 0;
    int64_t prev_offset_delta_ = -1;
    const char* error_ = nullptr;  // static string; set once
};

}  // namespace odradek::record
