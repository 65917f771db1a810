#pragma once
// record_set_reader: walks a buffer of concatenated batches — the records field
// of a Produce request or Fetch response, or a .log segment read into memory —
// yielding each whole batch's bytes, of any magic (v2 batches and legacy v0/v1
// message-set entries share the offset int64 | length int32 | ... | magic prefix).
//
// It only frames: it reads the 17-byte prefix (batch_header.h, peek_batch_frame)
// and never looks inside a batch; use batch_view or legacy.h for that. A
// trailing batch that is only partly present (a Fetch response cut at max_bytes,
// a log torn by a crash) ends the walk cleanly: partial_tail() is true and
// consumed() tells how many bytes the whole batches covered. A prefix that
// cannot be the start of a batch (unknown magic, impossible length) ends it
// with an error in result().

#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "record/batch_header.h"

namespace odradek::record {

struct batch_entry {
    batch_frame frame;  // base offset, total size, magic
    byte_span bytes;    // exactly frame.size_bytes bytes
};

class record_set_reader {
public:
    explicit record_set_reader(byte_span data) : data_(data) {}

    // Returns true with the next whole batch in `out`; false at the end, at a
    // partial trailing batch, or on a framing error.
    bool next(batch_entry& out);

    // Bytes covered by the batches returned so far.
    size_t consumed() const { return pos_; }
    // True when the walk stopped at an incomplete trailing batch.
    bool partial_tail() const { return partial_; }
    // ok() unless the walk stopped at bytes that cannot start a batch.
    status result() const;

private:
    byte_span data_;
    size_t pos_ = 0;
    bool partial_ = false;
    bool failed_ = false;
    errc error_ = errc::bad_length;
};

}  // namespace odradek::record
