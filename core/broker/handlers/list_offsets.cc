#include "broker/handlers/list_offsets.h"

#include <set>

namespace odradek::broker {

namespace {

using protocol::error_code;
using lresp = protocol::list_offsets_response;

constexpr int32_t kConsumerReplicaId = -1;
constexpr int32_t kDebuggingReplicaId = -2;

lresp::list_offsets_partition_response error_partition(int32_t index, error_code c) {
    lresp::list_offsets_partition_response r;
    r.partition_index = index;
    r.error_code = int16_t(c);
    r.timestamp = -1;
    r.offset = -1;
    return r;
}

// getPartitionOrException
std::shared_ptr<partition> hosted(const list_offsets_env& env, const std::string& topic, int32_t index,
                                  error_code& err) {
    auto p = env.replicas.get({topic, index});
    if (!p) {
        err = env.topics.partition_exists(topic, index) ? error_code::not_leader_or_follower
                                                        : error_code::unknown_topic_or_partition;
    }
    return p;
}

}  // namespace

protocol::list_offsets_response handle_list_offsets(const protocol::list_offsets_request& req, int16_t version,
                                                    const list_offsets_env& env) {
    lresp resp;
    const bool is_client = req.replica_id == kConsumerReplicaId;
    const bool fetch_only_leader = req.replica_id != kDebuggingReplicaId;
    std::optional<isolation_level> isolation;
    if (is_client) {
        isolation = req.isolation_level == 1 ? isolation_level::read_committed : isolation_level::read_uncommitted;
    }
    std::set<std::pair<std::string, int32_t>> seen, duplicates;
    for (const auto& t : req.topics)
        for (const auto& p : t.partitions)
            if (!seen.insert({t.name, p.partition_index}).second) duplicates.insert({t.name, p.partition_index});

    for (const auto& t : req.topics) {
        lresp::list_offsets_topic_response tr;
        tr.name = t.name;
        for (const auto& rp : t.partitions) {
            error_code err = error_code::none;
            if (version == 0) {
                lresp::list_offsets_partition_response r;
                r.partition_index = rp.partition_index;
                auto p = hosted(env, t.name, rp.partition_index, err);
                if (p) {
                    auto offsets = p->legacy_fetch_offsets_before(rp.timestamp, rp.max_num_offsets, is_client,
                                                                  fetch_only_leader);
                    err = offsets.error.code;
                    if (offsets.error.ok()) r.old_style_offsets = std::move(offsets.offsets);
                }
                r.error_code = int16_t(err);
                tr.partitions.push_back(std::move(r));
                continue;
            }
            if (duplicates.count({t.name, rp.partition_index})) {
                tr.partitions.push_back(error_partition(rp.partition_index, error_code::invalid_request));
                continue;
            }
            auto p = hosted(env, t.name, rp.partition_index, err);
            if (!p) {
                tr.partitions.push_back(error_partition(rp.partition_index, err));
                continue;
            }
            std::optional<int32_t> current_epoch;
            if (rp.current_leader_epoch != -1) current_epoch = rp.current_leader_epoch;
            auto found = p->fetch_offset_for_timestamp(rp.timestamp, isolation, current_epoch, fetch_only_leader);
            if (!found.error.ok()) {
                error_code c = found.error.code;
                if (c == error_code::offset_not_available && version < 5) c = error_code::leader_not_available;
                tr.partitions.push_back(error_partition(rp.partition_index, c));
                continue;
            }
            lresp::list_offsets_partition_response r = error_partition(rp.partition_index, error_code::none);
            if (found.found) {
                r.timestamp = found.found->timestamp;
                r.offset = found.found->offset;
                if (version >= 4) r.leader_epoch = found.found->leader_epoch;
            }
            tr.partitions.push_back(std::move(r));
        }
        resp.topics.push_back(std::move(tr));
    }
    return resp;
}

}  // namespace odradek::broker
