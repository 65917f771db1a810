#pragma once
// DeleteTopics (key 20), versions 0-6 (core/protocol/spec/delete_topics.spec).
// As Kafka 3.7's KafkaApis.handleDeleteTopicsRequest + ZkAdminManager:
// unknown topics get UNKNOWN_TOPIC_OR_PARTITION (v6 by id: UNKNOWN_TOPIC_ID),
// a topic named twice INVALID_REQUEST, delete.topic.enable=false
// TOPIC_DELETION_DISABLED; the others are marked under /admin/delete_topics
// and the answer waits, up to TimeoutMs, until they are gone
// (REQUEST_TIMED_OUT after that; the deletion still completes).

#include "broker/topic_admin.h"
#include "protocol/messages/delete_topics.h"

namespace odradek::broker {

// Blocking: call on the blocking pool.
protocol::delete_topics_response handle_delete_topics(topic_admin& admin, metadata_cache& cache,
                                                      const protocol::delete_topics_request& req, int16_t version);

}  // namespace odradek::broker
