#pragma once
// The log lines Kafka's tools print through config/tools-log4j.properties:
// root logger at WARN, to stderr, pattern "[%d] %p %m (%c)%n", e.g.
//   [2024-05-01 10:00:00,123] WARN [AdminClient clientId=adminclient-1] Connection to node -1
//   (localhost/127.0.0.1:9092) could not be established. Broker may not be available.
//   (org.apache.kafka.clients.NetworkClient)
// (one line). Thread-safe: a producer's sender thread logs through it too.

#include <mutex>
#include <ostream>
#include <string>

#include "client/config.h"

namespace odradek::tools {

class tool_log {
public:
    explicit tool_log(std::ostream& err, client::log_level threshold = client::log_level::warn)
        : err_(err), threshold_(threshold) {}

    // `trailer` follows on the next line(s): the exception log4j prints after
    // a message logged with a Throwable.
    void write(client::log_level level, const std::string& message, const std::string& logger,
               const std::string& trailer = {});
    // A client::log_fn writing here; the tool_log must outlive it.
    client::log_fn fn();
    // Writes `text` under the same lock (a prompt or a plain line).
    void raw(const std::string& text);

private:
    std::mutex mu_;
    std::ostream& err_;
    client::log_level threshold_;
};

// log4j's ISO8601 date as the tools print it: "2024-05-01 10:00:00,123", local time.
std::string log4j_timestamp();
// "ERROR", "WARN", "INFO", "DEBUG".
const char* log_level_name(client::log_level level);

}  // namespace odradek::tools
