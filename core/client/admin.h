#pragma once
// admin: Kafka's Admin client operations over a cluster, blocking, one call
// at a time. Each call retries what Kafka's KafkaAdminClient retries (lost
// connections, NOT_CONTROLLER, leaders moving) until api_timeout
// (default.api.timeout.ms) and reports the outcome per item: the call fails
// as a whole only when no broker could be asked.
//
// Routing, as the Java client does it: CreateTopics, DeleteTopics and
// CreatePartitions go to the controller; ListOffsets and DeleteRecords to each
// partition's leader; broker-resource configs and DescribeLogDirs to the broker
// named; everything else to any broker.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "client/cluster.h"
#include "client/config.h"

namespace odradek::client {

struct topic_listing {
    std::string name;
    protocol::uuid id;
    bool is_internal = false;
};

struct new_topic {
    std::string name;
    std::optional<int32_t> partitions;          // nullopt: the broker's num.partitions
    std::optional<int16_t> replication_factor;  // nullopt: default.replication.factor
    // partition -> replica broker ids; when set, partitions/RF must be unset.
    std::map<int32_t, std::vector<int32_t>> assignments;
    std::vector<std::pair<std::string, std::string>> configs;
};

// The outcome for one named item of a batched call.
struct item_outcome {
    std::string name;
    protocol::uuid id;          // CreateTopics v7+: the new topic's id
    status result;              // ok, or a kafka_error with the broker's message
};

struct partition_increase {
    std::string topic;
    int32_t total_count = 0;                          // the new number of partitions
    std::vector<std::vector<int32_t>> assignments;    // replicas of each new partition (optional)
};

// ConfigResource.Type ids.
enum class resource_type : int8_t { unknown = 0, topic = 2, broker = 4, broker_logger = 8 };

struct config_resource {
    resource_type type = resource_type::topic;
    std::string name;  // topic name, broker id, or "" for the cluster-wide broker default
    auto operator<=>(const config_resource&) const = default;
};

struct config_synonym_info {
    std::string name;
    std::optional<std::string> value;
    int8_t source = 0;
};

// One config entry as DescribeConfigs reports it. `source` uses the
// ConfigSource ids (1 dynamic topic ... 5 default).
struct config_entry_info {
    std::string name;
    std::optional<std::string> value;
    int8_t source = -1;
    bool read_only = false;
    bool is_sensitive = false;
    bool is_default = false;  // source == DEFAULT_CONFIG (or the v0 flag)
    std::vector<config_synonym_info> synonyms;
    int8_t type = 0;  // ConfigType, v3+
    std::optional<std::string> documentation;
};

inline constexpr int8_t kConfigSourceDefault = 5;

struct config_description {
    config_resource resource;
    status result;
    std::vector<config_entry_info> entries;
};

enum class alter_config_op : int8_t { set = 0, remove = 1, append = 2, subtract = 3 };

struct config_alteration {
    std::string name;
    alter_config_op op = alter_config_op::set;
    std::optional<std::string> value;
};

struct resource_outcome {
    config_resource resource;
    status result;
};

// ListOffsets' special timestamps.
inline constexpr int64_t kLatestTimestamp = -1;
inline constexpr int64_t kEarliestTimestamp = -2;
inline constexpr int64_t kMaxTimestamp = -3;

enum class isolation_level : int8_t { read_uncommitted = 0, read_committed = 1 };

struct offset_result {
    topic_partition tp;
    status result;
    int64_t offset = -1;
    int64_t timestamp = -1;
    int32_t leader_epoch = -1;
};

struct delete_records_result {
    topic_partition tp;
    status result;
    int64_t low_watermark = -1;
};

struct replica_log_info {
    topic_partition tp;
    int64_t size = 0;
    int64_t offset_lag = 0;
    bool is_future = false;
};

struct log_dir_description {
    int32_t broker = -1;
    std::string path;
    status result;
    std::vector<replica_log_info> replicas;
    int64_t total_bytes = -1;
    int64_t usable_bytes = -1;
};

struct cluster_description {
    std::optional<std::string> cluster_id;
    int32_t controller_id = -1;
    std::vector<broker_node> brokers;
};

// ElectLeaders' election types (KIP-460) and one partition's outcome: ok, or
// a kafka_error (ELECTION_NOT_NEEDED when the leader was already right).
enum class election_type : int8_t { preferred = 0, unclean = 1 };
struct election_result {
    topic_partition partition;
    status result;
};

// What tools need from an admin client; `admin` implements it against a
// cluster, tests substitute fakes.
class admin_api {
public:
    virtual ~admin_api() = default;
    virtual result<std::vector<topic_listing>> list_topics(bool include_internal) = 0;
    virtual result<std::vector<topic_metadata>> describe_topics(const std::vector<std::string>& names) = 0;
    virtual result<cluster_description> describe_cluster() = 0;
    virtual result<std::vector<item_outcome>> create_topics(const std::vector<new_topic>& topics,
                                                            bool validate_only = false) = 0;
    virtual result<std::vector<item_outcome>> delete_topics(const std::vector<std::string>& names) = 0;
    virtual result<std::vector<item_outcome>> create_partitions(const std::vector<partition_increase>& increases,
                                                                bool validate_only = false) = 0;
    virtual result<std::vector<config_description>> describe_configs(const std::vector<config_resource>& resources,
                                                                     bool include_synonyms = false,
                                                                     bool include_documentation = false) = 0;
    virtual result<std::vector<resource_outcome>> incremental_alter_configs(
        const std::vector<std::pair<config_resource, std::vector<config_alteration>>>& changes,
        bool validate_only = false) = 0;
    // The legacy AlterConfigs: replaces the resource's dynamic configs with
    // exactly `configs` (kafka-configs uses it for brokers).
    virtual result<std::vector<resource_outcome>> alter_configs(
        const std::vector<std::pair<config_resource, std::vector<std::pair<std::string, std::optional<std::string>>>>>&
            configs,
        bool validate_only = false) = 0;
    virtual result<std::vector<offset_result>> list_offsets(
        const std::vector<std::pair<topic_partition, int64_t>>& requests,
        isolation_level isolation = isolation_level::read_uncommitted) = 0;
    virtual result<std::vector<delete_records_result>> delete_records(
        const std::vector<std::pair<topic_partition, int64_t>>& before) = 0;
    virtual result<std::vector<log_dir_description>> describe_log_dirs(const std::vector<int32_t>& brokers) = 0;
    virtual result<std::vector<election_result>> elect_leaders(
        election_type type, const std::optional<std::vector<topic_partition>>& partitions) = 0;
};

class admin final : public admin_api {
public:
    static result<std::unique_ptr<admin>> create(client_config config, millis api_timeout = millis(60000));
    admin(std::unique_ptr<cluster> c, millis api_timeout)
        : owned_(std::move(c)), cluster_(owned_.get()), api_timeout_(api_timeout) {}
    // An admin over a cluster someone else owns (a consumer looking up offsets);
    // `c` must outlive it.
    admin(cluster& c, millis api_timeout) : cluster_(&c), api_timeout_(api_timeout) {}

