#include "tools/topics.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "client/errc.h"
#include "config/properties.h"
#include "config/topic_config.h"
#include "tools/client_properties.h"
#include "tools/tool_log.h"
#include "base/uuid_text.h"

namespace odradek::tools {

namespace {

constexpr const char* kTopicCommand = "org.apache.kafka.tools.TopicCommand";
constexpr const char* kAlterConfigTrailer =
    " (the kafka-configs CLI supports altering topic configs with a --bootstrap-server option)";

// A failure of the command: the Java exception Kafka would throw and its message.
struct failure {
    std::string exception;
    std::string message;
    bool unreachable = false;  // no broker accepted a connection
};

failure illegal_argument(std::string message) { return {"java.lang.IllegalArgumentException", std::move(message)}; }

// What a client error becomes in TopicCommand's output; `call` names the
// admin call as KafkaAdminClient does ("listTopics").
failure from_client_error(const error& e, const std::string& call) {
    if (e.code == client::make_error_code(client::errc::connection_failed))
        return {"org.apache.kafka.common.errors.TimeoutException",
                "Timed out waiting for a node assignment. Call: " + call, true};
    if (e.code == client::make_error_code(client::errc::timeout))
        return {"org.apache.kafka.common.errors.TimeoutException",
                "Timed out waiting for a node assignment. Call: " + call};
    return {client::kafka_exception_name(e), client::user_message(e)};
}

std::string join_ints(const std::vector<int32_t>& v, const char* sep = ",") {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i) out += sep;
        out += std::to_string(v[i]);
    }
    return out;
}

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

// Java's String.split(regex): trailing empty strings are removed.
std::vector<std::string> java_split(const std::string& s, const std::regex& re) {
    std::vector<std::string> parts;
    std::sregex_token_iterator it(s.begin(), s.end(), re, -1), end;
    for (; it != end; ++it) parts.push_back(*it);
    if (parts.empty()) parts.push_back("");
    while (parts.size() > 1 && parts.back().empty()) parts.pop_back();
    return parts;
}

std::optional<int32_t> parse_java_int(const std::string& s) {
    if (s.empty()) return std::nullopt;
    size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (i == s.size()) return std::nullopt;
    int64_t v = 0;
    for (; i < s.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
        v = v * 10 + (s[i] - '0');
        if (v > int64_t(INT32_MAX) + 1) return std::nullopt;
    }
    if (s[0] == '-') v = -v;
    if (v > INT32_MAX || v < INT32_MIN) return std::nullopt;
    return int32_t(v);
}

// The topic configs of --config, parsed and validated as
// parseTopicConfigsToBeAdded does.
result<std::vector<std::pair<std::string, std::string>>> parse_topic_configs(const std::vector<std::string>& configs,
                                                                             failure& f) {
    static const std::regex eq(R"(\s*=\s*)");
    config::properties props;
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& c : configs) {
        std::vector<std::string> kv = java_split(c, eq);
        if (kv.size() != 2) {
            f = illegal_argument(
                "requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\".");
            return error(client::errc::invalid_config, f.message);
        }
        props.set(trim(kv[0]), trim(kv[1]));
    }
    status valid = config::validate_topic_overrides(props);
    if (!valid) {
        f = {valid.err().code == config::make_error_code(config::errc::unknown_key)
                 ? "org.apache.kafka.common.errors.InvalidConfigurationException"
                 : "org.apache.kafka.common.config.ConfigException",
             valid.err().detail};
        return valid.err();
    }
    for (const auto& [k, v] : props) out.emplace_back(k, v);
    return out;
}

class topic_command {
public:
    topic_command(const topics_options& o, client::admin_api& admin, std::ostream& out)
        : o_(o), admin_(admin), out_(out) {}

    std::optional<failure> run() {
        if (o_.create) return create();
        if (o_.alter) return alter();
        if (o_.list) return list();
        if (o_.describe) return describe();
        if (o_.delete_topic) return remove();
        return std::nullopt;
    }

private:
    // getTopics: all names (internal ones unless excluded), sorted, filtered by --topic.
    std::optional<failure> get_topics(std::vector<std::string>& names, std::vector<client::topic_listing>* listings) {
        auto all = admin_.list_topics(!o_.exclude_internal);
        if (!all) return from_client_error(all.err(), "listTopics");
        std::optional<topic_include_filter> filter;
        if (o_.topic) {
            auto f = topic_include_filter::create(*o_.topic);
            if (!f) return failure{"java.lang.RuntimeException", f.err().detail};
            filter = std::move(f).value();
        }
        for (const client::topic_listing& t : *all) {
            bool keep = filter ? filter->allowed(t.name, o_.exclude_internal)
                               : !(is_internal_topic(t.name) && o_.exclude_internal);
            if (!keep) continue;
            names.push_back(t.name);
            if (listings) listings->push_back(t);
        }
        return std::nullopt;
    }

