#include <doctest/doctest.h>

#include <ostream>

#include "coordination/kafka/errc.h"
#include "coordination/kafka/zk_data.h"

using namespace odradek;
using namespace odradek::coordination::kafka;

namespace {

byte_span bytes(std::string_view s) { return as_bytes(s); }
std::string text(const byte_buffer& b) { return std::string(b.begin(), b.end()); }

template <typename T>
void check_malformed(const result<T>& r) {
    REQUIRE_FALSE(r);
    CHECK(r.err().code == make_error_code(errc::malformed_data));
}

}  // namespace

// ------------------------------------------------------------------ brokers --

TEST_CASE("zk_data: broker registration v5 is written as a 3.7 broker writes it") {
    broker_registration b;
    b.id = 0;
    b.endpoints.push_back({"PLAINTEXT", "PLAINTEXT", "host1", 9092});
    b.timestamp_ms = 1700000000000;
    CHECK(text(encode_broker_registration(b)) ==
          R"({"features":{},"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://host1:9092"],"jmx_port":-1,"port":9092,"host":"host1","version":5,"timestamp":"1700000000000"})");

    // Two listeners, a rack, features; host/port are the PLAINTEXT listener's.
    broker_registration c;
    c.id = 2;
    c.endpoints.push_back({"CLIENT", "SSL", "h", 9093});
    c.endpoints.push_back({"INTERNAL", "PLAINTEXT", std::nullopt, 9094});
    c.rack = "dc1";
    c.jmx_port = 9999;
    c.timestamp_ms = 42;
    c.features["metadata.version"] = {1, 19};
    auto encoded = encode_broker_registration(c);
    CHECK(text(encoded) ==
          R"({"features":{"metadata.version":{"min_version":1,"max_version":19}},"listener_security_protocol_map":{"CLIENT":"SSL","INTERNAL":"PLAINTEXT"},"endpoints":["CLIENT://h:9093","INTERNAL://:9094"],"rack":"dc1","jmx_port":9999,"port":9094,"host":null,"version":5,"timestamp":"42"})");
    auto back = decode_broker_registration(2, encoded);
    REQUIRE(back);
    CHECK(*back == c);

    // Without a PLAINTEXT listener the old-client fields are null and -1.
    broker_registration d;
    d.endpoints.push_back({"SSL", "SSL", "h", 9093});
    CHECK(text(encode_broker_registration(d)).find(R"("port":-1,"host":null)") != std::string::npos);
}

TEST_CASE("zk_data: broker registrations of every version from Kafka's BrokerEndPointTest") {
    SUBCASE("future version with an unknown field") {
        auto b = decode_broker_registration(1, bytes(R"({
          "foo":"bar", "version":100, "host":"localhost", "port":9092, "jmx_port":9999,
          "timestamp":"1416974968782", "endpoints":["SSL://localhost:9093"]})"));
        REQUIRE(b);
        CHECK(b->id == 1);
        REQUIRE(b->endpoints.size() == 1);
        CHECK(b->endpoints[0] == end_point{"SSL", "SSL", "localhost", 9093});
    }
    SUBCASE("v1: host and port only") {
        auto b = decode_broker_registration(
            1, bytes(R"({"jmx_port":-1,"timestamp":"1420485325400","host":"172.16.8.243","version":1,"port":9091})"));
        REQUIRE(b);
        REQUIRE(b->endpoints.size() == 1);
        CHECK(b->endpoints[0] == end_point{"PLAINTEXT", "PLAINTEXT", "172.16.8.243", 9091});
        CHECK(b->timestamp_ms == 1420485325400);
    }
    SUBCASE("v3 with a rack") {
        auto b = decode_broker_registration(1, bytes(R"({"version":3, "host":"localhost", "port":9092,
          "jmx_port":9999, "timestamp":"2233345666",
          "endpoints":["PLAINTEXT://host1:9092", "SSL://host1:9093"], "rack":"dc1"})"));
        REQUIRE(b);
        REQUIRE(b->endpoints.size() == 2);
        CHECK(b->endpoints[1] == end_point{"SSL", "SSL", "host1", 9093});
        CHECK(b->rack == "dc1");
    }
    SUBCASE("v4 with a null rack and a listener map") {
        auto b = decode_broker_registration(1, bytes(R"({"version":4, "host":"localhost", "port":9092,
          "jmx_port":9999, "timestamp":"2233345666",
          "endpoints":["CLIENT://host1:9092", "REPLICATION://host1:9093"],
          "listener_security_protocol_map":{"CLIENT":"SSL", "REPLICATION":"PLAINTEXT"}, "rack":null})"));
        REQUIRE(b);
        CHECK(b->endpoints[0] == end_point{"CLIENT", "SSL", "host1", 9092});
        CHECK(b->endpoints[1] == end_point{"REPLICATION", "PLAINTEXT", "host1", 9093});
        CHECK_FALSE(b->rack.has_value());
        CHECK(b->features.empty());
    }
    SUBCASE("v5 with features") {
        auto b = decode_broker_registration(1, bytes(R"({"version":5, "host":"localhost", "port":9092,
          "jmx_port":9999, "timestamp":"2233345666",
          "endpoints":["CLIENT://host1:9092", "REPLICATION://host1:9093"],
          "listener_security_protocol_map":{"CLIENT":"SSL", "REPLICATION":"PLAINTEXT"}, "rack":"dc1",
          "features": {"feature1": {"min_version": 1, "max_version": 2}, "feature2": {"min_version": 2, "max_version": 4}}})"));
        REQUIRE(b);
        CHECK(b->rack == "dc1");
        CHECK(b->features.at("feature1") == supported_version_range{1, 2});
        CHECK(b->features.at("feature2") == supported_version_range{2, 4});
    }
}

TEST_CASE("zk_data: broker registrations that do not decode") {
    check_malformed(decode_broker_registration(1, bytes("")));
    check_malformed(decode_broker_registration(1, bytes("{not json")));
    check_malformed(decode_broker_registration(1, bytes("[1,2]")));
    auto no_jmx = decode_broker_registration(7, bytes(R"({"version":5,"endpoints":[]})"));
    check_malformed(no_jmx);
    CHECK(no_jmx.err().detail == R"(Failed to parse ZooKeeper registration for broker 7: {"version":5,"endpoints":[]})");
    auto v0 = decode_broker_registration(1, bytes(R"({"version":0,"jmx_port":-1})"));
    check_malformed(v0);
    CHECK(v0.err().detail == R"(Unsupported version of broker registration: {"version":0,"jmx_port":-1})");
    // A port that is a string, an endpoint that is not one, an unknown listener.
    check_malformed(decode_broker_registration(1, bytes(R"({"version":1,"jmx_port":-1,"host":"h","port":"9092"})")));
    auto bad_ep = decode_broker_registration(1, bytes(R"({"version":4,"jmx_port":-1,"endpoints":["nonsense"]})"));
    check_malformed(bad_ep);
    CHECK(bad_ep.err().detail == "Unable to parse nonsense to a broker endpoint");
    auto no_proto = decode_broker_registration(
        1, bytes(R"({"version":4,"jmx_port":-1,"endpoints":["CLIENT://h:1"],"listener_security_protocol_map":{}})"));
    check_malformed(no_proto);
    CHECK(no_proto.err().detail == "No security protocol defined for listener CLIENT");
    check_malformed(decode_broker_registration(1, bytes(R"({"version":2,"jmx_port":3000000000,"endpoints":[]})")));
    check_malformed(decode_broker_registration(1, bytes(R"({"version":2.5,"jmx_port":1,"endpoints":[]})")));
}

TEST_CASE("zk_data: end points (EndPoint.createEndPoint)") {
    auto check = [](std::string_view cs, std::optional<std::string> host, int32_t port) {
        CAPTURE(cs);
        auto ep = parse_end_point(cs);
        REQUIRE(ep);
        CHECK(ep->host == host);
        CHECK(ep->port == port);
        CHECK(ep->connection_string() == cs);
    };
    check("PLAINTEXT://localhost:9092", "localhost", 9092);
    check("PLAINTEXT://local_host:9092", "local_host", 9092);
    check("PLAINTEXT://:9092", std::nullopt, 9092);
    check("PLAINTEXT://[::1]:9092", "::1", 9092);
    check("PLAINTEXT://[fe80::b1da:69ca:57f7:63d8%3]:9092", "fe80::b1da:69ca:57f7:63d8%3", 9092);
    check("PLAINTEXT://MyHostname:9092", "MyHostname", 9092);
    check("PLAINTEXT://h:-1", "h", -1);
    auto lower = parse_end_point("plaintext://h:1");
    REQUIRE(lower);
    CHECK(lower->listener_name == "PLAINTEXT");
    CHECK_FALSE(parse_end_point("PLAINTEXT://h"));
    CHECK_FALSE(parse_end_point("PLAINTEXT://h:12x"));
    CHECK_FALSE(parse_end_point("PLAINTEXT://h/x:1"));
    CHECK_FALSE(parse_end_point("UNKNOWN://h:1"));
}

// ------------------------------------------------------------------- topics --

TEST_CASE("zk_data: topic assignment v3") {
    topic_assignment a;
    a.topic_id = *uuid_from_base64("NPmZHyhbR9y00wMglMH2sg");
    a.partitions[0].replicas = {0, 1};
    a.partitions[1].replicas = {1, 2};
    CHECK(text(encode_topic_assignment(a)) ==
          R"({"partitions":{"0":[0,1],"1":[1,2]},"removing_replicas":{},"topic_id":"NPmZHyhbR9y00wMglMH2sg","adding_replicas":{},"version":3})");
    auto back = decode_topic_assignment(encode_topic_assignment(a));
    REQUIRE(back);
    CHECK(*back == a);

    // The reference's example (another key order), and a reassignment in flight.
    auto doc = decode_topic_assignment(bytes(
        R"({"partitions":{"0":[0,1],"1":[1,2]},"topic_id":"NPmZHyhbR9y00wMglMH2sg","adding_replicas":{"1":[2]},"removing_replicas":{"1":[0]},"version":3})"));
    REQUIRE(doc);
    CHECK(doc->topic_id == a.topic_id);
    CHECK(doc->partitions.at(1).adding_replicas == std::vector<int32_t>{2});
    CHECK(doc->partitions.at(1).removing_replicas == std::vector<int32_t>{0});
    CHECK(doc->partitions.at(1).is_being_reassigned());
    CHECK_FALSE(doc->partitions.at(0).is_being_reassigned());

    // Version 1 (before topic ids): no id, no reassignment fields.
    auto v1 = decode_topic_assignment(bytes(R"({"version":1,"partitions":{"0":[1]}})"));
    REQUIRE(v1);
    CHECK_FALSE(v1->topic_id);
    CHECK(v1->partitions.at(0).replicas == std::vector<int32_t>{1});

    // Many partitions: Kafka's HashMap order, every partition read back.
    topic_assignment big;
    for (int32_t p = 0; p < 30; ++p) big.partitions[p].replicas = {p % 3};
    auto big_back = decode_topic_assignment(encode_topic_assignment(big));
    REQUIRE(big_back);
    CHECK(*big_back == big);
}

TEST_CASE("zk_data: topic assignments that do not decode") {
    check_malformed(decode_topic_assignment(bytes("")));
    check_malformed(decode_topic_assignment(bytes(R"({"partitions":{"x":[1]}})")));
    check_malformed(decode_topic_assignment(bytes(R"({"partitions":{"0":["1"]}})")));
    check_malformed(decode_topic_assignment(bytes(R"({"partitions":[1]})")));
    check_malformed(decode_topic_assignment(bytes(R"({"partitions":{},"topic_id":"short"})")));
    check_malformed(decode_topic_assignment(bytes(R"({"partitions":{"0":[1]},"adding_replicas":{"0":"x"}})")));
}

TEST_CASE("zk_data: partition state") {
    partition_state s;
    s.leader = 0;
    s.leader_epoch = 0;
    s.isr = {0, 1};
    s.controller_epoch = 1;
    CHECK(text(encode_partition_state(s)) ==
          R"({"controller_epoch":1,"leader":0,"version":1,"leader_epoch":0,"isr":[0,1]})");
    auto back = decode_partition_state(encode_partition_state(s), 7);
    REQUIRE(back);
    CHECK(back->zk_version == 7);
    back->zk_version = s.zk_version;
    CHECK(*back == s);

    s.recovery_state = leader_recovery_state::recovering;
    s.leader = -1;
    CHECK(text(encode_partition_state(s)) ==
          R"({"controller_epoch":1,"leader":-1,"version":1,"leader_recovery_state":1,"leader_epoch":0,"isr":[0,1]})");
    auto recovering = decode_partition_state(encode_partition_state(s));
    REQUIRE(recovering);
    CHECK(recovering->recovery_state == leader_recovery_state::recovering);

    check_malformed(decode_partition_state(bytes(R"({"leader":0,"isr":[0]})")));
    check_malformed(decode_partition_state(bytes(R"({"controller_epoch":1,"leader":0,"leader_epoch":0,"isr":"0"})")));
    auto bad_lrs = decode_partition_state(
        bytes(R"({"controller_epoch":1,"leader":0,"leader_epoch":0,"isr":[0],"leader_recovery_state":5})"));
    check_malformed(bad_lrs);
    CHECK(bad_lrs.err().detail == "Value 5 is not a valid leader recovery state");
}

// --------------------------------------------------------------- controller --

TEST_CASE("zk_data: controller and controller epoch") {
    controller_registration c{0, 1700000000000, -1};
    CHECK(text(encode_controller(c)) == R"({"version":2,"brokerid":0,"timestamp":"1700000000000","kraftControllerEpoch":-1})");
    auto back = decode_controller(encode_controller(c));
    REQUIRE(back);
    CHECK(*back == c);
    // Version 1, written by older brokers.
    auto v1 = decode_controller(bytes(R"({"version":1,"brokerid":3,"timestamp":"1"})"));
    REQUIRE(v1);
    CHECK(v1->broker_id == 3);
    CHECK_FALSE(v1->kraft_controller_epoch);
    check_malformed(decode_controller(bytes(R"({"version":2})")));
    check_malformed(decode_controller(bytes("3")));

    CHECK(text(encode_controller_epoch(12)) == "12");
    CHECK(*decode_controller_epoch(bytes("12")) == 12);
    CHECK(*decode_controller_epoch(bytes("-1")) == -1);
    check_malformed(decode_controller_epoch(bytes("")));
    check_malformed(decode_controller_epoch(bytes(" 1")));
    check_malformed(decode_controller_epoch(bytes("99999999999")));
}

// ------------------------------------------------------------- the others --

TEST_CASE("zk_data: cluster id, configs and config change notifications") {
    CHECK(text(encode_cluster_id("NPmZHyhbR9y00wMglMH2sg")) == R"({"version":"1","id":"NPmZHyhbR9y00wMglMH2sg"})");
    CHECK(*decode_cluster_id(bytes(R"({"version":"1","id":"abc"})")) == "abc");
    check_malformed(decode_cluster_id(bytes(R"({"version":"1"})")));
    check_malformed(decode_cluster_id(bytes("garbage")));

    config_map cfg{{"retention.ms", "86400000"}, {"cleanup.policy", "compact"}};
    CHECK(text(encode_entity_config(cfg)) ==
          R"({"version":1,"config":{"cleanup.policy":"compact","retention.ms":"86400000"}})");
    CHECK(*decode_entity_config(encode_entity_config(cfg)) == cfg);
    CHECK(text(encode_entity_config({})) == R"({"version":1,"config":{}})");
    CHECK(decode_entity_config(bytes(""))->empty());
    CHECK(decode_entity_config(bytes(R"({"version":1})"))->empty());
    check_malformed(decode_entity_config(bytes(R"({"version":1,"config":{"a":1}})")));
    check_malformed(decode_entity_config(bytes("{")));
    // A value that is not UTF-8 is written (replaced), not thrown about.
    CHECK_FALSE(encode_entity_config({{"k", "\xff"}}).empty());

    CHECK(text(encode_config_change("topics/foo")) == R"({"version":2,"entity_path":"topics/foo"})");
    CHECK(*decode_config_change(encode_config_change("topics/foo")) == "topics/foo");
    CHECK(*decode_config_change(bytes(R"({"version":1,"entity_type":"topics","entity_name":"bar"})")) == "topics/bar");
    check_malformed(decode_config_change(bytes(R"({"version":3,"entity_path":"x"})")));
    check_malformed(decode_config_change(bytes(R"({"version":2})")));
}

TEST_CASE("zk_data: isr change, log dir event, producer id block, feature") {
    std::vector<topic_partition> parts{{"foo", 0}, {"bar", 3}, {"foo", 0}};
    auto isr = encode_isr_change(parts);
    CHECK(text(isr) == R"({"version":1,"partitions":[{"topic":"foo","partition":0},{"topic":"bar","partition":3}]})");
    auto isr_back = decode_isr_change(isr);
    REQUIRE(isr_back);
    CHECK(*isr_back == std::vector<topic_partition>{{"foo", 0}, {"bar", 3}});
    check_malformed(decode_isr_change(bytes(R"({"version":1,"partitions":[{"topic":"foo"}]})")));

    CHECK(text(encode_log_dir_event(4)) == R"({"version":1,"broker":4,"event":1})");
    CHECK(*decode_log_dir_event(encode_log_dir_event(4)) == 4);

    producer_id_block b{0, 0, 1000};
    CHECK(text(encode_producer_id_block(b)) == R"({"version":1,"broker":0,"block_start":"0","block_end":"999"})");
    auto pb = decode_producer_id_block(bytes(R"({"version":1,"broker":2,"block_start":"1000","block_end":"1999"})"));
    REQUIRE(pb);
    CHECK(*pb == producer_id_block{2, 1000, 1000});
    CHECK(pb->last_producer_id() == 1999);
    CHECK(pb->next_block_first_id() == 2000);
    check_malformed(decode_producer_id_block(bytes(R"({"version":1,"broker":2,"block_start":1000,"block_end":"1999"})")));
    check_malformed(
        decode_producer_id_block(bytes(R"({"version":1,"broker":2,"block_start":"0","block_end":"99999999999999999999"})")));

    feature_znode f;
    CHECK(text(encode_feature_znode(f)) == R"({"features":{},"version":2,"status":1})");
    f.features["metadata.version"] = 7;
    CHECK(*decode_feature_znode(encode_feature_znode(f)) == f);
    feature_znode v1{1, 0, {{"x", 2}}};
    CHECK(text(encode_feature_znode(v1)) ==
          R"({"features":{"x":{"max_version_level":2,"min_version_level":2}},"version":1,"status":0})");
    CHECK(*decode_feature_znode(encode_feature_znode(v1)) == v1);
    auto no_status = decode_feature_znode(bytes(R"({"version":2,"features":{}})"));
    check_malformed(no_status);
    CHECK(no_status.err().detail == R"(Status can not be absent in feature information: {"version":2,"features":{}})");
    auto bad_version = decode_feature_znode(bytes(R"({"version":3,"status":1,"features":{}})"));
    check_malformed(bad_version);
    CHECK(bad_version.err().detail ==
          R"(Unsupported version: 3 of feature information: {"version":3,"status":1,"features":{}})");
    auto no_min = decode_feature_znode(bytes(R"({"version":1,"status":1,"features":{"x":{"max_version_level":2}}})"));
    check_malformed(no_min);
    CHECK(no_min.err().detail == "min_version_level absent in [Map(max_version_level -> 2)]");
    check_malformed(decode_feature_znode(bytes(R"({"version":2,"status":1,"features":{"x":{"max_version_level":0}}})")));
    check_malformed(decode_feature_znode(bytes(R"({"version":2,"status":7,"features":{}})")));
}
