// kafka-topics against a fake admin client: option checks, and the exact
// text of list, describe, create and the errors.
#include "tools/topics.h"

#include <doctest/doctest.h>

#include <sstream>

#include "client/errc.h"
#include "tools/test_fake_admin.h"
#include "base/uuid_text.h"

using namespace odradek;
using namespace odradek::client;
using namespace odradek::tools;
using odradek::tools::testing::fake_admin;

namespace {

struct run_result {
    int code;
    std::string out, err;
};

// Runs kafka-topics against `admin` (which must outlive the call).
run_result run(topics_options o, fake_admin& admin) {
    if (!o.bootstrap_server) o.bootstrap_server = "localhost:9092";
    std::ostringstream out, err;
    admin_factory factory = testing::factory_for(admin);
    int code = run_topics_with(o, factory, out, err);
    return {code, out.str(), err.str()};
}

topics_options action(bool topics_options::*flag, std::optional<std::string> topic = std::nullopt) {
    topics_options o;
    o.*flag = true;
    o.topic = std::move(topic);
    o.bootstrap_server = "localhost:9092";
    return o;
}

}  // namespace

TEST_CASE("option checks use Kafka's messages") {
    topics_options none;
    none.bootstrap_server = "x:1";
    REQUIRE(check_topics_options(none));
    CHECK(check_topics_options(none)->message ==
          "Command must include exactly one action: --list, --describe, --create, --alter or --delete");

    topics_options two = action(&topics_options::list);
    two.create = true;
    CHECK(check_topics_options(two)->message ==
          "Command must include exactly one action: --list, --describe, --create, --alter or --delete");

    topics_options no_bs;
    no_bs.list = true;
    auto p = check_topics_options(no_bs);
    REQUIRE(p);
    CHECK(p->message == "--bootstrap-server must be specified");
    CHECK(!p->print_usage);

    CHECK(check_topics_options(action(&topics_options::create))->message == "Missing required argument \"[topic]\"");
    CHECK(!check_topics_options(action(&topics_options::create, "t")));
    CHECK(!check_topics_options(action(&topics_options::list)));
    CHECK(!check_topics_options(action(&topics_options::describe)));

    topics_options alter = action(&topics_options::alter, "t");
    CHECK(check_topics_options(alter)->message == "Missing required argument \"[partitions]\"");
    alter.configs = {"a=b"};
    CHECK(check_topics_options(alter)->message ==
          "Option combination \"[bootstrap-server, config]\" can't be used with option \"[alter]\" (the "
          "kafka-configs CLI supports altering topic configs with a --bootstrap-server option)");

    topics_options list_parts = action(&topics_options::list);
    list_parts.partitions = 3;
    CHECK(check_topics_options(list_parts)->message == "Option \"[partitions]\" can't be used with option \"[list]\"");

    topics_options ra = action(&topics_options::create, "t");
    ra.replica_assignment = "0:1";
    ra.partitions = 2;
    CHECK(check_topics_options(ra)->message ==
          "Option \"[replica-assignment]\" can't be used with option \"[partitions]\"");

    topics_options rf_alter = action(&topics_options::alter, "t");
    rf_alter.partitions = 2;
    rf_alter.replication_factor = 1;
    CHECK(check_topics_options(rf_alter)->message ==
          "Option \"[replication-factor]\" can't be used with option \"[alter]\"");

    topics_options report = action(&topics_options::describe);
    report.under_replicated_partitions = true;
    report.topics_with_overrides = true;
    CHECK(check_topics_options(report)->message ==
          "Option \"[under-replicated-partitions]\" can't be used with option \"[topics-with-overrides]\"");

    topics_options ine = action(&topics_options::list);
    ine.if_not_exists = true;
    CHECK(check_topics_options(ine)->message == "Option \"[if-not-exists]\" can't be used with option \"[list]\"");

    topics_options ie = action(&topics_options::describe);
    ie.if_exists = true;
    CHECK(check_topics_options(ie)->message == "--topic or --topic-id is required to describe a topic");

    topics_options dc = action(&topics_options::alter, "t");
    dc.partitions = 3;
    dc.delete_configs = {"x"};
    CHECK(check_topics_options(dc)->message ==
          "Option \"[delete-config]\" can't be used with option \"[bootstrap-server]\"");
}

