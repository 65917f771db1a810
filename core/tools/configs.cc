#include "tools/configs.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "client/errc.h"
#include "config/properties.h"
#include "config/topic_config.h"
#include "tools/client_properties.h"
#include "tools/tool_log.h"

namespace odradek::tools {

namespace {

constexpr int8_t kDynamicTopic = 1, kDynamicBroker = 2, kDynamicDefaultBroker = 3;

// Raised as Kafka would: `terse` problems print only their message
// (IllegalArgumentException, InvalidConfigurationException); the others the
// "Error while executing config command" line and the exception.
struct failure {
    bool terse = true;
    std::string message;
};

std::vector<std::string> entity_types(const configs_options& o) {
    std::vector<std::string> types = o.entity_types;
    for (const auto& [type, name] : o.shortcuts) types.push_back(type);
    return types;
}

std::vector<std::string> entity_names(const configs_options& o) {
    std::vector<std::string> names = o.entity_names;
    for (const auto& [type, name] : o.shortcuts) names.push_back(name);
    return names;
}

bool is_int(const std::string& s) {
    if (s.empty() || s.size() > 11) return false;
    size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (i == s.size()) return false;
    for (; i < s.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    long long v = std::stoll(s);
    return v >= INT32_MIN && v <= INT32_MAX;
}

std::string singular(const std::string& type) { return type.empty() ? type : type.substr(0, type.size() - 1); }

const char* source_name(int8_t s) {
    switch (s) {
        case 1: return "DYNAMIC_TOPIC_CONFIG";
        case 2: return "DYNAMIC_BROKER_CONFIG";
        case 3: return "DYNAMIC_DEFAULT_BROKER_CONFIG";
        case 4: return "STATIC_BROKER_CONFIG";
        case 5: return "DEFAULT_CONFIG";
        case 6: return "DYNAMIC_BROKER_LOGGER_CONFIG";
        case 7: return "CLIENT_METRICS_CONFIG";
        default: return "UNKNOWN";
    }
}

std::string value_text(const std::optional<std::string>& v) { return v ? *v : std::string("null"); }

// Java's String.split(regex, limit): limit -1 keeps trailing empty strings,
// limit 0 drops them.
std::vector<std::string> java_split(const std::string& text, const std::regex& re, bool keep_trailing) {
    std::vector<std::string> parts;
    size_t pos = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
        size_t at = size_t(it->position());
        if (it->length() == 0 && at == 0) continue;  // no empty leading piece from a zero-width match
        if (it->length() == 0 && at >= text.size()) break;
        parts.push_back(text.substr(pos, at - pos));
        pos = at + size_t(it->length());
    }
    parts.push_back(text.substr(pos));
    if (!keep_trailing)
        while (parts.size() > 1 && parts.back().empty()) parts.pop_back();
    return parts;
}

// parseConfigsToBeAdded: "k1=v1,k2=[a,b]" (commas inside [] do not split).
result<std::vector<std::pair<std::string, std::string>>> parse_add_config(const configs_options& o,
                                                                          std::ostream& out) {
    config::properties props;
    if (o.add_config_file) {
        auto loaded = config::load_properties(*o.add_config_file);
        if (!loaded) return error(client::errc::invalid_config, loaded.err().detail);
        props = std::move(loaded).value();
    }
    if (o.add_config) {
        static const std::regex comma(R"(,(?=[^\]]*(?:\[|$)))");
        static const std::regex equals(R"(\s*=\s*(?=[^\]]*(?:\[|$)))");
        static const std::regex brackets(R"(\[?\]?)");
        const std::string& text = *o.add_config;
        for (const std::string& p : java_split(text, comma, false)) {
            std::vector<std::string> kv = java_split(p, equals, true);
            if (kv.size() != 2)
                return error(client::errc::invalid_config,
                             "requirement failed: Invalid entity config: all configs to be added must be in the format "
                             "\"key=val\".");
            auto strip = [](std::string s) {
                size_t b = s.find_first_not_of(" \t\r\n\f");
                size_t e = s.find_last_not_of(" \t\r\n\f");
                return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
            };
            props.set(strip(kv[0]), strip(std::regex_replace(kv[1], brackets, "")));
        }
    }
    if (props.contains("message.format.version"))
        out << "WARNING: The configuration message.format.version=" << *props.find("message.format.version")
            << " is specified. This configuration will be ignored if the version is newer than the "
               "inter.broker.protocol.version specified in the broker or if the inter.broker.protocol.version is 3.0 "
               "or newer. This configuration is deprecated and it will be removed in Apache Kafka 4.0.\n";
    static const std::regex key_chars("[a-zA-Z0-9._-]*");
    std::vector<std::pair<std::string, std::string>> outv;
    for (const auto& [k, v] : props) {
        if (!std::regex_match(k, key_chars))
            return error(client::errc::invalid_config, "Invalid character found for config key: " + k);
        outv.emplace_back(k, v);
    }
    return outv;
}

class config_command {
public:
    config_command(const configs_options& o, client::admin_api& admin, std::ostream& out)
        : o_(o), admin_(admin), out_(out), types_(entity_types(o)), names_(entity_names(o)) {}

