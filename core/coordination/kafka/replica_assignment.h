#pragma once
// Where a topic's replicas go, and what Kafka refuses in a replica assignment
// (Kafka 3.7: AdminUtils.assignReplicasToBrokers, AdminZkClient's
// validateTopicCreate / createNewPartitionsAssignment, ZkAdminManager's
// createPartitions and TopicCommand's --replica-assignment parser). Errors are
// errc values whose detail is Kafka's exact message.
//
// Pure functions: no ZooKeeper. Randomness comes from the caller's
// random_source so tests can fix the start index and replica shift.
//
// Collections Kafka prints (a HashSet, a Scala Map) are printed here in
// ascending order, which is the order Java and Scala use for small
// non-negative broker and partition ids.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "coordination/kafka/zk_data.h"

namespace odradek::coordination::kafka {

// Partition id -> replica broker ids (first = preferred leader).
using assignment_map = std::map<int32_t, std::vector<int32_t>>;

// BrokerMetadata: a broker id and its rack, if any.
struct broker_metadata {
    int32_t id = 0;
    std::optional<std::string> rack;
    friend bool operator==(const broker_metadata&, const broker_metadata&) = default;
};

// Returns a uniformly random value in [0, bound) (Random.nextInt(bound)).
using random_source = std::function<int32_t(int32_t bound)>;
random_source default_random_source();

// AdminUtils.assignReplicasToBrokers. `brokers` in the order Kafka passes them
// (sorted by id). Rack-unaware when no broker has a rack, rack-aware when
// every broker has one; a mix is errc::admin_operation ("Not all brokers have
// rack information for replica rack aware assignment."). The first replica of
// each partition goes round-robin from a start index, the others follow with
// an increasing shift; both come from `random` unless fixed_start_index >= 0
// (which then fixes both). start_partition_id > 0 continues an existing
// topic's numbering (adding partitions).
// Errors: errc::invalid_partitions "Number of partitions must be larger than 0.",
// errc::invalid_replication_factor "Replication factor must be larger than 0."
// and "Replication factor: 3 larger than available brokers: 1.".
result<assignment_map> assign_replicas_to_brokers(std::span<const broker_metadata> brokers, int32_t partitions,
                                                  int32_t replication_factor, const random_source& random,
                                                  int32_t fixed_start_index = -1, int32_t start_partition_id = -1);

// AdminUtils.getRackAlternatedBrokerList: brokers alternated by rack (racks in
// name order, brokers of a rack in id order): {0:r1,1:r3,2:r3,3:r2,4:r2,5:r1}
// gives 0, 3, 1, 5, 4, 2.
std::vector<int32_t> rack_alternated_broker_list(const std::map<int32_t, std::string>& broker_racks);

// AdminZkClient.getBrokerMetadatas: the brokers to assign over, sorted by id,
// with racks dropped (disabled, or safe and some broker lacks one). enforced
// with some but not all racks is errc::admin_operation ("Not all brokers have
// rack information. Add --disable-rack-aware in command line to make replica
// assignment without rack information.").
enum class rack_aware_mode { disabled, enforced, safe };
result<std::vector<broker_metadata>> broker_metadatas(std::vector<broker_metadata> brokers,
                                                      rack_aware_mode mode = rack_aware_mode::enforced);

// TopicCommand.parseReplicaAssignment: "0:1,1:2" -> {0:[0,1], 1:[1,2]}, each
// comma-separated group a partition in order, as Java's String.split does it.
// Errors: errc::number_format ("For input string: \"x\""),
// errc::admin_command_failed ("Partition replica lists may not contain
// duplicate entries: 1"), errc::admin_operation ("Partition 1 has different
// replication factor: [1, 2, 3]").
result<assignment_map> parse_replica_assignment(std::string_view text);

// The assignment checks of AdminZkClient.validateTopicCreate (CreateTopics in
// ZooKeeper mode), errc::invalid_replica_assignment with "All partitions should
// have the same number of replicas", "Duplicate replica assignment found:
// HashMap(0 -> ArrayBuffer(1, 1))" or "partitions should be a consecutive
// 0-based integer sequence". Unknown brokers are not checked here (nor by Kafka).
status validate_topic_create_assignment(const assignment_map& assignment);

// AdminZkClient.validateReplicaAssignment (manual assignment of new
// partitions): empty lists, duplicates (invalid_replica_assignment), unknown
// brokers (broker_not_available) and a replication factor other than
// partition 0's (invalid_replica_assignment), with Kafka's messages.
status validate_replica_assignment(const assignment_map& assignment, int32_t expected_replication_factor,
                                   const std::set<int32_t>& available_brokers);

// AdminZkClient.createNewPartitionsAssignment: the assignment of the
// partitions to add to reach `num_partitions` (validated `manual` if given,
// else assign_replicas_to_brokers continuing from the existing numbering with
// the start index at partition 0's first replica).
result<assignment_map> create_new_partitions_assignment(std::string_view topic,
                                                        const std::map<int32_t, replica_assignment>& existing,
                                                        std::span<const broker_metadata> brokers,
                                                        int32_t num_partitions,
                                                        const std::optional<assignment_map>& manual,
                                                        const random_source& random);

// ZkAdminManager.createPartitions' checks and assignment for one topic:
// reassignment in progress, unknown topic ("The topic 't' does not exist."),
// a decrease ("Topic currently has 3 partitions, which is higher than the
// requested 2.") or no change ("Topic already has 3 partitions."), unknown
// brokers and the number of manual assignments, then
// create_new_partitions_assignment. `manual` lists the new partitions'
// replicas in order. Returns the new partitions' assignment.
result<assignment_map> plan_create_partitions(std::string_view topic,
                                              const std::map<int32_t, replica_assignment>& existing,
                                              std::span<const broker_metadata> brokers, int32_t new_count,
                                              const std::optional<std::vector<std::vector<int32_t>>>& manual,
                                              const random_source& random);

// Java's List.toString for ints: "[1, 2, 3]".
std::string java_list_string(std::span<const int32_t> ids);

}  // namespace odradek::coordination::kafka
