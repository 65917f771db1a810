// kafka-console-consumer: reads data from Kafka topics and writes it to
// standard output (Kafka's ConsoleConsumer).
#include <csignal>
#include <iostream>
#include <string>

#include "common/kafka_cli.h"
#include "tools/console_consumer.h"

namespace {
std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_signal(int sig) {
    g_signal = sig;
    g_stop.store(true);
}
}  // namespace

int main(int argc, char** argv) {
    odradek::tools::console_consumer_options o;
    std::string topic, include, whitelist, offset = "latest", consumer_config, formatter_config, bootstrap;
    std::string key_deserializer, value_deserializer, group;
    int32_t partition = 0, max_messages = 0, timeout_ms = 0;
    odradek::cli::kafka_cli cli("kafka-console-consumer",
                                "This tool helps to read data from Kafka topics and outputs it to standard output.");
    cli.option("topic", topic, "The topic to consume on.", "topic");
    cli.option("whitelist", whitelist,
               "DEPRECATED, use --include instead; ignored if --include specified. Regular expression specifying list "
               "of topics to include for consumption.",
               "Java regex (String)");
    cli.option("include", include, "Regular expression specifying list of topics to include for consumption.",
               "Java regex (String)");
    cli.option("partition", partition,
               "The partition to consume from. Consumption starts from the end of the partition unless '--offset' is "
               "specified.",
               "partition", "Integer");
    cli.option("offset", offset,
               "The offset to consume from (a non-negative number), or 'earliest' which means from beginning, or "
               "'latest' which means from end",
               "consume offset", "String", false, true);
    cli.multi_option("consumer-property", o.consumer_properties,
                     "A mechanism to pass user-defined properties in the form key=value to the consumer.",
                     "consumer_prop");
    cli.option("consumer.config", consumer_config,
               "Consumer config properties file. Note that [consumer-property] takes precedence over this config.",
               "config file");
    cli.option("formatter", o.formatter, "The name of a class to use for formatting kafka messages for display.",
               "class", "String", false, true);
    cli.multi_option("property", o.properties,
                     "The properties to initialize the message formatter. Default properties include: "
                     "print.timestamp=true|false print.key=true|false print.offset=true|false "
                     "print.partition=true|false print.headers=true|false print.value=true|false "
                     "key.separator=<key.separator> line.separator=<line.separator> "
                     "headers.separator=<line.separator> null.literal=<null.literal> "
                     "key.deserializer=<key.deserializer> value.deserializer=<value.deserializer> "
                     "header.deserializer=<header.deserializer> Users can also pass in customized properties for "
                     "their formatter; more specifically, users can pass in properties keyed with "
                     "'key.deserializer.', 'value.deserializer.' and 'headers.deserializer.' prefixes to configure "
                     "their deserializers.",
                     "prop");
    cli.option("formatter-config", formatter_config,
               "Config properties file to initialize the message formatter. Note that [property] takes precedence "
               "over this config.",
               "config file");
    cli.flag("from-beginning", o.from_beginning,
             "If the consumer does not already have an established offset to consume from, start with the earliest "
             "message present in the log rather than the latest message.");
    cli.option("max-messages", max_messages,
               "The maximum number of messages to consume before exiting. If not set, consumption is continual.",
               "num_messages", "Integer");
    cli.option("timeout-ms", timeout_ms,
               "If specified, exit if no message is available for consumption for the specified interval.",
               "timeout_ms", "Integer");
    cli.flag("skip-message-on-error", o.skip_message_on_error,
             "If there is an error when processing a message, skip it instead of halt.");
    cli.option("bootstrap-server", bootstrap, "REQUIRED: The server(s) to connect to.", "server to connect to");
    cli.option("key-deserializer", key_deserializer, "", "deserializer for key");
    cli.option("value-deserializer", value_deserializer, "", "deserializer for values");
    cli.flag("enable-systest-events", o.enable_systest_events,
             "Log lifecycle events of the consumer in addition to logging consumed messages. (This is specific for "
             "system tests.)");
    cli.option("isolation-level", o.isolation_level,
               "Set to read_committed in order to filter out transactional messages which are not committed. Set to "
               "read_uncommitted to read all messages.",
               "", "String", false, true);
    cli.option("group", group, "The consumer group id of the consumer.", "consumer group id");
    if (auto code = cli.parse(argc, argv, std::cout, std::cerr)) return *code;
    if (cli.has("topic")) o.topic = topic;
    if (cli.has("include")) o.include = include;
    if (cli.has("whitelist")) o.whitelist = whitelist;
    if (cli.has("partition")) o.partition = partition;
    if (cli.has("offset")) o.offset = offset;
    if (cli.has("consumer.config")) o.consumer_config = consumer_config;
    if (cli.has("formatter-config")) o.formatter_config = formatter_config;
    if (cli.has("max-messages")) o.max_messages = max_messages;
    if (cli.has("timeout-ms")) o.timeout_ms = timeout_ms;
    if (cli.has("bootstrap-server")) o.bootstrap_server = bootstrap;
    if (cli.has("key-deserializer")) o.key_deserializer = key_deserializer;
    if (cli.has("value-deserializer")) o.value_deserializer = value_deserializer;
    if (cli.has("group")) o.group = group;
    o.isolation_level_given = cli.has("isolation-level");
    if (auto problem = odradek::tools::check_console_consumer_options(o)) return cli.usage_error(std::cerr, *problem);

    // Ctrl-C and SIGTERM end consumption cleanly (Kafka's shutdown hook
    // wakes the consumer up); a closed stdout is reported, not fatal.
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    int code = odradek::tools::run_console_consumer(o, std::cout, std::cerr, &g_stop);
    // The JVM exits with 128 + the signal number after running its shutdown hooks.
    if (g_signal != 0) return 128 + int(g_signal);
    return code;
}
