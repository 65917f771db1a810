// kafka-console-producer: reads data from standard input and publishes it to
// Kafka, one record per line (Kafka's ConsoleProducer).
#include <unistd.h>

#include <iostream>
#include <string>

#include "common/kafka_cli.h"
#include "tools/console_producer.h"

int main(int argc, char** argv) {
    odradek::tools::console_producer_options o;
    std::string bootstrap, broker_list, compression, reader_config, producer_config;
    odradek::cli::kafka_cli cli("kafka-console-producer",
                                "This tool helps to read data from standard input and publish it to Kafka.");
    cli.option("topic", o.topic, "REQUIRED: The topic id to produce messages to.", "topic");
    cli.option("broker-list", broker_list,
               "DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified.  The broker "
               "list string in the form HOST1:PORT1,HOST2:PORT2.",
               "broker-list");
    cli.option("bootstrap-server", bootstrap,
               "REQUIRED unless --broker-list(deprecated) is specified. The server(s) to connect to. The broker list "
               "string in the form HOST1:PORT1,HOST2:PORT2.",
               "server to connect to");
    cli.flag("sync", o.sync,
             "If set message send requests to the brokers are synchronously, one at a time as they arrive.");
    cli.optional_value_option("compression-codec", compression,
                              "The compression codec: either 'none', 'gzip', 'snappy', 'lz4', or 'zstd'.If specified "
                              "without value, then it defaults to 'gzip'",
                              "compression-codec");
    cli.option("batch-size", o.batch_size,
               "Number of messages to send in a single batch if they are not being sent synchronously. please note "
               "that this option will be replaced if max-partition-memory-bytes is also set",
               "size", "Integer", false, true);
    cli.option("message-send-max-retries", o.message_send_max_retries,
               "Brokers can fail receiving the message for multiple reasons, and being unavailable transiently is "
               "just one of them. This property specifies the number of retries before the producer give up and drop "
               "this message. This is the option to control `retries` in producer configs.",
               "", "Integer", false, true);
    cli.option("retry-backoff-ms", o.retry_backoff_ms,
               "Before each retry, the producer refreshes the metadata of relevant topics. Since leader election "
               "takes a bit of time, this property specifies the amount of time that the producer waits before "
               "refreshing the metadata. This is the option to control `retry.backoff.ms` in producer configs.",
               "", "Long", false, true);
    cli.option("timeout", o.timeout_ms,
               "If set and the producer is running in asynchronous mode, this gives the maximum amount of time a "
               "message will queue awaiting sufficient batch size. The value is given in ms. This is the option to "
               "control `linger.ms` in producer configs.",
               "timeout_ms", "Long", false, true);
    cli.option("request-required-acks", o.request_required_acks, "The required `acks` of the producer requests",
               "request required acks", "String", false, true);
    cli.option("request-timeout-ms", o.request_timeout_ms,
               "The ack timeout of the producer requests. Value must be non-negative and non-zero.",
               "request timeout ms", "Integer", false, true);
    cli.option("metadata-expiry-ms", o.metadata_expiry_ms,
               "The period of time in milliseconds after which we force a refresh of metadata even if we haven't "
               "seen any leadership changes. This is the option to control `metadata.max.age.ms` in producer "
               "configs.",
               "metadata expiration interval", "Long", false, true);
    cli.option("max-block-ms", o.max_block_ms, "The max time that the producer will block for during a send request.",
               "max block on send", "Long", false, true);
    cli.option("max-memory-bytes", o.max_memory_bytes,
               "The total memory used by the producer to buffer records waiting to be sent to the server. This is "
               "the option to control `buffer.memory` in producer configs.",
               "total memory in bytes", "Long", false, true);
    cli.option("max-partition-memory-bytes", o.max_partition_memory_bytes,
               "The buffer size allocated for a partition. When records are received which are smaller than this "
               "size the producer will attempt to optimistically group them together until this size is reached. "
               "This is the option to control `batch.size` in producer configs.",
               "memory in bytes per partition", "Integer", false, true);
    cli.option("line-reader", o.line_reader,
               "The class name of the class to use for reading lines from standard in. By default each line is read "
               "as a separate message.",
               "reader_class", "String", false, true);
    cli.option("socket-buffer-size", o.socket_buffer_size,
               "The size of the tcp RECV size. This is the option to control `send.buffer.bytes` in producer "
               "configs.",
               "size", "Integer", false, true);
    cli.multi_option("property", o.properties,
                     "A mechanism to pass user-defined properties in the form key=value to the message reader. This "
                     "allows custom configuration for a user-defined message reader. Default properties include: "
                     "parse.key=false parse.headers=false ignore.error=false key.separator=\\t "
                     "headers.delimiter=\\t headers.separator=, headers.key.separator=: null.marker= When set, any "
                     "fields (key, value and headers) equal to this will be replaced by null Default parsing pattern "
                     "when: parse.headers=true and parse.key=true: \"h1:v1,h2:v2...\\tkey\\tvalue\" parse.key=true: "
                     "\"key\\tvalue\" parse.headers=true: \"h1:v1,h2:v2...\\tvalue\"",
                     "prop");
    cli.option("reader-config", reader_config,
               "Config properties file for the message reader. Note that [property] takes precedence over this "
               "config.",
               "config file");
    cli.multi_option("producer-property", o.producer_properties,
                     "A mechanism to pass user-defined properties in the form key=value to the producer.",
                     "producer_prop");
    cli.option("producer.config", producer_config,
               "Producer config properties file. Note that [producer-property] takes precedence over this config.",
               "config file");
    if (auto code = cli.parse(argc, argv, std::cout, std::cerr)) return *code;
    // jopt's requiredUnless("broker-list") fails while parsing, before --topic is checked.
    if (!cli.has("bootstrap-server") && !cli.has("broker-list"))
        return cli.usage_error(std::cerr, "Missing required option(s) [bootstrap-server]");
    if (!cli.has("topic")) return cli.usage_error(std::cerr, "Missing required argument \"[topic]\"");
    if (cli.has("bootstrap-server")) o.bootstrap_server = bootstrap;
    if (cli.has("broker-list")) o.broker_list = broker_list;
    if (cli.has("compression-codec")) o.compression_codec = compression;
    if (cli.has("reader-config")) o.reader_config = reader_config;
    if (cli.has("producer.config")) o.producer_config = producer_config;
    for (const char* flag : {"timeout", "request-required-acks", "request-timeout-ms", "message-send-max-retries",
                             "retry-backoff-ms", "socket-buffer-size", "max-memory-bytes", "batch-size",
                             "max-partition-memory-bytes", "metadata-expiry-ms", "max-block-ms"})
        if (cli.has(flag)) o.given.insert(flag);
    if (auto problem = odradek::tools::check_console_producer_options(o))
        return cli.usage_error(std::cerr, *problem);
    // Kafka prompts when System.console() exists: stdin and stdout both terminals.
    o.prompt = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1;
    return odradek::tools::run_console_producer(o, std::cin, std::cout, std::cerr);
}
