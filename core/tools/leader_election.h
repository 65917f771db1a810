#pragma once
// kafka-leader-election, as Kafka 3.7's LeaderElectionCommand: elects leaders
// through the controller (ElectLeaders) for --topic/--partition, the
// partitions of a --path-to-json-file ({"partitions": [{"topic": "foo",
// "partition": 1}]}) or --all-topic-partitions, and prints
//   Successfully completed leader election (PREFERRED) for partitions t-0, t-1
//   Valid replica already elected for partitions t-2
//   Error completing leader election (PREFERRED) for partition: t-3: <exception>
// Kafka's command exits 0 even when an election failed; we exit 1 then, so a
// script can tell (said in the man page).

#include <optional>
#include <ostream>
#include <string>

#include "tools/topics.h"  // admin_factory

namespace odradek::tools {

struct leader_election_options {
    std::optional<std::string> bootstrap_server;
    std::optional<std::string> admin_config;
    std::optional<std::string> election_type;  // "preferred" / "unclean", any case (Java's enum converter)
    std::optional<std::string> path_to_json_file;
    std::optional<std::string> topic;
    std::optional<int32_t> partition;
    bool all_topic_partitions = false;
};

int run_leader_election(const leader_election_options& o, std::ostream& out, std::ostream& err);
// `json_text` is the --path-to-json-file contents (read by the caller), if any.
int run_leader_election_with(const leader_election_options& o, const std::optional<std::string>& json_text,
                             const admin_factory& make_admin, std::ostream& out, std::ostream& err);

}  // namespace odradek::tools
