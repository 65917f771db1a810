#pragma once
// kafka_apis: the table of APIs this broker serves — one line per API with
// its version range and its handler (Kafka's KafkaApis). ApiVersions answers
// from this same table, so what we advertise is exactly what we serve. After
// it come the APIs we know but do not serve yet (handlers/unserved.h: groups,
// transactions, ACLs, delegation tokens, quotas, SCRAM, ...): not advertised,
// answered with Kafka's error response instead of a dropped connection.
// Where is a request handled? handlers/<api>.cc, wired up in kafka_apis.cc.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <asio.hpp>
#include <spdlog/logger.h>

#include "base/result.h"
#include "broker/handlers/elect_leaders.h"
#include "broker/network/request_context.h"

namespace odradek::config {
class broker_config;
}

namespace odradek::broker {

class replica_manager;
class metadata_cache;
class fetch_waiters;
class dynamic_broker_config;
class fetch_session_cache;
class topic_admin;
class producer_id_source;

struct broker_services {
    const config::broker_config& config;         // static: what the broker started with
    dynamic_broker_config& dynamic_config;       // with the dynamic layers, as it is now
    replica_manager& replicas;
    metadata_cache& cache;
    fetch_waiters& waiters;
    fetch_session_cache& fetch_sessions;
    topic_admin& admin;
    producer_id_source& producer_ids;
    asio::thread_pool& blocking;  // for handlers that block (ZooKeeper)
    std::shared_ptr<spdlog::logger> log;
    // The stored overrides of a topic (/config/topics/<t>); blocking.
    std::function<result<std::map<std::string, std::string>>(const std::string&)> topic_overrides;
    // Replaces a topic's overrides and announces the change; blocking.
    std::function<status(const std::string&, const std::map<std::string, std::string>&)> write_topic_overrides;
    // The stored dynamic configs of a broker id or "<default>"; blocking.
    std::function<result<std::map<std::string, std::string>>(const std::string&)> broker_dynamic_configs;
    // Replaces them and announces the change; blocking.
    std::function<status(const std::string&, const std::map<std::string, std::string>&)> write_broker_dynamic_configs;
    // Leader elections on the controller (zk_metadata::elect_leaders); blocking.
    elect_leaders_fn elect_leaders;
    // Auto-creation of topics a Metadata request named (asynchronous).
    std::function<void(const std::vector<std::string>&)> auto_create;
};

// The handlers; `services` must outlive them.
std::vector<api_handler> make_kafka_apis(broker_services& services);

}  // namespace odradek::broker
