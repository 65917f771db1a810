#pragma once
// Kafka's text form of a topic id (Uuid.toString / fromString): the 16 bytes
// in URL-safe base64 without padding, 22 characters ("NPmZHyhbR9y00wMglMH2sg").

#include <optional>
#include <string>

#include "base/result.h"
#include "protocol/types.h"

namespace odradek::tools {

std::string uuid_to_string(const protocol::uuid& id);
// Errors carry Java's IllegalArgumentException message.
result<protocol::uuid> uuid_from_string(const std::string& text);

}  // namespace odradek::tools
