#pragma once
// ListOffsets (key 2), versions 0-8, as Kafka 3.7's
// KafkaApis.handleListOffsetRequest (V0 and V1AndAbove).
//
// Versions:
//   v0     max_num_offsets; answers old_style_offsets: segment start offsets
//          by file modification time (legacyFetchOffsetsBefore), newest first
//   v1     one offset per partition: timestamp + offset; -1 latest, -2 earliest
//   v2     isolation_level (read_committed lists up to the last stable
//          offset, which is the high watermark here: no transactions)
//   v4     current_leader_epoch (FENCED/UNKNOWN_LEADER_EPOCH) and the leader
//          epoch of the found offset
//   v5     OFFSET_NOT_AVAILABLE (LEADER_NOT_AVAILABLE before v5)
//   v6     flexible
//   v7     -3 max timestamp (KIP-734)
//   v8     -4 earliest local offset (KIP-405; no tiered storage, so = earliest)
//
// replica_id -1 is a consumer (bounded by the high watermark, isolation
// applies), -2 a debugging client (may ask a follower), >= 0 a replica
// (bounded by the log end). A partition twice in one v1+ request:
// INVALID_REQUEST. Not hosted here: UNKNOWN_TOPIC_OR_PARTITION or
// NOT_LEADER_OR_FOLLOWER (topic_lookup.h). No authorizer: nothing is refused
// for authorization.

#include <cstdint>

#include "broker/replica_manager.h"
#include "broker/topic_lookup.h"
#include "protocol/messages/list_offsets.h"

namespace odradek::broker {

struct list_offsets_env {
    replica_manager& replicas;
    const topic_lookup& topics;
};

protocol::list_offsets_response handle_list_offsets(const protocol::list_offsets_request& req, int16_t version,
                                                    const list_offsets_env& env);

}  // namespace odradek::broker
