#include "tools/console_producer.h"

#include <mutex>

#include "client/config.h"
#include "client/errc.h"
#include "client/producer.h"
#include "config/properties.h"
#include "tools/client_properties.h"
#include "tools/line_reader.h"
#include "tools/tool_log.h"

namespace odradek::tools {

namespace {

constexpr const char* kDefaultReader = "kafka.tools.ConsoleProducer$LineMessageReader";
constexpr const char* kErrorLoggingCallback = "org.apache.kafka.clients.producer.internals.ErrorLoggingCallback";

std::string size_text(const std::optional<std::string>& s) {
    return s ? std::to_string(s->size()) + " bytes" : std::string("null");
}

}  // namespace

std::optional<std::string> check_console_producer_options(const console_producer_options& o) {
    const std::optional<std::string>& hosts = o.bootstrap_server ? o.bootstrap_server : o.broker_list;
    if (!hosts || !client::valid_host_port_list(*hosts)) return "Please provide valid host:port like host1:9091,host2:9092\n ";
    return std::nullopt;
}

int run_console_producer(const console_producer_options& o, std::istream& in, std::ostream& out, std::ostream& err,
                         const std::atomic<bool>* cancel) {
    tool_log log(err);
    // producerProps
    config::properties props;
    if (o.producer_config) {
        auto loaded = config::load_properties(*o.producer_config);
        if (!loaded) {
            err << "java.nio.file.NoSuchFileException: " << *o.producer_config << '\n';
            return 1;
        }
        props = std::move(loaded).value();
    }
    props.merge(parse_key_value_args(o.producer_properties));
    props.set("bootstrap.servers", o.bootstrap_server ? *o.bootstrap_server : o.broker_list.value_or(""));
    props.set("compression.type",
              o.compression_codec ? (o.compression_codec->empty() ? "gzip" : *o.compression_codec) : "none");
    if (!props.contains("client.id")) props.set("client.id", "console-producer");
    auto merge = [&](const char* key, const char* flag, const std::string& value) {
        if (o.given.count(flag) != 0 || !props.contains(key)) props.set(key, value);
    };
    merge("linger.ms", "timeout", std::to_string(o.timeout_ms));
    merge("acks", "request-required-acks", o.request_required_acks);
    merge("request.timeout.ms", "request-timeout-ms", std::to_string(o.request_timeout_ms));
    merge("retries", "message-send-max-retries", std::to_string(o.message_send_max_retries));
    merge("retry.backoff.ms", "retry-backoff-ms", std::to_string(o.retry_backoff_ms));
    merge("send.buffer.bytes", "socket-buffer-size", std::to_string(o.socket_buffer_size));
    merge("buffer.memory", "max-memory-bytes", std::to_string(o.max_memory_bytes));
    merge("batch.size", "batch-size", std::to_string(o.batch_size));
    merge("batch.size", "max-partition-memory-bytes", std::to_string(o.max_partition_memory_bytes));
    merge("metadata.max.age.ms", "metadata-expiry-ms", std::to_string(o.metadata_expiry_ms));
    merge("max.block.ms", "max-block-ms", std::to_string(o.max_block_ms));

    client::client_config cfg;
    client::producer_config pcfg;
    status applied = apply_client_properties(props, cfg);
    if (applied) applied = apply_producer_properties(props, pcfg);
    if (!applied) {
        err << client::kafka_exception_name(applied.err()) << ": " << client::user_message(applied.err()) << '\n';
        return 1;
    }
    cfg.log_context = "[Producer clientId=" + cfg.client_id + "] ";
    cfg.log = log.fn();
    cfg.cancel = cancel;
    cfg.unreachable_timeout = std::min(cfg.unreachable_timeout, pcfg.max_block);

    // getReaderProps
    if (o.line_reader != kDefaultReader && o.line_reader != "kafka.tools.LineMessageReader") {
        err << "java.lang.ClassNotFoundException: " << o.line_reader << '\n';
        return 1;
    }
    config::properties reader_props;
    if (o.reader_config) {
        auto loaded = config::load_properties(*o.reader_config);
        if (!loaded) {
            err << "java.nio.file.NoSuchFileException: " << *o.reader_config << '\n';
            return 1;
        }
        reader_props = std::move(loaded).value();
    }
    reader_props.set("topic", o.topic);
    reader_props.merge(parse_key_value_args(o.properties));

    auto producer = client::producer::create(cfg, pcfg);
    if (!producer) {
        err << "org.apache.kafka.common.KafkaException: Failed to construct kafka producer\n"
            << "Caused by: " << client::kafka_exception_name(producer.err()) << ": "
            << client::user_message(producer.err()) << '\n';
        return 1;
    }
    auto reader = line_reader::create(o.topic, reader_props);
    if (!reader) {
        (*producer)->close();
        err << "org.apache.kafka.common.KafkaException: " << client::user_message(reader.err()) << '\n';
        return 1;
    }

    std::mutex failure_mu;
    std::optional<error> sync_failure;
    bool unreachable = false;
    int exit_code = 0;
    std::string line;
    for (;;) {
        if (o.prompt) {
            out << '>';
            out.flush();
        }
        if (!std::getline(in, line)) break;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        auto rec = reader->parse(line);
        if (!rec) {
            (*producer)->close();
            err << "org.apache.kafka.common.KafkaException: " << client::user_message(rec.err()) << '\n';
            return 1;
        }
        std::string topic = rec->topic;
        std::optional<std::string> key = rec->key, value = rec->value;
        client::delivery_callback cb = [&, topic, key, value](const client::record_metadata&, const status& st) {
            if (st) return;
            if (st.err().code == client::make_error_code(client::errc::connection_failed)) {
                std::lock_guard lk(failure_mu);
                unreachable = true;
            }
            if (o.sync) {
                std::lock_guard lk(failure_mu);
                sync_failure = st.err();
                return;
            }
            log.write(client::log_level::error,
                      "Error when sending message to topic " + topic + " with key: " + size_text(key) +
                          ", value: " + size_text(value) + " with error:",
                      kErrorLoggingCallback,
                      client::kafka_exception_name(st.err()) + ": " + client::user_message(st.err()));
        };
        status sent = (*producer)->send(std::move(rec).value(), cb);
        if (!sent) {
            // KafkaProducer.send throws (RecordTooLargeException); Kafka's
            // loop ends with the stack trace.
            (*producer)->close();
            err << client::kafka_exception_name(sent.err()) << ": " << client::user_message(sent.err()) << '\n';
            return 1;
        }
        if (o.sync) {
            (*producer)->flush();
            std::lock_guard lk(failure_mu);
            if (sync_failure) {
                (*producer)->close();
                err << "java.util.concurrent.ExecutionException: " << client::kafka_exception_name(*sync_failure)
                    << ": " << client::user_message(*sync_failure) << '\n';
                return 1;
            }
        }
    }
    (*producer)->close();
    if ((*producer)->failed() > 0) exit_code = 1;
    if (unreachable)
        log.raw("No broker answered at " + cfg.bootstrap_servers +
                "; is one running there? Start one with: bin/kafka-server-start.sh config/server.properties\n");
    return exit_code;
}

}  // namespace odradek::tools
