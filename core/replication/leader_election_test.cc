#include "replication/leader_election.h"

#include <doctest/doctest.h>

#include <initializer_list>

using namespace odradek;
using namespace odradek::replication;

namespace {

std::vector<broker_id> ids(std::initializer_list<int32_t> v) {
    std::vector<broker_id> out;
    for (int32_t x : v) out.emplace_back(x);
    return out;
}

election_result result(int32_t leader, std::initializer_list<int32_t> isr, bool unclean = false) {
    return election_result{broker_id(leader), ids(isr), unclean};
}

}  // namespace

TEST_CASE("new partition: the first live replica leads, the live replicas are the ISR") {
    CHECK(elect_new_partition_leader(ids({3, 1, 2}), ids({1, 2, 3})) == result(3, {3, 1, 2}));
    // Assignment order, not the order of the live list.
    CHECK(elect_new_partition_leader(ids({3, 1, 2}), ids({2, 1})) == result(1, {1, 2}));
    CHECK_FALSE(elect_new_partition_leader(ids({3, 1}), ids({2, 4})));
    CHECK_FALSE(elect_new_partition_leader(ids({}), ids({1})));
}

TEST_CASE("offline partition: first live in-sync replica in assignment order") {
    // Leader 1 died; 2 and 3 are in sync: assignment order picks 3 before 2.
    CHECK(elect_offline_partition_leader(ids({1, 3, 2}), ids({2, 1, 3}), ids({2, 3}), false) ==
          result(3, {2, 3}));
    // The ISR keeps its own order and drops only the dead members.
    CHECK(elect_offline_partition_leader(ids({1, 2, 3}), ids({3, 1, 2}), ids({2, 3}), false) ==
          result(2, {3, 2}));
    // A live replica outside the ISR is passed over while an in-sync one lives.
    CHECK(elect_offline_partition_leader(ids({1, 2, 3}), ids({1, 3}), ids({2, 3}), true) ==
          result(3, {3}));
}

TEST_CASE("offline partition: no live in-sync replica") {
    // Only out-of-sync replicas live: no leader without unclean election.
    CHECK_FALSE(elect_offline_partition_leader(ids({1, 2, 3}), ids({1}), ids({3, 2}), false));
    // With unclean.leader.election.enable the first live replica in
    // assignment order leads alone, reported as unclean.
    CHECK(elect_offline_partition_leader(ids({1, 2, 3}), ids({1}), ids({3, 2}), true) ==
          result(2, {2}, true));
    // Nothing live at all: nothing to elect, clean or not.
    CHECK_FALSE(elect_offline_partition_leader(ids({1, 2}), ids({1, 2}), ids({4}), true));
    // An empty ISR (every member dropped) behaves the same way.
    CHECK_FALSE(elect_offline_partition_leader(ids({1, 2}), ids({}), ids({1, 2}), false));
    CHECK(elect_offline_partition_leader(ids({1, 2}), ids({}), ids({2, 1}), true) == result(1, {1}, true));
}

TEST_CASE("reassignment: first live in-sync target replica; the ISR is unchanged") {
    // Moving from {1,2,3} to {4,5,6}: targets 4 and 5 caught up and live.
    CHECK(elect_reassign_partition_leader(ids({5, 4, 6}), ids({1, 2, 3, 4, 5}), ids({1, 2, 3, 4, 5, 6})) ==
          result(5, {1, 2, 3, 4, 5}));
    // 5 is dead: 4 next, the dead member stays in the ISR (the ISR is not ours to shrink here).
    CHECK(elect_reassign_partition_leader(ids({5, 4, 6}), ids({1, 4, 5}), ids({1, 4, 6})) ==
          result(4, {1, 4, 5}));
    // Only the old replicas are in sync: no target can lead yet.
    CHECK_FALSE(elect_reassign_partition_leader(ids({4, 5}), ids({1, 2}), ids({1, 2, 4, 5})));
}

TEST_CASE("preferred replica: only the first assigned replica, when live and in sync") {
    CHECK(elect_preferred_replica_leader(ids({2, 1, 3}), ids({1, 3, 2}), ids({1, 2, 3})) == result(2, {1, 3, 2}));
    // The preferred replica is out of sync: no election, even though 1 could lead.
    CHECK_FALSE(elect_preferred_replica_leader(ids({2, 1, 3}), ids({1, 3}), ids({1, 2, 3})));
    // The preferred replica is down.
    CHECK_FALSE(elect_preferred_replica_leader(ids({2, 1, 3}), ids({1, 2, 3}), ids({1, 3})));
    CHECK_FALSE(elect_preferred_replica_leader(ids({}), ids({1}), ids({1})));
}

TEST_CASE("controlled shutdown: skip shutting-down brokers; the new ISR drops them") {
    // Broker 1 leads and is shutting down (still live); 2 and 3 are in sync.
    CHECK(elect_controlled_shutdown_leader(ids({1, 2, 3}), ids({1, 2, 3}), ids({1, 2, 3}), ids({1})) ==
          result(2, {2, 3}));
    // Two brokers shutting down; a live broker outside the ISR cannot lead.
    CHECK(elect_controlled_shutdown_leader(ids({1, 2, 3, 4}), ids({1, 2, 4}), ids({1, 2, 3, 4}), ids({1, 2})) ==
          result(4, {4}));
    // The only other in-sync replica is dead: no leader.
    CHECK_FALSE(elect_controlled_shutdown_leader(ids({1, 2, 3}), ids({1, 2}), ids({1, 3}), ids({1})));
    // Everyone in sync is shutting down.
    CHECK_FALSE(elect_controlled_shutdown_leader(ids({1, 2}), ids({1, 2}), ids({1, 2}), ids({1, 2})));
}

TEST_CASE("the state after an election: epoch + 1, recovery only for unclean results") {
    leader_and_isr current;
    current.leader = broker_id(1);
    current.epoch = leader_epoch(7);
    current.isr = ids({1, 2});
    current.partition_epoch = 12;

    leader_and_isr clean = after_election(current, result(2, {2}), true);
    CHECK(clean.leader == broker_id(2));
    CHECK(clean.epoch == leader_epoch(8));
    CHECK(clean.isr == ids({2}));
    CHECK(clean.recovery == leader_recovery_state::recovered);
    CHECK(clean.partition_epoch == 12);

    CHECK(after_election(current, result(3, {3}, true), true).recovery == leader_recovery_state::recovering);
    // Before inter.broker.protocol.version 3.2 there is no recovery state to set.
    CHECK(after_election(current, result(3, {3}, true), false).recovery == leader_recovery_state::recovered);
    // A clean election keeps a recovery still in progress.
    current.recovery = leader_recovery_state::recovering;
    CHECK(after_election(current, result(2, {2}), true).recovery == leader_recovery_state::recovering);

    leader_and_isr first = initial_leader_and_isr(result(3, {3, 1}));
    CHECK(first.leader == broker_id(3));
    CHECK(first.epoch == leader_epoch(0));
    CHECK(first.isr == ids({3, 1}));
    CHECK(first.recovery == leader_recovery_state::recovered);
    CHECK(first.partition_epoch == 0);
}
