#pragma once
// kafka-get-offsets: the offsets of topic-partitions at a time (latest,
// earliest, max-timestamp or a timestamp), as Kafka 3.7's GetOffsetShell
// prints them: one "topic:partition:offset" line per partition, sorted by
// the "topic-partition" string. Errors: "Error occurred: <message>" on
// stderr, status 1.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "tools/topics.h"  // admin_factory

namespace odradek::tools {

struct get_offsets_options {
    std::optional<std::string> bootstrap_server;
    std::optional<std::string> broker_list;
    std::optional<std::string> topic_partitions;  // "t1:1,t2:0-3,t3,t4:5-,t5:-3"
    std::optional<std::string> topic;             // regex
    std::optional<std::string> partitions;        // "0,1,2"
    std::string time = "latest";
    std::optional<std::string> command_config;
    bool exclude_internal_topics = false;
};

// The bootstrap check (printUsageAndExit messages); nullopt when fine.
std::optional<std::string> check_get_offsets_options(const get_offsets_options& o);

int run_get_offsets(const get_offsets_options& o, std::ostream& out, std::ostream& err);
int run_get_offsets_with(const get_offsets_options& o, const admin_factory& make_admin, std::ostream& out,
                         std::ostream& err);

}  // namespace odradek::tools
