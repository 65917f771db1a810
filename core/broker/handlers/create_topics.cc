#include "broker/handlers/create_topics.h"

#include <map>
#include <set>

namespace odradek::broker {

using protocol::error_code;
using resp_t = protocol::create_topics_response;

protocol::create_topics_response handle_create_topics(topic_admin& admin, const protocol::create_topics_request& req,
                                                      int16_t version, const std::string& client_id) {
    resp_t resp;
    std::map<std::string, int> seen;
    for (const auto& t : req.topics) ++seen[t.name];
    std::string dups;
    for (const auto& [n, c] : seen)
        if (c > 1) dups += (dups.empty() ? "" : ", ") + n;

    std::vector<std::string> created;
    std::set<std::string> answered;
    for (const auto& t : req.topics) {
        if (!answered.insert(t.name).second) continue;
        auto& r = resp.topics.emplace_back();
        r.name = t.name;
        if (seen[t.name] > 1) {
            r.error_code = int16_t(error_code::invalid_request);
            r.error_message = "Create topics request from client `" + client_id +
                              "` contains multiple entries for the following topics: " + dups;
            continue;
        }
        new_topic nt;
        nt.name = t.name;
        nt.num_partitions = t.num_partitions;
        nt.replication_factor = t.replication_factor;
        for (const auto& a : t.assignments) nt.assignment[a.partition_index] = a.broker_ids;
        for (const auto& c : t.configs) nt.configs[c.name] = c.value;
        auto result = admin.create(nt, req.validate_only);
        r.error_code = result.error.wire();
        if (!result.error.ok()) {
            if (!result.error.message.empty()) r.error_message = result.error.message;
            continue;
        }
        r.topic_id = result.topic_id;
        r.num_partitions = result.num_partitions;
        r.replication_factor = result.replication_factor;
        if (version >= 5 && result.config) {
            r.configs.emplace();
            for (const auto& e : result.config->describe(false)) {
                auto& c = r.configs->emplace_back();
                c.name = e.name;
                c.value = e.value;
                c.read_only = e.read_only;
                c.config_source = int8_t(e.source);
                c.is_sensitive = e.sensitive;
            }
        }
        if (!req.validate_only) created.push_back(t.name);
    }
    if (!created.empty()) {
        auto timeout = std::chrono::milliseconds(std::max(req.timeout_ms, 0));
        auto missing = admin.await_leaders(created, timeout);
        for (auto& r : resp.topics)
            if (std::find(missing.begin(), missing.end(), r.name) != missing.end()) {
                r.error_code = int16_t(error_code::request_timed_out);
                r.error_message = std::nullopt;
            }
    }
    return resp;
}

}  // namespace odradek::broker