TEST_CASE("create prints Created topic, warns about collision characters, and reports an existing topic") {
    fake_admin admin;
    auto r = run(action(&topics_options::create, "orders"), admin);
    CHECK(r.code == 0);
    CHECK(r.out == "Created topic orders.\n");
    REQUIRE(admin.created.size() == 1);
    CHECK(!admin.created[0].partitions);
    CHECK(!admin.created[0].replication_factor);

    topics_options dotted = action(&topics_options::create, "my.topic");
    dotted.partitions = 3;
    dotted.replication_factor = 1;
    dotted.configs = {"retention.ms = 1000", "cleanup.policy=compact"};
    r = run(dotted, admin);
    CHECK(r.code == 0);
    CHECK(r.out ==
          "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could "
          "collide. To avoid issues it is best to use either, but not both.\nCreated topic my.topic.\n");
    CHECK(admin.created.back().partitions == 3);
    CHECK(admin.created.back().replication_factor == 1);
    CHECK(admin.created.back().configs ==
          std::vector<std::pair<std::string, std::string>>{{"cleanup.policy", "compact"}, {"retention.ms", "1000"}});

    admin.add_topic("orders", 1);
    r = run(action(&topics_options::create, "orders"), admin);
    CHECK(r.code == 1);
    CHECK(r.out == "Error while executing topic command : Topic 'orders' already exists.\n");
    CHECK(r.err.find("ERROR org.apache.kafka.common.errors.TopicExistsException: Topic 'orders' already exists. "
                     "(org.apache.kafka.tools.TopicCommand)") != std::string::npos);

    topics_options ine = action(&topics_options::create, "orders");
    ine.if_not_exists = true;
    r = run(ine, admin);
    CHECK(r.code == 0);
    CHECK(r.out.empty());
}

TEST_CASE("create refuses bad numbers, configs and assignments before sending anything") {
    fake_admin admin;
    topics_options o = action(&topics_options::create, "t");
    o.partitions = 0;
    auto r = run(o, admin);
    CHECK(r.out == "Error while executing topic command : The partitions must be greater than 0\n");
    o.partitions = std::nullopt;
    o.replication_factor = 40000;
    r = run(o, admin);
    CHECK(r.out == "Error while executing topic command : The replication factor must be between 1 and 32767 "
                   "inclusive\n");
    o.replication_factor = std::nullopt;
    o.configs = {"novalue"};
    r = run(o, admin);
    CHECK(r.out == "Error while executing topic command : requirement failed: Invalid topic config: all configs "
                   "to be added must be in the format \"key=val\".\n");
    o.configs = {"no.such.config=1"};
    r = run(o, admin);
    CHECK(r.out == "Error while executing topic command : Unknown topic config name: no.such.config\n");
    o.configs = {};
    o.replica_assignment = "0:1,1:1";
    r = run(o, admin);
    CHECK(r.out == "Error while executing topic command : Partition replica lists may not contain duplicate "
                   "entries: 1\n");
    o.replica_assignment = "0:1,2";
    r = run(o, admin);
    CHECK(r.out == "Error while executing topic command : Partition 1 has different replication factor: [2]\n");
    CHECK(admin.created.empty());
    o.replica_assignment = "0:1, 1:2";
    r = run(o, admin);
    CHECK(r.code == 0);
    REQUIRE(admin.created.size() == 1);
    CHECK(admin.created[0].assignments.at(0) == std::vector<int32_t>{0, 1});
    CHECK(admin.created[0].assignments.at(1) == std::vector<int32_t>{1, 2});
}

TEST_CASE("list prints sorted names, filters with --topic as a regex, and an empty cluster prints one empty line") {
    fake_admin admin;
    auto r = run(action(&topics_options::list), admin);
    CHECK(r.out == "\n");
    admin.add_topic("orders", 1);
    admin.add_topic("__consumer_offsets", 1);
    admin.add_topic("ordrs", 1);
    admin.add_topic("payments", 1);
    r = run(action(&topics_options::list), admin);
    CHECK(r.out == "__consumer_offsets\norders\nordrs\npayments\n");
    topics_options ex = action(&topics_options::list);
    ex.exclude_internal = true;
    CHECK(run(ex, admin).out == "orders\nordrs\npayments\n");
    CHECK(run(action(&topics_options::list, "ord.*"), admin).out == "orders\nordrs\n");
    CHECK(run(action(&topics_options::list, "orders, payments"), admin).out == "orders\npayments\n");
    CHECK(run(action(&topics_options::list, "\"ord\""), admin).out == "\n");
}

TEST_CASE("describe prints Kafka's tab-separated header and partition lines") {
    fake_admin admin;
    admin.add_topic("orders", 3);
    admin.configs["orders"] = {{"cleanup.policy", "delete", 5, false, false, true, {}, 0, {}},
                               {"retention.ms", "1000", 1, false, false, false, {}, 0, {}},
                               {"segment.bytes", "1073741824", 4, false, false, false, {}, 0, {}}};
    admin.add_topic("plain", 1);
    auto r = run(action(&topics_options::describe, "orders"), admin);
    CHECK(r.code == 0);
    std::string id = uuid_to_base64(admin.topics[0].id.bytes);
    CHECK(r.out == "Topic: orders\tTopicId: " + id +
                       "\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: retention.ms=1000,segment.bytes=1073741824\n"
                       "\tTopic: orders\tPartition: 0\tLeader: 0\tReplicas: 0\tIsr: 0\n"
                       "\tTopic: orders\tPartition: 1\tLeader: 0\tReplicas: 0\tIsr: 0\n"
                       "\tTopic: orders\tPartition: 2\tLeader: 0\tReplicas: 0\tIsr: 0\n");
    // No non-default configs: "Configs: " with its trailing space.
    r = run(action(&topics_options::describe, "plain"), admin);
    CHECK(r.out.substr(0, r.out.find('\n')) ==
          "Topic: plain\tTopicId: " + uuid_to_base64(admin.topics[1].id.bytes) +
              "\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: ");

    topics_options overrides = action(&topics_options::describe);
    overrides.topics_with_overrides = true;
    r = run(overrides, admin);
    CHECK(r.out == "Topic: orders\tTopicId: " + id +
                       "\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: retention.ms=1000,segment.bytes=1073741824\n");

    r = run(action(&topics_options::describe, "missing"), admin);
    CHECK(r.code == 1);
    CHECK(r.out == "Error while executing topic command : Topic 'missing' does not exist as expected\n");
    topics_options if_exists = action(&topics_options::describe, "missing");
    if_exists.if_exists = true;
    r = run(if_exists, admin);
    CHECK(r.code == 0);
    CHECK(r.out.empty());
}

