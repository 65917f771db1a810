#pragma once
// kafka_error: the answer a partition operation gives a client — a Kafka error
// code (wire data, protocol/error_code.h) and the text Kafka would attach. The
// text reaches the client only where the protocol has a field for it (Produce
// v8+ error_message); elsewhere it is for logs.

#include <string>

#include "base/result.h"
#include "protocol/error_code.h"

namespace odradek::broker {

struct kafka_error {
    protocol::error_code code = protocol::error_code::none;
    std::string message;

    kafka_error() = default;
    kafka_error(protocol::error_code c, std::string m = {}) : code(c), message(std::move(m)) {}

    bool ok() const noexcept { return code == protocol::error_code::none; }
    int16_t wire() const noexcept { return int16_t(code); }
};

// The Kafka code for a core error, as Kafka's Errors.forException maps the
// exceptions its log layer throws: storage validation errors to their codes
// (CORRUPT_MESSAGE, INVALID_RECORD, MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE,
// OFFSET_OUT_OF_RANGE), every I/O failure and an offline log to
// KAFKA_STORAGE_ERROR, anything else to UNKNOWN_SERVER_ERROR.
protocol::error_code to_error_code(const error& e) noexcept;

// {to_error_code(e), e.message()}
kafka_error to_kafka_error(const error& e);

}  // namespace odradek::broker
