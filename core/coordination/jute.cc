#include "coordination/jute.h"

namespace odradek::coordination {

bool jute_reader::need(size_t n) noexcept {
    if (!ok_ || in_.size() - pos_ < n) {
        ok_ = false;
        return false;
    }
    return true;
}

int32_t jute_reader::read_int() noexcept {
    if (!need(4)) return 0;
    int32_t v = load_be<int32_t>(in_.data() + pos_);
    pos_ += 4;
    return v;
}

int64_t jute_reader::read_long() noexcept {
    if (!need(8)) return 0;
    int64_t v = load_be<int64_t>(in_.data() + pos_);
    pos_ += 8;
    return v;
}

bool jute_reader::read_bool() noexcept {
    if (!need(1)) return false;
    return in_[pos_++] != 0;
}

int32_t jute_reader::read_length() noexcept {
    int32_t len = read_int();
    if (!ok_) return 0;
    if (len == -1) return -1;
    if (len < 0 || len > max_len_ || size_t(len) > in_.size() - pos_) {
        ok_ = false;
        return 0;
    }
    return len;
}

std::string jute_reader::read_string() {
    int32_t len = read_length();
    if (len <= 0) return {};
    std::string s(reinterpret_cast<const char*>(in_.data() + pos_), size_t(len));
    pos_ += size_t(len);
    return s;
}

byte_buffer jute_reader::read_buffer(bool* was_null) {
    int32_t len = read_length();
    if (was_null) *was_null = ok_ && len == -1;
    if (len <= 0) return {};
    byte_buffer b(in_.begin() + std::ptrdiff_t(pos_), in_.begin() + std::ptrdiff_t(pos_) + len);
    pos_ += size_t(len);
    return b;
}

int32_t jute_reader::read_count(size_t min_element_size) noexcept {
    int32_t n = read_int();
    if (!ok_) return 0;
    if (n == -1) return 0;
    if (n < 0 || (min_element_size > 0 && size_t(n) > (in_.size() - pos_) / min_element_size) ||
        n > max_len_) {
        ok_ = false;
        return 0;
    }
    return n;
}

void jute_writer::write_string(std::string_view s) {
    write_int(int32_t(s.size()));
    out_.insert(out_.end(), s.begin(), s.end());
}

void jute_writer::write_buffer(byte_span b) {
    write_int(int32_t(b.size()));
    out_.insert(out_.end(), b.begin(), b.end());
}

size_t jute_writer::begin_frame() {
    size_t mark = out_.size();
    write_int(0);
    return mark;
}

void jute_writer::end_frame(size_t mark) {
    store_be(out_.data() + mark, int32_t(out_.size() - mark - 4));
}

}  // namespace odradek::coordination
