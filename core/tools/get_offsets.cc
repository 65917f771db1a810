#include "tools/get_offsets.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>

#include "client/errc.h"
#include "config/properties.h"
#include "tools/client_properties.h"
#include "tools/tool_log.h"

namespace odradek::tools {

namespace {

// Thrown as Kafka's TerseException: "Error occurred: <message>".
struct terse {
    std::string message;
};

struct partition_filter {
    std::optional<topic_include_filter> topics;  // nullopt: any topic
    enum { all, one, range } kind = all;
    int32_t lower = 0, upper = INT32_MAX, only = 0;
    std::set<int32_t> set;  // kind == all with a non-empty set: only these

    bool topic_allowed(const std::string& t) const { return !topics || topics->allowed(t, false); }
    bool partition_allowed(int32_t p) const {
        switch (kind) {
            case one: return p == only;
            case range: return p >= lower && p < upper;
            case all: return set.empty() || set.count(p) != 0;
        }
        return true;
    }
};

std::optional<int32_t> java_int(const std::string& s) {
    if (s.empty() || s.size() > 10) return std::nullopt;
    size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (i == s.size()) return std::nullopt;
    int64_t v = 0;
    for (; i < s.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
        v = v * 10 + (s[i] - '0');
    }
    if (s[0] == '-') v = -v;
    if (v > INT32_MAX || v < INT32_MIN) return std::nullopt;
    return int32_t(v);
}

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        size_t at = s.find(',', start);
        out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) break;
        start = at + 1;
    }
    while (out.size() > 1 && out.back().empty()) out.pop_back();
    return out;
}

result<std::vector<partition_filter>> parse_rules(const get_offsets_options& o, terse& t) {
    std::vector<partition_filter> rules;
    if (o.topic_partitions) {
        static const std::regex rule(R"(([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?)");
        for (const std::string& spec : split_commas(*o.topic_partitions)) {
            std::smatch m;
            if (!std::regex_match(spec, m, rule)) {
                t.message = "Invalid rule specification: " + spec;
                return error(client::errc::invalid_config, t.message);
            }
            partition_filter f;
            if (m[1].matched && m[1].length() > 0) {
                auto tf = topic_include_filter::create(m[1].str());
                if (!tf) {
                    t.message = tf.err().detail;
                    return tf.err();
                }
                f.topics = std::move(tf).value();
            }
            if (m[2].matched && m[2].length() > 0) {
                f.kind = partition_filter::one;
                f.only = java_int(m[2].str()).value_or(0);
            } else {
                f.kind = partition_filter::range;
                if (m[3].matched && m[3].length() > 0) f.lower = java_int(m[3].str()).value_or(0);
                if (m[4].matched && m[4].length() > 0) f.upper = java_int(m[4].str()).value_or(INT32_MAX);
            }
            rules.push_back(std::move(f));
        }
        return rules;
    }
    partition_filter f;
    auto tf = topic_include_filter::create(o.topic.value_or(".*"));
    if (!tf) {
        t.message = tf.err().detail;
        return tf.err();
    }
    f.topics = std::move(tf).value();
    if (o.partitions && !o.partitions->empty()) {
        for (const std::string& p : split_commas(*o.partitions)) {
            auto v = java_int(p);
            if (!v) {
                t.message = "--partitions expects a comma separated list of numeric partition ids, but received: " +
                            *o.partitions;
                return error(client::errc::invalid_config, t.message);
            }
            f.set.insert(*v);
        }
    }
    rules.push_back(std::move(f));
    return rules;
}

}  // namespace

std::optional<std::string> check_get_offsets_options(const get_offsets_options& o) {
    const std::optional<std::string>& hosts = o.bootstrap_server ? o.bootstrap_server : o.broker_list;
    if (!hosts) return std::string(o.broker_list ? "Missing required argument \"[broker-list]\""
                                                  : "Missing required argument \"[bootstrap-server]\"");
    std::string trimmed = *hosts;
    trimmed.erase(0, trimmed.find_first_not_of(" \t"));
    if (trimmed.empty()) return std::string("Error while validating the bootstrap address\n");
    if (!client::valid_host_port_list(*hosts)) return std::string("Please provide valid host:port like host1:9091,host2:9092\n");
    return std::nullopt;
}