    cluster& cluster_ref() noexcept { return *cluster_; }
    millis api_timeout() const noexcept { return api_timeout_; }

    // All topic names (with internal ones when include_internal), sorted.
    result<std::vector<topic_listing>> list_topics(bool include_internal) override;
    // Metadata of the named topics, in the order asked; a missing topic has
    // error_code UNKNOWN_TOPIC_OR_PARTITION.
    result<std::vector<topic_metadata>> describe_topics(const std::vector<std::string>& names) override;
    result<cluster_description> describe_cluster() override;

    result<std::vector<item_outcome>> create_topics(const std::vector<new_topic>& topics,
                                                    bool validate_only = false) override;
    result<std::vector<item_outcome>> delete_topics(const std::vector<std::string>& names) override;
    result<std::vector<item_outcome>> create_partitions(const std::vector<partition_increase>& increases,
                                                        bool validate_only = false) override;

    result<std::vector<config_description>> describe_configs(const std::vector<config_resource>& resources,
                                                             bool include_synonyms = false,
                                                             bool include_documentation = false) override;
    result<std::vector<resource_outcome>> incremental_alter_configs(
        const std::vector<std::pair<config_resource, std::vector<config_alteration>>>& changes,
        bool validate_only = false) override;

    result<std::vector<resource_outcome>> alter_configs(
        const std::vector<std::pair<config_resource, std::vector<std::pair<std::string, std::optional<std::string>>>>>&
            configs,
        bool validate_only = false) override;

    // Offsets for `timestamp` (kEarliestTimestamp, kLatestTimestamp,
    // kMaxTimestamp or a time in ms) of each partition, from its leader.
    result<std::vector<offset_result>> list_offsets(const std::vector<std::pair<topic_partition, int64_t>>& requests,
                                                    isolation_level isolation = isolation_level::read_uncommitted) override;
    // Deletes records before each offset (-1: the high watermark).
    result<std::vector<delete_records_result>> delete_records(
        const std::vector<std::pair<topic_partition, int64_t>>& before) override;
    // The log dirs of each broker (empty list: every broker).
    result<std::vector<log_dir_description>> describe_log_dirs(const std::vector<int32_t>& brokers) override;
    // Leader elections by the controller (nullopt: every partition; the
    // controller then leaves out those that needed none), in topic and
    // partition order. NOT_CONTROLLER is retried until the API timeout.
    result<std::vector<election_result>> elect_leaders(
        election_type type, const std::optional<std::vector<topic_partition>>& partitions) override;

private:
    time_point deadline() const { return clock::now() + api_timeout_; }
    // Makes sure the controller is known (refreshing metadata if needed).
    status ensure_controller(time_point deadline);
    // Leaders of the partitions, refreshing metadata for their topics.
    result<std::map<int32_t, std::vector<topic_partition>>> group_by_leader(const std::vector<topic_partition>& tps,
                                                                           std::map<topic_partition, status>& failed,
                                                                           time_point deadline);

    std::unique_ptr<cluster> owned_;
    cluster* cluster_;
    millis api_timeout_;
};

}  // namespace odradek::client
