// AlterConfigs / IncrementalAlterConfigs / DescribeConfigs on BROKER
// resources: Kafka 3.7's validation answers and the precedence of the
// dynamic layers, against an in-memory stand-in for ZooKeeper.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "broker/handlers/alter_configs.h"
#include "broker/handlers/describe_configs.h"
#include "config/broker_config.h"
#include "config/topic_config.h"
#include "protocol/error_code.h"

using namespace odradek;
using namespace odradek::broker;
using protocol::error_code;

namespace {

constexpr int8_t kTopic = 2;
constexpr int8_t kBroker = 4;

config::properties props(std::initializer_list<std::pair<const char*, const char*>> kv) {
    config::properties p;
    for (const auto& [k, v] : kv) p.set(k, v);
    return p;
}

config::broker_config make_broker(const config::properties& dynamic_default = {},
                                  const config::properties& dynamic_broker = {}) {
    auto r = config::broker_config::create(
        props({{"broker.id", "0"}, {"zookeeper.connect", "localhost:2181"}, {"log.retention.hours", "168"}}),
        dynamic_default, dynamic_broker);
    REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.err().detail));
    return std::move(r).value();
}

// ZooKeeper's /config/brokers and /config/topics, and what was written.
struct store {
    std::map<std::string, config_overrides> brokers;
    std::map<std::string, config_overrides> topics{{"t", {}}};
    int writes = 0;

    alter_configs_env env(const config::broker_config& b) {
        return alter_configs_env{
            b,
            0,
            [this](const std::string& n) -> result<config_overrides> { return brokers[n]; },
            [this](const std::string& n, const config_overrides& c) -> status {
                brokers[n] = c;
                ++writes;
                return {};
            },
            [this](const std::string& t) { return topics.count(t) > 0; },
            [this](const std::string& t) -> result<config_overrides> {
                auto it = topics.find(t);
                return it == topics.end() ? config_overrides{} : it->second;
            },
            [this](const std::string& t, const config_overrides& c) -> status {
                topics[t] = c;
                ++writes;
                return {};
            }};
    }
};

protocol::alter_configs_request legacy(int8_t type, std::string name,
                                       std::vector<std::pair<std::string, std::optional<std::string>>> kv,
                                       bool validate_only = false) {
    protocol::alter_configs_request req;
    auto& r = req.resources.emplace_back();
    r.resource_type = type;
    r.resource_name = std::move(name);
    for (auto& [k, v] : kv) {
        auto& c = r.configs.emplace_back();
        c.name = k;
        c.value = v;
    }
    req.validate_only = validate_only;
    return req;
}

struct op {
    std::string name;
    int8_t operation;
    std::optional<std::string> value;
};

protocol::incremental_alter_configs_request incremental(int8_t type, std::string name, std::vector<op> ops,
                                                        bool validate_only = false) {
    protocol::incremental_alter_configs_request req;
    auto& r = req.resources.emplace_back();
    r.resource_type = type;
    r.resource_name = std::move(name);
    for (auto& o : ops) {
        auto& c = r.configs.emplace_back();
        c.name = o.name;
        c.config_operation = o.operation;
        c.value = o.value;
    }
    req.validate_only = validate_only;
    return req;
}

template <typename Resp>
std::pair<error_code, std::string> answer(const Resp& resp, size_t i = 0) {
    REQUIRE(resp.responses.size() > i);
    const auto& r = resp.responses[i];
    return {error_code(r.error_code), r.error_message.value_or("")};
}

std::string synonyms(const protocol::describe_configs_response::describe_configs_resource_result& e) {
    std::string out;
    for (const auto& s : e.synonyms) {
        if (!out.empty()) out += ", ";
        out += std::string(config::config_source_name(config::config_source(s.source))) + ":" + s.name + "=" +
               s.value.value_or("null");
    }
    return out;
}

