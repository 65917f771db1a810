#pragma once
// kafka-console-consumer: prints the records of a topic (or of the topics an
// --include regex matches) on stdout, as Kafka 3.7's ConsoleConsumer does,
// formatted by message_formatter.h.
//
// Without consumer groups (which Odradek's broker does not serve yet) the
// consumer assigns itself every partition of the topic(s) — or the one
// --partition — and starts at --offset, or per auto.offset.reset
// (--from-beginning: earliest; otherwise latest). --group, or a group.id
// property, is refused with a clear message and status 1.
//
// It stops after --max-messages records, after --timeout-ms without a record,
// or when `stop` is raised (SIGINT/SIGTERM in the app), and always prints
// "Processed a total of <n> messages" on stderr. Exit status: 0 for those
// endings; 1 for usage, configuration and connection failures (Kafka would
// keep retrying a stopped broker forever; the client gives up after its
// unreachable timeout).

#include <atomic>
#include <cstdint>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace odradek::tools {

struct console_consumer_options {
    std::optional<std::string> bootstrap_server;
    std::optional<std::string> topic;
    std::optional<std::string> include;    // --include
    std::optional<std::string> whitelist;  // --whitelist (deprecated)
    std::optional<int32_t> partition;
    std::optional<std::string> offset;     // given explicitly; default "latest"
    std::vector<std::string> consumer_properties;
    std::optional<std::string> consumer_config;
    std::string formatter = "kafka.tools.DefaultMessageFormatter";
    std::vector<std::string> properties;
    std::optional<std::string> formatter_config;
    bool from_beginning = false;
    std::optional<int32_t> max_messages;
    std::optional<int32_t> timeout_ms;
    bool skip_message_on_error = false;
    std::optional<std::string> key_deserializer;
    std::optional<std::string> value_deserializer;
    bool enable_systest_events = false;
    std::string isolation_level = "read_uncommitted";
    bool isolation_level_given = false;
    std::optional<std::string> group;
};

// ConsoleConsumer.ConsumerConfig's checks (Kafka's messages), the ones that
// end in the usage text; nullopt when fine.
std::optional<std::string> check_console_consumer_options(const console_consumer_options& o);

// Returns the exit status. `stop` (may be null) ends consumption cleanly;
// `stop_signal` receives nothing here — the app maps signals to exit codes.
int run_console_consumer(const console_consumer_options& o, std::ostream& out, std::ostream& err,
                         const std::atomic<bool>* stop = nullptr);

}  // namespace odradek::tools
