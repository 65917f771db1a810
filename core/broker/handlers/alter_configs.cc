#include "broker/handlers/alter_configs.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <sstream>
#include <utility>

#include "config/broker_config.h"
#include "config/config_def.h"
#include "config/errc.h"
#include "config/topic_config.h"
#include "protocol/error_code.h"

namespace odradek::broker {

using protocol::error_code;

namespace {

constexpr int8_t kTopic = 2;
constexpr int8_t kBroker = 4;
constexpr int8_t kBrokerLogger = 8;

struct outcome {
    error_code code = error_code::none;
    std::optional<std::string> message;
    bool ok() const { return code == error_code::none; }
};

// One configuration change of a resource, whichever API it came in.
struct change {
    std::string name;
    int8_t op = 0;  // SET 0, DELETE 1, APPEND 2, SUBTRACT 3
    std::optional<std::string> value;
};

std::string text_of(const error& e) { return e.detail.empty() ? e.message() : e.detail; }

std::string resource_string(int8_t type, const std::string& name) {
    return std::string("ConfigResource(type=") + (type == kTopic ? "TOPIC" : "BROKER") + ", name='" + name + "')";
}

// ConfigAdminManager.validateResourceNameIsCurrentNodeId.
outcome check_broker_name(const std::string& name, int32_t broker_id) {
    int32_t id = 0;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
    if (ec != std::errc() || end != name.data() + name.size())
        return {error_code::invalid_request, "Node id must be an integer, but it is: " + name};
    if (id != broker_id)
        return {error_code::invalid_request,
                "Unexpected broker id, expected " + std::to_string(broker_id) + ", but received " + name};
    return {};
}

// The checks ConfigAdminManager.preprocess makes of every resource before the
// admin manager reads anything. Only an incremental DELETE may carry a null
// value.
outcome preprocess(int8_t type, const std::string& name, const std::vector<change>& changes, bool incremental,
                   const alter_configs_env& env) {
    std::set<std::string> names;
    for (const auto& c : changes)
        if (!names.insert(c.name).second) return {error_code::invalid_request, "Error due to duplicate config keys"};
    std::string nulls;
    for (const auto& c : changes)
        if (!c.value && !(incremental && c.op == 1)) nulls += (nulls.empty() ? "" : ", ") + c.name;
    if (!nulls.empty()) return {error_code::invalid_request, "Null value not supported for : " + nulls};
    if (type == kTopic) return {};
    if (type == kBroker) return name.empty() ? outcome{} : check_broker_name(name, env.broker_id);
    if (type == kBrokerLogger && incremental)
        return {error_code::invalid_request,
                "BROKER_LOGGER configs cannot be altered by this broker (log4j levels are not reconfigurable here)"};
    return {error_code::invalid_request, "Unknown resource type " + std::to_string(type)};
}

std::vector<std::string> split_list(const std::string& v) {
    std::vector<std::string> out;
    std::stringstream ss(v);
    for (std::string item; std::getline(ss, item, ',');) {
        auto b = item.find_first_not_of(' ');
        auto e = item.find_last_not_of(' ');
        if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
    }
    return out;
}

std::string join_list(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

// ConfigAdminManager.prepareIncrementalConfigs: applies the ops to `props`.
// APPEND and SUBTRACT start from the stored value, else from the key's
// default in `def` (not the broker's effective value).
outcome prepare_incremental(const std::vector<change>& changes, config_overrides& props, const config::config_def& def) {
    for (const auto& c : changes) {
        switch (c.op) {
            case 0: props[c.name] = c.value.value_or(""); break;
            case 1: props.erase(c.name); break;
            case 2:
            case 3: {
                const config::config_key* key = def.find(c.name);
                if (key == nullptr || key->type != config::config_type::list)
                    return {error_code::invalid_config, std::string("Config value ") +
                                                            (c.op == 2 ? "append" : "subtract") +
                                                            " is not allowed for config key: " + c.name};
                std::vector<std::string> cur;
                if (auto it = props.find(c.name); it != props.end())
                    cur = split_list(it->second);
                else if (auto d = config::to_config_string(def.default_of(size_t(key - def.keys().data()))))
                    cur = split_list(*d);
                for (const auto& item : split_list(c.value.value_or(""))) {
                    auto pos = std::find(cur.begin(), cur.end(), item);
                    if (c.op == 2 && pos == cur.end()) cur.push_back(item);
                    if (c.op == 3 && pos != cur.end()) cur.erase(pos);
                }
                props[c.name] = join_list(cur);
                break;
            }
            default: return {error_code::invalid_request, "Unknown operations type " + std::to_string(c.op)};
        }
    }
    return {};
}

config::properties to_properties(const config_overrides& m) {
    config::properties p;
    for (const auto& [k, v] : m) p.set(k, v);
    return p;
}

// DynamicBrokerConfig.validate: the keys and their values, then the whole
// configuration with this layer in place. Kafka 3.7 reports a failure as
// INVALID_REQUEST with the bare text (ConfigAdminManager.validateBrokerConfigChange,
// KAFKA-13609).
outcome validate_broker(const config_overrides& layer, bool per_broker, const alter_configs_env& env) {
    config::properties props = to_properties(layer);
    if (auto st = config::validate_dynamic_broker_update(props, per_broker); !st)
        return {error_code::invalid_request, text_of(st.err())};
    const auto& b = env.broker;
    auto whole = per_broker ? config::broker_config::create(b.static_props(), b.dynamic_default_props(), props)
                            : config::broker_config::create(b.static_props(), props, b.dynamic_broker_props());
    if (!whole) return {error_code::invalid_request, text_of(whole.err())};
    return {};
}

// DynamicBrokerConfig.isPasswordConfig: a dynamic PASSWORD key, or any key
// ending with one (listener.name.<l>.ssl.key.password).
bool is_password_config(std::string_view name) {
    for (const auto& key : config::broker_config_def().keys()) {
        if (key.type != config::config_type::password || key.dynamic == config::dynamic_mode::read_only) continue;
        if (name.ends_with(key.name)) return true;
    }
    return false;
}

// ZkAdminManager.alterBrokerConfigs after the preprocessing: the persistent
// form of the layer (DynamicBrokerConfig.toPersistentProps), then the write.
outcome write_broker(const std::string& requested_name, const config_overrides& layer, bool validate_only,
                     const alter_configs_env& env) {
    bool per_broker = !requested_name.empty();
    if (validate_only) return {};
    auto invalid = [&](const std::string& text) -> outcome {
        return {error_code::invalid_config,
                "Invalid config value for resource " + resource_string(kBroker, requested_name) + ": " + text};
    };
    // Kafka stores passwords encrypted with password.encoder.secret. We do
    // not implement that cipher and will not keep a password in clear in
    // ZooKeeper, so they are refused.
    for (const auto& [k, v] : layer) {
        if (!is_password_config(k)) continue;
        if (!per_broker) return invalid("Password config can be defined only at broker level");
        if (env.broker.values().is_null("password.encoder.secret")) return invalid("Password encoder secret not configured");
        return invalid("Dynamic password configs (" + k +
                       ") are not supported by this broker: it cannot encode them with password.encoder.secret as "
                       "Kafka does");
    }
    if (auto st = env.write_broker_configs(per_broker ? requested_name : std::string("<default>"), layer); !st)
        return {error_code::unknown_server_error, st.err().message()};
    return {};
}

// ZkAdminManager.alterTopicConfigs: the topic must exist, then
// AdminZkClient.validateTopicConfig (names, values, the whole topic config).
// A ConfigException (a bad value) is wrapped with the resource; Kafka's other
// refusals keep their own text.
outcome write_topic(const std::string& topic, const config_overrides& next, bool validate_only,
                    const alter_configs_env& env) {
    if (!env.topic_exists(topic))
        return {error_code::unknown_topic_or_partition, "The topic '" + topic + "' does not exist."};
    auto invalid = [&](const error& err) -> outcome {
        if (err.code != config::make_error_code(config::errc::invalid_value))
            return {error_code::invalid_config, text_of(err)};
        return {error_code::invalid_config,
                "Invalid config value for resource " + resource_string(kTopic, topic) + ": " + text_of(err)};
    };
    config::properties props = to_properties(next);
    if (auto st = config::validate_topic_overrides(props); !st) return invalid(st.err());
    if (auto tc = config::topic_config::resolve(env.broker, props); !tc) return invalid(tc.err());
    if (validate_only) return {};
    if (auto st = env.write_overrides(topic, next); !st) return {error_code::unknown_server_error, st.err().message()};
    return {};
}

// "Each resource must appear at most once." for every copy of a repeated resource.
template <typename Resources>
std::set<std::pair<int8_t, std::string>> repeated(const Resources& rs) {
    std::map<std::pair<int8_t, std::string>, int> count;
    for (const auto& r : rs) ++count[{r.resource_type, r.resource_name}];
    std::set<std::pair<int8_t, std::string>> out;
    for (const auto& [k, n] : count)
        if (n > 1) out.insert(k);
    return out;
}

// The stored set of the entity, with `changes` applied (incremental) or
// replaced by them (legacy), then validated and written.
outcome alter_one(int8_t type, const std::string& name, const std::vector<change>& changes, bool incremental,
                  bool validate_only, const alter_configs_env& env) {
    if (outcome o = preprocess(type, name, changes, incremental, env); !o.ok()) return o;
    config_overrides next;
    if (type == kBroker) {
        bool per_broker = !name.empty();
        if (incremental) {
            auto stored = env.read_broker_configs(per_broker ? name : std::string("<default>"));
            if (!stored) return {error_code::unknown_server_error, stored.err().message()};
            next = std::move(*stored);
            if (outcome o = prepare_incremental(changes, next, config::broker_config_def()); !o.ok()) return o;
        } else {
            for (const auto& c : changes) next[c.name] = *c.value;
        }
        if (outcome o = validate_broker(next, per_broker, env); !o.ok()) return o;
        return write_broker(name, next, validate_only, env);
    }
    // TOPIC
    if (name.empty()) return {error_code::invalid_request, "Default topic resources are not allowed."};
    if (incremental) {
        auto stored = env.read_overrides(name);
        if (!stored) return {error_code::unknown_server_error, stored.err().message()};
        next = std::move(*stored);
        if (outcome o = prepare_incremental(changes, next, config::topic_config_def()); !o.ok()) return o;
    } else {
        for (const auto& c : changes) next[c.name] = *c.value;
    }
    return write_topic(name, next, validate_only, env);
}

}  // namespace

protocol::alter_configs_response handle_alter_configs(const protocol::alter_configs_request& req, int16_t,
                                                      const alter_configs_env& env) {
    protocol::alter_configs_response resp;
    auto twice = repeated(req.resources);
    for (const auto& r : req.resources) {
        auto& out = resp.responses.emplace_back();
        out.resource_type = r.resource_type;
        out.resource_name = r.resource_name;
        outcome o;
        if (twice.count({r.resource_type, r.resource_name})) {
            o = {error_code::invalid_request, "Each resource must appear at most once."};
        } else {
            std::vector<change> changes;
            for (const auto& c : r.configs) changes.push_back({c.name, 0, c.value});
            o = alter_one(r.resource_type, r.resource_name, changes, false, req.validate_only, env);
        }
        out.error_code = int16_t(o.code);
        out.error_message = o.message;
    }
    return resp;
}

protocol::incremental_alter_configs_response handle_incremental_alter_configs(
    const protocol::incremental_alter_configs_request& req, int16_t, const alter_configs_env& env) {
    protocol::incremental_alter_configs_response resp;
    auto twice = repeated(req.resources);
    for (const auto& r : req.resources) {
        auto& out = resp.responses.emplace_back();
        out.resource_type = r.resource_type;
        out.resource_name = r.resource_name;
        outcome o;
        if (twice.count({r.resource_type, r.resource_name})) {
            o = {error_code::invalid_request, "Each resource must appear at most once."};
        } else {
            std::vector<change> changes;
            for (const auto& c : r.configs) changes.push_back({c.name, c.config_operation, c.value});
            o = alter_one(r.resource_type, r.resource_name, changes, true, req.validate_only, env);
        }
        out.error_code = int16_t(o.code);
        out.error_message = o.message;
    }
    return resp;
}

}  // namespace odradek::broker
