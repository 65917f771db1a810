#pragma once
// client_config: what every client (admin, producer, consumer) needs to reach
// a cluster, with Kafka's defaults, plus how it reports what Kafka's Java
// clients would log (the tools print these as log4j lines on stderr).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/socket.h"

namespace odradek::client {

enum class log_level { error, warn, info, debug };

// `logger` is the Java class Kafka would log from
// ("org.apache.kafka.clients.NetworkClient"); `message` includes the client's
// log context ("[AdminClient clientId=adminclient-1] ...").
using log_fn = std::function<void(log_level level, const std::string& message, const std::string& logger)>;

struct client_config {
    std::string bootstrap_servers;                 // "host1:port1,host2:port2"
    std::string client_id = "odradek-client";      // client.id
    std::string log_context;                       // "[Producer clientId=console-producer] "
    millis request_timeout{30000};                 // request.timeout.ms
    millis connect_timeout{10000};                 // socket.connection.setup.timeout.ms
    millis retry_backoff{100};                     // retry.backoff.ms
    millis reconnect_backoff{50};                  // reconnect.backoff.ms
    millis reconnect_backoff_max{1000};            // reconnect.backoff.max.ms
    // Odradek's bound on waiting for a cluster none of whose brokers accepts a
    // connection: after this long without one, calls fail with
    // errc::connection_failed instead of retrying (Kafka's clients retry until
    // their API timeout, or forever for a consumer).
    millis unreachable_timeout{10000};
    int32_t max_response_bytes = 256 << 20;
    log_fn log;                                    // may be empty
    const std::atomic<bool>* cancel = nullptr;     // raised: blocked calls end with errc::cancelled
};

struct endpoint {
    std::string host;
    int32_t port = 0;
    bool operator==(const endpoint&) const = default;
};

// Splits and checks a bootstrap list as Kafka's ClientUtils does: entries are
// trimmed, empty ones skipped, each must be host:port ("[v6]:port" allowed);
// otherwise errc::invalid_config "Invalid url in bootstrap.servers: <entry>".
// An empty list is "No resolvable bootstrap urls given in bootstrap.servers".
result<std::vector<endpoint>> parse_bootstrap_servers(const std::string& list);

// Kafka's ToolsUtils.validatePortOrDie check: every comma-separated entry has
// a host:port shape (no trimming). Tools print "Please provide valid
// host:port like host1:9091,host2:9092" when it fails.
bool valid_host_port_list(const std::string& list);

}  // namespace odradek::client
