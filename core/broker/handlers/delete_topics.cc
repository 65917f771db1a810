#include "broker/handlers/delete_topics.h"

#include <algorithm>
#include <map>

namespace odradek::broker {

using protocol::error_code;

protocol::delete_topics_response handle_delete_topics(topic_admin& admin, metadata_cache& cache,
                                                      const protocol::delete_topics_request& req, int16_t version) {
    protocol::delete_topics_response resp;
    auto cluster = cache.snapshot();
    struct item {
        std::optional<std::string> name;
        protocol::uuid id;
    };
    std::vector<item> items;
    if (version >= 6) {
        for (const auto& t : req.topics) items.push_back({t.name, t.topic_id});
    } else {
        for (const auto& n : req.topic_names) items.push_back({n, {}});
    }
    std::map<std::string, int> seen;
    for (const auto& i : items)
        if (i.name) ++seen[*i.name];

    std::vector<std::string> marked;
    for (auto& i : items) {
        auto& r = resp.responses.emplace_back();
        r.topic_id = i.id;
        if (!i.name && !i.id.is_zero()) {
            const topic_info* t = cluster->topic_by_id(i.id);
            if (!t) {
                r.name = std::nullopt;
                r.error_code = int16_t(error_code::unknown_topic_id);
                continue;
            }
            i.name = t->name;
        }
        r.name = i.name;
        if (!i.name) {
            r.error_code = int16_t(error_code::invalid_request);
            continue;
        }
        if (seen[*i.name] > 1) {
            r.error_code = int16_t(error_code::invalid_request);
            r.error_message = "Duplicate topic name in the request: " + *i.name;
            continue;
        }
        if (const topic_info* t = cluster->topic(*i.name)) r.topic_id = t->id;
        auto e = admin.remove(*i.name);
        r.error_code = e.wire();
        if (!e.ok()) {
            if (version >= 5 && !e.message.empty()) r.error_message = e.message;
            continue;
        }
        marked.push_back(*i.name);
    }
    if (!marked.empty()) {
        auto left = admin.await_gone(marked, std::chrono::milliseconds(std::max(req.timeout_ms, 0)));
        for (auto& r : resp.responses)
            if (r.name && std::find(left.begin(), left.end(), *r.name) != left.end())
                r.error_code = int16_t(error_code::request_timed_out);
    }
    return resp;
}

}  // namespace odradek::broker
