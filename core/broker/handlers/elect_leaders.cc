#include "broker/handlers/elect_leaders.h"

#include "protocol/error_code.h"

namespace odradek::broker {

protocol::elect_leaders_response handle_elect_leaders(const protocol::elect_leaders_request& req, int16_t version,
                                                      const elect_leaders_fn& elect) {
    using protocol::error_code;
    protocol::elect_leaders_response resp;
    const auto type = version >= 1 && req.election_type == 1 ? election_type::unclean : election_type::preferred;
    std::optional<std::vector<zk::topic_partition>> named;
    if (req.topic_partitions) {
        named.emplace();
        for (const auto& t : *req.topic_partitions)
            for (int32_t p : t.partitions) named->push_back({t.topic, p});
    }
    auto outcomes = elect(type, named, std::chrono::milliseconds(std::max(0, req.timeout_ms)));
    std::map<zk::topic_partition, election_outcome> results;
    if (outcomes) {
        results = std::move(*outcomes);
        // Kafka leaves out what needed no election only when every partition was asked for.
        if (!named)
            std::erase_if(results, [](const auto& kv) {
                return kv.second.error_code == int16_t(error_code::election_not_needed);
            });
    } else if (named) {
        for (const auto& tp : *named) results[tp] = {int16_t(error_code::request_timed_out), std::nullopt, -1};
    }
    // Grouped by topic, in topic and partition order.
    for (const auto& [tp, o] : results) {
        if (resp.replica_election_results.empty() || resp.replica_election_results.back().topic != tp.topic)
            resp.replica_election_results.emplace_back().topic = tp.topic;
        resp.replica_election_results.back().partition_result.push_back({tp.partition, o.error_code, o.message, {}});
    }
    return resp;
}

}  // namespace odradek::broker
