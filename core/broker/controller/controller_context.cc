#include "broker/controller/controller_context.h"

#include <algorithm>

namespace odradek::broker::controller {

const char* name_of(partition_st s) noexcept {
    switch (s) {
        case partition_st::new_partition: return "NewPartition";
        case partition_st::online: return "OnlinePartition";
        case partition_st::offline: return "OfflinePartition";
        case partition_st::non_existent: return "NonExistentPartition";
    }
    return "?";
}

const char* name_of(replica_st s) noexcept {
    switch (s) {
        case replica_st::new_replica: return "NewReplica";
        case replica_st::online: return "OnlineReplica";
        case replica_st::offline: return "OfflineReplica";
        case replica_st::deletion_started: return "ReplicaDeletionStarted";
        case replica_st::deletion_successful: return "ReplicaDeletionSuccessful";
        case replica_st::deletion_ineligible: return "ReplicaDeletionIneligible";
        case replica_st::non_existent: return "NonExistentReplica";
    }
    return "?";
}

std::string to_string(const topic_partition& tp) { return tp.topic + "-" + std::to_string(tp.partition); }

std::set<int32_t> controller_context::live_broker_ids() const {
    std::set<int32_t> ids;
    for (const auto& [id, b] : live_brokers)
        if (!shutting_down.contains(id)) ids.insert(id);
    return ids;
}

std::set<int32_t> controller_context::live_or_shutting_down_ids() const {
    std::set<int32_t> ids;
    for (const auto& [id, b] : live_brokers) ids.insert(id);
    return ids;
}

bool controller_context::is_replica_online(int32_t broker, bool include_shutting_down) const {
    if (!live_brokers.contains(broker)) return false;
    return include_shutting_down || !shutting_down.contains(broker);
}

std::optional<int64_t> controller_context::broker_epoch(int32_t id) const {
    auto it = live_brokers.find(id);
    if (it == live_brokers.end()) return std::nullopt;
    return it->second.epoch;
}

replica_assignment controller_context::assignment(const topic_partition& tp) const {
    auto t = assignments.find(tp.topic);
    if (t == assignments.end()) return {};
    auto p = t->second.find(tp.partition);
    return p == t->second.end() ? replica_assignment{} : p->second;
}

void controller_context::set_assignment(const topic_partition& tp, replica_assignment a) {
    if (!topic_ids.contains(tp.topic)) topic_ids[tp.topic] = std::nullopt;
    assignments[tp.topic][tp.partition] = std::move(a);
}

std::vector<topic_partition> controller_context::all_partitions() const {
    std::vector<topic_partition> out;
    for (const auto& [t, parts] : assignments)
        for (const auto& [p, a] : parts) out.push_back({t, p});
    return out;
}

std::vector<topic_partition> controller_context::partitions_for_topic(const std::string& t) const {
    std::vector<topic_partition> out;
    auto it = assignments.find(t);
    if (it == assignments.end()) return out;
    for (const auto& [p, a] : it->second) out.push_back({t, p});
    return out;
}

std::vector<topic_partition> controller_context::partitions_on_broker(int32_t id) const {
    std::vector<topic_partition> out;
    for (const auto& [t, parts] : assignments)
        for (const auto& [p, a] : parts)
            if (std::ranges::find(a.replicas, id) != a.replicas.end()) out.push_back({t, p});
    return out;
}

std::vector<partition_replica> controller_context::replicas_on_brokers(const std::set<int32_t>& ids) const {
    std::vector<partition_replica> out;
    for (const auto& [t, parts] : assignments)
        for (const auto& [p, a] : parts)
            for (int32_t r : a.replicas)
                if (ids.contains(r)) out.push_back({{t, p}, r});
    return out;
}

std::vector<partition_replica> controller_context::replicas_for_partitions(
    const std::vector<topic_partition>& tps) const {
    std::vector<partition_replica> out;
    for (const auto& tp : tps)
        for (int32_t r : replicas(tp)) out.push_back({tp, r});
    return out;
}

std::vector<partition_replica> controller_context::replicas_for_topic(const std::string& t) const {
    return replicas_for_partitions(partitions_for_topic(t));
}

std::vector<topic_partition> controller_context::partitions_with_offline_leader() const {
    std::vector<topic_partition> out;
    for (const auto& [tp, st] : leadership) {
        if (queued_for_deletion(tp.topic) || !assignments.contains(tp.topic)) continue;
        if (!is_replica_online(st.leader)) out.push_back(tp);
    }
    return out;
}

std::vector<topic_partition> controller_context::partition_leaders_on_broker(int32_t id) const {
    std::vector<topic_partition> out;
    for (const auto& [tp, st] : leadership)
        if (st.leader == id && assignments.contains(tp.topic)) out.push_back(tp);
    return out;
}

std::vector<topic_partition> controller_context::partitions_with_leaders() const {
    std::vector<topic_partition> out;
    for (const auto& [tp, st] : leadership)
        if (assignments.contains(tp.topic)) out.push_back(tp);
    return out;
}

void controller_context::remove_topic(const std::string& t) {
    for (const auto& tp : partitions_for_topic(t)) {
        leadership.erase(tp);
        partition_states.erase(tp);
        partitions_being_reassigned.erase(tp);
    }
    std::erase_if(replica_states, [&](const auto& kv) { return kv.first.tp.topic == t; });
    assignments.erase(t);
    topic_ids.erase(t);
    topics_to_be_deleted.erase(t);
    topics_ineligible_for_deletion.erase(t);
    topics_with_deletion_started.erase(t);
}

partition_st controller_context::partition_state_of(const topic_partition& tp) const {
    auto it = partition_states.find(tp);
    return it == partition_states.end() ? partition_st::non_existent : it->second;
}

replica_st controller_context::replica_state_of(const partition_replica& r) const {
    auto it = replica_states.find(r);
    return it == replica_states.end() ? replica_st::non_existent : it->second;
}

std::vector<topic_partition> controller_context::partitions_in_states(
    std::initializer_list<partition_st> states) const {
    std::vector<topic_partition> out;
    for (const auto& [tp, st] : partition_states)
        if (std::ranges::find(states, st) != states.end()) out.push_back(tp);
    return out;
}

int32_t controller_context::leader_epoch(const topic_partition& tp) const {
    if (queued_for_deletion(tp.topic)) return kEpochDuringDelete;
    auto it = leadership.find(tp);
    return it == leadership.end() ? kNoEpoch : it->second.leader_epoch;
}

void controller_context::reset() {
    live_brokers.clear();
    shutting_down.clear();
    topic_ids.clear();
    assignments.clear();
    leadership.clear();
    partitions_being_reassigned.clear();
    partition_states.clear();
    replica_states.clear();
    topics_to_be_deleted.clear();
    topics_ineligible_for_deletion.clear();
    topics_with_deletion_started.clear();
}

}  // namespace odradek::broker::controller