protocol::describe_configs_response describe(const config::broker_config& b, int8_t type, std::string name,
                                             std::optional<std::vector<std::string>> keys,
                                             const config_overrides& topic_overrides = {}) {
    protocol::describe_configs_request req;
    auto& r = req.resources.emplace_back();
    r.resource_type = type;
    r.resource_name = std::move(name);
    r.configuration_keys = std::move(keys);
    req.include_synonyms = true;
    describe_configs_env env{b, 0, [](const std::string& t) { return t == "t"; },
                             [&](const std::string&) -> result<std::map<std::string, std::string>> {
                                 return topic_overrides;
                             }};
    return handle_describe_configs(req, 3, env);
}

}  // namespace

TEST_CASE("alter broker configs: Kafka's refusals write nothing") {
    store zk;
    auto b = make_broker();
    auto env = zk.env(b);

    auto a = answer(handle_alter_configs(legacy(kBroker, "0", {{"broker.id", "3"}}), 2, env));
    CHECK(a.first == error_code::invalid_request);
    CHECK(a.second == "Cannot update these configs dynamically: Set(broker.id)");

    a = answer(handle_alter_configs(legacy(kBroker, "0", {{"log.retention.ms", "soon"}}), 2, env));
    CHECK(a.first == error_code::invalid_request);
    CHECK(a.second == "Invalid value soon for configuration log.retention.ms: Not a number of type LONG");

    a = answer(handle_alter_configs(legacy(kBroker, "", {{"advertised.listeners", "PLAINTEXT://h:9092"}}), 2, env));
    CHECK(a.first == error_code::invalid_request);
    CHECK(a.second ==
          "Cannot update these configs at default cluster level, broker id must be specified: "
          "Set(advertised.listeners)");

    a = answer(handle_alter_configs(legacy(kBroker, "1", {{"log.retention.ms", "1"}}), 2, env));
    CHECK(a.first == error_code::invalid_request);
    CHECK(a.second == "Unexpected broker id, expected 0, but received 1");
    a = answer(handle_alter_configs(legacy(kBroker, "zero", {{"log.retention.ms", "1"}}), 2, env));
    CHECK(a.second == "Node id must be an integer, but it is: zero");

    a = answer(handle_alter_configs(legacy(kBroker, "0", {{"log.retention.ms", std::nullopt}}), 2, env));
    CHECK(a.first == error_code::invalid_request);
    CHECK(a.second == "Null value not supported for : log.retention.ms");

    a = answer(handle_alter_configs(legacy(kBroker, "0", {{"listener.name.external.ssl.key.password", "pw"}}), 2, env));
    CHECK(a.first == error_code::invalid_config);
    CHECK(a.second == "Invalid config value for resource ConfigResource(type=BROKER, name='0'): "
                      "Password encoder secret not configured");

    a = answer(handle_alter_configs(legacy(8, "0", {{"kafka", "DEBUG"}}), 2, env));
    CHECK(a.first == error_code::invalid_request);
    CHECK(a.second == "Unknown resource type 8");

    // validate_only checks and keeps nothing.
    a = answer(handle_alter_configs(legacy(kBroker, "0", {{"log.retention.ms", "1000"}}, true), 2, env));
    CHECK(a.first == error_code::none);
    CHECK(zk.writes == 0);
    CHECK(zk.brokers.empty());
}

