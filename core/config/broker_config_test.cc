#include "config/broker_config.h"

#include <limits>
#include <ostream>
#include <string>

#include <doctest/doctest.h>

namespace odradek::config {
namespace {

properties props(std::initializer_list<std::pair<const char*, const char*>> kv) {
    properties p;
    p.set("zookeeper.connect", "localhost:2181");
    for (const auto& [k, v] : kv) p.set(k, v);
    return p;
}

broker_config create_ok(const properties& p) {
    auto r = broker_config::create(p);
    REQUIRE_MESSAGE(r.has_value(), (r.has_value() ? std::string() : r.err().detail));
    return std::move(r).value();
}

error create_err(const properties& p) {
    auto r = broker_config::create(p);
    REQUIRE(!r.has_value());
    return r.err();
}

TEST_CASE("defaults of a minimal ZooKeeper-mode broker") {
    auto c = create_ok(props({}));
    CHECK(c.broker_id() == -1);
    CHECK(c.broker_id_generation_enable());
    CHECK(c.reserved_broker_max_id() == 1000);
    CHECK(!c.rack().has_value());
    REQUIRE(c.listeners().size() == 1);
    CHECK(c.listeners()[0] == endpoint{"PLAINTEXT", "", 9092, security_protocol::plaintext});
    CHECK(c.listeners()[0].connection_string() == "PLAINTEXT://:9092");
    CHECK(c.advertised_listeners() == c.listeners());
    CHECK(c.inter_broker_listener_name() == "PLAINTEXT");
    CHECK(c.inter_broker_security_protocol() == security_protocol::plaintext);
    CHECK(!c.control_plane_listener_name().has_value());
    CHECK(c.log_dirs() == std::vector<std::string>{"/tmp/kafka-logs"});
    CHECK(c.zookeeper_connect().hosts == "localhost:2181");
    CHECK(c.zookeeper_connect().chroot.empty());
    CHECK(c.zookeeper_session_timeout_ms() == 18000);
    CHECK(c.zookeeper_connection_timeout_ms() == 18000);
    CHECK(c.log_retention_ms() == 7LL * 24 * 3600 * 1000);
    CHECK(c.log_roll_ms() == 7LL * 24 * 3600 * 1000);
    CHECK(c.log_roll_jitter_ms() == 0);
    CHECK(c.log_flush_interval_ms() == std::numeric_limits<int64_t>::max());
    const auto& v = c.values();
    CHECK(v.get_int("num.partitions") == 1);
    CHECK(v.get_int("default.replication.factor") == 1);
    CHECK(v.get_int("min.insync.replicas") == 1);
    CHECK(v.get_int("message.max.bytes") == 1048588);
    CHECK(v.get_int("log.segment.bytes") == 1073741824);
    CHECK(v.get_short("offsets.topic.replication.factor") == 3);
    CHECK(v.get_int("offsets.topic.num.partitions") == 50);
    CHECK(v.get_int("offsets.retention.minutes") == 10080);
    CHECK(v.get_int("group.initial.rebalance.delay.ms") == 3000);
    CHECK(v.get_int("group.min.session.timeout.ms") == 6000);
    CHECK(v.get_int("group.max.session.timeout.ms") == 1800000);
    CHECK(v.get_long("replica.lag.time.max.ms") == 30000);
    CHECK(v.get_int("fetch.max.bytes") == 57671680);
    CHECK(v.get_int("socket.request.max.bytes") == 104857600);
    CHECK(*v.get_string("compression.type") == "producer");
    CHECK(v.get_list("log.cleanup.policy") == std::vector<std::string>{"delete"});
    CHECK(v.get_bool("auto.create.topics.enable"));
    CHECK(v.get_bool("delete.topic.enable"));
    CHECK(!v.get_bool("unclean.leader.election.enable"));
    CHECK(*v.get_string("inter.broker.protocol.version") == "3.7-IV4");
    CHECK(v.get_double("log.cleaner.io.max.bytes.per.second") == std::numeric_limits<double>::max());
    CHECK(c.unknown_keys().empty());
}

TEST_CASE("Kafka's config/server.properties and the tutorial variants are valid") {
    for (const char* name : {"server.properties", "server-1.properties", "server-2.properties"}) {
        CAPTURE(name);
        auto p = load_properties(std::string(ODRADEK_SOURCE_DIR) + "/config/" + name);
        REQUIRE(p.has_value());
        auto c = create_ok(*p);
        CHECK(c.unknown_keys().empty());
        CHECK(c.zookeeper_connect().hosts == "localhost:2181");
        CHECK(c.zookeeper_connection_timeout_ms() == 18000);
        CHECK(c.values().get_int("num.partitions") == 1);
        CHECK(c.values().get_short("offsets.topic.replication.factor") == 1);
        CHECK(c.values().get_int("group.initial.rebalance.delay.ms") == 0);
        CHECK(c.log_retention_ms() == 168LL * 3600 * 1000);
    }
    auto s0 = create_ok(*load_properties(std::string(ODRADEK_SOURCE_DIR) + "/config/server.properties"));
    CHECK(s0.broker_id() == 0);
    CHECK(s0.log_dirs() == std::vector<std::string>{"/tmp/kafka-logs"});
    auto s1 = create_ok(*load_properties(std::string(ODRADEK_SOURCE_DIR) + "/config/server-1.properties"));
    CHECK(s1.broker_id() == 1);
    CHECK(s1.listeners()[0].port == 9093);
    CHECK(s1.log_dirs() == std::vector<std::string>{"/tmp/kafka-logs-1"});
    auto s2 = create_ok(*load_properties(std::string(ODRADEK_SOURCE_DIR) + "/config/server-2.properties"));
    CHECK(s2.broker_id() == 2);
    CHECK(s2.listeners()[0].port == 9094);
    CHECK(s2.log_dirs() == std::vector<std::string>{"/tmp/kafka-logs-2"});
}

TEST_CASE("log retention: ms over minutes over hours, negatives mean forever") {
    CHECK(create_ok(props({{"log.retention.hours", "1"}})).log_retention_ms() == 3600000);
    CHECK(create_ok(props({{"log.retention.hours", "1"}, {"log.retention.minutes", "2"}})).log_retention_ms() == 120000);
    CHECK(create_ok(props({{"log.retention.minutes", "2"}, {"log.retention.ms", "5"}})).log_retention_ms() == 5);
    CHECK(create_ok(props({{"log.retention.ms", "-7"}})).log_retention_ms() == -1);
    CHECK(create_ok(props({{"log.retention.hours", "-1"}})).log_retention_ms() == -1);
    CHECK(create_err(props({{"log.retention.ms", "0"}})).detail ==
          "requirement failed: log.retention.ms must be unlimited (-1) or, greater than or equal to 1");
}

TEST_CASE("log roll and flush derivations") {
    auto c = create_ok(props({{"log.roll.hours", "2"}, {"log.roll.jitter.hours", "1"}, {"log.flush.scheduler.interval.ms", "700"}}));
    CHECK(c.log_roll_ms() == 7200000);
    CHECK(c.log_roll_jitter_ms() == 3600000);
    CHECK(c.log_flush_interval_ms() == 700);
    auto d = create_ok(props({{"log.roll.hours", "2"}, {"log.roll.ms", "1000"}, {"log.roll.jitter.ms", "5"},
                              {"log.flush.interval.ms", "9"}}));
    CHECK(d.log_roll_ms() == 1000);
    CHECK(d.log_roll_jitter_ms() == 5);
    CHECK(d.log_flush_interval_ms() == 9);
    CHECK(create_err(props({{"log.roll.ms", "0"}})).detail == "requirement failed: log.roll.ms must be greater than or equal to 1");
    CHECK(create_err(props({{"log.roll.hours", "0"}})).detail ==
          "Invalid value 0 for configuration log.roll.hours: Value must be at least 1");
}

TEST_CASE("type errors come back with Kafka's wording") {
    auto e = create_err(props({{"num.partitions", "abc"}}));
    CHECK(e.code == errc::invalid_value);
    CHECK(e.detail == "Invalid value abc for configuration num.partitions: Not a number of type INT");
    CHECK(create_err(props({{"log.cleanup.policy", "delete,shred"}})).detail ==
          "Invalid value shred for configuration log.cleanup.policy: String must be one of: compact, delete");
    CHECK(create_err(props({{"auto.create.topics.enable", "maybe"}})).detail ==
          "Invalid value maybe for configuration auto.create.topics.enable: Expected value to be either true or false");
    CHECK(create_err(props({{"compression.type", "brotli"}})).detail ==
          "Invalid value brotli for configuration compression.type: String must be one of: uncompressed, zstd, lz4, "
          "snappy, gzip, producer");
}

TEST_CASE("zookeeper.connect: required, with chroot and an explicit connection timeout") {
    properties none;
    auto e = create_err(none);
    CHECK(e.code == errc::missing_required);
    CHECK(e.detail == "Missing required configuration `zookeeper.connect` which has no default value.");
    auto c = create_ok(props({{"zookeeper.connect", "zk1:2181,zk2:2181/kafka/prod"}, {"zookeeper.connection.timeout.ms", "6000"}}));
    CHECK(c.zookeeper_connect().hosts == "zk1:2181,zk2:2181");
    CHECK(c.zookeeper_connect().chroot == "/kafka/prod");
    CHECK(c.zookeeper_connection_timeout_ms() == 6000);
}

TEST_CASE("KRaft settings are refused clearly") {
    auto e = create_err(props({{"process.roles", "broker,controller"}, {"node.id", "1"}}));
    CHECK(e.code == errc::unsupported);
    CHECK(e.detail.find("KRaft mode is not supported") != std::string::npos);
    CHECK(e.detail.find("[broker, controller]") != std::string::npos);
    CHECK(create_err(props({{"process.roles", "observer"}})).detail ==
          "Invalid value observer for configuration process.roles: String must be one of: broker, controller");
    CHECK(create_err(props({{"controller.listener.names", "CONTROLLER"}})).detail ==
          "requirement failed: controller.listener.names must be empty when not running in KRaft mode: [CONTROLLER]");
    CHECK(create_err(props({{"zookeeper.metadata.migration.enable", "true"}})).code == errc::unsupported);
}

TEST_CASE("broker.id and node.id") {
    CHECK(create_ok(props({{"node.id", "4"}})).broker_id() == 4);
    CHECK(create_err(props({{"node.id", "4"}, {"broker.id", "5"}})).detail ==
          "You must set `node.id` to the same value as `broker.id`.");
    CHECK(create_err(props({{"broker.id", "1001"}})).detail ==
          "requirement failed: broker.id must be greater than or equal to -1 and not greater than reserved.broker.max.id");
    CHECK(create_ok(props({{"broker.id", "1001"}, {"reserved.broker.max.id", "2000"}})).broker_id() == 1001);
    CHECK(create_err(props({{"broker.id.generation.enable", "false"}})).detail ==
          "requirement failed: broker.id must be greater than or equal to 0");
}

TEST_CASE("log.dirs wins over log.dir and splits on commas") {
    auto c = create_ok(props({{"log.dir", "/ignored"}, {"log.dirs", "/a, /b,,/c"}}));
    CHECK(c.log_dirs() == std::vector<std::string>{"/a", "/b", "/c"});
    CHECK(create_ok(props({{"log.dir", "/only"}})).log_dirs() == std::vector<std::string>{"/only"});
    CHECK(create_err(props({{"log.dirs", " , "}})).detail ==
          "requirement failed: At least one log directory must be defined via log.dirs or log.dir.");
}

TEST_CASE("listeners with names, protocols and advertised addresses") {
    auto c = create_ok(props({{"listeners", "INTERNAL://0.0.0.0:9092,external://:9093"},
                              {"advertised.listeners", "INTERNAL://broker1:9092,EXTERNAL://public.example:9093"},
                              {"listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:SSL"},
                              {"inter.broker.listener.name", "internal"}}));
    REQUIRE(c.listeners().size() == 2);
    CHECK(c.listeners()[1] == endpoint{"EXTERNAL", "", 9093, security_protocol::ssl});
    CHECK(c.advertised_listeners()[1].host == "public.example");
    CHECK(c.inter_broker_listener_name() == "INTERNAL");
    CHECK(c.inter_broker_security_protocol() == security_protocol::plaintext);

    auto v6 = create_ok(props({{"listeners", "PLAINTEXT://127.0.0.1:9092,SSL://[::1]:9092"},
                               {"advertised.listeners", "PLAINTEXT://127.0.0.1:9092"}}));
    CHECK(v6.listeners()[1].host == "::1");
    CHECK(v6.listeners()[1].connection_string() == "SSL://[::1]:9092");
}

TEST_CASE("listener errors") {
    CHECK(create_err(props({{"listeners", "PLAINTEXT://:9092,SSL://:9092"}})).detail ==
          "requirement failed: Each listener must have a different port, listeners: PLAINTEXT://:9092,SSL://:9092");
    CHECK(create_err(props({{"listeners", "PLAINTEXT://:9092,PLAINTEXT://:9093"}})).detail ==
          "requirement failed: Each listener must have a different name, listeners: PLAINTEXT://:9092,PLAINTEXT://:9093");
    CHECK(create_err(props({{"listeners", "FOO://:9092"}})).detail ==
          "Error creating broker listeners from 'FOO://:9092': No security protocol defined for listener FOO");
    CHECK(create_err(props({{"listeners", "localhost:9092"}})).detail ==
          "Error creating broker listeners from 'localhost:9092': Unable to parse localhost:9092 to a broker endpoint");
    CHECK(create_err(props({{"listeners", "PLAINTEXT://10.0.0.1:9092,SSL://10.0.0.2:9092"}})).detail ==
          "requirement failed: If you have two listeners on the same port then one needs to be IPv4 and the other "
          "IPv6, listeners: PLAINTEXT://10.0.0.1:9092,SSL://10.0.0.2:9092, port: 9092");
    CHECK(create_err(props({{"listener.security.protocol.map", "PLAINTEXT:PLAINTEXTX"}})).detail ==
          "Invalid security protocol `PLAINTEXTX` defined in listener.security.protocol.map");
    CHECK(create_err(props({{"listeners", "PLAINTEXT://0.0.0.0:9092"}})).detail ==
          "requirement failed: advertised.listeners cannot use the nonroutable meta-address 0.0.0.0. Use a routable IP "
          "address.");
    CHECK(create_err(props({{"listeners", "PLAINTEXT://:9092"}, {"advertised.listeners", "SSL://h:9093"}})).detail ==
          "requirement failed: inter.broker.listener.name must be a listener name defined in advertised.listeners. The "
          "valid options based on currently configured listeners are SSL");
    CHECK(create_err(props({{"listeners", "PLAINTEXT://:9092"},
                            {"advertised.listeners", "PLAINTEXT://h:9092,SSL://h:9093"}}))
              .detail ==
          "requirement failed: advertised.listeners listener names must be equal to or a subset of the ones defined in "
          "listeners. Found PLAINTEXT,SSL. The valid options based on the current configuration are PLAINTEXT");
    CHECK(create_err(props({{"inter.broker.listener.name", "PLAINTEXT"}, {"security.inter.broker.protocol", "PLAINTEXT"}}))
              .detail == "Only one of inter.broker.listener.name and security.inter.broker.protocol should be set.");
    CHECK(create_err(props({{"inter.broker.listener.name", "REPLICATION"}})).detail ==
          "Listener with name REPLICATION defined in inter.broker.listener.name not found in "
          "listener.security.protocol.map.");
}

TEST_CASE("control plane listener") {
    auto c = create_ok(props({{"listeners", "PLAINTEXT://:9092,CONTROLLER://:9091"},
                              {"advertised.listeners", "PLAINTEXT://h:9092,CONTROLLER://h:9091"},
                              {"listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"},
                              {"control.plane.listener.name", "CONTROLLER"}}));
    CHECK(*c.control_plane_listener_name() == "CONTROLLER");
    CHECK(create_err(props({{"control.plane.listener.name", "PLAINTEXT"}})).detail ==
          "requirement failed: control.plane.listener.name, when defined, should have a different value from the "
          "inter broker listener name. Currently they both have the value PLAINTEXT");
}

TEST_CASE("cross-key checks on replication and offsets") {
    CHECK(create_err(props({{"replica.fetch.wait.max.ms", "40000"}})).detail ==
          "requirement failed: replica.socket.timeout.ms should always be at least replica.fetch.wait.max.ms to "
          "prevent unnecessary socket timeouts");
    CHECK(create_err(props({{"replica.fetch.wait.max.ms", "20000"}, {"replica.lag.time.max.ms", "10000"}})).detail ==
          "requirement failed: replica.fetch.wait.max.ms should always be less than or equal to "
          "replica.lag.time.max.ms to prevent frequent changes in ISR");
    CHECK(create_err(props({{"offsets.commit.required.acks", "5"}})).detail ==
          "requirement failed: offsets.commit.required.acks must be greater or equal -1 and less or equal to "
          "offsets.topic.replication.factor");
    CHECK(create_err(props({{"log.cleaner.dedupe.buffer.size", "1048576"}})).detail ==
          "requirement failed: log.cleaner.dedupe.buffer.size must be at least 1MB per cleaner thread.");
    CHECK(create_err(props({{"queued.max.request.bytes", "10"}})).detail ==
          "requirement failed: queued.max.request.bytes must be larger or equal to socket.request.max.bytes");
    CHECK(create_err(props({{"group.consumer.heartbeat.interval.ms", "20000"}})).detail ==
          "requirement failed: group.consumer.heartbeat.interval.ms must be less than or equals to "
          "group.consumer.max.heartbeat.interval.ms");
}

TEST_CASE("max.connections.per.ip and its overrides") {
    CHECK(create_ok(props({{"max.connections.per.ip.overrides", "host1:10, 10.0.0.1:5"}})).unknown_keys().empty());
    CHECK(create_err(props({{"max.connections.per.ip", "0"}})).detail ==
          "requirement failed: max.connections.per.ip can be set to zero only if max.connections.per.ip.overrides "
          "property is set.");
    CHECK(create_ok(props({{"max.connections.per.ip", "0"}, {"max.connections.per.ip.overrides", "h:1"}})).values()
              .get_int("max.connections.per.ip") == 0);
    CHECK(create_err(props({{"max.connections.per.ip.overrides", "h:ten"}})).detail == "For input string: \"ten\"");
    CHECK(create_err(props({{"max.connections.per.ip.overrides", "bad_host!:1"}})).detail ==
          "max.connections.per.ip.overrides contains invalid addresses : bad_host!");
}

TEST_CASE("unknown keys are kept and listed") {
    auto c = create_ok(props({{"foo", "1"}, {"log.retention.dayz", "3"},
                              {"listener.name.internal.ssl.keystore.location", "/k"}}));
    CHECK(c.unknown_keys() == std::vector<std::string>{"foo", "log.retention.dayz"});
    CHECK(unknown_key_warning("foo") == "The configuration 'foo' was supplied but isn't a known config.");
}

TEST_CASE("dynamic layers: per-broker over cluster default over static; read-only keys ignored") {
    properties cluster;
    cluster.set("log.retention.ms", "1000");
    cluster.set("num.partitions", "9");         // read-only: dropped
    cluster.set("listeners", "SSL://:9999");    // per-broker only: dropped from the default layer
    properties broker;
    broker.set("log.cleanup.policy", "compact");
    auto r = broker_config::create(props({{"log.retention.ms", "5000"}, {"log.cleanup.policy", "delete"}}), cluster, broker);
    REQUIRE(r.has_value());
    CHECK(r->log_retention_ms() == 1000);
    CHECK(r->values().get_int("num.partitions") == 1);
    CHECK(r->listeners()[0].port == 9092);
    CHECK(r->values().get_list("log.cleanup.policy") == std::vector<std::string>{"compact"});
    CHECK(r->dynamic_default_props().size() == 1);
}

TEST_CASE("dynamic layers: a layer's key replaces its synonyms below; custom keys kept") {
    properties cluster;
    cluster.set("log.retention.ms", "1000");
    cluster.set("my.custom.key", "a");
    cluster.set("listener.name.external.ssl.keystore.location", "/k");  // per-broker only: dropped
    cluster.set("listener.name.external.max.connections", "10");        // cluster-level listener key: kept
    auto r = broker_config::create(props({{"log.retention.hours", "24"}}), cluster, {});
    REQUIRE(r.has_value());
    CHECK(r->log_retention_ms() == 1000);
    // DynamicBrokerConfig.overrideProps drops the static .hours from the
    // effective set: the key reads its default again.
    CHECK(r->values().get_int("log.retention.hours") == 168);
    CHECK(r->static_props().contains("log.retention.hours"));  // the static layer itself is kept for describe
    CHECK(r->dynamic_default_props().contains("my.custom.key"));
    CHECK(!r->dynamic_default_props().contains("listener.name.external.ssl.keystore.location"));
    CHECK(r->dynamic_default_props().contains("listener.name.external.max.connections"));

    properties broker;
    broker.set("listener.name.external.ssl.keystore.location", "/k");
    broker.set("log.retention.hours", "5");  // read-only: dropped from the broker layer
    r = broker_config::create(props({{"log.retention.hours", "24"}}), cluster, broker);
    REQUIRE(r.has_value());
    CHECK(r->dynamic_broker_props().contains("listener.name.external.ssl.keystore.location"));
    CHECK(!r->dynamic_broker_props().contains("log.retention.hours"));
    CHECK(r->log_retention_ms() == 1000);
}

TEST_CASE("validate_dynamic_broker_update") {
    auto only = [](const char* k, const char* v) {
        properties p;
        p.set(k, v);
        return p;
    };
    CHECK(validate_dynamic_broker_update(only("log.retention.ms", "1000"), false).has_value());
    CHECK(validate_dynamic_broker_update(only("leader.replication.throttled.rate", "1048576"), true).has_value());
    CHECK(validate_dynamic_broker_update(only("my.custom.key", "x"), false).has_value());
    CHECK(validate_dynamic_broker_update(props({{"num.partitions", "3"}}), true).err().detail ==
          "Cannot update these configs dynamically: Set(num.partitions, zookeeper.connect)");
    CHECK(validate_dynamic_broker_update(only("broker.id", "3"), true).err().detail ==
          "Cannot update these configs dynamically: Set(broker.id)");
    properties one;
    one.set("ssl.keystore.location", "/k");
    CHECK(validate_dynamic_broker_update(one, true).err().detail ==
          "These security configs can be dynamically updated only per-listener using the listener prefix: "
          "Set(ssl.keystore.location)");
    properties listeners;
    listeners.set("advertised.listeners", "PLAINTEXT://h:9092");
    CHECK(validate_dynamic_broker_update(listeners, true).has_value());
    CHECK(validate_dynamic_broker_update(listeners, false).err().detail ==
          "Cannot update these configs at default cluster level, broker id must be specified: "
          "Set(advertised.listeners)");
    properties prefixed;
    prefixed.set("listener.name.external.ssl.keystore.location", "/k");
    CHECK(validate_dynamic_broker_update(prefixed, true).has_value());
    properties bad;
    bad.set("log.retention.ms", "soon");
    CHECK(validate_dynamic_broker_update(bad, false).err().detail ==
          "Invalid value soon for configuration log.retention.ms: Not a number of type LONG");
    properties negative;
    negative.set("follower.replication.throttled.rate", "-1");
    CHECK(validate_dynamic_broker_update(negative, false).err().detail ==
          "Invalid value -1 for configuration follower.replication.throttled.rate: Value must be at least 0");
}

TEST_CASE("every default in the broker table parses under its own definition") {
    for (const auto& key : broker_config_def().keys()) {
        CAPTURE(std::string(key.name));
        if (key.dflt.k == default_value::kind::text) CHECK(parse_value(key, key.dflt.text).has_value());
    }
    CHECK(broker_config_def().keys().size() > 250);
}

}  // namespace
}  // namespace odradek::config
