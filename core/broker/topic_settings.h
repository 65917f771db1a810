#pragma once
// topic_settings: everything a hosted partition obeys, derived from the
// topic's effective configuration (config::topic_config::log_values()):
// the storage log's settings plus the produce-path checks that live above
// storage in Kafka too (LogValidator's timestamp bounds, min.insync.replicas,
// the broker-side compression.type).

#include <cstdint>
#include <limits>
#include <optional>

#include "config/topic_config.h"
#include "record/batch_header.h"
#include "storage/log_config.h"

namespace odradek::broker {

struct topic_settings {
    storage::log_config log;
    // message.timestamp.before.max.ms / after.max.ms (3.7; difference.max.ms
    // is folded in by config): a CreateTime record must lie within
    // [now - before, now + after].
    int64_t timestamp_before_max_ms = std::numeric_limits<int64_t>::max();
    int64_t timestamp_after_max_ms = std::numeric_limits<int64_t>::max();
    // min.insync.replicas: acks=-1 appends need an ISR at least this large.
    int32_t min_insync_replicas = 1;
    // compression.type: nullopt for "producer" (batches stored as received);
    // otherwise the codec every batch is stored in ("uncompressed" = none).
    std::optional<record::compression> compression;

    // Whether a record timestamp check can fail at all (both bounds finite).
    bool checks_timestamps() const noexcept {
        return timestamp_before_max_ms != std::numeric_limits<int64_t>::max() ||
               timestamp_after_max_ms != std::numeric_limits<int64_t>::max();
    }
};

topic_settings topic_settings_from(const config::topic_log_values& v);

// compression.type value -> codec; nullopt for "producer" and unknown names.
std::optional<record::compression> parse_compression_type(std::string_view name) noexcept;

}  // namespace odradek::broker
