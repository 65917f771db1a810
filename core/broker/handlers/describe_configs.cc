#include "broker/handlers/describe_configs.h"

#include <algorithm>

#include "config/config_def.h"
#include "config/topic_config.h"
#include "config/topic_name.h"
#include "protocol/error_code.h"

namespace odradek::broker {

using protocol::error_code;
using resp_t = protocol::describe_configs_response;

namespace {

constexpr int8_t kTopic = 2;
constexpr int8_t kBroker = 4;

bool wanted(const std::optional<std::vector<std::string>>& keys, const std::string& name) {
    return !keys || std::find(keys->begin(), keys->end(), name) != keys->end();
}

resp_t::describe_configs_resource_result entry_from(const config::config_entry& e, int16_t version,
                                                   bool synonyms) {
    resp_t::describe_configs_resource_result out;
    out.name = e.name;
    out.value = e.sensitive ? std::nullopt : e.value;
    out.read_only = e.read_only;
    out.is_default = e.source == config::config_source::default_config;
    out.config_source = int8_t(e.source);
    out.is_sensitive = e.sensitive;
    if (e.type) out.config_type = int8_t(*e.type);
    if (version >= 1 && synonyms)
        for (const auto& s : e.synonyms) {
            auto& syn = out.synonyms.emplace_back();
            syn.name = s.name;
            syn.value = s.value;
            syn.source = int8_t(s.source);
        }
    return out;
}

void describe_topic(const protocol::describe_configs_request::describe_configs_resource& r, int16_t version,
                    bool synonyms, const describe_configs_env& env, resp_t::describe_configs_result& out) {
    if (auto st = config::validate_topic_name(r.resource_name); !st) {
        out.error_code = int16_t(error_code::invalid_topic_exception);
        out.error_message = st.err().detail;
        return;
    }
    if (!env.topic_exists(r.resource_name)) {
        out.error_code = int16_t(error_code::unknown_topic_or_partition);
        out.error_message = "Topic '" + r.resource_name + "' does not exist.";
        return;
    }
    auto overrides = env.topic_overrides(r.resource_name);
    if (!overrides) {
        out.error_code = int16_t(error_code::unknown_server_error);
        out.error_message = overrides.err().message();
        return;
    }
    config::properties props;
    for (const auto& [k, v] : *overrides) props.set(k, v);
    auto tc = config::topic_config::resolve(env.broker, props);
    if (!tc) {
        out.error_code = int16_t(error_code::invalid_config);
        out.error_message = tc.err().message();
        return;
    }
    for (const auto& e : tc->describe(synonyms))
        if (wanted(r.configuration_keys, e.name)) out.configs.push_back(entry_from(e, version, synonyms));
}

// DynamicBrokerConfig.brokerConfigSynonyms: the broker keys that set one value,
// highest priority first.
std::vector<std::string_view> broker_synonyms(std::string_view name) {
    static const std::vector<std::vector<std::string_view>> kGroups = {
        {"log.roll.ms", "log.roll.hours"},
        {"log.roll.jitter.ms", "log.roll.jitter.hours"},
        {"log.retention.ms", "log.retention.minutes", "log.retention.hours"},
    };
    for (const auto& g : kGroups)
        if (std::find(g.begin(), g.end(), name) != g.end()) return g;
    if (name == "log.flush.interval.ms") return {"log.flush.interval.ms", "log.flush.scheduler.interval.ms"};
    return {name};
}

// One broker key as DescribeConfigs shows it (ConfigHelper.createBrokerConfigEntry):
// its synonyms grouped by layer, each layer in synonym order, from the first
// entry named like the key.
config::config_entry broker_entry(const config::broker_config& b, const config::config_key& k) {
    config::config_entry e;
    e.name = std::string(k.name);
    e.type = k.type;
    e.sensitive = k.type == config::config_type::password;
    e.read_only = k.dynamic == config::dynamic_mode::read_only;
    const auto& def = b.values().def();
    auto names = broker_synonyms(k.name);
    std::vector<config::config_synonym> syn;
    auto layer = [&](const config::properties& p, config::config_source source) {
        for (auto n : names)
            if (const std::string* v = p.find(n)) syn.push_back({std::string(n), *v, source});
    };
    layer(b.dynamic_broker_props(), config::config_source::dynamic_broker_config);
    layer(b.dynamic_default_props(), config::config_source::dynamic_default_broker_config);
    layer(b.static_props(), config::config_source::static_broker_config);
    for (auto n : names) {
        auto keys = def.keys();
        for (size_t i = 0; i < keys.size(); ++i) {
            if (keys[i].name != n) continue;
            if (auto d = config::to_config_string(def.default_of(i)))
                syn.push_back({std::string(n), d, config::config_source::default_config});
        }
    }
    auto first = std::find_if(syn.begin(), syn.end(), [&](const auto& s) { return s.name == e.name; });
    syn.erase(syn.begin(), first);
    e.source = syn.empty() ? config::config_source::default_config : syn.front().source;
    e.value = config::to_config_string(b.values().get(k.name));
    if (e.sensitive) {
        e.value = std::nullopt;
        for (auto& s : syn) s.value = std::nullopt;
    }
    e.synonyms = std::move(syn);
    return e;
}

void describe_broker(const protocol::describe_configs_request::describe_configs_resource& r, int16_t version,
                     bool synonyms, const describe_configs_env& env, resp_t::describe_configs_result& out) {
    const auto& def = env.broker.values().def();
    auto keys = def.keys();
    if (r.resource_name.empty()) {
        // The cluster-wide dynamic defaults only (ConfigHelper: currentDynamicDefaultConfigs).
        for (size_t i = 0; i < keys.size(); ++i) {
            if (!env.broker.dynamic_default_props().contains(keys[i].name)) continue;
            auto e = broker_entry(env.broker, keys[i]);
            // perBrokerConfig = false: this broker's own layer is not shown.
            std::erase_if(e.synonyms, [](const config::config_synonym& syn) {
                return syn.source == config::config_source::dynamic_broker_config;
            });
            e.source = config::config_source::dynamic_default_broker_config;
            e.value = e.sensitive ? std::nullopt : std::optional<std::string>(*env.broker.dynamic_default_props().find(keys[i].name));
            if (wanted(r.configuration_keys, e.name)) out.configs.push_back(entry_from(e, version, synonyms));
        }
        return;
    }
    if (r.resource_name != std::to_string(env.broker_id)) {
        out.error_code = int16_t(error_code::invalid_request);
        out.error_message = "Unexpected broker id, expected " + std::to_string(env.broker_id) +
                            " or empty string, but received " + r.resource_name;
        return;
    }
    std::vector<config::config_entry> entries;
    for (size_t i = 0; i < keys.size(); ++i) {
        if (keys[i].internal) continue;
        if (!wanted(r.configuration_keys, std::string(keys[i].name))) continue;
        entries.push_back(broker_entry(env.broker, keys[i]));
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    for (const auto& e : entries) out.configs.push_back(entry_from(e, version, synonyms));
}

}  // namespace

protocol::describe_configs_response handle_describe_configs(const protocol::describe_configs_request& req,
                                                            int16_t version, const describe_configs_env& env) {
    resp_t resp;
    bool synonyms = version >= 1 && req.include_synonyms;
    for (const auto& r : req.resources) {
        auto& out = resp.results.emplace_back();
        out.resource_type = r.resource_type;
        out.resource_name = r.resource_name;
        if (r.resource_type == kTopic)
            describe_topic(r, version, synonyms, env, out);
        else if (r.resource_type == kBroker)
            describe_broker(r, version, synonyms, env, out);
        else {
            out.error_code = int16_t(error_code::invalid_request);
            out.error_message = "Unsupported resource type " + std::to_string(r.resource_type) +
                                " (this broker describes TOPIC and BROKER resources)";
        }
    }
    return resp;
}

}  // namespace odradek::broker
