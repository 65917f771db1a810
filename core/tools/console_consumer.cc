#include "tools/console_consumer.h"

#include <algorithm>
#include <cctype>
#include <random>
#include <regex>
#include <thread>

#include "client/consumer.h"
#include "client/errc.h"
#include "config/properties.h"
#include "tools/client_properties.h"
#include "tools/message_formatter.h"
#include "tools/tool_log.h"
#include "tools/topics.h"

namespace odradek::tools {

namespace {

constexpr const char* kConsoleConsumer = "kafka.tools.ConsoleConsumer$";

struct offset_choice {
    enum { earliest, latest, exact } kind = latest;
    int64_t offset = 0;
};

std::optional<offset_choice> parse_offset(const std::string& raw) {
    std::string v = raw;
    for (char& c : v) c = char(std::tolower(static_cast<unsigned char>(c)));
    if (v == "earliest") return offset_choice{offset_choice::earliest, 0};
    if (v == "latest") return offset_choice{offset_choice::latest, 0};
    if (v.empty()) return std::nullopt;
    size_t i = (v[0] == '+' || v[0] == '-') ? 1 : 0;
    if (i == v.size()) return std::nullopt;
    int64_t n = 0;
    for (; i < v.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(v[i]))) return std::nullopt;
        if (n > (INT64_MAX - (v[i] - '0')) / 10) return std::nullopt;
        n = n * 10 + (v[i] - '0');
    }
    if (v[0] == '-' && n != 0) return std::nullopt;  // negative: invalid
    return offset_choice{offset_choice::exact, n};
}

// The group ids given in the three places Kafka looks (in its order), deduplicated.
std::vector<std::string> group_ids(const console_consumer_options& o, const config::properties& file_props,
                                   const config::properties& extra) {
    std::vector<std::string> ids;
    auto add = [&](const std::string* v) {
        if (v != nullptr && std::find(ids.begin(), ids.end(), *v) == ids.end()) ids.push_back(*v);
    };
    if (o.group) add(&*o.group);
    add(file_props.find("group.id"));
    add(extra.find("group.id"));
    return ids;
}

}  // namespace

std::optional<std::string> check_console_consumer_options(const console_consumer_options& o) {
    std::optional<std::string> included = o.include ? o.include : o.whitelist;
    if (int(o.topic.has_value()) + int(included.has_value()) != 1) {
        // Scala interpolates the Unit of an if without else as "()".
        return std::string("Exactly one of --include/--topic is required. ") +
               (o.whitelist ? "--whitelist is DEPRECATED use --include instead; ignored if --include specified."
                            : "()");
    }
    if (o.partition) {
        if (!o.topic) return std::string("The topic is required when partition is specified.");
        if (o.from_beginning && o.offset) return std::string("Options from-beginning and offset cannot be specified together.");
    } else if (o.offset) {
        return std::string("The partition is required when offset is specified.");
    }
    if (o.offset && !parse_offset(*o.offset))
        return "The provided offset value '" + *o.offset +
               "' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.";
    if (!o.bootstrap_server) return std::string("Missing required argument \"[bootstrap-server]\"");
    config::properties file_props;
    if (o.consumer_config) {
        auto loaded = config::load_properties(*o.consumer_config);
        if (loaded) file_props = std::move(loaded).value();
    }
    std::vector<std::string> ids = group_ids(o, file_props, parse_key_value_args(o.consumer_properties));
    if (ids.size() > 1) {
        std::string list;
        for (size_t i = 0; i < ids.size(); ++i) list += (i ? "', '" : "'") + ids[i];
        list += "'";
        return "The group ids provided in different places (directly using '--group', via '--consumer-property', or "
               "via '--consumer.config') do not match. Detected group ids: " +
               list;
    }
    if (!ids.empty() && o.partition) return std::string("Options group and partition cannot be specified together.");
    return std::nullopt;
}

