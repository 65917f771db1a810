#pragma once
// CreateTopics (key 19), versions 0-7 (core/protocol/spec/create_topics.spec).
// As Kafka 3.7's KafkaApis.handleCreateTopicsRequest + ZkAdminManager:
// a topic named twice in one request gets INVALID_REQUEST; each other topic
// is checked and created (topic_admin.h); the answer waits, up to TimeoutMs,
// until the new partitions have leaders (REQUEST_TIMED_OUT after that; the
// topic still gets created). ValidateOnly (v1+) checks without creating.
// From v5 the answer carries the partition count, replication factor and
// the topic's configs; from v7 its id. Not implemented: create-topic policies
// (create.topic.policy.class.name) and quotas.

#include "broker/topic_admin.h"
#include "protocol/messages/create_topics.h"

namespace odradek::broker {

// Blocking: call on the blocking pool.
protocol::create_topics_response handle_create_topics(topic_admin& admin, const protocol::create_topics_request& req,
                                                      int16_t version, const std::string& client_id);

}  // namespace odradek::broker