    std::optional<failure> ensure_topic_exists(const std::vector<std::string>& found) {
        std::string requested = o_.topic.value_or("");
        if (!requested.empty() && !o_.if_exists && found.empty())
            return illegal_argument("Topic '" + requested + "' does not exist as expected");
        return std::nullopt;
    }

    std::optional<failure> create() {
        const std::string& name = *o_.topic;
        client::new_topic t;
        t.name = name;
        failure f;
        auto configs = parse_topic_configs(o_.configs, f);
        if (!configs) return f;
        t.configs = std::move(configs).value();
        if (o_.replica_assignment && !o_.replica_assignment->empty()) {
            auto ra = parse_replica_assignment(*o_.replica_assignment);
            if (!ra) return failure{ra.err().code == client::make_error_code(client::errc::invalid_config)
                                        ? "org.apache.kafka.server.common.AdminOperationException"
                                        : "java.lang.NumberFormatException",
                                    ra.err().detail};
            for (size_t i = 0; i < ra->size(); ++i) t.assignments[int32_t(i)] = (*ra)[i];
        }
        if (has_collision_chars(name))
            out_ << "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could "
                    "collide. To avoid issues it is best to use either, but not both.\n";
        if (o_.replication_factor && (*o_.replication_factor > 32767 || *o_.replication_factor < 1))
            return illegal_argument("The replication factor must be between 1 and 32767 inclusive");
        if (o_.partitions && *o_.partitions < 1) return illegal_argument("The partitions must be greater than 0");
        if (t.assignments.empty()) {
            t.partitions = o_.partitions;
            if (o_.replication_factor) t.replication_factor = int16_t(*o_.replication_factor);
        }
        auto r = admin_.create_topics({t});
        if (!r) return from_client_error(r.err(), "createTopics");
        const status& outcome = r->front().result;
        if (!outcome) {
            if (client::is_kafka_error(outcome.err(), protocol::error_code::topic_already_exists) && o_.if_not_exists)
                return std::nullopt;
            return from_client_error(outcome.err(), "createTopics");
        }
        out_ << "Created topic " << name << ".\n";
        return std::nullopt;
    }

    std::optional<failure> list() {
        std::vector<std::string> names;
        if (auto f = get_topics(names, nullptr)) return f;
        std::string joined;
        for (size_t i = 0; i < names.size(); ++i) {
            if (i) joined += '\n';
            joined += names[i];
        }
        out_ << joined << '\n';
        return std::nullopt;
    }

    std::optional<failure> alter() {
        std::vector<std::vector<int32_t>> assignment;
        if (o_.replica_assignment && !o_.replica_assignment->empty()) {
            auto ra = parse_replica_assignment(*o_.replica_assignment);
            if (!ra) return failure{"org.apache.kafka.server.common.AdminOperationException", ra.err().detail};
            assignment = std::move(ra).value();
        }
        std::vector<std::string> topics;
        if (auto f = get_topics(topics, nullptr)) return f;
        if (auto f = ensure_topic_exists(topics)) return f;
        if (topics.empty()) return std::nullopt;
        std::vector<client::partition_increase> increases;
        std::map<std::string, size_t> current;
        if (!assignment.empty()) {
            auto described = admin_.describe_topics(topics);
            if (!described) return from_client_error(described.err(), "describeTopics");
            for (const client::topic_metadata& t : *described) {
                if (t.error_code != 0) return from_client_error(client::kafka_error(t.error_code), "describeTopics");
                current[t.name] = t.partitions.size();
            }
        }
        for (const std::string& name : topics) {
            client::partition_increase inc;
            inc.topic = name;
            inc.total_count = *o_.partitions;
            if (!assignment.empty())
                for (size_t i = current[name]; i < assignment.size(); ++i) inc.assignments.push_back(assignment[i]);
            increases.push_back(std::move(inc));
        }
        auto r = admin_.create_partitions(increases);
        if (!r) return from_client_error(r.err(), "createPartitions");
        for (const client::item_outcome& o : *r)
            if (!o.result) return from_client_error(o.result.err(), "createPartitions");
        return std::nullopt;
    }

