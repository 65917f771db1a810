#pragma once
// The text form of Kafka's Uuid (Uuid.toString / Uuid.fromString), used for
// topic ids and cluster ids wherever a user or a file sees one: the 16 bytes
// (most significant half first) in URL-safe Base64 without padding, 22
// characters ("NPmZHyhbR9y00wMglMH2sg"). One definition for ZooKeeper JSON,
// partition.metadata and the tools.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace odradek {

using uuid_bytes = std::array<uint8_t, 16>;

std::string uuid_to_base64(const uuid_bytes& bytes);

// Accepts the 22-character form (and the padded 24) as java.util.Base64's URL
// decoder does; refuses anything longer than 24 characters, anything not
// Base64 and anything that is not 16 bytes. The error is
// std::errc::invalid_argument with Kafka's IllegalArgumentException text as
// detail, for the caller to re-label with its own module's code.
result<uuid_bytes> uuid_from_base64(std::string_view text);

}  // namespace odradek
