#pragma once
// Kafka's KafkaZkClient (and the ZooKeeper half of AdminZkClient) on top of our
// blocking ZooKeeper client: every read and write of cluster metadata a
// ZooKeeper-mode broker, its controller and the admin paths make, with Kafka's
// create modes, version checks and failure handling. Layouts are in
// zk_paths.h, contents in zk_data.h.
//
// Errors are result<> values: ZooKeeper errors pass through as zk_category()
// errors naming the path (coordination/client/zk_errc.h); Kafka's own
// failures are errc values whose detail is Kafka's message (errc.h). A read of
// a missing znode is not an error: it gives nullopt / empty, as Kafka's do.
//
// Controller fencing: functions taking `expected_controller_epoch_zk_version`
// wrap their write in a multi that first checks /controller_epoch's version
// (KafkaZkClient.wrapRequestWithControllerEpochCheck); a failed check is
// errc::controller_moved ("Controller epoch zkVersion check fails. Expected
// zkVersion = N"). -1 (the default) writes without the check.
//
// ConnectionLoss: like Kafka's retryRequestUntilConnected, a request that
// fails with ConnectionLoss is sent again once the session is connected again
// (for up to options.connection_wait per attempt); an expired session fails.
//
// Threading: the client holds no lock; calls may come from any thread but the
// ZooKeeper client's own (see sync_client.h). Watches are one-shot ZooKeeper
// watches (`watch_with`: nullopt none, {} the default watcher, or a function
// called once on the client's thread).
//
// Not done: ACLs are always world:anyone (zookeeper.set.acl=false), the
// KAFKA-7165 re-creation of an ephemeral node left by our own expired session,
// delegation tokens, ACL znodes, KRaft migration.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/logger.h>

#include "base/result.h"
#include "coordination/client/sync_client.h"
#include "coordination/kafka/replica_assignment.h"
#include "coordination/kafka/zk_data.h"
#include "coordination/kafka/zk_paths.h"

namespace odradek::coordination::kafka {

// KafkaController.InitialControllerEpoch / ...ZkVersion.
inline constexpr int32_t kInitialControllerEpoch = 0;
inline constexpr int32_t kInitialControllerEpochZkVersion = 0;
// ZkVersion.MatchAnyVersion.
inline constexpr int32_t kMatchAnyVersion = -1;

// The outcome of an election attempt (KafkaController.elect).
struct election_result {
    bool elected = false;          // this broker is now the controller
    int32_t controller_id = -1;    // the controller after the attempt (-1: none)
    int32_t controller_epoch = 0;  // when elected: the new epoch
    int32_t epoch_zk_version = 0;  // when elected: /controller_epoch's version, for fencing
};

// A config change notification: the sequential znode's name and what it names.
struct config_change {
    std::string name;         // "config_change_0000000003"
    std::string entity_path;  // "topics/foo", "brokers/<default>", "users/alice/clients/app"
};

struct kafka_zk_options {
    // Kafka's log lines (INFO "Registered broker 0 at path ...", ERROR on
    // a conflicting ephemeral node, ...); none when null.
    std::shared_ptr<spdlog::logger> logger;
    // Milliseconds since the epoch, for registration timestamps.
    std::function<int64_t()> now_ms;
    // How long one ConnectionLoss retry waits for the session to reconnect
    // (zookeeper.connection.timeout.ms).
    std::chrono::milliseconds connection_wait{18000};
};

class kafka_zk_client {
public:
    using options = kafka_zk_options;

    // `zk` must outlive this object and be connected (or connecting).
    explicit kafka_zk_client(sync_client& zk, options opts = {});

    sync_client& zk() noexcept { return zk_; }

    // ------------------------------------------------------------ generic --
    // createRecursive: creates `path` (persistent) and any missing parents
    // (with null data). With throw_if_exists, an existing `path` is NodeExists.
    status create_recursive(const std::string& path, const byte_buffer* data = nullptr, bool throw_if_exists = true);
    // makeSurePersistentPathExists.
    status make_sure_persistent_path_exists(const std::string& path);
    // createTopLevelPaths: every paths::persistent_zk_paths entry.
    status make_persistent_paths();
    // deleteRecursive: deletes `path` and everything under it; false when it
    // did not exist.
    result<bool> delete_recursive(const std::string& path, int32_t expected_controller_epoch_zk_version = -1);
    result<bool> path_exists(const std::string& path);
    // getDataAndStat: nullopt when the node does not exist.
    result<std::optional<node_data>> get_data_and_stat(const std::string& path);
    // getChildren: empty when the node does not exist.
    result<std::vector<std::string>> get_children(const std::string& path, watch_with watch = std::nullopt);

    // --------------------------------------------------------- cluster id --
    result<std::optional<std::string>> get_cluster_id();
    // createOrGetClusterId: writes `proposed` unless /cluster/id exists.
    result<std::string> create_or_get_cluster_id(const std::string& proposed);
    // KafkaServer.getOrGenerateClusterId: the stored id, or a new one from
    // `generate` (random_cluster_id by default).
    result<std::string> get_or_create_cluster_id(const std::function<std::string()>& generate = random_cluster_id);