TEST_CASE("alter broker configs: AlterConfigs replaces the layer, the incremental ops edit it") {
    store zk;
    auto b = make_broker();
    auto env = zk.env(b);

    auto a = answer(handle_alter_configs(
        legacy(kBroker, "0", {{"log.retention.ms", "1000"}, {"log.cleaner.threads", "2"}}), 2, env));
    CHECK(a.first == error_code::none);
    CHECK(zk.brokers["0"] == config_overrides{{"log.cleaner.threads", "2"}, {"log.retention.ms", "1000"}});
    a = answer(handle_alter_configs(legacy(kBroker, "0", {{"num.io.threads", "4"}}), 2, env));
    CHECK(zk.brokers["0"] == config_overrides{{"num.io.threads", "4"}});

    // The cluster default is its own znode name.
    a = answer(handle_incremental_alter_configs(incremental(kBroker, "", {{"log.cleanup.policy", 2, "compact"}}), 1, env));
    CHECK(a.first == error_code::none);
    // APPEND starts from the key's default ("delete").
    CHECK(zk.brokers["<default>"] == config_overrides{{"log.cleanup.policy", "delete,compact"}});
    a = answer(handle_incremental_alter_configs(incremental(kBroker, "", {{"log.cleanup.policy", 3, "delete"}}), 1, env));
    CHECK(zk.brokers["<default>"] == config_overrides{{"log.cleanup.policy", "compact"}});
    a = answer(handle_incremental_alter_configs(
        incremental(kBroker, "", {{"log.cleanup.policy", 1, std::nullopt}, {"log.segment.bytes", 0, "16384"}}), 1, env));
    CHECK(a.first == error_code::none);
    CHECK(zk.brokers["<default>"] == config_overrides{{"log.segment.bytes", "16384"}});

    a = answer(handle_incremental_alter_configs(incremental(kBroker, "", {{"log.segment.bytes", 2, "1"}}), 1, env));
    CHECK(a.first == error_code::invalid_config);
    CHECK(a.second == "Config value append is not allowed for config key: log.segment.bytes");
    a = answer(handle_incremental_alter_configs(incremental(kBroker, "0", {{"log.retention.ms", 7, "1"}}), 1, env));
    CHECK(a.first == error_code::invalid_request);
    CHECK(a.second == "Unknown operations type 7");
    a = answer(handle_incremental_alter_configs(
        incremental(kBroker, "0", {{"log.retention.ms", 0, "1"}, {"log.retention.ms", 1, std::nullopt}}), 1, env));
    CHECK(a.second == "Error due to duplicate config keys");

    protocol::incremental_alter_configs_request twice = incremental(kBroker, "0", {{"num.io.threads", 0, "5"}});
    twice.resources.push_back(twice.resources[0]);
    auto resp = handle_incremental_alter_configs(twice, 1, env);
    CHECK(answer(resp, 0).second == "Each resource must appear at most once.");
    CHECK(answer(resp, 1).second == "Each resource must appear at most once.");
    CHECK(zk.brokers["0"] == config_overrides{{"num.io.threads", "4"}});
}

TEST_CASE("alter topic configs: Kafka's wrapping of a bad value, unknown names and topics") {
    store zk;
    auto b = make_broker();
    auto env = zk.env(b);
    auto a = answer(handle_incremental_alter_configs(incremental(kTopic, "t", {{"retention.ms", 0, "soon"}}), 1, env));
    CHECK(a.first == error_code::invalid_config);
    CHECK(a.second == "Invalid config value for resource ConfigResource(type=TOPIC, name='t'): Invalid value soon "
                      "for configuration retention.ms: Not a number of type LONG");
    a = answer(handle_incremental_alter_configs(incremental(kTopic, "t", {{"retention.mss", 0, "1"}}), 1, env));
    CHECK(a.first == error_code::invalid_config);
    CHECK(a.second == "Unknown topic config name: retention.mss");
    a = answer(handle_incremental_alter_configs(incremental(kTopic, "nope", {{"retention.ms", 0, "1"}}), 1, env));
    CHECK(a.first == error_code::unknown_topic_or_partition);
    CHECK(a.second == "The topic 'nope' does not exist.");
    a = answer(handle_incremental_alter_configs(incremental(kTopic, "t", {{"cleanup.policy", 2, "compact"}}), 1, env));
    CHECK(a.first == error_code::none);
    CHECK(zk.topics["t"] == config_overrides{{"cleanup.policy", "delete,compact"}});
}