TEST_CASE("describe's partition reports print only matching partition lines") {
    fake_admin admin;
    admin.add_topic("t", 2, {0, 1});
    admin.topics[0].partitions[0].isr = {0};        // under-replicated
    admin.topics[0].partitions[1].leader = -1;      // no leader
    admin.topics[0].partitions[1].isr = {};
    topics_options under = action(&topics_options::describe, "t");
    under.under_replicated_partitions = true;
    auto r = run(under, admin);
    CHECK(r.out == "\tTopic: t\tPartition: 0\tLeader: 0\tReplicas: 0,1\tIsr: 0\n"
                   "\tTopic: t\tPartition: 1\tLeader: none\tReplicas: 0,1\tIsr: \n");
    topics_options unavailable = action(&topics_options::describe, "t");
    unavailable.unavailable_partitions = true;
    r = run(unavailable, admin);
    CHECK(r.out == "\tTopic: t\tPartition: 1\tLeader: none\tReplicas: 0,1\tIsr: \n");
    topics_options at_min = action(&topics_options::describe, "t");
    at_min.at_min_isr_partitions = true;
    r = run(at_min, admin);
    CHECK(r.out == "\tTopic: t\tPartition: 0\tLeader: 0\tReplicas: 0,1\tIsr: 0\n");
}

TEST_CASE("delete and alter act on every matching topic and print nothing") {
    fake_admin admin;
    admin.add_topic("a1", 1);
    admin.add_topic("a2", 2);
    admin.add_topic("b", 1);
    auto r = run(action(&topics_options::delete_topic, "a.*"), admin);
    CHECK(r.code == 0);
    CHECK(r.out.empty());
    CHECK(admin.deleted == std::vector<std::string>{"a1", "a2"});
    r = run(action(&topics_options::delete_topic, "zzz"), admin);
    CHECK(r.out == "Error while executing topic command : Topic 'zzz' does not exist as expected\n");

    topics_options alter = action(&topics_options::alter, "a2");
    alter.partitions = 4;
    alter.replica_assignment = "0,0,0,0";
    r = run(alter, admin);
    CHECK(r.code == 0);
    REQUIRE(admin.increased.size() == 1);
    CHECK(admin.increased[0].total_count == 4);
    // The assignment's first two entries cover the existing partitions.
    CHECK(admin.increased[0].assignments == std::vector<std::vector<int32_t>>{{0}, {0}});
}

TEST_CASE("an unreachable cluster ends with Kafka's timeout message and a hint") {
    fake_admin admin;
    admin.fail_all = error(errc::connection_failed,
                           "Connection to node -1 (localhost/127.0.0.1:9092) could not be established. Broker may not "
                           "be available.");
    auto r = run(action(&topics_options::list), admin);
    CHECK(r.code == 1);
    CHECK(r.out == "Error while executing topic command : Timed out waiting for a node assignment. Call: listTopics\n");
    CHECK(r.err.find("No broker answered at localhost:9092") != std::string::npos);
}

TEST_CASE("topic ids print as Kafka's URL-safe base64 and parse back") {
    protocol::uuid id;
    for (size_t i = 0; i < 16; ++i) id.bytes[i] = uint8_t(i * 17 + 3);
    std::string text = uuid_to_base64(id.bytes);
    CHECK(text.size() == 22);
    auto back = uuid_from_base64(text);
    REQUIRE(back);
    CHECK(*back == id.bytes);
    // Kafka's Uuid.ONE_UUID is "AAAAAAAAAAAAAAAAAAAAAQ".
    protocol::uuid one;
    one.bytes[15] = 1;
    CHECK(uuid_to_base64(one.bytes) == "AAAAAAAAAAAAAAAAAAAAAQ");
    CHECK(!uuid_from_base64("abc"));
    // java.util.Base64's messages, which Uuid.fromString passes on.
    CHECK(uuid_from_base64("AAAAAAAAAAAAAAAAAAAA.Q").err().detail == "Illegal base64 character 2e");
    CHECK(uuid_from_base64("AAAAA").err().detail == "Last unit does not have enough valid bits");
    CHECK(uuid_from_base64("AAAAAAAAAAAAAAAAAAAAAQ=").err().detail == "Input byte array has wrong 4-byte ending unit");
    CHECK(uuid_from_base64("AAAAAAAAAAAAAAAAAAAAAQ==").value() == one.bytes);
}
