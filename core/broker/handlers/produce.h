#pragma once
// Produce (key 0), versions 0-10, as Kafka 3.7's KafkaApis.handleProduceRequest
// + ReplicaManager.appendRecords answer it on a broker without an authorizer.
//
// Versions:
//   v0-v2  legacy message sets (magic 0/1) accepted and up-converted to one v2
//          batch (log_validator.h); v2 batches accepted too. v1 adds
//          throttle_time_ms, v2 log_append_time_ms.
//   v3     transactional_id; records must be exactly one magic v2 batch
//          (INVALID_RECORD otherwise, no message)
//   v4-v6  as v3 (v5 adds log_start_offset); zstd before v7:
//          UNSUPPORTED_COMPRESSION_TYPE
//   v7     zstd allowed
//   v8     record_errors + error_message (only for record-level rejections and
//          the transaction case below, as Kafka's hasCustomErrorMessage)
//   v9     flexible
//   v10    NOT_LEADER_OR_FOLLOWER answers carry current_leader and the leader's
//          node_endpoints (KIP-951) when env.current_leader knows them
//
// Order of checks per partition: unknown topic/partition ->
// UNKNOWN_TOPIC_OR_PARTITION; record set shape (v3+); then acks outside
// {-1, 0, 1} -> INVALID_REQUIRED_ACKS for all; an internal topic without
// internal access -> INVALID_TOPIC_EXCEPTION; not hosted here ->
// NOT_LEADER_OR_FOLLOWER; then the partition's own checks (partition.h).
//
// Transactions (not implemented): a request whose batches are transactional
// without a transactional_id gets TRANSACTIONAL_ID_AUTHORIZATION_FAILED on
// every partition (Kafka's authorization failure, no authorizer needed for
// that); with one, each transactional partition gets NOT_ENOUGH_REPLICAS
// "Unable to verify the partition has been added to the transaction.
// Underlying error: COORDINATOR_NOT_AVAILABLE", which is what Kafka 3.7
// answers when its transaction coordinator cannot be reached.
//
// acks=0: the records are appended and the response built all the same; the
// connection decides not to send it (and, like Kafka, may close the
// connection when produce_has_errors() says something failed).
//
// Records are stamped in place: the request's record spans must point into a
// writable buffer the caller owns (the connection's receive buffer), which
// stays alive until this returns.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <asio.hpp>

#include "broker/fetch_waiters.h"
#include "broker/replica_manager.h"
#include "broker/topic_lookup.h"
#include "protocol/messages/produce.h"

namespace odradek::broker {

// KIP-951 leader hint for a partition this broker does not lead.
struct leader_hint {
    int32_t leader_id = -1;
    int32_t leader_epoch = -1;
    // The leader's endpoint on the request's listener, when it is alive.
    std::optional<protocol::produce_response::node_endpoint> node;
};

// An acks=-1 append waiting for the ISR (Kafka's DelayedProduce): the
// partition response at responses[topic].partition_responses[index] is final
// once the partition's high watermark reaches required_offset.
struct replication_wait {
    size_t topic = 0;
    size_t index = 0;
    std::shared_ptr<partition> part;
    int64_t required_offset = 0;
};

struct produce_env {
    produce_env(replica_manager& r, const topic_lookup& t) : replicas(r), topics(t) {}

    replica_manager& replicas;
    const topic_lookup& topics;
    // Kafka lets only its AdminClient (client id "__admin_client") write to
    // __consumer_offsets and __transaction_state.
    bool internal_topics_allowed = false;
    // Produce v10: the current leader of a partition this broker does not lead; may be empty.
    std::function<leader_hint(const std::string& topic, int32_t partition)> current_leader;
    // Where acks=-1 appends the ISR has not caught up with yet are listed;
    // null: answer at once (tests).
    std::vector<replication_wait>* replication_waits = nullptr;
};

protocol::produce_response handle_produce(protocol::produce_request& req, int16_t version, const produce_env& env);

// Waits (without blocking a thread) until every listed append is replicated
// to the ISR or `timeout` passes, and writes each outcome into `resp`:
// NONE, NOT_ENOUGH_REPLICAS_AFTER_APPEND, NOT_LEADER_OR_FOLLOWER, or
// REQUEST_TIMED_OUT (the request's TimeoutMs ran out). High watermark moves
// wake it through `waiters` (the follower fetches notify them).
asio::awaitable<void> await_replication(std::vector<replication_wait> waits, protocol::produce_response& resp,
                                        fetch_waiters& waiters, std::chrono::milliseconds timeout);

// True when some partition failed (what makes Kafka close an acks=0 connection).
bool produce_has_errors(const protocol::produce_response& resp);

}  // namespace odradek::broker
