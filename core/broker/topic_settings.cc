#include "broker/topic_settings.h"

namespace odradek::broker {

std::optional<record::compression> parse_compression_type(std::string_view name) noexcept {
    using record::compression;
    if (name == "uncompressed") return compression::none;
    if (name == "gzip") return compression::gzip;
    if (name == "snappy") return compression::snappy;
    if (name == "lz4") return compression::lz4;
    if (name == "zstd") return compression::zstd;
    return std::nullopt;  // "producer"
}

topic_settings topic_settings_from(const config::topic_log_values& v) {
    topic_settings s;
    storage::log_config& l = s.log;
    l.segment_bytes = v.segment_bytes;
    l.segment_ms = v.segment_ms;
    l.segment_jitter_ms = v.segment_jitter_ms;
    l.segment_index_bytes = v.segment_index_bytes;
    l.index_interval_bytes = v.index_interval_bytes;
    l.retention_ms = v.retention_ms;
    l.retention_bytes = v.retention_bytes;
    l.flush_messages = v.flush_messages;
    l.flush_ms = v.flush_ms;
    l.file_delete_delay_ms = v.file_delete_delay_ms;
    l.max_message_bytes = v.max_message_bytes;
    l.message_timestamp_type = v.timestamp_type == config::message_timestamp_type::log_append_time
                                   ? record::timestamp_type::log_append_time
                                   : record::timestamp_type::create_time;
    l.cleanup_delete = v.cleanup_delete;
    l.cleanup_compact = v.cleanup_compact;
    s.timestamp_before_max_ms = v.message_timestamp_before_max_ms;
    s.timestamp_after_max_ms = v.message_timestamp_after_max_ms;
    s.min_insync_replicas = v.min_insync_replicas;
    s.compression = parse_compression_type(v.compression_type);
    return s;
}

}  // namespace odradek::broker
