#include "broker/handlers/alter_configs.h"

#include <algorithm>
#include <sstream>

#include "config/config_def.h"
#include "config/topic_config.h"
#include "config/topic_name.h"
#include "protocol/error_code.h"

namespace odradek::broker {

using protocol::error_code;

namespace {

constexpr int8_t kTopic = 2;

struct outcome {
    error_code code = error_code::none;
    std::optional<std::string> message;
};

// Checks the resource and returns the topic's current overrides.
outcome check_topic(int8_t type, const std::string& name, const alter_configs_env& env) {
    if (type != kTopic)
        return {error_code::invalid_request,
                "Altering configs of resource type " + std::to_string(type) +
                    " is not supported by this broker yet (TOPIC resources are)"};
    if (auto st = config::validate_topic_name(name); !st) return {error_code::invalid_topic_exception, st.err().detail};
    if (!env.topic_exists(name)) return {error_code::unknown_topic_or_partition, "Topic '" + name + "' does not exist."};
    return {};
}

// Validates `next` as the topic's overrides and writes it unless validate_only.
outcome apply(const std::string& topic, const config_overrides& next, bool validate_only,
              const alter_configs_env& env) {
    config::properties props;
    for (const auto& [k, v] : next) props.set(k, v);
    auto tc = config::topic_config::resolve(env.broker, props);
    if (!tc) return {error_code::invalid_config, tc.err().detail.empty() ? tc.err().message() : tc.err().detail};
    if (validate_only) return {};
    if (auto st = env.write_overrides(topic, next); !st) return {error_code::unknown_server_error, st.err().message()};
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

// The topic-config definition of `name`, if any (for list-type checks).
const config::config_key* topic_key(const config::broker_config& b, const std::string& name) {
    auto tc = config::topic_config::resolve(b, {});
    if (!tc) return nullptr;
    return tc->values().def().find(name);
}

}  // namespace

protocol::alter_configs_response handle_alter_configs(const protocol::alter_configs_request& req, int16_t,
                                                      const alter_configs_env& env) {
    protocol::alter_configs_response resp;
    for (const auto& r : req.resources) {
        auto& out = resp.responses.emplace_back();
        out.resource_type = r.resource_type;
        out.resource_name = r.resource_name;
        outcome o = check_topic(r.resource_type, r.resource_name, env);
        if (o.code == error_code::none) {
            config_overrides next;
            std::string nulls;
            for (const auto& c : r.configs) {
                if (!c.value) nulls += (nulls.empty() ? "" : ",") + c.name;
                else next[c.name] = *c.value;
            }
            if (!nulls.empty())
                o = {error_code::invalid_request, "Null value not supported for : " + nulls};
            else
                o = apply(r.resource_name, next, req.validate_only, env);
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
        outcome o = check_topic(r.resource_type, r.resource_name, env);
        config_overrides next;
        if (o.code == error_code::none) {
            auto current = env.read_overrides(r.resource_name);
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
            const config::config_key* key = topic_key(env.broker, c.name);
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
                    else if (auto tc = config::topic_config::resolve(env.broker, {}); tc)
                        cur = tc->values().get_list(c.name);
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
        if (o.code == error_code::none) o = apply(r.resource_name, next, req.validate_only, env);
        out.error_code = int16_t(o.code);
        out.error_message = o.message;
    }
    return resp;
}

}  // namespace odradek::broker
