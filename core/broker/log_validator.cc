#include "broker/log_validator.h"

#include <optional>

#include "record/batch_builder.h"
#include "record/batch_view.h"
#include "record/legacy.h"
#include "record/record_set.h"

namespace odradek::broker {

namespace {

using protocol::error_code;

validation_result fail(error_code c, std::string msg) { return {kafka_error(c, std::move(msg)), {}}; }

// Java's long arithmetic wraps; so does the text Kafka prints with it.
int64_t wrap_add(int64_t a, int64_t b) { return int64_t(uint64_t(a) + uint64_t(b)); }
int64_t wrap_sub(int64_t a, int64_t b) { return int64_t(uint64_t(a) - uint64_t(b)); }

std::string record_string(const record::record_view& r, int64_t timestamp) {
    return "DefaultRecord(offset=" + std::to_string(r.offset_delta) + ", timestamp=" + std::to_string(timestamp) +
           ", key=" + std::to_string(r.key ? r.key->size() : 0) +
           " bytes, value=" + std::to_string(r.value ? r.value->size() : 0) + " bytes)";
}

// processRecordErrors: the batch fails as a whole, with every record's error.
validation_result record_errors_result(std::vector<record_error> errors, bool any_timestamp_error) {
    validation_result out;
    if (any_timestamp_error) {
        out.error = kafka_error(error_code::invalid_timestamp,
                                "One or more records have been rejected due to invalid timestamp");
    } else {
        std::string shown;
        for (size_t i = 0; i < errors.size() && i < 3; ++i) {
            shown += (i ? ", " : "") + std::string("RecordError(batchIndex=") + std::to_string(errors[i].batch_index) +
                     ", message='" + errors[i].message + "')";
        }
        out.error = kafka_error(error_code::invalid_record,
                                "One or more records have been rejected due to " + std::to_string(errors.size()) +
                                    " record errors in total, and only showing the first three errors at most: [" +
                                    shown + "]");
    }
    out.record_errors = std::move(errors);
    return out;
}

// The records of a batch rebuilt in another codec (Kafka's
// buildRecordsAndAssignOffsets for compression.type != producer).
result<byte_buffer> recompress(const record::batch_view& v, record::compression codec, byte_buffer& scratch) {
    const auto& h = v.header();
    record::batch_options o;
    o.codec = codec;
    o.producer_id = h.producer_id;
    o.producer_epoch = h.producer_epoch;
    o.base_sequence = h.base_sequence;
    o.transactional = h.is_transactional();
    record::batch_builder b(o);
    ODRADEK_TRY_ASSIGN(auto it, v.records(scratch));
    record::record_view r;
    std::vector<record::header> headers;
    while (it.next(r)) {
        headers.clear();
        for (const auto& hd : r.headers) headers.push_back(hd);
        b.add(r.timestamp(h.base_timestamp), r.key, r.value, headers);
    }
    ODRADEK_TRY(it.result());
    return b.build();
}

}  // namespace

validation_result validate_client_records(mutable_byte_span records, const topic_settings& settings, int64_t now_ms,
                                          const std::string& tp, validated_batch& out, byte_buffer& scratch) {
    const int64_t max_bytes = settings.log.max_message_bytes;

    // 1. Each whole batch: base offset, size, CRC (analyzeAndValidateRecords).
    record::record_set_reader rd(records);
    std::vector<record::batch_entry> entries;
    bool any_compressed = false;
    record::batch_entry e;
    while (rd.next(e)) {
        const byte_span b = e.bytes;
        if (e.frame.magic == record::kMagicV2) {
            if (b.size() < record::kBatchHeaderSize) return fail(error_code::corrupt_message, "Record batch is truncated");
            if (e.frame.base_offset != 0) {
                return fail(error_code::invalid_record, "The baseOffset of the record batch in the append to " + tp +
                                                            " should be 0, but it is " +
                                                            std::to_string(e.frame.base_offset));
            }
        }
        if (int64_t(b.size()) > max_bytes) {
            return fail(error_code::message_too_large,
                        "The record batch size in the append to " + tp + " is " + std::to_string(b.size()) +
                            " bytes which exceeds the maximum configured value of " + std::to_string(max_bytes) + ".");
        }
        bool crc_ok = true;
        uint32_t stored_crc = 0;
        if (e.frame.magic == record::kMagicV2) {
            stored_crc = load_be<uint32_t>(b.data() + record::kCrcPos);
            crc_ok = record::batch_crc_valid(b);
            any_compressed |= (load_be<uint16_t>(b.data() + record::kAttributesPos) & record::kCompressionMask) != 0;
        } else {
            if (b.size() >= record::kLegacyCrcPos + 4) stored_crc = load_be<uint32_t>(b.data() + record::kLegacyCrcPos);
            auto le = record::parse_legacy_entry(b);
            crc_ok = bool(le);
            if (le) any_compressed |= le->codec() != record::compression::none;
        }
        if (!crc_ok) {
            return fail(error_code::corrupt_message, "Record is corrupt (stored crc = " + std::to_string(stored_crc) +
                                                         ") in topic partition " + tp + ".");
        }
        entries.push_back(e);
    }
    if (auto st = rd.result(); !st) return fail(error_code::corrupt_message, st.err().message());
    if (entries.empty()) return fail(error_code::invalid_record, "Record batch has no batches at all");

    // 2. The set (LogValidator.getFirstBatchAndMaybeValidateNoMoreBatches, validateBatch).
    const int8_t magic = entries.front().frame.magic;
    if ((magic >= record::kMagicV2 || any_compressed) && entries.size() > 1) {
        return fail(error_code::invalid_record, "Compressed outer record has more than one batch");
    }
    for (const auto& x : entries) {
        if (x.frame.magic != magic) {
            return fail(error_code::invalid_record, "Batch magic " + std::to_string(x.frame.magic) +
                                                        " is not the same as the first batch's magic byte " +
                                                        std::to_string(magic) + " in topic partition " + tp);
        }
    }

    // 3. One v2 batch: the client's bytes, or the legacy set up-converted.
    bool converted = false;
    if (magic == record::kMagicV2) {
        out.owned.clear();
        out.bytes = records.first(entries.front().bytes.size());
    } else {
        record::legacy_convert_options co;
        co.codec = settings.compression;
        co.base_offset = 0;
        auto v2 = record::convert_legacy_to_v2(byte_span(records).first(rd.consumed()), co);
        if (!v2) {
            return fail(v2.err().code == record::errc::crc_mismatch ? error_code::corrupt_message
                                                                    : error_code::invalid_record,
                        v2.err().message() + " in topic partition " + tp);
        }
        out.owned = std::move(*v2);
        out.bytes = mutable_byte_span(out.owned);
        converted = true;
    }
    uint8_t* b = out.bytes.data();
    const int32_t last_offset_delta = load_be<int32_t>(b + record::kLastOffsetDeltaPos);
    const int32_t count = load_be<int32_t>(b + record::kRecordsCountPos);
    const int64_t count_from_offsets = int64_t(last_offset_delta) + 1;
    if (count_from_offsets <= 0) {
        return fail(error_code::invalid_record, "Batch has an invalid offset range: [0, " +
                                                    std::to_string(last_offset_delta) + "] in topic partition " + tp);
    }
    if (count <= 0) {
        return fail(error_code::invalid_record, "Invalid reported count for record batch: " + std::to_string(count) +
                                                    " in topic partition " + tp);
    }
    if (count_from_offsets != count) {
        return fail(error_code::invalid_record, "Inconsistent batch offset range [0, " +
                                                    std::to_string(last_offset_delta) + "] and count of records " +
                                                    std::to_string(count) + " in topic partition " + tp);
    }
    auto view = record::batch_view::parse(out.bytes);
    if (!view) return fail(error_code::corrupt_message, view.err().message() + " in topic partition " + tp);
    const record::batch_header& h = view->header();
    if (h.is_control()) {
        return fail(error_code::invalid_record, "Clients are not allowed to write control records in topic partition " + tp);
    }
    if (h.producer_id > record::kNoProducerId && h.base_sequence < 0) {
        return fail(error_code::invalid_record, "Invalid sequence number " + std::to_string(h.base_sequence) +
                                                    " in record batch with producerId " +
                                                    std::to_string(h.producer_id) + " in topic partition " + tp);
    }

    // 4. Records (validateRecord): keys of a compacted topic, timestamps.
    const bool topic_create_time = settings.log.message_timestamp_type == record::timestamp_type::create_time;
    const bool producer_set_append_time = h.ts_type() == record::timestamp_type::log_append_time;
    if (settings.log.cleanup_compact || settings.checks_timestamps() || producer_set_append_time) {
        auto it = view->records(scratch);
        if (!it) return fail(error_code::invalid_record, it.err().message() + " in topic partition " + tp);
        std::vector<record_error> errors;
        bool timestamp_error = false;
        record::record_view r;
        int32_t index = 0;
        const int64_t lower = wrap_sub(now_ms, settings.timestamp_before_max_ms);
        const int64_t upper = wrap_add(now_ms, settings.timestamp_after_max_ms);
        while (it->next(r)) {
            // A LogAppendTime batch reports its max timestamp for every record.
            const int64_t ts = producer_set_append_time ? h.max_timestamp : r.timestamp(h.base_timestamp);
            if (settings.log.cleanup_compact && !r.key) {
                errors.push_back({index, "Compacted topic cannot accept message without key in topic partition " + tp});
            } else if (topic_create_time && ts != no_timestamp) {
                const int64_t diff = wrap_sub(now_ms, ts);
                if (diff > settings.timestamp_before_max_ms || wrap_sub(0, diff) > settings.timestamp_after_max_ms) {
                    timestamp_error = true;
                    errors.push_back({index, "Timestamp " + std::to_string(ts) + " of message with offset " +
                                                 std::to_string(r.offset_delta) +
                                                 " is out of range. The timestamp should be within [" +
                                                 std::to_string(lower) + ", " + std::to_string(upper) + "]"});
                }
            } else if (producer_set_append_time) {
                timestamp_error = true;
                errors.push_back({index, "Invalid timestamp type in message " + record_string(r, ts) +
                                             ". Producer should not set timestamp type to LogAppendTime."});
            }
            ++index;
        }
        if (auto st = it->result(); !st) {
            return fail(error_code::invalid_record, st.err().message() + " in topic partition " + tp);
        }
        if (!errors.empty()) return record_errors_result(std::move(errors), timestamp_error);
        if (producer_set_append_time) {
            // Accepted into a CreateTime topic: Kafka rewrites the batch's
            // timestamp type (setMaxTimestamp(CREATE_TIME, max)).
            store_be<uint16_t>(b + record::kAttributesPos,
                               uint16_t(load_be<uint16_t>(b + record::kAttributesPos) & ~record::kTimestampTypeBit));
            store_be<uint32_t>(b + record::kCrcPos, record::compute_batch_crc(out.bytes));
        }
    }

    // 5. compression.type other than "producer".
    if (settings.compression && !converted && *settings.compression != h.codec()) {
        auto rebuilt = recompress(*view, *settings.compression, scratch);
        if (!rebuilt) return fail(error_code::invalid_record, rebuilt.err().message() + " in topic partition " + tp);
        out.owned = std::move(*rebuilt);
        out.bytes = mutable_byte_span(out.owned);
        converted = true;
    }
    if (converted && int64_t(out.bytes.size()) > max_bytes) {
        return fail(error_code::message_too_large,
                    "Message batch size is " + std::to_string(out.bytes.size()) + " bytes in append topartition " + tp +
                        " which exceeds the maximum configured size of " + std::to_string(max_bytes) + ".");
    }
    auto final_header = record::parse_batch_header(out.bytes);
    if (!final_header) return fail(error_code::corrupt_message, final_header.err().message());
    out.header = *final_header;
    return {};
}

}  // namespace odradek::broker