int run_console_consumer(const console_consumer_options& o, std::ostream& out, std::ostream& err,
                         const std::atomic<bool>* stop) {
    tool_log log(err);
    config::properties props;
    if (o.consumer_config) {
        auto loaded = config::load_properties(*o.consumer_config);
        if (!loaded) {
            err << "Exception in thread \"main\" java.nio.file.NoSuchFileException: " << *o.consumer_config << '\n';
            return 1;
        }
        props = std::move(loaded).value();
    }
    config::properties extra = parse_key_value_args(o.consumer_properties);
    std::vector<std::string> groups = group_ids(o, props, extra);
    props.merge(extra);
    if (!groups.empty()) {
        err << "Consumer groups are not supported yet: group '" << groups.front()
            << "' cannot be used. Leave out --group (and group.id) to read every partition of the topic without a "
               "group, or pick one with --partition.\n";
        return 1;
    }
    // setAutoOffsetResetValue
    if (const std::string* reset = props.find("auto.offset.reset")) {
        if (o.from_beginning && *reset != "earliest") {
            err << "Can't simultaneously specify --from-beginning and 'auto.offset.reset=" << *reset
                << "', please remove one option\n";
            return 1;
        }
    } else {
        props.set("auto.offset.reset", o.from_beginning ? "earliest" : "latest");
    }
    props.set("bootstrap.servers", *o.bootstrap_server);
    if (!props.contains("client.id")) props.set("client.id", "console-consumer");
    if (o.isolation_level_given || !props.contains("isolation.level")) props.set("isolation.level", o.isolation_level);

    client::client_config cfg;
    client::consumer_config ccfg;
    client::millis api_timeout(60000);
    status applied = apply_client_properties(props, cfg);
    if (applied) applied = apply_consumer_properties(props, ccfg);
    if (applied) applied = apply_admin_properties(props, api_timeout);  // default.api.timeout.ms
    if (!applied) {
        log.write(client::log_level::error, "Unknown error when running consumer: ", kConsoleConsumer,
                  "org.apache.kafka.common.KafkaException: Failed to construct kafka consumer\nCaused by: " +
                      client::kafka_exception_name(applied.err()) + ": " + client::user_message(applied.err()));
        return 1;
    }
    std::mt19937 rng(std::random_device{}());
    std::string group = "console-consumer-" + std::to_string(std::uniform_int_distribution<int>(0, 99999)(rng));
    cfg.log_context = "[Consumer clientId=" + cfg.client_id + ", groupId=" + group + "] ";
    cfg.log = log.fn();
    cfg.cancel = stop;
    cfg.unreachable_timeout = std::min(cfg.unreachable_timeout, api_timeout);

    // The formatter (Kafka builds it while parsing options: a bad class ends
    // the JVM with the exception).
    config::properties fprops;
    if (o.formatter_config) {
        auto loaded = config::load_properties(*o.formatter_config);
        if (!loaded) {
            err << "Exception in thread \"main\" java.nio.file.NoSuchFileException: " << *o.formatter_config << '\n';
            return 1;
        }
        fprops = std::move(loaded).value();
    }
    fprops.merge(parse_key_value_args(o.properties));
    if (o.key_deserializer && !o.key_deserializer->empty()) fprops.set("key.deserializer", *o.key_deserializer);
    if (o.value_deserializer && !o.value_deserializer->empty())
        fprops.set("value.deserializer", *o.value_deserializer);
    auto formatter = message_formatter::create(o.formatter, fprops);
    if (!formatter) {
        err << "Exception in thread \"main\" " << formatter.err().detail << '\n';
        return 1;
    }

    auto consumer = client::consumer::create(cfg, ccfg);
    if (!consumer) {
        log.write(client::log_level::error, "Unknown error when running consumer: ", kConsoleConsumer,
                  "org.apache.kafka.common.KafkaException: Failed to construct kafka consumer\nCaused by: " +
                      client::kafka_exception_name(consumer.err()) + ": " + client::user_message(consumer.err()));
        return 1;
    }
    client::consumer& c = **consumer;

    std::optional<topic_include_filter> filter;
    if (!o.topic) {
        auto f = topic_include_filter::create(o.include ? *o.include : *o.whitelist);
        if (!f) {
            log.write(client::log_level::error, "Unknown error when running consumer: ", kConsoleConsumer,
                      "java.util.regex.PatternSyntaxException: " + f.err().detail);
            return 1;
        }
        filter = std::move(f).value();
    }
    client::start_position initial = ccfg.reset == client::offset_reset::earliest ? client::start_position::earliest()
                                                                                  : client::start_position::latest();
    bool assigned = false;
    if (o.partition) {
        client::start_position pos = o.from_beginning ? client::start_position::earliest()
                                                      : client::start_position::latest();
        if (o.offset) {
            offset_choice oc = *parse_offset(*o.offset);
            pos = oc.kind == offset_choice::earliest ? client::start_position::earliest()
                  : oc.kind == offset_choice::latest ? client::start_position::latest()
                                                     : client::start_position::at(oc.offset);
        }
        c.assign({{{*o.topic, *o.partition}, pos}});
        assigned = true;
    }

    const int64_t max_messages = o.max_messages ? *o.max_messages : -1;
    const bool has_timeout = o.timeout_ms && *o.timeout_ms >= 0;
    const client::millis timeout(has_timeout ? *o.timeout_ms : 0);
    int64_t count = 0;
    int exit_code = 0;
    client::time_point last = client::clock::now();
    auto stopping = [&] { return stop != nullptr && stop->load(); };
    auto fail = [&](const error& e) {
        if (e.code == client::make_error_code(client::errc::cancelled)) return;
        log.write(client::log_level::error, "Error processing message, terminating consumer process: ",
                  kConsoleConsumer, client::kafka_exception_name(e) + ": " + client::user_message(e));
        if (e.code == client::make_error_code(client::errc::connection_failed)) {
            log.raw("No broker answered at " + *o.bootstrap_server +
                    "; is one running there? Start one with: bin/kafka-server-start.sh config/server.properties\n");
            exit_code = 1;
        }
    };
    while ((max_messages < 0 || count < max_messages) && !stopping()) {
        client::millis wait(1000);
        if (has_timeout) {
            auto left = std::chrono::duration_cast<client::millis>(last + timeout - client::clock::now());
            if (left.count() <= 0) {
                // ConsumerWrapper.receive throws a bare TimeoutException.
                log.write(client::log_level::error, "Error processing message, terminating consumer process: ",
                          kConsoleConsumer, "org.apache.kafka.common.errors.TimeoutException");
                break;
            }
            wait = std::min(wait, left);
        }
        if (!assigned) {
            // subscribe(topic) / subscribe(pattern) without a group: every
            // partition of the topic(s), found through metadata (a missing
            // topic is auto-created, as for Kafka's consumer by default).
            std::vector<std::string> topics;
            if (o.topic) {
                topics.push_back(*o.topic);
            } else {
                auto names = c.list_topics(std::max(wait, cfg.request_timeout));
                if (!names) {
                    fail(names.err());
                    break;
                }
                for (const std::string& n : *names)
                    if (filter->allowed(n, /*exclude_internal=*/true)) topics.push_back(n);
            }
            std::vector<std::pair<client::topic_partition, client::start_position>> all;
            bool fatal = false;
            for (const std::string& t : topics) {
                auto parts = c.partitions_for(t, wait);
                if (!parts) {
                    auto code = client::kafka_code(parts.err());
                    // Not there yet: keep waiting, as a subscribed consumer does.
                    if ((code && client::is_retriable(*code)) ||
                        parts.err().code == client::make_error_code(client::errc::timeout))
                        continue;
                    fail(parts.err());
                    fatal = true;
                    break;
                }
                for (int32_t p : *parts) all.push_back({{t, p}, initial});
            }
            if (fatal) break;
            if (all.empty()) {
                auto until = client::clock::now() + wait;
                while (client::clock::now() < until && !stopping()) std::this_thread::sleep_for(client::millis(20));
                continue;
            }
            c.assign(all);
            assigned = true;
        }
        auto records = c.poll(wait);
        if (!records) {
            fail(records.err());
            break;
        }
        bool closed = false;
        for (const client::consumer_record& r : *records) {
            if (max_messages >= 0 && count >= max_messages) break;
            ++count;
            status written = formatter->write(r, out);
            if (!written) {
                if (o.skip_message_on_error) {
                    log.write(client::log_level::error, "Error processing message, skipping this message: ",
                              kConsoleConsumer,
                              "org.apache.kafka.common.errors.SerializationException: " +
                                  client::user_message(written.err()));
                    continue;
                }
                err << "Processed a total of " << count << " messages\n";
                log.write(client::log_level::error, "Unknown error when running consumer: ", kConsoleConsumer,
                          "org.apache.kafka.common.errors.SerializationException: " +
                              client::user_message(written.err()));
                return 1;
            }
            out.flush();
            if (!out) {
                err << "Unable to write to standard out, closing consumer.\n";
                closed = true;
                break;
            }
        }
        if (!records->empty()) last = client::clock::now();
        if (closed) break;
    }
    if (o.enable_systest_events && stopping()) out << "shutdown_complete\n";
    out.flush();
    err << "Processed a total of " << count << " messages\n";
    err.flush();
    return exit_code;
}

}  // namespace odradek::tools
