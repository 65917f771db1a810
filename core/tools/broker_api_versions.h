#pragma once
// kafka-broker-api-versions: the API versions each broker of the cluster
// supports, as Kafka 3.7's BrokerApiVersionsCommand prints them:
//
//   127.0.0.1:9092 (id: 0 rack: null) -> (
//   	Produce(0): 0 to 10 [usable: 10],
//   	...
//   	LeaderAndIsr(4): UNSUPPORTED,
//   	...
//   )
//
// "usable" is the highest version both the broker and Kafka 3.7's Java client
// speak; the API names and the client's versions are Kafka 3.7's ApiKeys.

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace odradek::tools {

struct broker_api_versions_options {
    std::string bootstrap_server;
    std::optional<std::string> command_config;
};

// One broker's advertised versions: api key -> [min, max].
using api_version_map = std::map<int16_t, std::pair<int16_t, int16_t>>;

// NodeApiVersions.toString(true) for one broker's versions.
std::string format_api_versions(const api_version_map& versions);

int run_broker_api_versions(const broker_api_versions_options& o, std::ostream& out, std::ostream& err);

}  // namespace odradek::tools
