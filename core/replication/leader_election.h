#pragma once
// The ZooKeeper-mode controller's leader elections (Kafka 3.7:
// kafka.controller.Election and PartitionStateMachine's
// PartitionLeaderElectionAlgorithms) as pure functions over broker ids.
//
// The caller (the controller) gathers, for one partition, its assignment
// (/brokers/topics/<t>), its ISR (the partition state znode) and which brokers
// count as live, and writes back what an election returns; nothing here reads
// ZooKeeper, a clock or any state. "Live" is Kafka's
// ControllerContext.isReplicaOnline: a registered broker whose log directory
// for the partition is not offline. Order matters everywhere: assignment
// order is preference order, and an ISR keeps its order when filtered.
//
// Every election returns std::nullopt when no replica qualifies; the caller
// then leaves the partition as it is (Kafka's "Failed to elect leader for
// partition ... under strategy ...").

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/types.h"

namespace odradek::replication {

// A list of brokers: an assignment, an ISR, the live brokers.
using broker_ids = std::span<const broker_id>;

// Kafka's LeaderRecoveryState (KIP-704): the int8 in the state znode and in
// LeaderAndIsr v6+ / AlterPartition v1+.
enum class leader_recovery_state : int8_t {
    recovered = 0,
    recovering = 1,  // the leader came from outside the ISR (unclean election)
};

// What one election decided.
struct election_result {
    broker_id leader;
    std::vector<broker_id> isr;
    // The leader was not in the ISR: records the old ISR acknowledged may be
    // lost. Kafka counts these (UncleanLeaderElectionsPerSec) and marks the
    // partition RECOVERING.
    bool unclean = false;

    bool operator==(const election_result&) const = default;
};

// Leader and ISR as the controller stores them (Kafka's kafka.api.LeaderAndIsr).
struct leader_and_isr {
    broker_id leader{-1};  // -1: no leader
    leader_epoch epoch{0};
    std::vector<broker_id> isr;
    leader_recovery_state recovery = leader_recovery_state::recovered;
    // The state znode's zkVersion in ZooKeeper mode; the conditional write
    // that stores a new state moves it on, not the election.
    int32_t partition_epoch = 0;

    bool operator==(const leader_and_isr&) const = default;
};

// A new partition's first leader (Kafka's
// PartitionStateMachine.initializeLeaderAndIsrForPartitions): the first live
// replica in assignment order leads and the ISR is every live replica.
// Nothing when no assigned replica is live ("No assigned replica is alive").
std::optional<election_result> elect_new_partition_leader(broker_ids assignment, broker_ids live);

// OfflinePartitionLeaderElectionStrategy (Kafka's
// PartitionLeaderElectionAlgorithms.offlinePartitionLeaderElection and
// Election.leaderForOffline): the first replica in assignment order that is
// live and in the ISR leads, and the ISR keeps only its live members. When no
// live replica is in the ISR and unclean.leader.election.enable is true, the
// first live replica leads alone (ISR = {leader}) and the result is unclean.
std::optional<election_result> elect_offline_partition_leader(broker_ids assignment, broker_ids isr,
                                                              broker_ids live, bool unclean_leader_election_enable);

// ReassignPartitionLeaderElectionStrategy (Kafka's
// reassignPartitionLeaderElection and Election.leaderForReassign): the first
// of the reassignment's target replicas (the replicas without the ones being
// removed) that is live and in the ISR; the ISR is unchanged.
std::optional<election_result> elect_reassign_partition_leader(broker_ids target_replicas, broker_ids isr,
                                                               broker_ids live);

// PreferredReplicaPartitionLeaderElectionStrategy (Kafka's
// preferredReplicaPartitionLeaderElection and
// Election.leaderForPreferredReplica): the first assigned replica, only if it
// is live and in the ISR; the ISR is unchanged. Whether an election is needed
// at all (the preferred replica already leads) is the caller's question.
std::optional<election_result> elect_preferred_replica_leader(broker_ids assignment, broker_ids isr,
                                                              broker_ids live);

// ControlledShutdownPartitionLeaderElectionStrategy (Kafka's
// controlledShutdownPartitionLeaderElection and
// Election.leaderForControlledShutdown): the first replica in assignment order
// that is live (brokers shutting down count as live), in the ISR and not
// shutting down; the new ISR is the old one without the shutting-down brokers.
std::optional<election_result> elect_controlled_shutdown_leader(broker_ids assignment, broker_ids isr,
                                                                broker_ids live_or_shutting_down,
                                                                broker_ids shutting_down);

// The state an election leads to (Kafka's LeaderAndIsr.newLeaderAndIsr, or
// newRecoveringLeaderAndIsr for an unclean result when leader recovery is
// supported, inter.broker.protocol.version 3.2+): the new leader and ISR, the
// leader epoch one higher, the recovery state kept otherwise, the partition
// epoch unchanged.
leader_and_isr after_election(const leader_and_isr& current, const election_result& r,
                              bool leader_recovery_supported);

// A new partition's first state (Kafka's LeaderAndIsr(leader, isr)): leader
// epoch 0, partition epoch 0, recovered.
leader_and_isr initial_leader_and_isr(const election_result& r);

}  // namespace odradek::replication
