#pragma once
// What the admin tools built on admin_api share: an admin_factory from
// --bootstrap-server and a command-config file (client and admin properties
// applied, as Kafka's Admin.create), and Kafka's one-line text for a failed
// admin call.

#include <optional>
#include <string>

#include "tools/tool_log.h"
#include "tools/topics.h"  // admin_factory

namespace odradek::tools {

admin_factory make_factory(const std::string& bootstrap, const std::optional<std::string>& command_config,
                           const std::string& client_id, tool_log& log);

// "org.apache.kafka.common.errors.X: message", or Kafka's node-assignment
// timeout for a broker that never answered (`call` names the admin call).
std::string exception_text(const error& e, const char* call);

}  // namespace odradek::tools