    // ------------------------------------------------------------ brokers --
    // registerBroker: creates /brokers/ids/<id> as an ephemeral node of this
    // session (CheckedEphemeral: one multi of create + setData). The same
    // session registering again succeeds; a node of another session is
    // zk_error::node_exists with no path ("KeeperErrorCode = NodeExists", as
    // Kafka's fatal startup error). Returns the broker epoch (the node's czxid).
    // A zero timestamp_ms is replaced by now.
    result<int64_t> register_broker(broker_registration registration);
    // updateBrokerInfo: rewrites an existing registration.
    status update_broker_info(broker_registration registration);
    // getSortedBrokerList: the registered ids, ascending (a child watch on
    // /brokers/ids if asked).
    result<std::vector<int32_t>> get_broker_ids(watch_with watch = std::nullopt);
    result<std::optional<broker_registration>> get_broker(int32_t id);
    // getAllBrokersInCluster, in id order; also their epochs (czxid) if asked.
    result<std::vector<broker_registration>> get_all_brokers(std::map<int32_t, int64_t>* epochs = nullptr);
    // generateBrokerSequenceId: the next id for broker.id.generation.enable
    // (the caller adds reserved.broker.max.id).
    result<int32_t> generate_broker_sequence_id();

    // --------------------------------------------------------- controller --
    // KafkaController.elect: if nobody is controller, registers `broker_id`
    // and bumps the epoch (registerControllerAndIncrementControllerEpoch).
    // Losing the race is not an error: elected=false with the winner's id.
    result<election_result> try_elect_controller(int32_t broker_id);
    // registerControllerAndIncrementControllerEpoch: one multi creating the
    // ephemeral /controller and setting /controller_epoch to epoch + 1 with a
    // version check (creating /controller_epoch with 0 first if missing).
    // Returns {new epoch, epoch zk version}; errc::controller_moved when another
    // broker won.
    result<std::pair<int32_t, int32_t>> register_controller_and_increment_epoch(int32_t broker_id);
    // getControllerId. With a watch: an exists watch on /controller (fires
    // when it is created, deleted or changed), as the controller's
    // ControllerChangeHandler.
    result<std::optional<int32_t>> get_controller_id(watch_with watch = std::nullopt);
    // getControllerEpoch: {epoch, stat} or nullopt.
    result<std::optional<std::pair<int32_t, zk_stat>>> get_controller_epoch();
    // deleteController (resignation).
    status delete_controller(int32_t expected_controller_epoch_zk_version = -1);

    // ------------------------------------------------------------- topics --
    // getAllTopicsInCluster, sorted (a child watch on /brokers/topics if asked).
    result<std::vector<std::string>> get_all_topics(watch_with watch = std::nullopt);
    result<bool> topic_exists(std::string_view topic);
    // The topic znode (ids, replicas, adding/removing); nullopt if missing.
    result<std::optional<topic_assignment>> get_topic_assignment(std::string_view topic);
    // The ZooKeeper checks of AdminZkClient.validateTopicCreate, after the
    // caller's Topic.validate (config/topic_name.h) and before LogConfig
    // validation: marked for deletion / exists (errc::topic_exists "Topic 't'
    // is marked for deletion." / "Topic 't' already exists."), a collision on
    // '.' vs '_' (errc::invalid_topic "Topic 't' collides with existing topics:
    // a, b"), then validate_topic_create_assignment.
    status validate_topic_create(std::string_view topic, const assignment_map& assignment);
    // AdminZkClient.createTopicWithAssignment: validate_topic_create (when
    // `validate`), the config znode (set or create), then the topic znode
    // (NodeExists: errc::topic_exists "Topic 't' already exists."). A topic id
    // is written when given (usesTopicId; see random_uuid()).
    status create_topic(std::string_view topic, const assignment_map& assignment, const config_map& configs,
                        std::optional<uuid> topic_id, bool validate = true);
    // setTopicAssignment: rewrites the topic znode (adding partitions,
    // reassignment), keeping the given id.
    status set_topic_assignment(std::string_view topic, std::optional<uuid> topic_id,
                                const std::map<int32_t, replica_assignment>& assignment,
                                int32_t expected_controller_epoch_zk_version = -1);
    // AdminZkClient.createPartitionsWithAssignment: existing + new (with the
    // topic's id, unvalidated) written back; returns the combined assignment.
    result<std::map<int32_t, replica_assignment>> add_partitions(
        std::string_view topic, const std::map<int32_t, replica_assignment>& existing,
        const assignment_map& new_partitions);

