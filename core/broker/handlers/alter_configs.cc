#include "broker/handlers/alter_configs.h"

#include <algorithm>
#include <charconv>
#include <sstream>

#include "config/config_def.h"
#include "config/topic_config.h"
#include "config/topic_name.h"
#include "protocol/error_code.h"

namespace odradek::broker {

using protocol::error_code;

namespace {

constexpr int8_t kTopic = 2;
constexpr int8_t kBroker = 4;

struct outcome {
    error_code code = error_code::none;
    std::optional<std::string> message;
};

// The entity a resource names: a topic, this broker, or the cluster default.
struct entity {
    int8_t type = 0;
    std::string name;       // the topic, or the znode name ("0", "<default>")
    bool per_broker = false;
};

// Checks the resource (ZkAdminManager's checks before anything is read).
outcome check_resource(int8_t type, const std::string& name, const alter_configs_env& env, entity& out) {
    out.type = type;
    if (type == kTopic) {
        if (name.empty()) return {error_code::invalid_request, "Default topic resources are not allowed."};
        if (auto st = config::validate_topic_name(name); !st)
            return {error_code::invalid_topic_exception, st.err().detail};
        if (!env.topic_exists(name))
            return {error_code::unknown_topic_or_partition, "Topic '" + name + "' does not exist."};
        out.name = name;
        return {};
    }
    if (type == kBroker) {
        if (name.empty()) {
            out.name = "<default>";
            return {};
        }
        int32_t id = 0;
        auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
        if (ec != std::errc() || end != name.data() + name.size())
            return {error_code::invalid_request, "Broker id must be an integer, but it is: " + name};
        if (id != env.broker_id)
            return {error_code::invalid_request, "Unexpected broker id, expected " + std::to_string(env.broker_id) +
                                                     ", but received " + name};
        out.name = name;
        out.per_broker = true;
        return {};
    }
    return {error_code::invalid_request, std::string(type == 8 ? "BROKER_LOGGER" : "Resource type " +
                                                                                       std::to_string(type)) +
                                             " configs cannot be altered by this broker (TOPIC and BROKER can)"};
}

std::string resource_string(const entity& e, const std::string& requested_name) {
    return std::string("ConfigResource(type=") + (e.type == kTopic ? "TOPIC" : "BROKER") + ", name='" +
           requested_name + "')";
}

result<config_overrides> read_current(const entity& e, const alter_configs_env& env) {
    return e.type == kTopic ? env.read_overrides(e.name) : env.read_broker_configs(e.name);
}

// Validates `next` as the entity's whole set and writes it unless validate_only.
outcome apply(const entity& e, const std::string& requested_name, const config_overrides& next, bool validate_only,
              const alter_configs_env& env) {
    config::properties props;
    for (const auto& [k, v] : next) props.set(k, v);
    if (e.type == kTopic) {
        auto tc = config::topic_config::resolve(env.broker, props);
        if (!tc) return {error_code::invalid_config, tc.err().detail.empty() ? tc.err().message() : tc.err().detail};
        if (validate_only) return {};
        if (auto st = env.write_overrides(e.name, next); !st)
            return {error_code::unknown_server_error, st.err().message()};
        return {};
    }
    // DynamicBrokerConfig.validate: the keys, their values, then the whole
    // configuration with this layer in place.
    auto invalid = [&](const error& err) -> outcome {
        return {error_code::invalid_config, "Invalid config value for resource " + resource_string(e, requested_name) +
                                                ": " + (err.detail.empty() ? err.message() : err.detail)};
    };
    if (auto st = config::validate_dynamic_broker_update(props, e.per_broker); !st) return invalid(st.err());
    auto whole = e.per_broker ? config::broker_config::create(env.broker.static_props(),
                                                              env.broker.dynamic_default_props(), props)
                              : config::broker_config::create(env.broker.static_props(), props,
                                                              env.broker.dynamic_broker_props());
    if (!whole) return invalid(whole.err());
    if (validate_only) return {};
    if (auto st = env.write_broker_configs(e.name, next); !st)
        return {error_code::unknown_server_error, st.err().message()};
    return {};
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

// The definition of `name` for the entity, if any (for list-type checks).
const config::config_key* key_of(const entity& e, const config::broker_config& b, const std::string& name) {
    if (e.type == kBroker) return b.values().def().find(name);
    auto tc = config::topic_config::resolve(b, {});
    if (!tc) return nullptr;
    return tc->values().def().find(name);
}

// A list key's current value when the entity does not set it.
std::vector<std::string> default_list(const entity& e, const config::broker_config& b, const std::string& name) {
    if (e.type == kBroker) return b.values().get_list(name);
    auto tc = config::topic_config::resolve(b, {});
    return tc ? tc->values().get_list(name) : std::vector<std::string>{};
}

}  // namespace

protocol::alter_configs_response handle_alter_configs(const protocol::alter_configs_request& req, int16_t,
                                                      const alter_configs_env& env) {
    protocol::alter_configs_response resp;
    for (const auto& r : req.resources) {
        auto& out = resp.responses.emplace_back();
        out.resource_type = r.resource_type;
        out.resource_name = r.resource_name;
        entity e;
        outcome o = check_resource(r.resource_type, r.resource_name, env, e);
        if (o.code == error_code::none) {
            config_overrides next;
            std::string nulls;
            for (const auto& c : r.configs) {
                if (!c.value) nulls += (nulls.empty() ? "" : ",") + c.name;
                else next[c.name] = *c.value;
            }
            // Kafka drops null broker values (the layer is replaced by the rest).
            if (!nulls.empty() && e.type == kTopic)
                o = {error_code::invalid_request, "Null value not supported for : " + nulls};
            else
                o = apply(e, r.resource_name, next, req.validate_only, env);
        }
        out.error_code = int16_t(o.code);
        out.error_message = o.message;
    }
    return resp;
}

protocol::incremental_alter_configs_response handle_incremental_alter_configs(
    const protocol::incremental_alter_configs_request& req, int16_t, const alter_configs_env& env) {
    protocol::incremental_alter_configs_response resp;
    for (const auto& r : req.resources) {
        auto& out = resp.responses.emplace_back();
        out.resource_type = r.resource_type;
        out.resource_name = r.resource_name;
        entity e;
        outcome o = check_resource(r.resource_type, r.resource_name, env, e);
        config_overrides next;
        if (o.code == error_code::none) {
            auto current = read_current(e, env);
            if (!current) o = {error_code::unknown_server_error, current.err().message()};
            else next = *current;
        }
        std::map<std::string, int> seen;
        for (const auto& c : r.configs) ++seen[c.name];
        for (const auto& c : r.configs) {
            if (o.code != error_code::none) break;
            if (seen[c.name] > 1) {
                o = {error_code::invalid_request, "Error due to duplicate config keys"};
                break;
            }
            const config::config_key* key = key_of(e, env.broker, c.name);
            bool is_list = key && key->type == config::config_type::list;
            switch (c.config_operation) {
                case 0:  // SET
                    if (!c.value) {
                        o = {error_code::invalid_request, "Null value not supported for : " + c.name};
                        break;
                    }
                    next[c.name] = *c.value;
                    break;
                case 1:  // DELETE
                    next.erase(c.name);
                    break;
                case 2:    // APPEND
                case 3: {  // SUBTRACT
                    if (!is_list) {
                        o = {error_code::invalid_config, "Config value append is not allowed for config key: " +
                                                             c.name};
                        if (c.config_operation == 3)
                            o.message = "Config value subtract is not allowed for config key: " + c.name;
                        break;
                    }
                    std::vector<std::string> cur;
                    if (auto it = next.find(c.name); it != next.end())
                        cur = split_list(it->second);
                    else
                        cur = default_list(e, env.broker, c.name);
                    for (const auto& item : split_list(c.value.value_or(""))) {
                        auto pos = std::find(cur.begin(), cur.end(), item);
                        if (c.config_operation == 2 && pos == cur.end()) cur.push_back(item);
                        if (c.config_operation == 3 && pos != cur.end()) cur.erase(pos);
                    }
                    next[c.name] = join_list(cur);
                    break;
                }
                default:
                    o = {error_code::invalid_request, "Unknown config operation " + std::to_string(c.config_operation)};
            }
        }
        if (o.code == error_code::none) o = apply(e, r.resource_name, next, req.validate_only, env);
        out.error_code = int16_t(o.code);
        out.error_message = o.message;
    }
    return resp;
}

}  // namespace odradek::broker
