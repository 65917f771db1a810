#include "broker/handlers/create_partitions.h"

#include <algorithm>
#include <map>

namespace odradek::broker {

using protocol::error_code;

protocol::create_partitions_response handle_create_partitions(topic_admin& admin, metadata_cache& cache,
                                                              const protocol::create_partitions_request& req,
                                                              int16_t) {
    protocol::create_partitions_response resp;
    std::map<std::string, int> seen;
    for (const auto& t : req.topics) ++seen[t.name];
    std::vector<std::pair<std::string, int32_t>> grown;
    for (const auto& t : req.topics) {
        auto& r = resp.results.emplace_back();
        r.name = t.name;
        if (seen[t.name] > 1) {
            r.error_code = int16_t(error_code::invalid_request);
            r.error_message = "Duplicate topic in request.";
            continue;
        }
        std::optional<std::vector<std::vector<int32_t>>> manual;
        if (t.assignments) {
            manual.emplace();
            for (const auto& a : *t.assignments) manual->push_back(a.broker_ids);
        }
        auto e = admin.add_partitions(t.name, t.count, manual, req.validate_only);
        r.error_code = e.wire();
        if (!e.ok()) {
            r.error_message = e.message;
            continue;
        }
        if (!req.validate_only) grown.push_back({t.name, t.count});
    }
    if (!grown.empty()) {
        // Done when each topic shows the new count with leaders everywhere.
        auto ready = [&](const metadata_snapshot& s) {
            return std::all_of(grown.begin(), grown.end(), [&](const auto& g) {
                const topic_info* ti = s.topic(g.first);
                return ti && int32_t(ti->partitions.size()) >= g.second &&
                       std::all_of(ti->partitions.begin(), ti->partitions.end(),
                                   [&](const partition_info& p) { return p.leader >= 0; });
            });
        };
        if (!cache.wait_until(ready, std::chrono::milliseconds(std::max(req.timeout_ms, 0)))) {
            auto s = cache.snapshot();
            for (auto& r : resp.results) {
                auto g = std::find_if(grown.begin(), grown.end(), [&](const auto& x) { return x.first == r.name; });
                if (g == grown.end()) continue;
                const topic_info* ti = s->topic(g->first);
                bool ok = ti && int32_t(ti->partitions.size()) >= g->second &&
                          std::all_of(ti->partitions.begin(), ti->partitions.end(),
                                      [&](const partition_info& p) { return p.leader >= 0; });
                if (!ok) r.error_code = int16_t(error_code::request_timed_out);
            }
        }
    }
    return resp;
}

}  // namespace odradek::broker
