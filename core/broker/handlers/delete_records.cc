#include "broker/handlers/delete_records.h"

namespace odradek::broker {

protocol::delete_records_response handle_delete_records(const protocol::delete_records_request& req, int16_t,
                                                        const delete_records_env& env) {
    using protocol::error_code;
    protocol::delete_records_response resp;
    for (const auto& t : req.topics) {
        protocol::delete_records_response::delete_records_topic_result tr;
        tr.name = t.name;
        for (const auto& rp : t.partitions) {
            protocol::delete_records_response::delete_records_partition_result r;
            r.partition_index = rp.partition_index;
            r.low_watermark = -1;
            error_code err = error_code::none;
            if (!env.topics.partition_exists(t.name, rp.partition_index)) {
                err = error_code::unknown_topic_or_partition;
            } else if (is_internal_topic(t.name)) {
                err = error_code::invalid_topic_exception;
            } else if (auto p = env.replicas.get({t.name, rp.partition_index}); !p) {
                err = error_code::not_leader_or_follower;
            } else {
                auto d = p->delete_records_on_leader(rp.offset);
                err = d.error.code;
                if (d.error.ok()) r.low_watermark = d.low_watermark;
            }
            r.error_code = int16_t(err);
            tr.partitions.push_back(std::move(r));
        }
        resp.topics.push_back(std::move(tr));
    }
    return resp;
}

}  // namespace odradek::broker