    std::optional<failure> run() {
        if (o_.alter && types_.size() != names_.size())
            return failure{true, "An entity name must be specified for every entity type"};
        const std::string& type = types_.front();
        if (type != "topics" && type != "brokers" && type != "broker-loggers")
            return failure{true, "Entity type " + type + " is not supported by Odradek's kafka-configs yet "
                                 "(client quotas, SCRAM credentials and client metrics come later)"};
        return o_.alter ? alter() : describe();
    }

private:
    std::optional<failure> call_failed(const error& e, const char* call = "describeConfigs") {
        if (e.code == client::make_error_code(client::errc::connection_failed) ||
            e.code == client::make_error_code(client::errc::timeout)) {
            // Kafka waits out default.api.timeout.ms for a broker id that is
            // not registered and then blames a timeout; we know at once, so
            // say so in one line with the ids that are registered.
            if (e.detail.find("is not in the cluster") != std::string::npos) {
                std::string line = e.detail + "; name a running broker with --entity-name.";
                line[0] = 'B';
                return failure{true, line};
            }
            return failure{false, std::string("java.util.concurrent.ExecutionException: "
                                              "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a "
                                              "node assignment. Call: ") +
                                      call};
        }
        return failure{false, "java.util.concurrent.ExecutionException: " + client::kafka_exception_name(e) + ": " +
                                  client::user_message(e)};
    }

    // getResourceConfig: the entries of one resource, filtered to its dynamic
    // source unless describe_all, sorted by name.
    std::optional<failure> resource_config(const std::string& type, const std::string& name, bool synonyms, bool all,
                                           std::vector<client::config_entry_info>& entries) {
        client::config_resource res;
        std::optional<int8_t> dynamic;
        if (type == "topics") {
            if (!name.empty()) {
                if (auto bad = validate_topic_name(name)) return bad;
            }
            res = {client::resource_type::topic, name};
            dynamic = kDynamicTopic;
        } else if (type == "brokers") {
            if (name.empty()) {
                dynamic = kDynamicDefaultBroker;
            } else {
                if (!is_int(name))
                    return failure{true, "The entity name for brokers must be a valid integer broker id, found: " +
                                             name};
                dynamic = kDynamicBroker;
            }
            res = {client::resource_type::broker, name};
        } else {
            if (!name.empty() && !is_int(name))
                return failure{true, "The entity name for broker-loggers must be a valid integer broker id, found: " +
                                         name};
            res = {client::resource_type::broker_logger, name};
        }
        auto described = admin_.describe_configs({res}, synonyms);
        if (!described) return call_failed(described.err());
        const client::config_description& d = described->front();
        if (!d.result) return call_failed(d.result.err());
        for (const auto& e : d.entries)
            if (all || !dynamic || e.source == *dynamic) entries.push_back(e);
        std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
        return std::nullopt;
    }

    std::optional<failure> validate_topic_name(const std::string& name) {
        // Topic.validate: Kafka throws InvalidTopicException (not a terse error).
        static const std::regex legal("[a-zA-Z0-9._-]+");
        std::string why;
        if (name == "." || name == "..")
            why = "'" + name + "' is not allowed";
        else if (name.size() > 249)
            why = "the length of '" + name + "' is longer than the max allowed length 249";
        else if (!std::regex_match(name, legal))
            why = "'" + name + "' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'";
        if (why.empty()) return std::nullopt;
        return failure{false, "org.apache.kafka.common.errors.InvalidTopicException: Topic name is invalid: " + why};
    }