    std::optional<failure> remove() {
        std::vector<std::string> topics;
        if (auto f = get_topics(topics, nullptr)) return f;
        if (auto f = ensure_topic_exists(topics)) return f;
        if (topics.empty()) return std::nullopt;
        auto r = admin_.delete_topics(topics);
        if (!r) return from_client_error(r.err(), "deleteTopics");
        for (const client::item_outcome& o : *r)
            if (!o.result) return from_client_error(o.result.err(), "deleteTopics");
        return std::nullopt;
    }

    std::optional<failure> describe() {
        std::optional<protocol::uuid> wanted_id;
        if (o_.topic_id) {
            auto bytes = uuid_from_base64(*o_.topic_id);
            if (!bytes) return illegal_argument(bytes.err().detail);
            protocol::uuid id{*bytes};
            if (!id.is_zero()) wanted_id = id;
        }
        std::vector<std::string> topics;
        if (wanted_id) {
            std::vector<std::string> all;
            std::vector<client::topic_listing> listings;
            std::optional<std::string> saved_topic;
            auto r = admin_.list_topics(!o_.exclude_internal);
            if (!r) return from_client_error(r.err(), "listTopics");
            for (const client::topic_listing& t : *r)
                if (t.id == *wanted_id) topics.push_back(t.name);
            if (topics.empty() && !o_.if_exists)
                return illegal_argument("TopicId '" + uuid_to_base64(wanted_id->bytes) + "' does not exist as expected");
        } else {
            if (auto f = get_topics(topics, nullptr)) return f;
            if (auto f = ensure_topic_exists(topics)) return f;
        }
        if (topics.empty()) return std::nullopt;
        auto described = admin_.describe_topics(topics);
        if (!described) return from_client_error(described.err(), "describeTopics");
        std::vector<client::topic_metadata> descriptions;
        for (const client::topic_metadata& t : *described) {
            if (t.error_code != 0) return from_client_error(client::kafka_error(t.error_code), "describeTopics");
            descriptions.push_back(t);
        }
        std::sort(descriptions.begin(), descriptions.end(),
                  [](const auto& a, const auto& b) { return a.name < b.name; });
        std::vector<client::config_resource> resources;
        for (const auto& t : descriptions) resources.push_back({client::resource_type::topic, t.name});
        auto configs = admin_.describe_configs(resources);
        if (!configs) return from_client_error(configs.err(), "describeConfigs");
        auto cluster = admin_.describe_cluster();
        if (!cluster) return from_client_error(cluster.err(), "describeCluster");
        std::set<int32_t> live;
        for (const auto& b : cluster->brokers) live.insert(b.id);

        bool report = o_.under_replicated_partitions || o_.unavailable_partitions || o_.under_min_isr_partitions ||
                      o_.at_min_isr_partitions;
        bool describe_configs = !report;
        bool describe_partitions = !o_.topics_with_overrides;
        for (const client::topic_metadata& td : descriptions) {
            const client::config_description* cfg = nullptr;
            for (const auto& c : *configs)
                if (c.resource.name == td.name) cfg = &c;
            if (cfg == nullptr) return failure{"org.apache.kafka.common.KafkaException", "No config for " + td.name};
            if (!cfg->result) return from_client_error(cfg->result.err(), "describeConfigs");
            std::string overrides;
            bool has_non_default = false;
            int32_t min_isr = 1;
            for (const client::config_entry_info& e : cfg->entries) {
                if (e.name == "min.insync.replicas" && e.value)
                    if (auto v = parse_java_int(*e.value)) min_isr = *v;
                if (e.is_default) continue;
                has_non_default = true;
                if (!overrides.empty()) overrides += ',';
                overrides += e.name + "=" + (e.value ? *e.value : std::string("null"));
            }
            if (describe_configs && (!o_.topics_with_overrides || has_non_default)) {
                out_ << "Topic: " << td.name;
                if (!td.id.is_zero()) out_ << "\tTopicId: " << uuid_to_base64(td.id.bytes);
                out_ << "\tPartitionCount: " << td.partitions.size();
                out_ << "\tReplicationFactor: " << (td.partitions.empty() ? 0 : td.partitions.front().replicas.size());
                out_ << "\tConfigs: " << overrides << '\n';
            }
            if (!describe_partitions) continue;
            for (const client::partition_metadata& p : td.partitions) {
                bool has_leader = p.leader >= 0;
                bool print = describe_configs;
                if (o_.under_replicated_partitions && p.replicas.size() > p.isr.size()) print = true;
                if (o_.unavailable_partitions && (!has_leader || live.count(p.leader) == 0)) print = true;
                if (o_.under_min_isr_partitions && (!has_leader || int32_t(p.isr.size()) < min_isr)) print = true;
                if (o_.at_min_isr_partitions && int32_t(p.isr.size()) == min_isr) print = true;
                if (!print) continue;
                out_ << "\tTopic: " << td.name << "\tPartition: " << p.partition
                     << "\tLeader: " << (has_leader ? std::to_string(p.leader) : std::string("none"))
                     << "\tReplicas: " << join_ints(p.replicas) << "\tIsr: " << join_ints(p.isr) << '\n';
            }
        }
        return std::nullopt;
    }

