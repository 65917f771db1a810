#include "config/topic_config.h"

#include <algorithm>
#include <limits>
#include <set>

#include <fmt/format.h>

namespace odradek::config {

namespace {

using T = config_type;
using I = importance;
constexpr default_value V(std::string_view s) { return default_value::of(s); }
constexpr validator kNone = no_validator();

constexpr validator kThrottled = of_kind(validator::kind::throttled_replicas);

// LogConfig's definitions, in its order.
const config_key kTopicKeys[] = {
    {"segment.bytes", T::int32, V("1073741824"), at_least(14), I::medium},
    {"segment.ms", T::int64, V("604800000"), at_least(1), I::medium},
    {"segment.jitter.ms", T::int64, V("0"), at_least(0), I::medium},
    {"segment.index.bytes", T::int32, V("10485760"), at_least(4), I::medium},
    {"flush.messages", T::int64, V(kLongMax), at_least(1), I::medium},
    {"flush.ms", T::int64, V(kLongMax), at_least(0), I::medium},
    {"retention.bytes", T::int64, V("-1"), kNone, I::medium},
    {"retention.ms", T::int64, V("604800000"), at_least(-1), I::medium},
    {"max.message.bytes", T::int32, V("1048588"), at_least(0), I::medium},
    {"index.interval.bytes", T::int32, V("4096"), at_least(0), I::medium},
    {"delete.retention.ms", T::int64, V("86400000"), at_least(0), I::medium},
    {"min.compaction.lag.ms", T::int64, V("0"), at_least(0), I::medium},
    {"max.compaction.lag.ms", T::int64, V(kLongMax), at_least(1), I::medium},
    {"file.delete.delay.ms", T::int64, V("60000"), at_least(0), I::medium},
    {"min.cleanable.dirty.ratio", T::float64, V("0.5"), between(0, 1), I::medium},
    {"cleanup.policy", T::list, V("delete"), list_of(kCleanupPolicies), I::medium},
    {"unclean.leader.election.enable", T::boolean, V("false"), kNone, I::medium},
    {"min.insync.replicas", T::int32, V("1"), at_least(1), I::medium},
    {"compression.type", T::string, V("producer"), one_of(kCompressionTypes), I::medium},
    {"preallocate", T::boolean, V("false"), kNone, I::medium},
    {"message.format.version", T::string, V("3.0-IV1"), of_kind(validator::kind::metadata_version), I::medium},
    {"message.timestamp.type", T::string, V("CreateTime"), one_of(kTimestampTypes), I::medium},
    {"message.timestamp.difference.max.ms", T::int64, V(kLongMax), at_least(0), I::medium},
    {"message.timestamp.before.max.ms", T::int64, V(kLongMax), at_least(0), I::medium},
    {"message.timestamp.after.max.ms", T::int64, V(kLongMax), at_least(0), I::medium},
    {"leader.replication.throttled.replicas", T::list, V(""), kThrottled, I::medium},
    {"follower.replication.throttled.replicas", T::list, V(""), kThrottled, I::medium},
    {"message.downconversion.enable", T::boolean, V("true"), kNone, I::low},
    {"remote.storage.enable", T::boolean, V("false"), kNone, I::medium},
    {"local.retention.ms", T::int64, V("-2"), at_least(-2), I::medium},
    {"local.retention.bytes", T::int64, V("-2"), at_least(-2), I::medium},
};

// ServerTopicConfigSynonyms.ALL_TOPIC_CONFIG_SYNONYMS.
struct synonym_row {
    std::string_view topic_key;
    std::span<const std::string_view> broker_keys;
};
constexpr std::string_view kSegmentBytes[] = {"log.segment.bytes"};
constexpr std::string_view kSegmentMs[] = {"log.roll.ms", "log.roll.hours"};
constexpr std::string_view kSegmentJitter[] = {"log.roll.jitter.ms", "log.roll.jitter.hours"};
constexpr std::string_view kSegmentIndex[] = {"log.index.size.max.bytes"};
constexpr std::string_view kFlushMessages[] = {"log.flush.interval.messages"};
constexpr std::string_view kFlushMs[] = {"log.flush.interval.ms", "log.flush.scheduler.interval.ms"};
constexpr std::string_view kRetentionBytes[] = {"log.retention.bytes"};
constexpr std::string_view kRetentionMs[] = {"log.retention.ms", "log.retention.minutes", "log.retention.hours"};
constexpr std::string_view kMaxMessage[] = {"message.max.bytes"};
constexpr std::string_view kIndexInterval[] = {"log.index.interval.bytes"};
constexpr std::string_view kDeleteRetention[] = {"log.cleaner.delete.retention.ms"};
constexpr std::string_view kMinLag[] = {"log.cleaner.min.compaction.lag.ms"};
constexpr std::string_view kMaxLag[] = {"log.cleaner.max.compaction.lag.ms"};
constexpr std::string_view kDeleteDelay[] = {"log.segment.delete.delay.ms"};
constexpr std::string_view kDirtyRatio[] = {"log.cleaner.min.cleanable.ratio"};
constexpr std::string_view kCleanup[] = {"log.cleanup.policy"};
constexpr std::string_view kUnclean[] = {"unclean.leader.election.enable"};
constexpr std::string_view kMinIsr[] = {"min.insync.replicas"};
constexpr std::string_view kCompression[] = {"compression.type"};
constexpr std::string_view kPreallocate[] = {"log.preallocate"};
constexpr std::string_view kFormat[] = {"log.message.format.version"};
constexpr std::string_view kTsType[] = {"log.message.timestamp.type"};
constexpr std::string_view kTsDiff[] = {"log.message.timestamp.difference.max.ms"};
constexpr std::string_view kTsBefore[] = {"log.message.timestamp.before.max.ms"};
constexpr std::string_view kTsAfter[] = {"log.message.timestamp.after.max.ms"};
constexpr std::string_view kDownconversion[] = {"log.message.downconversion.enable"};
constexpr std::string_view kLocalMs[] = {"log.local.retention.ms"};
constexpr std::string_view kLocalBytes[] = {"log.local.retention.bytes"};

constexpr synonym_row kSynonyms[] = {
    {"segment.bytes", kSegmentBytes},
    {"segment.ms", kSegmentMs},
    {"segment.jitter.ms", kSegmentJitter},
    {"segment.index.bytes", kSegmentIndex},
    {"flush.messages", kFlushMessages},
    {"flush.ms", kFlushMs},
    {"retention.bytes", kRetentionBytes},
    {"retention.ms", kRetentionMs},
    {"max.message.bytes", kMaxMessage},
    {"index.interval.bytes", kIndexInterval},
    {"delete.retention.ms", kDeleteRetention},
    {"min.compaction.lag.ms", kMinLag},
    {"max.compaction.lag.ms", kMaxLag},
    {"file.delete.delay.ms", kDeleteDelay},
    {"min.cleanable.dirty.ratio", kDirtyRatio},
    {"cleanup.policy", kCleanup},
    {"unclean.leader.election.enable", kUnclean},
    {"min.insync.replicas", kMinIsr},
    {"compression.type", kCompression},
    {"preallocate", kPreallocate},
    {"message.format.version", kFormat},
    {"message.timestamp.type", kTsType},
    {"message.timestamp.difference.max.ms", kTsDiff},
    {"message.timestamp.before.max.ms", kTsBefore},
    {"message.timestamp.after.max.ms", kTsAfter},
    {"message.downconversion.enable", kDownconversion},
    {"local.retention.ms", kLocalMs},
    {"local.retention.bytes", kLocalBytes},
};

// The broker's effective value for a topic key (KafkaConfig.extractLogConfigMap).
std::optional<std::string> broker_value_for(const broker_config& broker, std::string_view topic_key) {
    if (topic_key == "segment.ms") return std::to_string(broker.log_roll_ms());
    if (topic_key == "segment.jitter.ms") return std::to_string(broker.log_roll_jitter_ms());
    if (topic_key == "flush.ms") return std::to_string(broker.log_flush_interval_ms());
    if (topic_key == "retention.ms") return std::to_string(broker.log_retention_ms());
    auto syn = topic_broker_synonyms(topic_key);
    if (syn.empty()) return std::nullopt;
    return to_config_string(broker.values().get(syn[0]));
}

// The DEFAULT_CONFIG layer: the table's default as Kafka writes it back.
std::optional<std::string> default_string(const config_def& def, const config_key& key) {
    return to_config_string(def.default_of(size_t(&key - def.keys().data())));
}

std::optional<std::string> layer_value(const broker_config& broker, config_source layer, std::string_view name) {
    const properties* p = nullptr;
    switch (layer) {
        case config_source::dynamic_broker_config: p = &broker.dynamic_broker_props(); break;
        case config_source::dynamic_default_broker_config: p = &broker.dynamic_default_props(); break;
        case config_source::static_broker_config: p = &broker.static_props(); break;
        case config_source::default_config: {
            const config_key* key = broker_config_def().find(name);
            return key ? default_string(broker_config_def(), *key) : std::nullopt;
        }
        default: return std::nullopt;
    }
    if (const std::string* s = p->find(name)) return *s;
    return std::nullopt;
}

// ConfigHelper.configSynonyms.
std::vector<config_synonym> config_synonyms(const broker_config& broker, std::string_view name,
                                            const std::vector<std::string_view>& synonyms, bool sensitive) {
    std::vector<config_synonym> all;
    for (auto layer : {config_source::dynamic_broker_config, config_source::dynamic_default_broker_config,
                       config_source::static_broker_config, config_source::default_config}) {
        for (auto syn : synonyms) {
            if (auto v = layer_value(broker, layer, syn)) {
                all.push_back({std::string(syn), sensitive ? std::nullopt : std::move(v), layer});
            }
        }
    }
    auto first = std::find_if(all.begin(), all.end(), [&](const config_synonym& s) { return s.name == name; });
    all.erase(all.begin(), first);
    return all;
}

}  // namespace

const config_def& topic_config_def() {
    static const config_def def(kTopicKeys);
    return def;
}

std::span<const std::string_view> topic_broker_synonyms(std::string_view topic_key) {
    for (const auto& row : kSynonyms) {
        if (row.topic_key == topic_key) return row.broker_keys;
    }
    return {};
}

std::vector<std::string_view> broker_config_synonyms(std::string_view name) {
    if (name == "log.roll.ms" || name == "log.roll.hours") return {"log.roll.ms", "log.roll.hours"};
    if (name == "log.roll.jitter.ms" || name == "log.roll.jitter.hours") {
        return {"log.roll.jitter.ms", "log.roll.jitter.hours"};
    }
    if (name == "log.flush.interval.ms") return {"log.flush.interval.ms", "log.flush.scheduler.interval.ms"};
    if (name == "log.retention.ms" || name == "log.retention.minutes" || name == "log.retention.hours") {
        return {"log.retention.ms", "log.retention.minutes", "log.retention.hours"};
    }
    return {name};
}

std::string_view config_source_name(config_source s) noexcept {
    switch (s) {
        case config_source::unknown: return "UNKNOWN";
        case config_source::dynamic_topic_config: return "DYNAMIC_TOPIC_CONFIG";
        case config_source::dynamic_broker_config: return "DYNAMIC_BROKER_CONFIG";
        case config_source::dynamic_default_broker_config: return "DYNAMIC_DEFAULT_BROKER_CONFIG";
        case config_source::static_broker_config: return "STATIC_BROKER_CONFIG";
        case config_source::default_config: return "DEFAULT_CONFIG";
        case config_source::dynamic_broker_logger_config: return "DYNAMIC_BROKER_LOGGER_CONFIG";
        case config_source::client_metrics_config: return "CLIENT_METRICS_CONFIG";
    }
    return "UNKNOWN";
}

status validate_topic_overrides(const properties& overrides) {
    const config_def& def = topic_config_def();
    for (const auto& [k, v] : overrides) {
        if (def.find(k) == nullptr) return error(errc::unknown_key, fmt::format("Unknown topic config name: {}", k));
    }
    ODRADEK_TRY_ASSIGN(auto parsed, def.parse(overrides));
    int64_t min_lag = parsed.get_long("min.compaction.lag.ms");
    int64_t max_lag = parsed.get_long("max.compaction.lag.ms");
    if (min_lag > max_lag) {
        return error(errc::invalid_config,
                     fmt::format("conflict topic config setting min.compaction.lag.ms ({}) > max.compaction.lag.ms ({})",
                                 min_lag, max_lag));
    }
    return ok();
}

result<topic_config> topic_config::resolve(const broker_config& broker, const properties& overrides) {
    properties merged;
    for (const auto& key : topic_config_def().keys()) {
        if (auto v = broker_value_for(broker, key.name)) merged.set(std::string(key.name), std::move(*v));
    }
    merged.merge(overrides);
    topic_config out;
    out.broker_ = &broker;
    out.overrides_ = overrides;
    ODRADEK_TRY_ASSIGN(out.values_, topic_config_def().parse(merged));
    return out;
}

topic_log_values topic_config::log_values() const {
    const parsed_config& v = values_;
    topic_log_values out;
    out.segment_bytes = v.get_int("segment.bytes");
    out.segment_ms = v.get_long("segment.ms");
    out.segment_jitter_ms = v.get_long("segment.jitter.ms");
    out.segment_index_bytes = v.get_int("segment.index.bytes");
    out.index_interval_bytes = v.get_int("index.interval.bytes");
    out.retention_ms = v.get_long("retention.ms");
    out.retention_bytes = v.get_long("retention.bytes");
    out.flush_messages = v.get_long("flush.messages");
    out.flush_ms = v.get_long("flush.ms");
    out.file_delete_delay_ms = v.get_long("file.delete.delay.ms");
    out.max_message_bytes = v.get_int("max.message.bytes");
    out.delete_retention_ms = v.get_long("delete.retention.ms");
    out.min_compaction_lag_ms = v.get_long("min.compaction.lag.ms");
    out.max_compaction_lag_ms = v.get_long("max.compaction.lag.ms");
    out.min_cleanable_dirty_ratio = v.get_double("min.cleanable.dirty.ratio");
    out.timestamp_type = *v.get_string("message.timestamp.type") == "LogAppendTime"
                             ? message_timestamp_type::log_append_time
                             : message_timestamp_type::create_time;
    // Kafka 3.7: a non-default message.timestamp.difference.max.ms still
    // bounds "before" when message.timestamp.before.max.ms is left at its default.
    int64_t diff = v.get_long("message.timestamp.difference.max.ms");
    int64_t before = v.get_long("message.timestamp.before.max.ms");
    const int64_t max = std::numeric_limits<int64_t>::max();
    out.message_timestamp_before_max_ms = (before == max && diff != max) ? diff : before;
    int64_t after = v.get_long("message.timestamp.after.max.ms");
    out.message_timestamp_after_max_ms = (after == max && diff != max) ? diff : after;
    const auto& policy = v.get_list("cleanup.policy");
    out.cleanup_delete = std::find(policy.begin(), policy.end(), "delete") != policy.end();
    out.cleanup_compact = std::find(policy.begin(), policy.end(), "compact") != policy.end();
    out.min_insync_replicas = v.get_int("min.insync.replicas");
    out.unclean_leader_election_enable = v.get_bool("unclean.leader.election.enable");
    out.compression_type = std::string(*v.get_string("compression.type"));
    out.preallocate = v.get_bool("preallocate");
    out.message_downconversion_enable = v.get_bool("message.downconversion.enable");
    return out;
}

std::optional<config_entry> topic_config::describe_key(std::string_view name, bool include_synonyms) const {
    const config_key* key = topic_config_def().find(name);
    if (key == nullptr && !overrides_.contains(name)) return std::nullopt;
    config_entry e;
    e.name = std::string(name);
    if (key != nullptr) e.type = key->type;
    // Kafka treats keys it cannot type as sensitive, to be safe.
    e.sensitive = key == nullptr || key->type == config_type::password;
    e.read_only = false;
    e.value = e.sensitive ? std::nullopt : to_config_string(values_.get(name));
    std::vector<config_synonym> all;
    if (overrides_.contains(name)) {
        all.push_back({std::string(name), e.sensitive ? std::nullopt : e.value, config_source::dynamic_topic_config});
    }
    auto syn = topic_broker_synonyms(name);
    if (!syn.empty()) {
        auto rest = config_synonyms(*broker_, syn[0], broker_config_synonyms(syn[0]), e.sensitive);
        all.insert(all.end(), rest.begin(), rest.end());
    }
    e.source = all.empty() ? config_source::default_config : all.front().source;
    if (include_synonyms) e.synonyms = std::move(all);
    return e;
}

std::vector<config_entry> topic_config::describe(bool include_synonyms) const {
    std::vector<std::string_view> names;
    for (const auto& key : topic_config_def().keys()) names.push_back(key.name);
    for (const auto& [k, v] : overrides_) {
        if (topic_config_def().find(k) == nullptr) names.push_back(k);
    }
    std::sort(names.begin(), names.end());
    std::vector<config_entry> out;
    out.reserve(names.size());
    for (auto n : names) out.push_back(*describe_key(n, include_synonyms));
    return out;
}

std::vector<config_entry> describe_broker_config(const broker_config& broker, bool per_broker,
                                                 bool include_synonyms) {
    const config_def& def = broker_config_def();
    std::set<std::string, std::less<>> names;
    if (per_broker) {
        for (const auto& [k, v] : broker.values().originals()) names.insert(k);
        for (const auto& key : def.keys()) {
            if (!key.internal) names.insert(std::string(key.name));
        }
    } else {
        for (const auto& [k, v] : broker.dynamic_default_props()) names.insert(k);
    }
    std::vector<config_entry> out;
    for (const auto& name : names) {
        const config_key* key = def.find(name);
        config_entry e;
        e.name = name;
        if (key != nullptr) e.type = key->type;
        // Kafka treats keys it cannot type as sensitive, to be safe.
        e.sensitive = key == nullptr || key->type == config_type::password;
        if (!e.sensitive) {
            if (per_broker) {
                e.value = to_config_string(broker.values().get(name));
            } else if (const std::string* raw = broker.dynamic_default_props().find(name)) {
                e.value = *raw;
            }
        }
        auto all = config_synonyms(broker, name, broker_config_synonyms(name), e.sensitive);
        // ConfigHelper.createBrokerConfigEntry(perBrokerConfig = false): the
        // cluster default hides the broker's own layer, not the static ones.
        if (!per_broker) {
            std::erase_if(all, [](const config_synonym& s) { return s.source == config_source::dynamic_broker_config; });
        }
        e.source = all.empty() ? config_source::default_config : all.front().source;
        e.read_only = key == nullptr || key->dynamic == dynamic_mode::read_only;
        if (include_synonyms) e.synonyms = std::move(all);
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace odradek::config