int run_get_offsets_with(const get_offsets_options& o, const admin_factory& make_admin, std::ostream& out,
                         std::ostream& err) {
    auto fail = [&](const std::string& message) {
        err << "Error occurred: " << message << '\n';
        return 1;
    };
    if (o.topic_partitions && (o.topic || o.partitions))
        return fail("--topic-partitions cannot be used with --topic or --partitions");
    int64_t timestamp = client::kLatestTimestamp;
    if (o.time == "earliest")
        timestamp = client::kEarliestTimestamp;
    else if (o.time == "latest")
        timestamp = client::kLatestTimestamp;
    else if (o.time == "max-timestamp")
        timestamp = client::kMaxTimestamp;
    else {
        errno = 0;
        char* end = nullptr;
        long long v = std::strtoll(o.time.c_str(), &end, 10);
        if (o.time.empty() || errno != 0 || *end != '\0')
            return fail("Malformed time argument " + o.time +
                        ". Please use -1 or latest / -2 or earliest / -3 or max-timestamp, or a specified long format "
                        "timestamp");
        timestamp = v;
    }
    terse t;
    auto rules = parse_rules(o, t);
    if (!rules) return fail(t.message);

    error why;
    std::unique_ptr<client::admin_api> admin = make_admin(why);
    if (!admin) return fail("Failed to create new KafkaAdminClient");
    auto topics = admin->list_topics(!o.exclude_internal_topics);
    if (!topics) {
        const error& e = topics.err();
        if (e.code == client::make_error_code(client::errc::connection_failed) ||
            e.code == client::make_error_code(client::errc::timeout)) {
            // ExecutionException.getMessage: the cause's class and message.
            int code = fail("org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node "
                            "assignment. Call: listTopics");
            err << "No broker answered at " << (o.bootstrap_server ? *o.bootstrap_server : o.broker_list.value_or(""))
                << "; is one running there? Start one with: bin/kafka-server-start.sh config/server.properties\n";
            return code;
        }
        return fail(client::kafka_exception_name(e) + ": " + client::user_message(e));
    }
    std::vector<std::string> names;
    for (const auto& l : *topics) {
        bool allowed = std::any_of(rules->begin(), rules->end(), [&](const auto& r) { return r.topic_allowed(l.name); });
        if (allowed) names.push_back(l.name);
    }
    std::vector<client::topic_partition> tps;
    if (!names.empty()) {
        auto described = admin->describe_topics(names);
        if (!described) return fail(client::user_message(described.err()));
        for (const auto& t2 : *described) {
            if (t2.error_code != 0) return fail(client::user_message(client::kafka_error(t2.error_code)));
            for (const auto& p : t2.partitions) {
                bool allowed = std::any_of(rules->begin(), rules->end(), [&](const auto& r) {
                    return r.topic_allowed(t2.name) && r.partition_allowed(p.partition);
                });
                if (allowed) tps.push_back({t2.name, p.partition});
            }
        }
    }
    if (tps.empty()) return fail("Could not match any topic-partitions with the specified filters");
    std::vector<std::pair<client::topic_partition, int64_t>> requests;
    for (const auto& tp : tps) requests.emplace_back(tp, timestamp);
    auto offsets = admin->list_offsets(requests);
    if (!offsets) return fail(client::user_message(offsets.err()));
    // TopicPartition.toString order: "topic-partition" compared as strings.
    std::map<std::string, std::string> lines;
    for (const client::offset_result& r : *offsets) {
        std::string name = r.tp.topic + "-" + std::to_string(r.tp.partition);
        if (!r.result) {
            err << "Skip getting offsets for topic-partition " << name << " due to error: "
                << client::kafka_exception_name(r.result.err()) << ": " << client::user_message(r.result.err()) << '\n';
            continue;
        }
        if (r.offset == -1) continue;  // ListOffsetsResponse.UNKNOWN_OFFSET
        lines[name] = r.tp.topic + ":" + std::to_string(r.tp.partition) + ":" + std::to_string(r.offset);
    }
    for (const auto& [k, line] : lines) out << line << '\n';
    return 0;
}

int run_get_offsets(const get_offsets_options& o, std::ostream& out, std::ostream& err) {
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
        client::millis api_timeout(60000);
        status applied = apply_client_properties(props, cfg);
        if (applied) applied = apply_admin_properties(props, api_timeout);
        if (!applied) {
            why = applied.err();
            return nullptr;
        }
        cfg.bootstrap_servers = o.bootstrap_server ? *o.bootstrap_server : o.broker_list.value_or("");
        cfg.client_id = "GetOffsetShell";
        cfg.log_context = "[AdminClient clientId=GetOffsetShell] ";
        cfg.unreachable_timeout = std::min(cfg.unreachable_timeout, api_timeout);
        cfg.log = log.fn();
        auto a = client::admin::create(cfg, api_timeout);
        if (!a) {
            why = a.err();
            return nullptr;
        }
        return std::move(a).value();
    };
    return run_get_offsets_with(o, factory, out, err);
}

}  // namespace odradek::tools
