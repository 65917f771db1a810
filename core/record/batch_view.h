#pragma once
// batch_view: a read-only view of one whole magic v2 record batch, and the way to
// check it and read its records.
//
//   auto v = batch_view::parse(bytes);          // header + "all bytes present"
//   ODRADEK_TRY(v->validate(scratch));          // CRC, records parse, counts agree
//   ODRADEK_TRY_ASSIGN(auto it, v->records(scratch));
//   record_view r;
//   while (it.next(r)) ...
//   ODRADEK_TRY(it.result());
//
// Lifetimes: the view points into the caller's bytes. For a compressed batch
// records() decompresses once into the caller's `scratch` buffer (reused across
// batches, so steady-state reading allocates nothing); the iterator and the
// record_views then point into `scratch` and are invalidated when it changes.
// Decompression stops at `max_decompressed` bytes with errc::too_large.
//
// validate() then records() decompresses a compressed batch twice; a caller
// that wants one pass can check crc_valid(), iterate records() and check the
// iterator's result() (which is what validate() does).

#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "record/batch_header.h"
#include "record/compression.h"
#include "record/record_view.h"

namespace odradek::record {

struct validate_options {
    size_t max_decompressed = kDefaultMaxDecompressed;
    // What a leader requires of a batch fresh from a producer (Kafka's
    // LogValidator): records_count == last_offset_delta + 1, i.e. no gaps.
    // Batches from a log may have gaps after compaction, so this is off by default.
    bool require_contiguous = false;
};

class batch_view {
public:
    // Decodes the header of the batch at the start of `data` (magic must be 2)
    // and checks that the whole batch is present; the view covers exactly the
    // batch, ignoring any bytes after it. Does not check the CRC or the records.
    static result<batch_view> parse(byte_span data);

    const batch_header& header() const { return header_; }
    // The whole batch, header included.
    byte_span bytes() const { return bytes_; }
    // The records section after the 61-byte header, compressed or not.
    byte_span records_bytes() const { return bytes_.subspan(kBatchHeaderSize); }

    bool crc_valid() const { return batch_crc_valid(bytes_); }
    bool is_control() const { return header_.is_control(); }
    compression codec() const { return header_.codec(); }

    // Full check: CRC, a known codec, and that exactly records_count records
    // parse from the (decompressed) records section with offset deltas rising
    // within last_offset_delta. Uses `scratch` for compressed batches.
    status validate(byte_buffer& scratch, validate_options opts = {}) const;

    // Iterator over the records; see the lifetime note above.
    result<record_iterator> records(byte_buffer& scratch, size_t max_decompressed = kDefaultMaxDecompressed) const;

private:
    batch_view(byte_span bytes, const batch_header& h) : bytes_(bytes), header_(h) {}

    byte_span bytes_;
    batch_header header_;
};

}  // namespace odradek::record
