#pragma once
// Errors of the config module. The error's detail carries Kafka's own wording
// (e.g. "Invalid value abc for configuration num.partitions: Not a number of
// type INT") so the broker and tools can print it exactly as Kafka would.

#include <system_error>

#include "base/error_category.h"

namespace odradek::config {

enum class errc {
    io = 1,              // a properties file could not be read
    malformed,           // a properties file or argument does not parse (bad \u escape, ...)
    invalid_value,       // a value does not parse as its type or fails its validator
    missing_required,    // a key without default was not supplied
    invalid_config,      // a cross-key check failed (listeners, broker.id, ...)
    unknown_key,         // a topic config name that Kafka does not define
    unsupported,         // a setting Odradek does not implement (KRaft mode)
    invalid_topic,       // a topic name Kafka refuses (topic_name.h)
};

const std::error_category& config_category() noexcept;
inline std::error_code make_error_code(errc e) noexcept { return {int(e), config_category()}; }

}  // namespace odradek::config

ODRADEK_ERRC_ENUM(odradek::config::errc)
