#pragma once
// DeleteRecords (key 21), versions 0-2, as Kafka 3.7's
// KafkaApis.handleDeleteRecordsRequest + ReplicaManager.deleteRecords.
//
// Versions: v1 as v0 (throttling order only); v2 flexible.
//
// Per partition: unknown topic/partition -> UNKNOWN_TOPIC_OR_PARTITION;
// internal topic -> INVALID_TOPIC_EXCEPTION; not hosted here ->
// NOT_LEADER_OR_FOLLOWER; then partition.delete_records_on_leader (offset -1
// = high watermark; POLICY_VIOLATION, OFFSET_OUT_OF_RANGE). low_watermark is
// -1 on error. With a single replica the low watermark is reached at once,
// so timeout_ms is not waited on (Kafka's DelayedDeleteRecords). No
// authorizer: nothing is refused for authorization.

#include <cstdint>

#include "broker/replica_manager.h"
#include "broker/topic_lookup.h"
#include "protocol/messages/delete_records.h"

namespace odradek::broker {

struct delete_records_env {
    replica_manager& replicas;
    const topic_lookup& topics;
};

protocol::delete_records_response handle_delete_records(const protocol::delete_records_request& req, int16_t version,
                                                        const delete_records_env& env);

}  // namespace odradek::broker
