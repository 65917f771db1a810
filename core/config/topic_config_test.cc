#include "config/topic_config.h"

#include <algorithm>
#include <limits>
#include <ostream>
#include <string>

#include <doctest/doctest.h>

namespace odradek::config {
namespace {

properties props(std::initializer_list<std::pair<const char*, const char*>> kv) {
    properties p;
    for (const auto& [k, v] : kv) p.set(k, v);
    return p;
}

broker_config make_broker(properties p, properties cluster = {}, properties per_broker = {}) {
    if (!p.contains("zookeeper.connect")) p.set("zookeeper.connect", "localhost:2181");
    auto r = broker_config::create(p, cluster, per_broker);
    REQUIRE_MESSAGE(r.has_value(), (r.has_value() ? std::string() : r.err().detail));
    return std::move(r).value();
}

topic_config resolve_ok(const broker_config& b, const properties& overrides) {
    auto r = topic_config::resolve(b, overrides);
    REQUIRE_MESSAGE(r.has_value(), (r.has_value() ? std::string() : r.err().detail));
    return std::move(r).value();
}

std::string synonyms_string(const config_entry& e) {
    std::string out;
    for (const auto& s : e.synonyms) {
        if (!out.empty()) out += ", ";
        out += std::string(config_source_name(s.source)) + ":" + s.name + "=" + s.value.value_or("null");
    }
    return out;
}

TEST_CASE("validate_topic_overrides: names, values and the compaction-lag conflict") {
    CHECK(validate_topic_overrides(props({{"retention.ms", "1000"}, {"cleanup.policy", "compact,delete"}})).has_value());
    auto unknown = validate_topic_overrides(props({{"retention.msec", "1"}}));
    REQUIRE(!unknown.has_value());
    CHECK(unknown.err().code == errc::unknown_key);
    CHECK(unknown.err().detail == "Unknown topic config name: retention.msec");
    // A broker key is not a topic key.
    CHECK(validate_topic_overrides(props({{"log.retention.ms", "1"}})).err().code == errc::unknown_key);
    CHECK(validate_topic_overrides(props({{"cleanup.policy", "shred"}})).err().detail ==
          "Invalid value shred for configuration cleanup.policy: String must be one of: compact, delete");
    CHECK(validate_topic_overrides(props({{"min.insync.replicas", "0"}})).err().detail ==
          "Invalid value 0 for configuration min.insync.replicas: Value must be at least 1");
    CHECK(validate_topic_overrides(props({{"retention.ms", "-2"}})).err().detail ==
          "Invalid value -2 for configuration retention.ms: Value must be at least -1");
    CHECK(validate_topic_overrides(props({{"segment.bytes", "13"}})).err().detail ==
          "Invalid value 13 for configuration segment.bytes: Value must be at least 14");
    CHECK(validate_topic_overrides(props({{"message.timestamp.type", "Now"}})).err().detail ==
          "Invalid value Now for configuration message.timestamp.type: String must be one of: CreateTime, LogAppendTime");
    auto conflict = validate_topic_overrides(props({{"min.compaction.lag.ms", "10"}, {"max.compaction.lag.ms", "5"}}));
    REQUIRE(!conflict.has_value());
    CHECK(conflict.err().code == errc::invalid_config);
    CHECK(conflict.err().detail == "conflict topic config setting min.compaction.lag.ms (10) > max.compaction.lag.ms (5)");
}

TEST_CASE("every topic key has the synonyms ServerTopicConfigSynonyms gives it") {
    CHECK(topic_broker_synonyms("retention.ms").size() == 3);
    CHECK(topic_broker_synonyms("retention.ms")[2] == "log.retention.hours");
    CHECK(topic_broker_synonyms("segment.ms")[0] == "log.roll.ms");
    CHECK(topic_broker_synonyms("flush.ms")[1] == "log.flush.scheduler.interval.ms");
    CHECK(topic_broker_synonyms("max.message.bytes")[0] == "message.max.bytes");
    CHECK(topic_broker_synonyms("file.delete.delay.ms")[0] == "log.segment.delete.delay.ms");
    CHECK(topic_broker_synonyms("min.cleanable.dirty.ratio")[0] == "log.cleaner.min.cleanable.ratio");
    CHECK(topic_broker_synonyms("remote.storage.enable").empty());
    CHECK(topic_broker_synonyms("leader.replication.throttled.replicas").empty());
    // Every primary synonym is a broker key and every synonymed key is a topic key.
    for (const auto& key : topic_config_def().keys()) {
        for (auto s : topic_broker_synonyms(key.name)) {
            CAPTURE(std::string(s));
            CHECK(broker_config_def().find(s) != nullptr);
        }
    }
    CHECK(topic_config_def().keys().size() == 31);
}

TEST_CASE("resolution: defaults, broker values, derived values, overrides") {
    auto b = make_broker(props({{"log.retention.hours", "1"}, {"log.roll.hours", "2"}, {"log.segment.bytes", "2048"},
                                {"log.cleanup.policy", "compact"}, {"message.max.bytes", "2000"}}));
    auto t = resolve_ok(b, props({{"retention.bytes", "100"}, {"message.timestamp.type", "LogAppendTime"}}));
    auto lv = t.log_values();
    CHECK(lv.retention_ms == 3600000);
    CHECK(lv.segment_ms == 7200000);
    CHECK(lv.segment_bytes == 2048);
    CHECK(lv.retention_bytes == 100);
    CHECK(lv.max_message_bytes == 2000);
    CHECK(lv.cleanup_compact);
    CHECK(!lv.cleanup_delete);
    CHECK(lv.timestamp_type == message_timestamp_type::log_append_time);
    CHECK(lv.segment_index_bytes == 10485760);
    CHECK(lv.index_interval_bytes == 4096);
    CHECK(lv.flush_messages == std::numeric_limits<int64_t>::max());
    CHECK(lv.flush_ms == std::numeric_limits<int64_t>::max());
    CHECK(lv.file_delete_delay_ms == 60000);
    CHECK(lv.min_insync_replicas == 1);
    CHECK(lv.compression_type == "producer");
    CHECK(lv.min_cleanable_dirty_ratio == 0.5);
    CHECK(lv.message_timestamp_before_max_ms == std::numeric_limits<int64_t>::max());

    auto o = resolve_ok(b, props({{"retention.ms", "-1"}, {"cleanup.policy", "compact,delete"}}));
    CHECK(o.log_values().retention_ms == -1);
    CHECK(o.log_values().cleanup_delete);
    CHECK(o.log_values().cleanup_compact);

    auto bad = topic_config::resolve(b, props({{"segment.ms", "0"}}));
    REQUIRE(!bad.has_value());
    CHECK(bad.err().detail == "Invalid value 0 for configuration segment.ms: Value must be at least 1");
}

TEST_CASE("message.timestamp.difference.max.ms stands in for before/after when they are unset") {
    auto b = make_broker(props({}));
    auto t = resolve_ok(b, props({{"message.timestamp.difference.max.ms", "5000"}, {"message.timestamp.after.max.ms", "7"}}));
    CHECK(t.log_values().message_timestamp_before_max_ms == 5000);
    CHECK(t.log_values().message_timestamp_after_max_ms == 7);
}

TEST_CASE("describe: sources and synonyms as DescribeConfigs reports them") {
    auto b = make_broker(props({{"log.retention.hours", "168"}, {"log.cleanup.policy", "compact"}}));
    auto t = resolve_ok(b, props({{"segment.bytes", "4096"}}));

    // Only log.retention.hours is set: Kafka drops the synonyms before the
    // primary name log.retention.ms, so none are left.
    auto retention = *t.describe_key("retention.ms");
    CHECK(*retention.value == "604800000");
    CHECK(retention.source == config_source::default_config);
    CHECK(retention.synonyms.empty());

    auto segment = *t.describe_key("segment.bytes");
    CHECK(*segment.value == "4096");
    CHECK(segment.source == config_source::dynamic_topic_config);
    CHECK(synonyms_string(segment) ==
          "DYNAMIC_TOPIC_CONFIG:segment.bytes=4096, DEFAULT_CONFIG:log.segment.bytes=1073741824");

    auto cleanup = *t.describe_key("cleanup.policy");
    CHECK(*cleanup.value == "compact");
    CHECK(cleanup.source == config_source::static_broker_config);
    CHECK(synonyms_string(cleanup) ==
          "STATIC_BROKER_CONFIG:log.cleanup.policy=compact, DEFAULT_CONFIG:log.cleanup.policy=delete");

    auto ratio = *t.describe_key("min.cleanable.dirty.ratio");
    CHECK(*ratio.value == "0.5");
    CHECK(synonyms_string(ratio) == "DEFAULT_CONFIG:log.cleaner.min.cleanable.ratio=0.5");

    auto remote = *t.describe_key("remote.storage.enable");
    CHECK(*remote.value == "false");
    CHECK(remote.source == config_source::default_config);
    CHECK(remote.synonyms.empty());

    auto throttled = *t.describe_key("leader.replication.throttled.replicas");
    CHECK(*throttled.value == "");
    CHECK(!t.describe_key("log.retention.ms").has_value());

    auto no_syn = *t.describe_key("segment.bytes", false);
    CHECK(no_syn.source == config_source::dynamic_topic_config);
    CHECK(no_syn.synonyms.empty());
}

TEST_CASE("describe: retention.ms with every layer present") {
    properties cluster = props({{"log.retention.ms", "2000"}});
    properties per_broker = props({{"log.retention.minutes", "3"}});
    auto b = make_broker(props({{"log.retention.ms", "5000"}, {"log.retention.hours", "2"}}), cluster, per_broker);
    // Effective broker value: the highest layer with any of the three keys
    // merged, then ms over minutes over hours.
    CHECK(b.log_retention_ms() == 2000);
    auto t = resolve_ok(b, props({{"retention.ms", "100"}}));
    auto e = *t.describe_key("retention.ms");
    CHECK(*e.value == "100");
    CHECK(e.source == config_source::dynamic_topic_config);
    CHECK(synonyms_string(e) ==
          "DYNAMIC_TOPIC_CONFIG:retention.ms=100, "
          "DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=2000, STATIC_BROKER_CONFIG:log.retention.ms=5000, "
          "STATIC_BROKER_CONFIG:log.retention.hours=2, DEFAULT_CONFIG:log.retention.hours=168");
    // Kafka's dropWhile removes the per-broker log.retention.minutes, listed first.
    auto no_override = *resolve_ok(b, properties{}).describe_key("retention.ms");
    CHECK(*no_override.value == "2000");
    CHECK(no_override.source == config_source::dynamic_default_broker_config);
}

TEST_CASE("describe: unknown override keys are listed as sensitive") {
    auto b = make_broker(props({}));
    auto t = resolve_ok(b, props({{"legacy.key", "v"}, {"retention.ms", "5"}}));
    auto e = *t.describe_key("legacy.key");
    CHECK(e.sensitive);
    CHECK(!e.value.has_value());
    CHECK(!e.type.has_value());
    CHECK(e.source == config_source::dynamic_topic_config);
    CHECK(synonyms_string(e) == "DYNAMIC_TOPIC_CONFIG:legacy.key=null");
    CHECK(t.describe().size() == 32);
    CHECK(t.log_values().retention_ms == 5);
}

TEST_CASE("describe(): every topic key, sorted") {
    auto b = make_broker(props({}));
    auto all = resolve_ok(b, properties{}).describe();
    CHECK(all.size() == 31);
    CHECK(std::is_sorted(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.name < y.name; }));
    CHECK(all.front().name == "cleanup.policy");
    for (const auto& e : all) {
        CAPTURE(e.name);
        CHECK(!e.read_only);
        CHECK(!e.sensitive);
        CHECK(e.value.has_value());
    }
}

TEST_CASE("describe_broker_config: per broker and cluster default") {
    properties cluster = props({{"log.cleanup.policy", "compact"}});
    auto b = make_broker(props({{"broker.id", "3"}, {"log.retention.hours", "24"}, {"mystery.key", "x"},
                                {"ssl.keystore.password", "secret"}}),
                         cluster);
    auto entries = describe_broker_config(b, true);
    auto find = [&](std::string_view n) {
        auto it = std::find_if(entries.begin(), entries.end(), [&](const config_entry& e) { return e.name == n; });
        REQUIRE(it != entries.end());
        return *it;
    };
    auto id = find("broker.id");
    CHECK(*id.value == "3");
    CHECK(id.read_only);
    CHECK(id.source == config_source::static_broker_config);

    auto hours = find("log.retention.hours");
    CHECK(*hours.value == "24");
    CHECK(hours.read_only);  // only log.retention.ms is dynamic
    CHECK(synonyms_string(hours) == "STATIC_BROKER_CONFIG:log.retention.hours=24, DEFAULT_CONFIG:log.retention.hours=168");

    auto ms = find("log.retention.ms");
    CHECK(!ms.value.has_value());
    CHECK(!ms.read_only);
    CHECK(ms.source == config_source::default_config);

    auto policy = find("log.cleanup.policy");
    CHECK(*policy.value == "compact");
    CHECK(policy.source == config_source::dynamic_default_broker_config);

    auto mystery = find("mystery.key");
    CHECK(mystery.sensitive);
    CHECK(!mystery.value.has_value());
    CHECK(!mystery.type.has_value());

    auto password = find("ssl.keystore.password");
    CHECK(password.sensitive);
    CHECK(!password.value.has_value());
    CHECK(synonyms_string(password) == "STATIC_BROKER_CONFIG:ssl.keystore.password=null");

    auto defaults = describe_broker_config(b, false);
    REQUIRE(defaults.size() == 1);
    CHECK(defaults[0].name == "log.cleanup.policy");
    CHECK(*defaults[0].value == "compact");
    CHECK(defaults[0].source == config_source::dynamic_default_broker_config);
    CHECK(synonyms_string(defaults[0]) ==
          "DYNAMIC_DEFAULT_BROKER_CONFIG:log.cleanup.policy=compact, DEFAULT_CONFIG:log.cleanup.policy=delete");
}

}  // namespace
}  // namespace odradek::config
