#pragma once
// kafka-console-producer: reads records from standard input, one per line
// (see line_reader.h), and produces them to a topic, as Kafka 3.7's
// ConsoleProducer does.
//
// Producer settings, as ConsoleProducer.producerProps builds them: the
// --producer.config file, then --producer-property values, then the
// bootstrap list, compression.type from --compression-codec (always), and
// client.id=console-producer unless set; the flags with defaults (linger.ms
// from --timeout, acks, request.timeout.ms, retries, retry.backoff.ms,
// batch.size, max.block.ms, ...) replace a property only when given on the
// command line or when the property is not set (maybeMergeOptions).
//
// Output: a ">" prompt before each line only when stdin is a terminal;
// "ERROR Error when sending message to topic <t> with key: ..., value: ...
// with error:" log lines (and the exception line) on stderr for records that
// fail. Exit status: 0 when every record was acknowledged, 1 otherwise (Kafka
// itself exits 0 after EOF even when sends failed; a script needs to know).

#include <atomic>
#include <cstdint>
#include <istream>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace odradek::tools {

struct console_producer_options {
    std::string topic;
    std::optional<std::string> bootstrap_server;
    std::optional<std::string> broker_list;
    bool sync = false;
    std::optional<std::string> compression_codec;  // set when --compression-codec was given ("" = no value)
    int32_t batch_size = 16384;
    int32_t message_send_max_retries = 3;
    int64_t retry_backoff_ms = 100;
    int64_t timeout_ms = 1000;  // linger.ms
    std::string request_required_acks = "-1";
    int32_t request_timeout_ms = 1500;
    int64_t metadata_expiry_ms = 300000;
    int64_t max_block_ms = 60000;
    int64_t max_memory_bytes = 32 * 1024 * 1024;
    int32_t max_partition_memory_bytes = 16384;
    int32_t socket_buffer_size = 102400;
    std::string line_reader = "kafka.tools.ConsoleProducer$LineMessageReader";
    std::vector<std::string> properties;           // --property k=v
    std::optional<std::string> reader_config;      // --reader-config file
    std::vector<std::string> producer_properties;  // --producer-property k=v
    std::optional<std::string> producer_config;    // --producer.config file
    // Names of the flags given on the command line (for maybeMergeOptions).
    std::set<std::string> given;
    // Print the ">" prompt (stdin is a terminal).
    bool prompt = false;
};

// Usage problems found before anything runs (Kafka's messages); nullopt when fine.
std::optional<std::string> check_console_producer_options(const console_producer_options& o);

// Reads `in` to EOF; returns the exit status. `cancel`, when raised, stops
// waiting for brokers.
int run_console_producer(const console_producer_options& o, std::istream& in, std::ostream& out, std::ostream& err,
                         const std::atomic<bool>* cancel = nullptr);

}  // namespace odradek::tools
