#include "broker/handlers/offset_for_leader_epoch.h"

namespace odradek::broker {

protocol::offset_for_leader_epoch_response handle_offset_for_leader_epoch(
    const protocol::offset_for_leader_epoch_request& req, int16_t, const offset_for_leader_epoch_env& env) {
    using protocol::error_code;
    using resp_t = protocol::offset_for_leader_epoch_response;
    resp_t resp;
    for (const auto& t : req.topics) {
        resp_t::offset_for_leader_topic_result tr;
        tr.topic = t.topic;
        for (const auto& rp : t.partitions) {
            resp_t::epoch_end_offset e;
            e.partition = rp.partition;
            e.leader_epoch = -1;
            e.end_offset = -1;
            auto p = env.replicas.get({t.topic, rp.partition});
            if (!p) {
                e.error_code = int16_t(env.topics.partition_exists(t.topic, rp.partition)
                                           ? error_code::not_leader_or_follower
                                           : error_code::unknown_topic_or_partition);
            } else {
                std::optional<int32_t> current;
                if (rp.current_leader_epoch != -1) current = rp.current_leader_epoch;
                auto r = p->last_offset_for_leader_epoch(current, rp.leader_epoch, true);
                e.error_code = r.error.wire();
                if (r.error.ok()) {
                    e.leader_epoch = r.leader_epoch;
                    e.end_offset = r.end_offset;
                }
            }
            tr.partitions.push_back(std::move(e));
        }
        resp.topics.push_back(std::move(tr));
    }
    return resp;
}

}  // namespace odradek::broker
