#include "tools/leader_election.h"

#include <doctest/doctest.h>

#include <sstream>

#include "client/errc.h"
#include "tools/test_fake_admin.h"

namespace odradek::tools {
namespace {

struct ran {
    int code;
    std::string out, err;
};

ran run(const leader_election_options& o, testing::fake_admin& admin, std::optional<std::string> json = std::nullopt) {
    std::ostringstream out, err;
    int code = run_leader_election_with(o, json, testing::factory_for(admin), out, err);
    return {code, out.str(), err.str()};
}

leader_election_options base() {
    leader_election_options o;
    o.bootstrap_server = "localhost:9092";
    o.election_type = "preferred";
    return o;
}

TEST_CASE("preferred election of one partition prints Kafka's lines") {
    testing::fake_admin admin;
    admin.elections = {{{"t", 0}, ok()}};
    auto o = base();
    o.topic = "t";
    o.partition = 0;
    auto r = run(o, admin);
    CHECK(r.code == 0);
    CHECK(r.out == "Successfully completed leader election (PREFERRED) for partitions t-0\n");
    REQUIRE(admin.asked_election_partitions);
    CHECK(admin.asked_election_partitions->size() == 1);
    CHECK(*admin.asked_election_type == client::election_type::preferred);
}

TEST_CASE("all partitions: done, not needed and failed partitions; a failure exits 1") {
    testing::fake_admin admin;
    admin.elections = {{{"a", 0}, ok()},
                       {{"a", 1}, ok()},
                       {{"b", 0}, client::kafka_error(protocol::error_code::election_not_needed)},
                       {{"c", 2}, client::kafka_error(protocol::error_code::eligible_leaders_not_available,
                                                      std::string("Failed to elect leader for partition c-2 under "
                                                                  "strategy OfflinePartitionLeaderElectionStrategy(true)"))}};
    auto o = base();
    o.election_type = "UNCLEAN";
    o.all_topic_partitions = true;
    auto r = run(o, admin);
    CHECK(!admin.asked_election_partitions);
    CHECK(*admin.asked_election_type == client::election_type::unclean);
    CHECK(r.out ==
          "Successfully completed leader election (UNCLEAN) for partitions a-0, a-1\n"
          "Valid replica already elected for partitions b-0\n"
          "Error completing leader election (UNCLEAN) for partition: c-2: "
          "org.apache.kafka.common.errors.EligibleLeadersNotAvailableException: Failed to elect leader for partition "
          "c-2 under strategy OfflinePartitionLeaderElectionStrategy(true)\n");
    CHECK(r.err == "1 replica(s) could not be elected\n");
    CHECK(r.code == 1);
}

TEST_CASE("the JSON file's partitions, duplicates refused") {
    testing::fake_admin admin;
    auto o = base();
    o.path_to_json_file = "f.json";
    auto r = run(o, admin, R"({"partitions": [{"topic": "x", "partition": 1}, {"topic": "y", "partition": 0}]})");
    CHECK(r.code == 0);
    REQUIRE(admin.asked_election_partitions);
    CHECK(admin.asked_election_partitions->size() == 2);
    admin.asked_election_partitions.reset();
    r = run(o, admin, R"({"partitions": [{"topic": "x", "partition": 1}, {"topic": "x", "partition": 1}]})");
    CHECK(r.code == 1);
    CHECK(r.err == "Replica election data contains duplicate partitions: Set(x-1)\n");
    CHECK(!admin.asked_election_partitions);
    r = run(o, admin, R"({"topics": []})");
    CHECK(r.err == "Replica election data is missing \"partitions\" field\n");
}

TEST_CASE("option checks carry Kafka's messages") {
    testing::fake_admin admin;
    leader_election_options none;
    auto r = run(none, admin);
    CHECK(r.code == 1);
    CHECK(r.err == "Missing required option(s): bootstrap-server, election-type\n");
    auto o = base();
    r = run(o, admin);
    CHECK(r.err == "One and only one of the following options is required: topic, all-topic-partitions, "
                   "path-to-json-file\n");
    o.topic = "t";
    r = run(o, admin);
    CHECK(r.err == "Missing required option(s): partition\n");
    o.topic.reset();
    o.all_topic_partitions = true;
    o.partition = 1;
    r = run(o, admin);
    CHECK(r.err == "Option partition is only allowed if topic is used\n");
    o.partition.reset();
    o.election_type = "sometimes";
    r = run(o, admin);
    CHECK(r.err == "Invalid election type 'sometimes': use preferred or unclean\n");
    CHECK(!admin.asked_election_type);
}

}  // namespace
}  // namespace odradek::tools