    const topics_options& o_;
    client::admin_api& admin_;
    std::ostream& out_;
};

}  // namespace

bool is_internal_topic(const std::string& name) { return name == "__consumer_offsets" || name == "__transaction_state"; }

bool has_collision_chars(const std::string& name) { return name.find_first_of("._") != std::string::npos; }

result<topic_include_filter> topic_include_filter::create(const std::string& raw) {
    std::string r = trim(raw);
    std::replace(r.begin(), r.end(), ',', '|');
    r.erase(std::remove(r.begin(), r.end(), ' '), r.end());
    size_t b = 0;
    while (b < r.size() && (r[b] == '"' || r[b] == '\'')) ++b;
    r = r.substr(b);
    while (!r.empty() && (r.back() == '"' || r.back() == '\'')) r.pop_back();
    topic_include_filter f;
    f.regex_ = r;
    try {
        f.compiled_ = std::make_shared<const std::regex>(r, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
        return error(client::errc::invalid_config, r + " is an invalid regex.");
    }
    return f;
}

bool topic_include_filter::allowed(const std::string& topic, bool exclude_internal) const {
    const auto& re = *static_cast<const std::regex*>(compiled_.get());
    return std::regex_match(topic, re) && !(is_internal_topic(topic) && exclude_internal);
}

result<std::vector<std::vector<int32_t>>> parse_replica_assignment(const std::string& text) {
    static const std::regex comma(",");
    static const std::regex colon(":");
    std::vector<std::vector<int32_t>> out;
    for (const std::string& partition : java_split(text, comma)) {
        std::vector<int32_t> brokers;
        for (const std::string& b : java_split(partition, colon)) {
            std::string t = trim(b);
            auto v = parse_java_int(t);
            if (!v) return error(client::errc::bad_response, "For input string: \"" + t + "\"");
            brokers.push_back(*v);
        }
        std::vector<int32_t> dups;
        std::set<int32_t> seen;
        for (int32_t b : brokers)
            if (!seen.insert(b).second && std::find(dups.begin(), dups.end(), b) == dups.end()) dups.push_back(b);
        if (!dups.empty())
            return error(client::errc::invalid_config,
                         "Partition replica lists may not contain duplicate entries: " + join_ints(dups));
        out.push_back(brokers);
        if (out.back().size() != out.front().size())
            return error(client::errc::invalid_config, "Partition " + std::to_string(out.size() - 1) +
                                                           " has different replication factor: [" +
                                                           join_ints(brokers, ", ") + "]");
    }
    return out;
}

std::optional<usage_problem> check_topics_options(const topics_options& o) {
    int actions = int(o.create) + int(o.list) + int(o.alter) + int(o.describe) + int(o.delete_topic);
    if (actions != 1)
        return usage_problem{"Command must include exactly one action: --list, --describe, --create, --alter or --delete"};
    // checkRequiredArgs
    if (!o.bootstrap_server) return usage_problem{"--bootstrap-server must be specified", false};
    if (o.describe && o.if_exists && !o.topic && !o.topic_id)
        return usage_problem{"--topic or --topic-id is required to describe a topic"};
    if (!o.list && !o.describe && !o.topic) return usage_problem{"Missing required argument \"[topic]\""};
    if (o.alter) {
        if (!o.configs.empty())
            return usage_problem{std::string("Option combination \"[bootstrap-server, config]\" can't be used with "
                                             "option \"[alter]\"") +
                                 kAlterConfigTrailer};
        if (!o.partitions) return usage_problem{"Missing required argument \"[partitions]\""};
    }
    // checkInvalidArgs: the action a flag cannot go with.
    const char* action = o.create ? "create" : o.list ? "list" : o.alter ? "alter" : o.describe ? "describe" : "delete";
    auto cannot = [&](const char* used, const char* with) {
        return usage_problem{std::string("Option \"[") + used + "]\" can't be used with option \"[" + with + "]\""};
    };
    if (!o.configs.empty() && !(o.alter || o.create)) return cannot("config", action);
    if (!o.delete_configs.empty()) return cannot("delete-config", o.alter ? "bootstrap-server" : action);
    if (o.partitions && !(o.alter || o.create)) return cannot("partitions", action);
    if (o.replication_factor && !o.create) return cannot("replication-factor", action);
    if (o.replica_assignment && !(o.alter || o.create)) return cannot("replica-assignment", action);
    if (o.create && o.replica_assignment) {
        if (o.partitions) return cannot("replica-assignment", "partitions");
        if (o.replication_factor) return cannot("replica-assignment", "replication-factor");
    }
    struct report_flag {
        bool set;
        const char* name;
    };
    const report_flag reports[] = {{o.under_replicated_partitions, "under-replicated-partitions"},
                                   {o.under_min_isr_partitions, "under-min-isr-partitions"},
                                   {o.at_min_isr_partitions, "at-min-isr-partitions"},
                                   {o.unavailable_partitions, "unavailable-partitions"}};
    for (const report_flag& r : reports) {
        if (!r.set) continue;
        if (!o.describe) return cannot(r.name, action);
        if (o.topics_with_overrides) return cannot(r.name, "topics-with-overrides");
    }
    if (o.topics_with_overrides) {
        if (!o.describe) return cannot("topics-with-overrides", action);
        for (const report_flag& r : reports)
            if (r.set) return cannot("topics-with-overrides", r.name);
    }
    if (o.if_exists && !(o.alter || o.delete_topic || o.describe)) return cannot("if-exists", action);
    if (o.if_not_exists && !o.create) return cannot("if-not-exists", action);
    if (o.exclude_internal && !(o.list || o.describe)) return cannot("exclude-internal", action);
    return std::nullopt;
}

int run_topics_with(const topics_options& o, const admin_factory& make_admin, std::ostream& out, std::ostream& err) {
    tool_log log(err);
    if (o.describe && o.if_exists && o.topic && o.topic_id)
        out << "Only topic id will be used when both --topic and --topic-id are specified and topicId is not "
               "Uuid.ZERO_UUID\n";
    error why;
    std::unique_ptr<client::admin_api> admin = make_admin(why);
    if (!admin) {
        // Kafka fails in TopicService's constructor, before the try block:
        // mainNoExit prints the message and the stack trace.
        err << "Failed to create new KafkaAdminClient\n"
            << "org.apache.kafka.common.KafkaException: Failed to create new KafkaAdminClient\n"
            << "Caused by: " << client::kafka_exception_name(why) << ": " << client::user_message(why) << '\n';
        return 1;
    }
    topic_command cmd(o, *admin, out);
    std::optional<failure> f = cmd.run();
    if (!f) return 0;
    out << "Error while executing topic command : " << f->message << '\n';
    out.flush();
    log.write(client::log_level::error, f->exception + ": " + f->message, kTopicCommand);
    if (f->unreachable)
        log.raw("No broker answered at " + o.bootstrap_server.value_or("") +
                "; is one running there? Start one with: bin/kafka-server-start.sh config/server.properties\n");
    return 1;
}

int run_topics(const topics_options& o, std::ostream& out, std::ostream& err) {
    auto log = std::make_shared<tool_log>(err);
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
        cfg.bootstrap_servers = o.bootstrap_server.value_or("");
        cfg.log_context = "[AdminClient clientId=" + cfg.client_id + "] ";
        cfg.unreachable_timeout = std::min(cfg.unreachable_timeout, api_timeout);
        cfg.log = log->fn();
        auto a = client::admin::create(cfg, api_timeout);
        if (!a) {
            why = a.err();
            return nullptr;
        }
        return std::move(a).value();
    };
    return run_topics_with(o, factory, out, err);
}

}  // namespace odradek::tools
