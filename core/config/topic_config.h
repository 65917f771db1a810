#pragma once
// Topic-level configuration (Kafka 3.7 LogConfig / TopicConfig): the topic
// keys, their broker synonyms, validation of topic overrides, and the
// effective config of a topic with each value's source, as DescribeConfigs
// and kafka-configs report it. Also the broker-resource view of
// DescribeConfigs (describe_broker_config).
//
// Resolution (LogConfig.fromProps(KafkaConfig.extractLogConfigMap, overrides)):
//   topic override  >  broker's effective value of the synonym (with the
//   derived values: retention.ms from log.retention.{ms,minutes,hours},
//   segment.ms from log.roll.{ms,hours}, flush.ms from log.flush.interval.ms
//   or log.flush.scheduler.interval.ms, ...)  >  LogConfig default.
//
// Synonyms in a config_entry (ConfigHelper.createTopicConfigEntry):
//   [DYNAMIC_TOPIC_CONFIG name=override] when the topic overrides the key, then
//   for each layer DYNAMIC_BROKER_CONFIG, DYNAMIC_DEFAULT_BROKER_CONFIG,
//   STATIC_BROKER_CONFIG, DEFAULT_CONFIG and each broker synonym in priority
//   order (log.retention.ms, .minutes, .hours) the layer's value if it has one,
//   with everything before the first entry named like the primary synonym
//   dropped (Kafka's quirk: with only log.retention.hours set, retention.ms
//   reports source DEFAULT_CONFIG and no synonyms). The entry's source is the
//   first synonym's source, or DEFAULT_CONFIG.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "config/broker_config.h"
#include "config/config_def.h"
#include "config/properties.h"

namespace odradek::config {

// The topic key table (LogConfig's definitions).
const config_def& topic_config_def();

// Broker keys standing in for a topic key, highest priority first
// ("retention.ms" -> log.retention.ms, log.retention.minutes,
// log.retention.hours). Empty for keys without a broker synonym.
std::span<const std::string_view> topic_broker_synonyms(std::string_view topic_key);

// LogConfig.validate for overrides given at CreateTopics / AlterConfigs /
// kafka-topics --config: unknown names are errc::unknown_key
// ("Unknown topic config name: <name>"), bad values errc::invalid_value with
// Kafka's wording, min.compaction.lag.ms > max.compaction.lag.ms is
// errc::invalid_config ("conflict topic config setting ...").
status validate_topic_overrides(const properties& overrides);

// DescribeConfigs' ConfigSource ids; the names are the Admin client's
// (kafka-configs prints them).
enum class config_source : int8_t {
    unknown = 0,
    dynamic_topic_config = 1,
    dynamic_broker_config = 2,
    dynamic_default_broker_config = 3,
    static_broker_config = 4,
    default_config = 5,
    dynamic_broker_logger_config = 6,
    client_metrics_config = 7,
};
std::string_view config_source_name(config_source s) noexcept;  // "DYNAMIC_TOPIC_CONFIG", ...

struct config_synonym {
    std::string name;
    std::optional<std::string> value;  // nullopt for sensitive values
    config_source source = config_source::unknown;
    bool operator==(const config_synonym&) const = default;
};

// One DescribeConfigs result entry.
struct config_entry {
    std::string name;
    std::optional<std::string> value;  // nullopt when null or sensitive
    config_source source = config_source::default_config;
    bool sensitive = false;
    bool read_only = false;
    std::optional<config_type> type;  // nullopt for keys Kafka does not define
    std::vector<config_synonym> synonyms;
};

enum class message_timestamp_type : int8_t { create_time, log_append_time };

// The values the partition log and the produce path use; the broker maps
// these onto storage::log_config.
struct topic_log_values {
    int64_t segment_bytes = 0;
    int64_t segment_ms = 0;
    int64_t segment_jitter_ms = 0;
    int64_t segment_index_bytes = 0;
    int64_t index_interval_bytes = 0;
    int64_t retention_ms = 0;
    int64_t retention_bytes = 0;
    int64_t flush_messages = 0;
    int64_t flush_ms = 0;
    int64_t file_delete_delay_ms = 0;
    int64_t max_message_bytes = 0;
    int64_t delete_retention_ms = 0;
    int64_t min_compaction_lag_ms = 0;
    int64_t max_compaction_lag_ms = 0;
    double min_cleanable_dirty_ratio = 0;
    message_timestamp_type timestamp_type = message_timestamp_type::create_time;
    int64_t message_timestamp_before_max_ms = 0;
    int64_t message_timestamp_after_max_ms = 0;
    bool cleanup_delete = true;
    bool cleanup_compact = false;
    int32_t min_insync_replicas = 1;
    bool unclean_leader_election_enable = false;
    std::string compression_type;  // "producer", "gzip", ...
    bool preallocate = false;
    bool message_downconversion_enable = true;
};

class topic_config {
public:
    // The effective config of a topic; `broker` must outlive the result
    // (describe() reads its layers). Override values must parse and pass
    // their validators; override keys Kafka does not define are kept, as
    // LogConfig keeps them, and described as sensitive entries without a type.
    static result<topic_config> resolve(const broker_config& broker, const properties& overrides);

    const parsed_config& values() const noexcept { return values_; }
    const properties& overrides() const noexcept { return overrides_; }
    topic_log_values log_values() const;

    // Every topic key and every unknown override key, sorted by name
    // (kafka-configs --describe --all). Synonyms only when include_synonyms.
    std::vector<config_entry> describe(bool include_synonyms = true) const;
    // One key; nullopt when it is neither a topic key nor an override.
    std::optional<config_entry> describe_key(std::string_view name, bool include_synonyms = true) const;

private:
    const broker_config* broker_ = nullptr;  // outlives the topic_config (contract of resolve)
    properties overrides_;
    parsed_config values_;
};

// DescribeConfigs for a BROKER resource: per_broker = true is the resource
// named by the broker id (all keys, plus supplied unknown keys, which are
// reported as sensitive); false is the cluster-default resource "" (only
// the keys set in the dynamic default layer). Sorted by name.
std::vector<config_entry> describe_broker_config(const broker_config& broker, bool per_broker,
                                                 bool include_synonyms = true);

// Broker keys standing in for one another (DynamicBrokerConfig.brokerConfigSynonyms):
// log.roll.ms/.hours, log.roll.jitter.ms/.hours, log.flush.interval.ms +
// log.flush.scheduler.interval.ms, log.retention.ms/.minutes/.hours; any
// other name stands alone. Listener overrides are not handled.
std::vector<std::string_view> broker_config_synonyms(std::string_view name);

}  // namespace odradek::config
