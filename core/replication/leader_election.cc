#include "replication/leader_election.h"

#include <algorithm>

namespace odradek::replication {

namespace {

// Replica lists are a handful of brokers: a linear scan beats building a set.
bool contains(broker_ids ids, broker_id id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

template <typename Pred>
std::optional<broker_id> first_where(broker_ids ids, Pred pred) {
    auto it = std::find_if(ids.begin(), ids.end(), pred);
    if (it == ids.end()) return std::nullopt;
    return *it;
}

std::vector<broker_id> only_in(broker_ids ids, broker_ids keep) {
    std::vector<broker_id> out;
    for (broker_id id : ids)
        if (contains(keep, id)) out.push_back(id);
    return out;
}

}  // namespace

std::optional<election_result> elect_new_partition_leader(broker_ids assignment, broker_ids live) {
    std::vector<broker_id> live_replicas = only_in(assignment, live);
    if (live_replicas.empty()) return std::nullopt;
    broker_id leader = live_replicas.front();
    return election_result{leader, std::move(live_replicas), false};
}

std::optional<election_result> elect_offline_partition_leader(broker_ids assignment, broker_ids isr,
                                                              broker_ids live, bool unclean_leader_election_enable) {
    auto clean = first_where(assignment, [&](broker_id id) { return contains(live, id) && contains(isr, id); });
    if (clean) return election_result{*clean, only_in(isr, live), false};
    if (!unclean_leader_election_enable) return std::nullopt;
    auto unclean = first_where(assignment, [&](broker_id id) { return contains(live, id); });
    if (!unclean) return std::nullopt;
    return election_result{*unclean, {*unclean}, true};
}

std::optional<election_result> elect_reassign_partition_leader(broker_ids target_replicas, broker_ids isr,
                                                               broker_ids live) {
    auto leader = first_where(target_replicas, [&](broker_id id) { return contains(live, id) && contains(isr, id); });
    if (!leader) return std::nullopt;
    return election_result{*leader, {isr.begin(), isr.end()}, false};
}

std::optional<election_result> elect_preferred_replica_leader(broker_ids assignment, broker_ids isr,
                                                              broker_ids live) {
    if (assignment.empty()) return std::nullopt;
    broker_id preferred = assignment.front();
    if (!contains(live, preferred) || !contains(isr, preferred)) return std::nullopt;
    return election_result{preferred, {isr.begin(), isr.end()}, false};
}

std::optional<election_result> elect_controlled_shutdown_leader(broker_ids assignment, broker_ids isr,
                                                                broker_ids live_or_shutting_down,
                                                                broker_ids shutting_down) {
    auto leader = first_where(assignment, [&](broker_id id) {
        return contains(live_or_shutting_down, id) && contains(isr, id) && !contains(shutting_down, id);
    });
    if (!leader) return std::nullopt;
    std::vector<broker_id> new_isr;
    for (broker_id id : isr)
        if (!contains(shutting_down, id)) new_isr.push_back(id);
    return election_result{*leader, std::move(new_isr), false};
}

leader_and_isr after_election(const leader_and_isr& current, const election_result& r,
                              bool leader_recovery_supported) {
    leader_and_isr next = current;
    next.leader = r.leader;
    next.epoch = current.epoch + 1;
    next.isr = r.isr;
    if (r.unclean && leader_recovery_supported) next.recovery = leader_recovery_state::recovering;
    return next;
}

leader_and_isr initial_leader_and_isr(const election_result& r) {
    leader_and_isr s;
    s.leader = r.leader;
    s.epoch = leader_epoch(0);
    s.isr = r.isr;
    return s;
}

}  // namespace odradek::replication