    std::optional<failure> describe() {
        const std::string& type = types_.front();
        std::vector<std::string> entities;
        if (!names_.empty()) {
            entities.push_back(names_.front());
        } else if (type == "topics") {
            auto topics = admin_.list_topics(true);
            if (!topics) return call_failed(topics.err(), "listTopics");
            for (const auto& t : *topics) entities.push_back(t.name);
        } else {
            auto cluster = admin_.describe_cluster();
            if (!cluster) return call_failed(cluster.err(), "describeCluster");
            for (const auto& b : cluster->brokers) entities.push_back(std::to_string(b.id));
            entities.push_back("");  // the cluster-wide default
        }
        for (const std::string& entity : entities) {
            if (entity.empty())
                out_ << "Default configs for " << type << " in the cluster are:\n";
            else
                out_ << (o_.all ? "All" : "Dynamic") << " configs for " << singular(type) << ' ' << entity
                     << " are:\n";
            std::vector<client::config_entry_info> entries;
            if (auto f = resource_config(type, entity, true, o_.all, entries)) return f;
            for (const auto& e : entries) {
                std::string syn;
                for (size_t i = 0; i < e.synonyms.size(); ++i) {
                    if (i) syn += ", ";
                    syn += std::string(source_name(e.synonyms[i].source)) + ":" + e.synonyms[i].name + "=" +
                           value_text(e.synonyms[i].value);
                }
                out_ << "  " << e.name << '=' << value_text(e.value) << " sensitive=" << (e.is_sensitive ? "true" : "false")
                     << " synonyms={" << syn << "}\n";
            }
        }
        return std::nullopt;
    }

    std::optional<failure> alter() {
        const std::string& type = types_.front();
        const std::string& name = names_.front();
        auto added = parse_add_config(o_, out_);
        if (!added) return failure{true, added.err().detail};
        std::vector<std::string> deleted;
        for (const std::string& d : o_.delete_config) {
            size_t b = d.find_first_not_of(" \t");
            size_t e = d.find_last_not_of(" \t");
            deleted.push_back(b == std::string::npos ? std::string() : d.substr(b, e - b + 1));
        }
        std::vector<client::config_entry_info> old;
        if (auto f = resource_config(type, name, type == "broker-loggers", false, old)) return f;
        auto has_old = [&](const std::string& k) {
            return std::any_of(old.begin(), old.end(), [&](const auto& e) { return e.name == k; });
        };
        if (type == "broker-loggers") {
            std::string invalid;
            for (const auto& d : deleted)
                if (!has_old(d)) invalid += (invalid.empty() ? "" : ",") + d;
            for (const auto& [k, v] : *added)
                if (!has_old(k)) invalid += (invalid.empty() ? "" : ",") + k;
            if (!invalid.empty()) return failure{true, "Invalid broker logger(s): " + invalid};
        } else {
            std::string invalid;
            for (const auto& d : deleted)
                if (!has_old(d)) invalid += (invalid.empty() ? "" : ",") + d;
            if (!invalid.empty()) return failure{true, "Invalid config(s): " + invalid};
        }
        client::config_resource res{type == "topics"    ? client::resource_type::topic
                                    : type == "brokers" ? client::resource_type::broker
                                                        : client::resource_type::broker_logger,
                                    name};
        if (type == "brokers") {
            // The whole new dynamic config, through the legacy AlterConfigs.
            std::map<std::string, std::optional<std::string>> merged;
            for (const auto& e : old) merged[e.name] = e.value;
            for (const auto& [k, v] : *added) merged[k] = v;
            for (const auto& d : deleted) merged.erase(d);
            std::vector<std::string> sensitive;
            for (const auto& [k, v] : merged)
                if (!v) sensitive.push_back(k);
            if (!sensitive.empty()) {
                std::string list;
                for (size_t i = 0; i < sensitive.size(); ++i) list += (i ? ", " : "") + sensitive[i];
                return failure{true, "All sensitive broker config entries must be specified for --alter, missing "
                                     "entries: Set(" + list + ")"};
            }
            std::vector<std::pair<std::string, std::optional<std::string>>> entries(merged.begin(), merged.end());
            auto r = admin_.alter_configs({{res, entries}});
            if (!r) return call_failed(r.err(), "alterConfigs");
            if (!r->front().result) return call_failed(r->front().result.err(), "alterConfigs");
        } else {
            std::vector<client::config_alteration> ops;
            for (const auto& [k, v] : *added) ops.push_back({k, client::alter_config_op::set, v});
            for (const auto& d : deleted) ops.push_back({d, client::alter_config_op::remove, std::string()});
            auto r = admin_.incremental_alter_configs({{res, ops}});
            if (!r) return call_failed(r.err(), "incrementalAlterConfigs");
            if (!r->front().result) return call_failed(r->front().result.err(), "incrementalAlterConfigs");
        }
        if (!name.empty())
            out_ << "Completed updating config for " << singular(type) << ' ' << name << ".\n";
        else
            out_ << "Completed updating default config for " << type << " in the cluster.\n";
        return std::nullopt;
    }

