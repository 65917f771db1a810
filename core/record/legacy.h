#pragma once
// Legacy message sets, magic v0 and v1 (Kafka before 0.11), as old clients
// still send them in Produce v0-v2: decoding, and up-conversion to v2 batches.
//
// One entry ("message"):
//
//   offset       int64   v1 inner messages: relative (0..n-1); otherwise absolute
//   message_size int32   bytes after this field
//   crc          uint32  CRC-32 (IEEE) of magic .. end of value
//   magic        int8    0 or 1
//   attributes   int8    bits 0-2 compression, bit 3 timestamp type (v1 only)
//   timestamp    int64   v1 only
//   key          int32 length (-1 = null) + bytes
//   value        int32 length (-1 = null) + bytes
//
// A compressed entry is a wrapper: its value is a whole message set of the
// same magic, compressed; its offset is the absolute offset of the last inner
// message. In v1 the inner offsets are relative, so absolute = wrapper offset -
// last inner offset + inner offset (a wrapper offset of 0, sent by some
// librdkafka versions, means base 0). In v0 they are used as they are. A v1
// wrapper with LogAppendTime gives its timestamp to every inner message. Inner
// messages may not be compressed themselves and must have the wrapper's magic.
// LZ4 wrappers in v0 carry a broken frame checksum (see compression.h).

#include <cstdint>
#include <optional>

#include "base/bytes.h"
#include "base/result.h"
#include "record/batch_header.h"
#include "record/compression.h"
#include "record/record_set.h"

namespace odradek::record {

inline constexpr size_t kLegacyCrcPos = 12;        // within an entry, after offset + size
inline constexpr size_t kLegacyMagicPos = 16;
inline constexpr size_t kLegacyOverheadV0 = 14;    // crc, magic, attributes, key and value lengths
inline constexpr size_t kLegacyOverheadV1 = 22;    // ... plus the timestamp
inline constexpr uint8_t kLegacyTimestampTypeBit = 0x08;

// One decoded entry, shallow: a wrapper's value is still compressed.
struct legacy_entry {
    int64_t offset = 0;
    int8_t magic = 0;
    int8_t attributes = 0;
    int64_t timestamp = no_timestamp;  // v0: none
    std::optional<byte_span> key;
    std::optional<byte_span> value;
    size_t size_bytes = 0;  // whole entry, 12-byte log overhead included

    compression codec() const { return compression(attributes & kCompressionMask); }
    timestamp_type ts_type() const {
        return magic > 0 && (attributes & kLegacyTimestampTypeBit) ? timestamp_type::log_append_time
                                                                    : timestamp_type::create_time;
    }
};

// Decodes the entry at the start of `data`: magic 0 or 1, whole entry present,
// CRC correct, key and value lengths exactly filling message_size.
result<legacy_entry> parse_legacy_entry(byte_span data);

// A message as an application sees it, after unwrapping compression.
struct legacy_message {
    int64_t offset = 0;                // absolute
    int8_t magic = 0;
    int64_t timestamp = no_timestamp;  // the wrapper's when it uses LogAppendTime
    timestamp_type ts_type = timestamp_type::create_time;
    std::optional<byte_span> key;
    std::optional<byte_span> value;
};

// Deep iteration over a legacy message set: uncompressed entries are yielded
// as they are, compressed wrappers are decompressed (each once, into a buffer
// the reader owns) and their inner messages yielded with absolute offsets.
//
// Views in a legacy_message point into the input or into the reader's buffer;
// they stay valid until the next call to next(). All decompression together
// is bounded by max_decompressed (errc::too_large). Like record_set_reader, a
// partial trailing entry ends the walk cleanly (partial_tail()); a v2 batch in
// the set is an error (errc::bad_magic).
class legacy_reader {
public:
    explicit legacy_reader(byte_span message_set, size_t max_decompressed = kDefaultMaxDecompressed)
        : outer_(message_set), budget_(max_decompressed) {}

    bool next(legacy_message& out);
    status result() const;
    bool partial_tail() const { return outer_.partial_tail(); }
    // Bytes of the top-level entries consumed so far.
    size_t consumed() const { return outer_.consumed(); }

private:
    bool fail(error e);
    bool open_wrapper(const legacy_entry& wrapper);

    record_set_reader outer_;
    size_t budget_;
    // The inner message set of the current wrapper, if any.
    byte_buffer inner_buf_;
    std::optional<record_set_reader> inner_;
    legacy_entry wrapper_;
    int64_t inner_base_ = 0;  // added to inner offsets (v1); -1 marks v0 (absolute)
    std::optional<error> error_;
};

struct legacy_convert_options {
    // Codec of the new batch; nullopt keeps the message set's own (the first
    // wrapper's codec, none when uncompressed), like compression.type=producer.
    std::optional<compression> codec;
    // Base offset of the new batch; nullopt uses the first message's offset.
    std::optional<int64_t> base_offset;
    size_t max_decompressed = kDefaultMaxDecompressed;
};

// Up-converts a whole legacy message set into one v2 batch, as Kafka's broker
// does for old-format produce requests (LogValidator): records get consecutive
// offsets from the base offset, keep key, value and timestamp (v0 messages have
// none: -1), and have no headers; the batch has no producer id. The batch uses
// LogAppendTime when the messages did. An empty set, a partial trailing entry
// or any malformed entry is an error.
result<byte_buffer> convert_legacy_to_v2(byte_span message_set, const legacy_convert_options& opts = {});

}  // namespace odradek::record
