#pragma once
// topic_admin: creating and deleting topics, for CreateTopics, DeleteTopics,
// CreatePartitions and auto-creation (Kafka's ZkAdminManager +
// AutoTopicCreationManager). Checks come first, in Kafka's order and with its
// messages; then the topic is written to ZooKeeper (config, then assignment
// with a new topic id) and the controller (zk_metadata) brings it online.
//
// Blocking (ZooKeeper round trips and waits): call from the broker's
// blocking pool, never from a network thread.

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "broker/kafka_error.h"
#include "broker/metadata_cache.h"
#include "broker/zk_metadata.h"
#include "config/broker_config.h"
#include "config/topic_config.h"

namespace odradek::broker {

struct new_topic {
    std::string name;
    int32_t num_partitions = -1;        // -1: num.partitions
    int16_t replication_factor = -1;    // -1: default.replication.factor
    std::map<int32_t, std::vector<int32_t>> assignment;  // manual; empty: computed
    std::map<std::string, std::optional<std::string>> configs;
};

struct created_topic {
    kafka_error error;
    protocol::uuid topic_id;
    int32_t num_partitions = -1;
    int16_t replication_factor = -1;
    std::optional<config::topic_config> config;  // the resolved config (v5+ answers)
};

class topic_admin {
public:
    topic_admin(const config::broker_config& cfg, metadata_cache& cache, zk_metadata& zk,
                std::shared_ptr<spdlog::logger> log)
        : cfg_(cfg), cache_(cache), zk_(zk), log_(std::move(log)) {}

    // Validates and (unless validate_only) creates. Does not wait for leaders.
    created_topic create(const new_topic& t, bool validate_only);
    // Waits until every partition of `names` has a leader (or timeout);
    // returns the names still without.
    std::vector<std::string> await_leaders(const std::vector<std::string>& names, std::chrono::milliseconds timeout);

    // Marks for deletion (the controller removes it). TOPIC_DELETION_DISABLED
    // when delete.topic.enable=false.
    kafka_error remove(const std::string& name);
    std::vector<std::string> await_gone(const std::vector<std::string>& names, std::chrono::milliseconds timeout);

    // Adds partitions up to `new_count` (manual assignment optional).
    kafka_error add_partitions(const std::string& name, int32_t new_count,
                               const std::optional<std::vector<std::vector<int32_t>>>& assignment, bool validate_only);

    // Auto-creation with the broker defaults; failures are logged.
    void auto_create(const std::vector<std::string>& names);

private:
    const config::broker_config& cfg_;
    metadata_cache& cache_;
    zk_metadata& zk_;
    std::shared_ptr<spdlog::logger> log_;
};

}  // namespace odradek::broker
