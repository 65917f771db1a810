#pragma once
// Jute, ZooKeeper's record encoding (all big-endian):
//
//   int     4 bytes            long    8 bytes          boolean  1 byte (0/1)
//   buffer  int len (-1=null) + len bytes               ustring  same as buffer, UTF-8
//   vector  int count (-1=null) + count elements        record   its fields in order
//
// jute_reader is sticky (franz-go's kbin.Reader): after the first short read or
// out-of-bounds length every accessor returns a zero value and ok() stays false,
// so a decoder reads all fields and checks once at the end. A length is rejected
// when it is negative (other than -1 = null), exceeds the bytes left, or exceeds
// max_len (jute.maxbuffer). Nothing is ever read outside the input span.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/bytes.h"

namespace odradek::coordination {

class jute_reader {
public:
    explicit jute_reader(byte_span in, int32_t max_len = 0xfffff) noexcept : in_(in), max_len_(max_len) {}

    int32_t read_int() noexcept;
    int64_t read_long() noexcept;
    bool read_bool() noexcept;
    // A null string (length -1) reads as empty.
    std::string read_string();
    // A null buffer reads as empty; *was_null tells them apart when asked.
    byte_buffer read_buffer(bool* was_null = nullptr);
    // A vector's element count; -1 (null) reads as 0. Rejects a count that could not
    // fit in the remaining input given each element takes at least min_element_size bytes.
    int32_t read_count(size_t min_element_size) noexcept;

    bool ok() const noexcept { return ok_; }
    size_t remaining() const noexcept { return ok_ ? in_.size() - pos_ : 0; }
    bool at_end() const noexcept { return ok_ && pos_ == in_.size(); }
    // Marks the input invalid (a decoder found a semantic problem).
    void fail() noexcept { ok_ = false; }
    // The bytes not read yet.
    byte_span rest() const noexcept { return ok_ ? in_.subspan(pos_) : byte_span{}; }

private:
    bool need(size_t n) noexcept;
    int32_t read_length() noexcept;  // -1 for null, else a checked length

    byte_span in_;
    size_t pos_ = 0;
    int32_t max_len_;
    bool ok_ = true;
};

class jute_writer {
public:
    explicit jute_writer(byte_buffer& out) noexcept : out_(out) {}

    void write_int(int32_t v) { append_be(out_, v); }
    void write_long(int64_t v) { append_be(out_, v); }
    void write_bool(bool v) { out_.push_back(v ? 1 : 0); }
    void write_string(std::string_view s);
    void write_buffer(byte_span b);
    void write_null() { write_int(-1); }
    void write_count(size_t n) { write_int(int32_t(n)); }

    // Framing: begin_frame reserves the 4-byte length; end_frame fills it with the
    // number of bytes written since.
    size_t begin_frame();
    void end_frame(size_t mark);

    byte_buffer& buffer() noexcept { return out_; }

private:
    byte_buffer& out_;
};

}  // namespace odradek::coordination
