#pragma once
// log_config: the per-topic settings the partition log obeys, with Kafka's
// topic-config keys and defaults (Kafka 3.7 LogConfig / TopicConfig).
// A broker fills it from server.properties defaults (log.segment.bytes etc.)
// overlaid with the topic's overrides; set() takes the topic-level key.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "base/result.h"
#include "record/batch_header.h"
#include "storage/errc.h"

namespace odradek::storage {

struct log_config {
    int64_t segment_bytes = 1024 * 1024 * 1024;          // segment.bytes (int)
    int64_t segment_ms = 7LL * 24 * 60 * 60 * 1000;      // segment.ms
    int64_t segment_jitter_ms = 0;                       // segment.jitter.ms
    int64_t segment_index_bytes = 10 * 1024 * 1024;      // segment.index.bytes (int)
    int64_t index_interval_bytes = 4096;                 // index.interval.bytes (int)
    int64_t retention_ms = 7LL * 24 * 60 * 60 * 1000;    // retention.ms, -1 = forever
    int64_t retention_bytes = -1;                        // retention.bytes, -1 = unlimited
    int64_t flush_messages = std::numeric_limits<int64_t>::max();  // flush.messages
    int64_t flush_ms = std::numeric_limits<int64_t>::max();        // flush.ms
    int64_t file_delete_delay_ms = 60000;                // file.delete.delay.ms
    int64_t max_message_bytes = 1048588;                 // max.message.bytes (int)
    record::timestamp_type message_timestamp_type = record::timestamp_type::create_time;  // message.timestamp.type
    bool cleanup_delete = true;                          // cleanup.policy contains "delete"
    bool cleanup_compact = false;                        // cleanup.policy contains "compact" (not implemented)

    // Sets one topic-level key from its string form ("segment.bytes",
    // "cleanup.policy" = "delete"|"compact"|"compact,delete", ...). Keys this
    // module does not use are accepted and ignored (returns false in
    // *known); values out of Kafka's range are errc::invalid_argument.
    status set(std::string_view key, std::string_view value, bool* known = nullptr);
    // Kafka's range checks for the whole struct.
    status validate() const;
};

}  // namespace odradek::storage
