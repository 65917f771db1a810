#include "broker/handlers/describe_log_dirs.h"

#include <map>
#include <set>

#include "protocol/error_code.h"

namespace odradek::broker {

protocol::describe_log_dirs_response handle_describe_log_dirs(const protocol::describe_log_dirs_request& req,
                                                              int16_t, const log_manager& logs) {
    using protocol::error_code;
    using resp_t = protocol::describe_log_dirs_response;
    std::optional<std::set<topic_partition>> wanted;
    if (req.topics) {
        wanted.emplace();
        for (const auto& t : *req.topics)
            for (int32_t p : t.partitions) wanted->insert({t.topic, p});
    }
    resp_t resp;
    for (const auto& d : logs.describe()) {
        resp_t::describe_log_dirs_result r;
        r.log_dir = d.path;
        if (!d.online) {
            r.error_code = int16_t(error_code::kafka_storage_error);
            resp.results.push_back(std::move(r));
            continue;
        }
        r.total_bytes = d.total_bytes;
        r.usable_bytes = d.usable_bytes;
        std::map<std::string, std::vector<resp_t::describe_log_dirs_partition>> by_topic;
        for (const auto& e : d.partitions) {
            auto& parts = by_topic[e.tp.topic];
            if (wanted && !wanted->count(e.tp)) continue;
            resp_t::describe_log_dirs_partition p;
            p.partition_index = e.tp.partition;
            p.partition_size = e.size_bytes;
            p.offset_lag = e.offset_lag;
            p.is_future_key = false;
            parts.push_back(std::move(p));
        }
        for (auto& [name, parts] : by_topic) {
            resp_t::describe_log_dirs_topic t;
            t.name = name;
            t.partitions = std::move(parts);
            r.topics.push_back(std::move(t));
        }
        resp.results.push_back(std::move(r));
    }
    return resp;
}

}  // namespace odradek::broker
