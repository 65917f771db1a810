#include "storage/log_config.h"

#include "storage/checkpoint_file.h"  // parse_int64

namespace odradek::storage {

namespace {
struct int_key {
    const char* name;
    int64_t log_config::*field;
    int64_t min;
    int64_t max;
};
constexpr int64_t kInt = std::numeric_limits<int32_t>::max();
constexpr int64_t kLong = std::numeric_limits<int64_t>::max();
// Ranges as Kafka's LogConfig validators state them.
const int_key kIntKeys[] = {
    {"segment.bytes", &log_config::segment_bytes, 14, kInt},  // LegacyRecord.RECORD_OVERHEAD_V0
    {"segment.ms", &log_config::segment_ms, 1, kLong},
    {"segment.jitter.ms", &log_config::segment_jitter_ms, 0, kLong},
    {"segment.index.bytes", &log_config::segment_index_bytes, 4, kInt},
    {"index.interval.bytes", &log_config::index_interval_bytes, 0, kInt},
    {"retention.ms", &log_config::retention_ms, -1, kLong},
    {"retention.bytes", &log_config::retention_bytes, std::numeric_limits<int64_t>::min(), kLong},
    {"flush.messages", &log_config::flush_messages, 1, kLong},
    {"flush.ms", &log_config::flush_ms, 0, kLong},
    {"file.delete.delay.ms", &log_config::file_delete_delay_ms, 0, kLong},
    {"max.message.bytes", &log_config::max_message_bytes, 0, kInt},
};
}  // namespace

status log_config::set(std::string_view key, std::string_view value, bool* known) {
    if (known) *known = true;
    for (const auto& k : kIntKeys) {
        if (key != k.name) continue;
        int64_t v = 0;
        if (!parse_int64(value, v) || v < k.min || v > k.max) {
            return error(errc::invalid_argument, std::string(key) + "=" + std::string(value));
        }
        this->*k.field = v;
        return ok();
    }
    if (key == "message.timestamp.type") {
        if (value == "CreateTime") {
            message_timestamp_type = record::timestamp_type::create_time;
        } else if (value == "LogAppendTime") {
            message_timestamp_type = record::timestamp_type::log_append_time;
        } else {
            return error(errc::invalid_argument, std::string(key) + "=" + std::string(value));
        }
        return ok();
    }
    if (key == "cleanup.policy") {
        bool del = false, compact = false;
        size_t i = 0;
        while (i <= value.size()) {
            size_t j = value.find(',', i);
            if (j == std::string_view::npos) j = value.size();
            std::string_view item = value.substr(i, j - i);
            while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
            while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
            if (item == "delete") {
                del = true;
            } else if (item == "compact") {
                compact = true;
            } else if (!item.empty()) {
                return error(errc::invalid_argument, std::string(key) + "=" + std::string(value));
            }
            i = j + 1;
        }
        cleanup_delete = del;
        cleanup_compact = compact;
        return ok();
    }
    if (known) *known = false;
    return ok();
}

status log_config::validate() const {
    for (const auto& k : kIntKeys) {
        int64_t v = this->*k.field;
        if (v < k.min || v > k.max) return error(errc::invalid_argument, std::string(k.name) + " out of range");
    }
    return ok();
}

}  // namespace odradek::storage
