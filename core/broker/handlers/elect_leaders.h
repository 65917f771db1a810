#pragma once
// ElectLeaders (key 43), versions 0-2, as Kafka 3.7's
// KafkaApis.handleElectLeaders + ReplicaManager.electLeaders in ZooKeeper mode.
//
// Versions: v0 elects preferred leaders only; v1 adds ElectionType and the
// top-level ErrorCode; v2 flexible.
//
// The controller runs the elections (zk_metadata::elect_leaders); another
// broker answers NOT_CONTROLLER for every partition named (admin clients send
// this request to the controller). Without a partition list every partition
// is tried and those that needed no election are left out of the answer, as
// Kafka does. Elections not done within TimeoutMs: REQUEST_TIMED_OUT for each
// partition named. No authorizer: nothing is refused for authorization.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "base/result.h"
#include "broker/zk_metadata.h"
#include "protocol/messages/elect_leaders.h"

namespace odradek::broker {

using elect_leaders_fn = std::function<result<std::map<zk::topic_partition, election_outcome>>(
    election_type, std::optional<std::vector<zk::topic_partition>>, std::chrono::milliseconds)>;

protocol::elect_leaders_response handle_elect_leaders(const protocol::elect_leaders_request& req, int16_t version,
                                                      const elect_leaders_fn& elect);

}  // namespace odradek::broker
