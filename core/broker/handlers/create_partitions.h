#pragma once
// CreatePartitions (key 37), versions 0-3 (spec/create_partitions.spec; v1
// as v0, v2 flexible, v3 as v2). As Kafka 3.7's
// KafkaApis.handleCreatePartitionsRequest + ZkAdminManager.createPartitions:
// a topic named twice gets INVALID_REQUEST "Duplicate topic in request.";
// each other topic is checked (exists, the count only grows, the manual
// assignment fits; Kafka's messages, see coordination/kafka
// replica_assignment.h plan_create_partitions) and extended; the answer waits
// up to TimeoutMs for the new partitions to have leaders (REQUEST_TIMED_OUT
// after that). ValidateOnly checks without changing anything.

#include "broker/topic_admin.h"
#include "protocol/messages/create_partitions.h"

namespace odradek::broker {

// Blocking: call on the blocking pool.
protocol::create_partitions_response handle_create_partitions(topic_admin& admin, metadata_cache& cache,
                                                              const protocol::create_partitions_request& req,
                                                              int16_t version);

}  // namespace odradek::broker
