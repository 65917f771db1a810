#pragma once
// Errors of the client module, in two categories:
//
//  - client errc: what went wrong on our side of the wire (no connection, a
//    deadline passed, a response that does not decode, a bad setting);
//  - kafka errors: an error code a broker answered with (UNKNOWN_TOPIC_OR_PARTITION,
//    TOPIC_ALREADY_EXISTS, ...). The error_code value is the Kafka code, the
//    category message is Kafka's default exception message for it
//    (Errors.java), and error::detail carries the broker's own ErrorMessage
//    when it sent one. user_message() picks what a Kafka tool would print.

#include <optional>
#include <string>
#include <system_error>

#include "base/error_category.h"
#include "base/result.h"
#include "protocol/error_code.h"

namespace odradek::client {

enum class errc {
    invalid_config = 1,   // a bad bootstrap list, property value or argument
    connection_failed,    // could not connect to a broker (detail: Kafka's warning text)
    disconnected,         // the broker closed the connection before answering
    timeout,              // a deadline passed (detail: what was being waited for)
    cancelled,            // the caller's cancel flag was raised (SIGINT, wakeup)
    bad_response,         // a response that does not decode, or answers another request
    unsupported_version,  // the broker speaks no version of an API we can use
    record_too_large,     // a record larger than max.request.size / batch limits
    not_supported,        // a feature this client does not implement (consumer groups)
};

const std::error_category& client_category() noexcept;
inline std::error_code make_error_code(errc e) noexcept { return {int(e), client_category()}; }

// The category of Kafka error codes sent by brokers.
const std::error_category& kafka_category() noexcept;
inline std::error_code make_kafka_error_code(protocol::error_code e) noexcept {
    return {int(e), kafka_category()};
}

// Kafka's default message for a code ("This server does not host this
// topic-partition."), or "" when Kafka has none.
std::string_view kafka_default_message(protocol::error_code e) noexcept;

// An error for a Kafka error code; `broker_message` is the response's
// ErrorMessage (null or empty: Kafka's default message is used).
error kafka_error(protocol::error_code e, const std::optional<std::string>& broker_message = std::nullopt);
inline error kafka_error(int16_t code, const std::optional<std::string>& broker_message = std::nullopt) {
    return kafka_error(protocol::error_code(code), broker_message);
}

// The Kafka error code of an error, or nullopt when it is not a Kafka error.
std::optional<protocol::error_code> kafka_code(const error& e) noexcept;
inline bool is_kafka_error(const error& e, protocol::error_code code) noexcept { return kafka_code(e) == code; }

// True for the codes Kafka's clients retry (RetriableException subclasses):
// leadership moves, metadata not yet propagated, timeouts, and the like.
bool is_retriable(protocol::error_code e) noexcept;

// The Java exception class Kafka would throw for the error
// ("org.apache.kafka.common.errors.TopicExistsException"), for log lines.
std::string kafka_exception_name(const error& e);

// What a Kafka tool prints for the error (its exception message): the detail
// when there is one, else the category's message.
std::string user_message(const error& e);

}  // namespace odradek::client

ODRADEK_ERRC_ENUM(odradek::client::errc)
