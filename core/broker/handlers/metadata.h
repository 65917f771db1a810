#pragma once
// Metadata (key 3), versions 0-12. What each version added is noted in
// core/protocol/spec/metadata.spec. Behaviour as Kafka 3.7's
// KafkaApis.handleTopicMetadataRequest over ZkMetadataCache:
//  - all topics when the list is null (v1+) or empty (v0);
//  - a requested topic that does not exist is auto-created when the request
//    allows it (v4+; always before) and auto.create.topics.enable is on: the
//    answer for it is LEADER_NOT_AVAILABLE until it has leaders. An illegal name
//    gets INVALID_TOPIC_EXCEPTION, otherwise UNKNOWN_TOPIC_OR_PARTITION; an
//    unknown topic id (v10+) UNKNOWN_TOPIC_ID;
//  - a partition without a live leader: LEADER_NOT_AVAILABLE, leader -1; at v0
//    a partition with a replica on a dead broker: REPLICA_NOT_AVAILABLE;
//  - brokers: the live ones that have the request's listener.
// Not implemented: authorization (no authorizer: every operation is allowed,
// and authorized-operations bit sets say so when asked for).

#include <functional>
#include <string>
#include <vector>

#include "broker/metadata_cache.h"
#include "protocol/messages/metadata.h"

namespace odradek::broker {

struct metadata_env {
    const metadata_snapshot& cluster;
    std::string listener;
    bool auto_create_topics = true;  // auto.create.topics.enable
    // Starts creating these (valid, absent) topics with the broker defaults;
    // does not wait.
    std::function<void(const std::vector<std::string>&)> create_topics;
};

protocol::metadata_response handle_metadata(const protocol::metadata_request& req, int16_t version,
                                            const metadata_env& env);

// Kafka's bit set of operations allowed on a topic when there is no
// authorizer: READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS,
// ALTER_CONFIGS (AclOperation codes 3-8, 10, 11).
inline constexpr int32_t kAllTopicOperations = (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) |
                                               (1 << 10) | (1 << 11);
// And on the cluster: CREATE, ALTER, DESCRIBE, CLUSTER_ACTION,
// DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE (5, 7, 8, 9, 10, 11, 12).
inline constexpr int32_t kAllClusterOperations = (1 << 5) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) |
                                                 (1 << 11) | (1 << 12);

}  // namespace odradek::broker
