#include "record/batch_view.h"

#include <string>

namespace odradek::record {

result<batch_view> batch_view::parse(byte_span data) {
    ODRADEK_TRY_ASSIGN(batch_header h, parse_batch_header(data));
    if (data.size() < h.size_bytes()) {
        return error(errc::truncated, "batch needs " + std::to_string(h.size_bytes()) + " bytes, have " +
                                          std::to_string(data.size()));
    }
    return batch_view(data.first(h.size_bytes()), h);
}

result<record_iterator> batch_view::records(byte_buffer& scratch, size_t max_decompressed) const {
    const compression codec = header_.codec();
    if (uint8_t(codec) > uint8_t(compression::zstd)) {
        return error(errc::unsupported_compression, "codec " + std::to_string(int(codec)));
    }
    byte_span recs = records_bytes();
    if (codec != compression::none) {
        decompress_options o;
        o.max_size = max_decompressed;
        ODRADEK_TRY(decompress(codec, recs, scratch, o));
        recs = scratch;
    }
    return record_iterator(recs, header_.records_count, header_.last_offset_delta);
}

status batch_view::validate(byte_buffer& scratch, validate_options opts) const {
    if (!crc_valid()) return error(errc::crc_mismatch, "batch at offset " + std::to_string(header_.base_offset));
    if (opts.require_contiguous && header_.records_count != header_.last_offset_delta + 1) {
        return error(errc::bad_record, "records_count " + std::to_string(header_.records_count) +
                                           " disagrees with last_offset_delta " +
                                           std::to_string(header_.last_offset_delta));
    }
    ODRADEK_TRY_ASSIGN(record_iterator it, records(scratch, opts.max_decompressed));
    record_view r;
    int64_t expected_delta = 0;
    while (it.next(r)) {
        if (opts.require_contiguous && r.offset_delta != expected_delta) {
            return error(errc::bad_record, "offset delta " + std::to_string(r.offset_delta) + ", expected " +
                                               std::to_string(expected_delta));
        }
        ++expected_delta;
    }
    return it.result();
}

}  // namespace odradek::record
