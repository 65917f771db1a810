#pragma once
// kafka-topics: create, list, describe, alter (partition count) and delete
// topics, with Kafka 3.7's TopicCommand flags, output and errors.
//
//   stdout  "Created topic orders.", list and describe output, and
//           "Error while executing topic command : <message>" on failure;
//   stderr  usage errors with the option table, the client's WARN lines
//           (broker unreachable) and the ERROR log line of a failure;
//   exit    0 on success, 1 on any error.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/admin.h"

namespace odradek::tools {

struct topics_options {
    std::optional<std::string> bootstrap_server;
    std::optional<std::string> command_config;
    std::optional<std::string> topic;
    std::optional<std::string> topic_id;
    std::optional<int32_t> partitions;
    std::optional<int32_t> replication_factor;
    std::optional<std::string> replica_assignment;
    std::vector<std::string> configs;         // --config, repeatable
    std::vector<std::string> delete_configs;  // --delete-config (refused with --bootstrap-server)
    bool list = false, create = false, describe = false, alter = false, delete_topic = false;
    bool if_exists = false, if_not_exists = false, exclude_internal = false;
    bool topics_with_overrides = false;
    bool under_replicated_partitions = false, unavailable_partitions = false;
    bool under_min_isr_partitions = false, at_min_isr_partitions = false;
};

// A problem with the options, found before anything is sent.
struct usage_problem {
    std::string message;
    // true: print the option table after the message (printUsageAndExit);
    // false: the message and its exception line only, as Kafka's
    // mainNoExit does for "--bootstrap-server must be specified".
    bool print_usage = true;
};

// TopicCommandOptions.checkArgs: exactly one action, required and
// incompatible options, with Kafka's messages.
std::optional<usage_problem> check_topics_options(const topics_options& o);

// Runs the command against the cluster named by the options.
int run_topics(const topics_options& o, std::ostream& out, std::ostream& err);

// The same, with the admin client supplied (tests pass a fake). `admin` may
// return nullptr with `why` set when the client cannot be created.
using admin_factory = std::function<std::unique_ptr<client::admin_api>(error& why)>;
int run_topics_with(const topics_options& o, const admin_factory& make_admin, std::ostream& out, std::ostream& err);

// --replica-assignment "0:1,1:2" parsed as Kafka's parseReplicaAssignment
// (errors carry its messages).
result<std::vector<std::vector<int32_t>>> parse_replica_assignment(const std::string& text);

// TopicFilter.IncludeList: the --topic value as a full-match regex with ','
// meaning '|', spaces and surrounding quotes removed.
class topic_include_filter {
public:
    static result<topic_include_filter> create(const std::string& raw);
    bool allowed(const std::string& topic, bool exclude_internal) const;
    const std::string& regex_text() const { return regex_; }

private:
    std::string regex_;
    std::shared_ptr<const void> compiled_;  // std::regex, kept opaque here
};

// Kafka's internal topics (__consumer_offsets, __transaction_state).
bool is_internal_topic(const std::string& name);
// Topic.hasCollisionChars: the name contains '.' or '_'.
bool has_collision_chars(const std::string& name);

}  // namespace odradek::tools
