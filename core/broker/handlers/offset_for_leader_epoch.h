#pragma once
// OffsetForLeaderEpoch (key 23), versions 0-4, as Kafka 3.7's
// KafkaApis.handleOffsetForLeaderEpochRequest +
// ReplicaManager.lastOffsetForLeaderEpoch.
//
// Versions:
//   v0  end offset of the requested epoch
//   v1  + the leader epoch that end offset belongs to (the largest epoch <=
//       the requested one)
//   v2  current_leader_epoch (FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH),
//       throttle_time_ms
//   v3  replica_id (accepted; the leader always answers, as Kafka does)
//   v4  flexible
//
// An unknown epoch answers NONE with leader_epoch -1 and end_offset -1. Not
// hosted: UNKNOWN_TOPIC_OR_PARTITION or NOT_LEADER_OR_FOLLOWER (also on a
// follower: Kafka requires the leader). No authorizer.

#include <cstdint>

#include "broker/replica_manager.h"
#include "broker/topic_lookup.h"
#include "protocol/messages/offset_for_leader_epoch.h"

namespace odradek::broker {

struct offset_for_leader_epoch_env {
    replica_manager& replicas;
    const topic_lookup& topics;
};

protocol::offset_for_leader_epoch_response handle_offset_for_leader_epoch(
    const protocol::offset_for_leader_epoch_request& req, int16_t version, const offset_for_leader_epoch_env& env);

}  // namespace odradek::broker
