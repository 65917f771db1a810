#pragma once
// InitProducerId (key 22), versions 0-4, as Kafka 3.7's
// KafkaApis.handleInitProducerIdRequest + TransactionCoordinator.handleInitProducerId
// for what this broker supports: idempotent producers.
//
// Versions: v1 as v0; v2 flexible; v3 producer_id/producer_epoch of a
// producer resuming after an error (KIP-360); v4 may answer PRODUCER_FENCED.
//
//   transactional_id null   a new producer id (producer_id_source), epoch 0;
//                           a resuming idempotent producer also gets a new id,
//                           as Kafka "blindly accepts" it
//   producer_id / epoch     only one of them -1: INVALID_REQUEST
//   transactional_id ""     INVALID_REQUEST
//   transactional_id "x"    transaction_timeout_ms outside
//                           (0, transaction.max.timeout.ms]:
//                           INVALID_TRANSACTION_TIMEOUT; otherwise
//                           NOT_COORDINATOR: transactions are not implemented,
//                           so this broker coordinates no transactional id
//                           (what a broker answers for an id it does not own)
//   id source failure       COORDINATOR_LOAD_IN_PROGRESS (retriable)
//
// Errors carry producer_id -1, producer_epoch -1. No authorizer.

#include <cstdint>

#include "broker/producer_id_source.h"
#include "protocol/messages/init_producer_id.h"

namespace odradek::broker {

struct init_producer_id_env {
    explicit init_producer_id_env(producer_id_source& s) : ids(s) {}

    producer_id_source& ids;
    int32_t transaction_max_timeout_ms = 900000;  // transaction.max.timeout.ms
};

protocol::init_producer_id_response handle_init_producer_id(const protocol::init_producer_id_request& req,
                                                            int16_t version, const init_producer_id_env& env);

}  // namespace odradek::broker