    // --------------------------------------------------- partition states --
    // getTopicPartitionState (zk_version filled in); nullopt if missing.
    result<std::optional<partition_state>> get_partition_state(std::string_view topic, int32_t partition);
    // The states of every partition under /brokers/topics/<t>/partitions.
    result<std::map<int32_t, partition_state>> get_partition_states(std::string_view topic);
    // createTopicPartitionStatesRaw for one partition: creates .../partitions
    // and .../partitions/<p> if missing, then the state; returns its zk
    // version (0). NodeExists when the state exists.
    result<int32_t> create_partition_state(std::string_view topic, int32_t partition, const partition_state& state,
                                           int32_t expected_controller_epoch_zk_version = -1);
    // updateLeaderAndIsr for one partition: a setData conditional on
    // state.zk_version (zk_error::bad_version when someone else wrote it);
    // returns the new zk version.
    result<int32_t> update_partition_state(std::string_view topic, int32_t partition, const partition_state& state,
                                           int32_t expected_controller_epoch_zk_version = -1);

    // ----------------------------------------------------------- deletion --
    // AdminZkClient.deleteTopic: creates /admin/delete_topics/<t>. Errors:
    // errc::unknown_topic ("Topic `t` to delete does not exist"),
    // errc::topic_already_marked_for_deletion ("topic t is already marked for deletion").
    status mark_topic_for_deletion(std::string_view topic);
    result<bool> is_topic_marked_for_deletion(std::string_view topic);
    // getTopicDeletions (a child watch on /admin/delete_topics if asked).
    result<std::vector<std::string>> get_topics_marked_for_deletion(watch_with watch = std::nullopt);
    // The controller's last step of a deletion: the topic znode (recursively),
    // its config znode, then the marker.
    status delete_topic_znodes(std::string_view topic, int32_t expected_controller_epoch_zk_version = -1);

    // ------------------------------------------------------------ configs --
    // getEntityConfigs: no properties when the node is missing.
    result<config_map> get_entity_config(std::string_view type, std::string_view name);
    // setOrCreateEntityConfigs (no notification).
    status set_or_create_entity_config(std::string_view type, std::string_view name, const config_map& config);
    // AdminZkClient.changeEntityConfig: writes the config (an empty quota
    // entity of clients/users/ips without children is deleted instead) and
    // creates the change notification "<type>/<name>".
    status set_entity_config(std::string_view type, std::string_view name, const config_map& config);
    // createConfigChangeNotification: returns the created path.
    result<std::string> create_config_change_notification(std::string_view entity_path);
    // The notifications under /config/changes in sequence order, decoded
    // (a child watch if asked; ZkNodeChangeNotificationListener's view).
    result<std::vector<config_change>> get_config_changes(watch_with watch = std::nullopt);
    // getAllEntitiesWithConfig.
    result<std::vector<std::string>> get_all_entities_with_config(std::string_view type);

    // ------------------------------------------------------- producer ids --
    // ZkProducerIdManager.getNewProducerIdBlock: reads /latest_producer_id_block,
    // writes the next block of kProducerIdBlockSize ids for `broker_id` with
    // a version check, retrying when another broker got there first.
    // errc::producer_ids_exhausted when the id space is used up.
    result<producer_id_block> allocate_producer_id_block(int32_t broker_id);

    // ------------------------------------------------------ notifications --
    // propagateIsrChanges: a sequential isr_change_ node; returns its path.
    result<std::string> propagate_isr_changes(const std::vector<topic_partition>& partitions);
    // getAllIsrChangeNotifications: sequence numbers (a child watch if asked).
    result<std::vector<std::string>> get_isr_change_notifications(watch_with watch = std::nullopt);
    result<std::vector<topic_partition>> get_partitions_from_isr_change_notifications(
        const std::vector<std::string>& sequence_numbers);
    status delete_isr_change_notifications(const std::vector<std::string>& sequence_numbers,
                                           int32_t expected_controller_epoch_zk_version = -1);
    // propagateLogDirEvent.
    result<std::string> propagate_log_dir_event(int32_t broker_id);

    // ------------------------------------------------------------ feature --
    result<std::optional<feature_znode>> get_feature_znode();
    status create_feature_znode(const feature_znode& f);
    // Returns the node's new version.
    result<int32_t> update_feature_znode(const feature_znode& f);

private:
    int64_t now() const;
    template <typename F>
    auto retry(F&& f) -> decltype(f());
    result<std::optional<node_data>> get_raw(const std::string& path, watch_with watch = std::nullopt);
    result<std::string> create_raw(const std::string& path, const byte_buffer* data, int32_t mode);
    // A write with the controller epoch check when the version is >= 0.
    result<multi_result_op> checked_write(multi_request_op op, int32_t expected_controller_epoch_zk_version);
    result<std::pair<int32_t, int32_t>> maybe_create_controller_epoch_znode();
    status try_clean_quota_node(std::string_view type, std::string_view name, bool& deleted);
    void info(const std::string& line) const;
    void log_error(const std::string& line) const;

    sync_client& zk_;
    options opts_;
};

}  // namespace odradek::coordination::kafka