TEST_CASE("describe broker configs: DYNAMIC_BROKER > DYNAMIC_DEFAULT > STATIC > DEFAULT, with synonyms") {
    auto b = make_broker(props({{"log.retention.ms", "2000"}, {"log.segment.bytes", "16384"}}),
                         props({{"log.retention.ms", "1000"}, {"listener.name.x.ssl.keystore.location", "/k"}}));

    auto resp = describe(b, kBroker, "0", std::vector<std::string>{"log.retention.ms", "log.segment.bytes",
                                                                    "log.retention.hours", "num.io.threads",
                                                                    "broker.id", "ssl.key.password"});
    REQUIRE(resp.results.size() == 1);
    REQUIRE(resp.results[0].error_code == 0);
    std::map<std::string, protocol::describe_configs_response::describe_configs_resource_result> by;
    for (const auto& e : resp.results[0].configs) by[e.name] = e;
    REQUIRE(by.size() == 6);

    CHECK(by["log.retention.ms"].value == "1000");
    CHECK(by["log.retention.ms"].config_source == int8_t(config::config_source::dynamic_broker_config));
    CHECK(!by["log.retention.ms"].read_only);
    CHECK(synonyms(by["log.retention.ms"]) ==
          "DYNAMIC_BROKER_CONFIG:log.retention.ms=1000, DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=2000, "
          "STATIC_BROKER_CONFIG:log.retention.hours=168, DEFAULT_CONFIG:log.retention.hours=168");

    CHECK(by["log.segment.bytes"].value == "16384");
    CHECK(by["log.segment.bytes"].config_source == int8_t(config::config_source::dynamic_default_broker_config));
    CHECK(synonyms(by["log.segment.bytes"]) ==
          "DYNAMIC_DEFAULT_BROKER_CONFIG:log.segment.bytes=16384, DEFAULT_CONFIG:log.segment.bytes=1073741824");

    // The dynamic log.retention.ms removed the static .hours from the
    // effective set, as DynamicBrokerConfig.overrideProps does.
    CHECK(by["log.retention.hours"].value == "168");
    CHECK(by["log.retention.hours"].config_source == int8_t(config::config_source::static_broker_config));
    CHECK(by["log.retention.hours"].read_only);

    CHECK(by["num.io.threads"].config_source == int8_t(config::config_source::default_config));
    CHECK(by["num.io.threads"].is_default);
    CHECK(by["broker.id"].config_source == int8_t(config::config_source::static_broker_config));
    CHECK(by["broker.id"].read_only);

    CHECK(by["ssl.key.password"].is_sensitive);
    CHECK(!by["ssl.key.password"].value.has_value());

    // The cluster default: only its own keys, without the broker's layer.
    resp = describe(b, kBroker, "", std::nullopt);
    REQUIRE(resp.results[0].configs.size() == 2);
    const auto& ms = resp.results[0].configs[0];
    CHECK(ms.name == "log.retention.ms");
    CHECK(ms.value == "2000");
    CHECK(ms.config_source == int8_t(config::config_source::dynamic_default_broker_config));
    CHECK(synonyms(ms) == "DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=2000, "
                          "STATIC_BROKER_CONFIG:log.retention.hours=168, DEFAULT_CONFIG:log.retention.hours=168");

    resp = describe(b, kBroker, "1", std::nullopt);
    CHECK(resp.results[0].error_code == int16_t(error_code::invalid_request));
    CHECK(resp.results[0].error_message == "Unexpected broker id, expected 0 or empty string, but received 1");
}

TEST_CASE("describe topic configs: broker layers stand behind a topic without an override") {
    auto b = make_broker(props({{"log.retention.ms", "2000"}}), props({{"log.segment.bytes", "16384"}}));
    auto resp = describe(b, kTopic, "t", std::vector<std::string>{"retention.ms", "segment.bytes"},
                         {{"segment.bytes", "4096"}});
    REQUIRE(resp.results[0].configs.size() == 2);
    const auto& retention = resp.results[0].configs[0];
    CHECK(retention.name == "retention.ms");
    CHECK(retention.value == "2000");
    CHECK(retention.config_source == int8_t(config::config_source::dynamic_default_broker_config));
    CHECK(synonyms(retention) == "DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=2000, "
                                 "STATIC_BROKER_CONFIG:log.retention.hours=168, DEFAULT_CONFIG:log.retention.hours=168");
    const auto& segment = resp.results[0].configs[1];
    CHECK(segment.value == "4096");
    CHECK(synonyms(segment) == "DYNAMIC_TOPIC_CONFIG:segment.bytes=4096, DYNAMIC_BROKER_CONFIG:log.segment.bytes=16384, "
                               "DEFAULT_CONFIG:log.segment.bytes=1073741824");
}
