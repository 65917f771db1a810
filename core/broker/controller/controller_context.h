#pragma once
// controller_context: everything the ZooKeeper-mode controller knows about the
// cluster (Kafka 3.7 ControllerContext): live brokers with their epochs, topics
// with ids and replica assignments, each partition's leadership as last written
// to ZooKeeper, and the two state machines' states. It is a cache of
// ZooKeeper plus the controller's own bookkeeping; it does no I/O.
//
// Threading: owned by the controller's event thread; nothing else touches it.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "coordination/kafka/uuid.h"
#include "coordination/kafka/zk_data.h"

namespace odradek::broker::controller {

using coordination::kafka::end_point;
using coordination::kafka::partition_state;  // LeaderIsrAndControllerEpoch + partition epoch (zk_version)
using coordination::kafka::replica_assignment;
using coordination::kafka::topic_partition;
using coordination::kafka::uuid;

// LeaderAndIsr sentinels.
inline constexpr int32_t kNoLeader = -1;
inline constexpr int32_t kLeaderDuringDelete = -2;
inline constexpr int32_t kNoEpoch = -1;
inline constexpr int32_t kEpochDuringDelete = -2;

struct live_broker {
    int32_t id = 0;
    std::vector<end_point> endpoints;
    std::optional<std::string> rack;
    int64_t epoch = 0;  // czxid of /brokers/ids/<id>
    friend bool operator==(const live_broker&, const live_broker&) = default;
};

// PartitionState (PartitionStateMachine.scala).
enum class partition_st { new_partition, online, offline, non_existent };
// ReplicaState (ReplicaStateMachine.scala).
enum class replica_st {
    new_replica,
    online,
    offline,
    deletion_started,
    deletion_successful,
    deletion_ineligible,
    non_existent,
};
const char* name_of(partition_st s) noexcept;
const char* name_of(replica_st s) noexcept;

struct partition_replica {
    topic_partition tp;
    int32_t replica = 0;
    friend bool operator==(const partition_replica&, const partition_replica&) = default;
    friend auto operator<=>(const partition_replica&, const partition_replica&) = default;
};

// "t-0", as Kafka's TopicPartition.toString (for logs).
std::string to_string(const topic_partition& tp);

class controller_context {
public:
    // ------------------------------------------------------------ brokers --
    std::map<int32_t, live_broker> live_brokers;  // registered (incl. shutting down)
    std::set<int32_t> shutting_down;

    // liveBrokerIds: registered and not shutting down.
    std::set<int32_t> live_broker_ids() const;
    std::set<int32_t> live_or_shutting_down_ids() const;
    bool is_live_or_shutting_down(int32_t id) const { return live_brokers.contains(id); }
    // isReplicaOnline (offline log dirs are not tracked: a live broker's replica is online).
    bool is_replica_online(int32_t broker, bool include_shutting_down = false) const;
    std::optional<int64_t> broker_epoch(int32_t id) const;

    // ------------------------------------------------------------- topics --
    std::map<std::string, std::optional<uuid>> topic_ids;                  // every known topic
    std::map<std::string, std::map<int32_t, replica_assignment>> assignments;
    std::map<topic_partition, partition_state> leadership;                 // last state read or written
    std::set<topic_partition> partitions_being_reassigned;

    bool has_topic(const std::string& t) const { return topic_ids.contains(t); }
    // The full assignment; empty when unknown.
    replica_assignment assignment(const topic_partition& tp) const;
    // partitionReplicaAssignment: the replicas (incl. adding ones) in order.
    std::vector<int32_t> replicas(const topic_partition& tp) const { return assignment(tp).replicas; }
    void set_assignment(const topic_partition& tp, replica_assignment a);
    std::vector<topic_partition> all_partitions() const;
    std::vector<topic_partition> partitions_for_topic(const std::string& t) const;
    std::vector<topic_partition> partitions_on_broker(int32_t id) const;
    std::vector<partition_replica> replicas_on_brokers(const std::set<int32_t>& ids) const;
    std::vector<partition_replica> replicas_for_partitions(const std::vector<topic_partition>& tps) const;
    std::vector<partition_replica> replicas_for_topic(const std::string& t) const;
    // Partitions whose leader is not online (or is -1), not queued for deletion.
    std::vector<topic_partition> partitions_with_offline_leader() const;
    std::vector<topic_partition> partition_leaders_on_broker(int32_t id) const;
    // Partitions with leadership information (partitionsWithLeaders).
    std::vector<topic_partition> partitions_with_leaders() const;
    // Forgets a deleted topic entirely.
    void remove_topic(const std::string& t);

    // ----------------------------------------------------- state machines --
    std::map<topic_partition, partition_st> partition_states;
    std::map<partition_replica, replica_st> replica_states;
    partition_st partition_state_of(const topic_partition& tp) const;
    replica_st replica_state_of(const partition_replica& r) const;
    std::vector<topic_partition> partitions_in_states(std::initializer_list<partition_st> states) const;

    // ----------------------------------------------------------- deletion --
    std::set<std::string> topics_to_be_deleted;
    std::set<std::string> topics_ineligible_for_deletion;
    std::set<std::string> topics_with_deletion_started;
    bool queued_for_deletion(const std::string& t) const { return topics_to_be_deleted.contains(t); }
    // leaderEpoch(): -2 for a topic queued for deletion, -1 without leadership.
    int32_t leader_epoch(const topic_partition& tp) const;

    // --------------------------------------------------------- controller --
    int32_t epoch = 0;             // /controller_epoch
    int32_t epoch_zk_version = 0;  // its znode version, for fencing writes

    // Everything but the epoch, as after resignation.
    void reset();
};

}  // namespace odradek::broker::controller
