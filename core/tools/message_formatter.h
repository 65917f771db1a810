#pragma once
// The console consumer's record formatters (kafka.tools.DefaultMessageFormatter
// and friends): how one consumed record becomes bytes on stdout.
//
// DefaultMessageFormatter properties (--property / --formatter-config) and
// defaults: print.timestamp=false, print.key=false, print.offset=false,
// print.partition=false, print.headers=false, print.value=true,
// key.separator=\t, line.separator=\n, headers.separator=",",
// null.literal=null, key.deserializer / value.deserializer /
// headers.deserializer (String, ByteArray, Integer, Long, Short, Float, Double,
// UUID deserializers of org.apache.kafka.common.serialization).
//
// Field order is fixed: timestamp ("CreateTime:<ms>", "LogAppendTime:<ms>"
// or "NO_TIMESTAMP"), "Partition:<p>", "Offset:<o>", headers ("k:v" joined
// by headers.separator, or "NO_HEADERS"), key, value. Each printed field but
// the last is followed by key.separator, the last by line.separator.

#include <optional>
#include <ostream>
#include <string>

#include "base/result.h"
#include "client/consumer.h"
#include "config/properties.h"

namespace odradek::tools {

class message_formatter {
public:
    // `class_name`: kafka.tools.DefaultMessageFormatter, LoggingMessageFormatter
    // (prints like the default; its INFO log is below the tools' WARN level) or
    // NoOpMessageFormatter. Others fail with "java.lang.ClassNotFoundException: <name>".
    static result<message_formatter> create(const std::string& class_name, const config::properties& props);

    // Writes one record; errors are deserialization failures (Kafka's
    // SerializationException messages).
    status write(const client::consumer_record& r, std::ostream& out) const;

private:
    enum class deserializer { none, string, byte_array, integer, long_, short_, float_, double_, uuid };
    static result<deserializer> deserializer_for(const std::string& class_name);
    result<std::string> render(deserializer d, const std::optional<std::string>& bytes) const;

    bool noop_ = false;
    bool print_timestamp_ = false, print_key_ = false, print_offset_ = false, print_partition_ = false;
    bool print_headers_ = false, print_value_ = true;
    std::string key_separator_ = "\t";
    std::string line_separator_ = "\n";
    std::string headers_separator_ = ",";
    std::string null_literal_ = "null";
    deserializer key_ = deserializer::none, value_ = deserializer::none, headers_ = deserializer::none;
};

}  // namespace odradek::tools
