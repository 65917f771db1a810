#pragma once
// broker_config: Kafka 3.7's KafkaConfig for a ZooKeeper-mode broker. Built
// from server.properties (+ --override), optionally overlaid with the dynamic
// broker configs stored in ZooKeeper, it parses every key with Kafka's types,
// defaults and validators (broker_keys.cc) and then runs the cross-key checks
// KafkaConfig does at start-up, failing with Kafka's wording.
//
// Layers, lowest to highest priority (what DescribeConfigs calls sources):
//   DEFAULT_CONFIG                 the key table's default
//   STATIC_BROKER_CONFIG           server.properties and --override
//   DYNAMIC_DEFAULT_BROKER_CONFIG  /config/brokers/<default> (cluster_wide keys)
//   DYNAMIC_BROKER_CONFIG          /config/brokers/<broker id>
//
// Derived values follow KafkaConfig:
//   log retention  log.retention.ms, else .minutes * 60000, else .hours * 3600000; < 0 -> -1
//   segment roll   log.roll.ms, else log.roll.hours * 3600000 (same for log.roll.jitter.*)
//   flush          log.flush.interval.ms, else log.flush.scheduler.interval.ms
//   zk timeout     zookeeper.connection.timeout.ms, else zookeeper.session.timeout.ms
//   log dirs       log.dirs, else log.dir, split on commas
//
// KRaft mode (process.roles set) is refused with errc::unsupported.
// Errors from the checks carry Kafka's text; checks written with Scala's
// `require` keep its "requirement failed: " prefix.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "config/config_def.h"
#include "config/errc.h"
#include "config/properties.h"

namespace odradek::config {

// The key table of the broker (every KafkaConfig key).
const config_def& broker_config_def();

enum class security_protocol : int8_t { plaintext = 0, ssl = 1, sasl_plaintext = 2, sasl_ssl = 3 };
std::string_view security_protocol_name(security_protocol p) noexcept;  // "PLAINTEXT", ...
// SecurityProtocol.forName: case-insensitive.
std::optional<security_protocol> parse_security_protocol(std::string_view name);

// One listener: NAME://host:port. An empty host means "all interfaces" for
// listeners; for advertised listeners Kafka substitutes the canonical host
// name (left to the broker).
struct endpoint {
    std::string listener_name;  // upper-cased, as ListenerName.normalised
    std::string host;           // without IPv6 brackets
    int32_t port = 0;
    security_protocol protocol = security_protocol::plaintext;

    std::string connection_string() const;  // "PLAINTEXT://host:9092", IPv6 in brackets
    bool operator==(const endpoint&) const = default;
};

// Parses a listener list ("PLAINTEXT://:9092,SSL://h:9093") against a
// security-protocol map as CoreUtils.listenerListToEndPoints does, checking
// distinct names and (when require_distinct_ports) distinct ports.
result<std::vector<endpoint>> parse_listeners(
    std::string_view listeners, const std::vector<std::pair<std::string, security_protocol>>& protocol_map,
    bool require_distinct_ports = true);

// listener.security.protocol.map ("NAME:PROTOCOL,..."), names upper-cased.
result<std::vector<std::pair<std::string, security_protocol>>> parse_security_protocol_map(std::string_view value);

// zookeeper.connect split into the host list and the chroot path
// ("zk1:2181,zk2:2181/kafka" -> hosts "zk1:2181,zk2:2181", chroot "/kafka").
struct zk_connect_string {
    std::string hosts;
    std::string chroot;  // empty when none
};
zk_connect_string split_zk_connect(std::string_view connect);

// Checks an AlterConfigs / kafka-configs update of dynamic broker configs
// (DynamicBrokerConfig.validateConfigs). per_broker is true for a broker id
// resource, false for the cluster default. Errors (errc::invalid_config):
//   "Cannot update these configs dynamically: Set(a, b)"
//   "These security configs can be dynamically updated only per-listener using the listener prefix: Set(...)"
//   "Cannot update these configs at default cluster level, broker id must be specified: Set(...)"
// and Kafka's wording for a bad value (errc::invalid_value). Custom keys are allowed.
// The dynamic-only keys leader.replication.throttled.rate,
// follower.replication.throttled.rate and
// replica.alter.log.dirs.io.max.bytes.per.second (LONG >= 0) are accepted.
status validate_dynamic_broker_update(const properties& update, bool per_broker);

class broker_config {
public:
    // Parses and validates the static configuration.
    static result<broker_config> create(const properties& static_props);
    // The same with dynamic layers from ZooKeeper on top.
    static result<broker_config> create(const properties& static_props, const properties& dynamic_default,
                                        const properties& dynamic_broker);

    // Every key's effective value (typed getters by Kafka key name).
    const parsed_config& values() const noexcept { return values_; }
    const properties& static_props() const noexcept { return static_; }
    const properties& dynamic_default_props() const noexcept { return dynamic_default_; }
    const properties& dynamic_broker_props() const noexcept { return dynamic_broker_; }

    // Supplied keys Kafka does not define, sorted; log one WARN each with
    // unknown_key_warning(key). Per-listener overrides ("listener.name.<l>.<key>")
    // are not reported: Kafka reads them when it builds that listener.
    std::vector<std::string> unknown_keys() const;

    int32_t broker_id() const { return values_.get_int("broker.id"); }
    bool broker_id_generation_enable() const { return values_.get_bool("broker.id.generation.enable"); }
    int32_t reserved_broker_max_id() const { return values_.get_int("reserved.broker.max.id"); }
    std::optional<std::string_view> rack() const { return values_.get_string("broker.rack"); }

    const std::vector<endpoint>& listeners() const noexcept { return listeners_; }
    // advertised.listeners, or the listeners when it is not set.
    const std::vector<endpoint>& advertised_listeners() const noexcept { return advertised_; }
    const std::vector<std::pair<std::string, security_protocol>>& listener_security_protocol_map() const noexcept {
        return protocol_map_;
    }
    const std::string& inter_broker_listener_name() const noexcept { return inter_broker_listener_; }
    security_protocol inter_broker_security_protocol() const noexcept { return inter_broker_protocol_; }
    const std::optional<std::string>& control_plane_listener_name() const noexcept { return control_plane_listener_; }

    const std::vector<std::string>& log_dirs() const noexcept { return log_dirs_; }
    const zk_connect_string& zookeeper_connect() const noexcept { return zk_; }
    int32_t zookeeper_session_timeout_ms() const { return values_.get_int("zookeeper.session.timeout.ms"); }
    int32_t zookeeper_connection_timeout_ms() const;

    int64_t log_retention_ms() const;
    int64_t log_roll_ms() const;
    int64_t log_roll_jitter_ms() const;
    int64_t log_flush_interval_ms() const;

private:
    status validate();

    properties static_;
    properties dynamic_default_;
    properties dynamic_broker_;
    parsed_config values_;
    std::vector<std::pair<std::string, security_protocol>> protocol_map_;
    std::vector<endpoint> listeners_;
    std::vector<endpoint> advertised_;
    std::string inter_broker_listener_;
    security_protocol inter_broker_protocol_ = security_protocol::plaintext;
    std::optional<std::string> control_plane_listener_;
    std::vector<std::string> log_dirs_;
    zk_connect_string zk_;
};

}  // namespace odradek::config
