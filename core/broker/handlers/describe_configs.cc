#include "broker/handlers/describe_configs.h"

#include <algorithm>
#include <charconv>

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

// ConfigHelper.describeConfigs for BROKER: the cluster default ("") lists the
// keys of the dynamic default layer, this broker's id every key.
void describe_broker(const protocol::describe_configs_request::describe_configs_resource& r, int16_t version,
                     bool synonyms, const describe_configs_env& env, resp_t::describe_configs_result& out) {
    bool per_broker = !r.resource_name.empty();
    if (per_broker) {
        const std::string& name = r.resource_name;
        int32_t id = 0;
        auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
        out.error_code = int16_t(error_code::invalid_request);
        if (ec != std::errc() || end != name.data() + name.size()) {
            out.error_message = "Broker id must be an integer, but it is: " + name;
            return;
        }
        if (id != env.broker_id) {
            out.error_message = "Unexpected broker id, expected " + std::to_string(env.broker_id) +
                                " or empty string, but received " + name;
            return;
        }
        out.error_code = 0;
    }
    for (const auto& e : config::describe_broker_config(env.broker, per_broker, synonyms))
        if (wanted(r.configuration_keys, e.name)) out.configs.push_back(entry_from(e, version, synonyms));
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
