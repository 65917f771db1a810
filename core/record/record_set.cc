#include "record/record_set.h"

#include <string>

namespace odradek::record {

bool record_set_reader::next(batch_entry& out) {
    if (failed_ || partial_ || pos_ == data_.size()) return false;
    byte_span rest = data_.subspan(pos_);
    if (rest.size() < kMagicPrefixSize) {
        partial_ = true;
        return false;
    }
    auto frame = peek_batch_frame(rest);
    if (!frame) {
        failed_ = true;
        error_ = errc(frame.err().code.value());
        return false;
    }
    // A v2 batch is at least its header.
    if (frame->magic == kMagicV2 && frame->size_bytes < kBatchHeaderSize) {
        failed_ = true;
        error_ = errc::bad_length;
        return false;
    }
    if (rest.size() < frame->size_bytes) {
        partial_ = true;
        return false;
    }
    out.frame = *frame;
    out.bytes = rest.first(frame->size_bytes);
    pos_ += frame->size_bytes;
    return true;
}

status record_set_reader::result() const {
    if (failed_) return error(error_, "at byte " + std::to_string(pos_));
    return ok();
}

}  // namespace odradek::record