    const configs_options& o_;
    client::admin_api& admin_;
    std::ostream& out_;
    std::vector<std::string> types_;
    std::vector<std::string> names_;
};

}  // namespace

std::optional<usage_problem> check_configs_options(const configs_options& o) {
    int actions = int(o.alter) + int(o.describe);
    if (actions != 1) return usage_problem{"Command must include exactly one action: --describe, --alter"};
    if (o.describe && o.add_config) return usage_problem{"Option \"[describe]\" can't be used with option \"[add-config]\""};
    if (o.describe && !o.delete_config.empty())
        return usage_problem{"Option \"[describe]\" can't be used with option \"[delete-config]\""};
    std::vector<std::string> types = entity_types(o);
    std::vector<std::string> names = entity_names(o);
    std::set<std::string> distinct(types.begin(), types.end());
    if (distinct.size() != types.size()) {
        std::vector<std::string> seen, dups;
        for (const auto& t : types) {
            if (std::find(seen.begin(), seen.end(), t) != seen.end() &&
                std::find(dups.begin(), dups.end(), t) == dups.end())
                dups.push_back(t);
            seen.push_back(t);
        }
        std::string list;
        for (size_t i = 0; i < dups.size(); ++i) list += (i ? "," : "") + dups[i];
        return usage_problem{"Duplicate entity type(s) specified: " + list, false};
    }
    bool has_bootstrap = o.bootstrap_server || o.bootstrap_controller;
    static const char* kBrokerTypes[] = {"topics", "clients", "users", "brokers", "ips", "broker-loggers",
                                         "client-metrics"};
    for (const std::string& t : types) {
        bool ok_type = has_bootstrap ? std::find(std::begin(kBrokerTypes), std::end(kBrokerTypes), t) != std::end(kBrokerTypes)
                                     : (t == "users" || t == "brokers");
        if (!ok_type)
            return usage_problem{"Invalid entity type " + t + ", the entity type must be one of " +
                                     (has_bootstrap ? "topics, clients, users, brokers, ips, broker-loggers, "
                                                      "client-metrics with a --bootstrap-server or "
                                                      "--bootstrap-controller argument"
                                                    : "users, brokers with a --zookeeper argument"),
                                 false};
    }
    if (types.empty()) return usage_problem{"At least one entity type must be specified", false};
    if (types.size() > 1 && distinct != std::set<std::string>{"users", "clients"})
        return usage_problem{"Only 'users' and 'clients' entity types may be specified together", false};
    if ((o.entity_name_given || o.entity_type_given || o.entity_default_given) && !o.shortcuts.empty())
        return usage_problem{"--entity-{type,name,default} should not be used in conjunction with specific entity flags",
                             false};
    bool has_name = std::any_of(names.begin(), names.end(), [](const auto& n) { return !n.empty(); });
    bool has_default = std::any_of(names.begin(), names.end(), [](const auto& n) { return n.empty(); });
    int connects = int(o.bootstrap_server.has_value()) + int(o.bootstrap_controller.has_value()) +
                   int(o.zookeeper.has_value());
    if (connects == 0)
        return usage_problem{"One of the required --bootstrap-server, --boostrap-controller, or --zookeeper arguments "
                             "must be specified",
                             false};
    if (connects > 1)
        return usage_problem{"Only one of --bootstrap-server, --boostrap-controller, and --zookeeper can be specified",
                             false};
    if (o.all && o.zookeeper) return usage_problem{"--bootstrap-server must be specified for --all", false};
    if (has_name && (distinct.count("brokers") || distinct.count("broker-loggers"))) {
        for (const auto& n : names)
            if (!n.empty() && !is_int(n))
                return usage_problem{"The entity name for " + types.front() +
                                         " must be a valid integer broker id, but it is: " + n,
                                     false};
    }
    if (o.describe && distinct.count("broker-loggers") && !has_name)
        return usage_problem{"an entity name must be specified with --describe of " + types.front(), false};
    if (o.alter) {
        if (distinct.count("users") || distinct.count("clients") || distinct.count("brokers") || distinct.count("ips")) {
            if (!has_name && !has_default)
                return usage_problem{"an entity-name or default entity must be specified with --alter of users, "
                                     "clients, brokers or ips",
                                     false};
        } else if (!has_name) {
            return usage_problem{"an entity name must be specified with --alter of " + types.front(), false};
        }
        if (o.add_config && o.add_config_file)
            return usage_problem{"Only one of --add-config or --add-config-file must be specified", false};
        if (!o.add_config && !o.add_config_file && o.delete_config.empty())
            return usage_problem{"At least one of --add-config, --add-config-file, or --delete-config must be "
                                 "specified with --alter",
                                 false};
    }
    if (o.zookeeper) return usage_problem{"--zookeeper is not supported by Odradek's kafka-configs; use --bootstrap-server", false};
    return std::nullopt;
}

int run_configs_with(const configs_options& o, const admin_factory& make_admin, std::ostream& out,
                     std::ostream& err) {
    std::string args;
    for (size_t i = 0; i < o.args.size(); ++i) args += (i ? " " : "") + o.args[i];
    error why;
    std::unique_ptr<client::admin_api> admin = make_admin(why);
    if (!admin) {
        err << "Error while executing config command with args '" << args << "'\n"
            << "org.apache.kafka.common.KafkaException: Failed to create new KafkaAdminClient\n"
            << "Caused by: " << client::kafka_exception_name(why) << ": " << client::user_message(why) << '\n';
        return 1;
    }
    config_command cmd(o, *admin, out);
    std::optional<failure> f = cmd.run();
    if (!f) return 0;
    out.flush();
    if (f->terse)
        err << f->message << '\n';
    else
        err << "Error while executing config command with args '" << args << "'\n" << f->message << '\n';
    if (f->message.find("Timed out waiting for a node assignment") != std::string::npos)
        err << "No broker answered at " << o.bootstrap_server.value_or("")
            << "; is one running there? Start one with: bin/kafka-server-start.sh config/server.properties\n";
    return 1;
}

int run_configs(const configs_options& o, std::ostream& out, std::ostream& err) {
    tool_log log(err);
    admin_factory factory = [&](error& why) -> std::unique_ptr<client::admin_api> {
        config::properties props;
        if (o.command_config) {
            auto loaded = config::load_properties(*o.command_config);
            if (!loaded) {
                why = error(client::errc::invalid_config, loaded.err().detail);
                return nullptr;
            }
            props = std::move(loaded).value();
        }
        client::client_config cfg;
        cfg.client_id = "adminclient-1";
        client::millis api_timeout(60000);
        status applied = apply_client_properties(props, cfg);
        if (applied) applied = apply_admin_properties(props, api_timeout);
        if (!applied) {
            why = applied.err();
            return nullptr;
        }
        cfg.bootstrap_servers = o.bootstrap_server ? *o.bootstrap_server : o.bootstrap_controller.value_or("");
        cfg.log_context = "[AdminClient clientId=" + cfg.client_id + "] ";
        cfg.unreachable_timeout = std::min(cfg.unreachable_timeout, api_timeout);
        cfg.log = log.fn();
        auto a = client::admin::create(cfg, api_timeout);
        if (!a) {
            why = a.err();
            return nullptr;
        }
        return std::move(a).value();
    };
    return run_configs_with(o, factory, out, err);
}

}  // namespace odradek::tools
