#include <doctest/doctest.h>

#include <ostream>

#include <map>
#include <set>

#include "coordination/kafka/errc.h"
#include "coordination/kafka/replica_assignment.h"

using namespace odradek;
using namespace odradek::coordination::kafka;

namespace {

std::vector<broker_metadata> plain_brokers(std::initializer_list<int32_t> ids) {
    std::vector<broker_metadata> out;
    for (int32_t id : ids) out.push_back({id, std::nullopt});
    return out;
}

std::vector<broker_metadata> racked(const std::map<int32_t, std::string>& racks) {
    std::vector<broker_metadata> out;
    for (const auto& [id, rack] : racks) out.push_back({id, rack});
    return out;
}

// A random source that always answers `v` (and records the bounds asked).
random_source fixed(int32_t v, std::vector<int32_t>* bounds = nullptr) {
    return [v, bounds](int32_t bound) {
        if (bounds) bounds->push_back(bound);
        return v;
    };
}

template <typename T>
std::string detail_of(const result<T>& r, errc code) {
    REQUIRE_FALSE(r);
    CHECK(r.err().code == make_error_code(code));
    return r.err().detail;
}

}  // namespace

TEST_CASE("replica_assignment: rack-unaware, Kafka's documented example") {
    // AdminUtils' javadoc table and AdminZkClientTest.testTopicCreationInZK:
    // 5 brokers, start index 0, shift 0.
    auto brokers = plain_brokers({0, 1, 2, 3, 4});
    auto a = assign_replicas_to_brokers(brokers, 10, 3, fixed(0));
    REQUIRE(a);
    assignment_map expected{{0, {0, 1, 2}}, {1, {1, 2, 3}}, {2, {2, 3, 4}}, {3, {3, 4, 0}}, {4, {4, 0, 1}},
                            {5, {0, 2, 3}}, {6, {1, 3, 4}}, {7, {2, 4, 0}}, {8, {3, 0, 1}}, {9, {4, 1, 2}}};
    CHECK(*a == expected);
    // The same through fixed_start_index, which fixes the shift too.
    CHECK(*assign_replicas_to_brokers(brokers, 10, 3, fixed(3), 0) == expected);
}

TEST_CASE("replica_assignment: the start index and shift come from the random source") {
    std::vector<int32_t> bounds;
    auto brokers = plain_brokers({1, 2, 3});
    auto a = assign_replicas_to_brokers(brokers, 3, 2, fixed(1, &bounds));
    REQUIRE(a);
    CHECK(bounds == std::vector<int32_t>{3, 3});  // start index, then shift
    // start 1, shift 1: first replica round-robin from broker index 1; the
    // second 1 + (1 + 0) % 2 = 2 places on.
    CHECK(*a == assignment_map{{0, {2, 1}}, {1, {3, 2}}, {2, {1, 3}}});
    // Continuing an existing topic: numbering and shift follow start_partition_id.
    auto more = assign_replicas_to_brokers(brokers, 2, 2, fixed(0), 0, 3);
    REQUIRE(more);
    CHECK(more->begin()->first == 3);
    CHECK(more->size() == 2);
}

TEST_CASE("replica_assignment: errors with Kafka's messages") {
    auto one = plain_brokers({0});
    CHECK(detail_of(assign_replicas_to_brokers(one, 1, 3, fixed(0)), errc::invalid_replication_factor) ==
          "Replication factor: 3 larger than available brokers: 1.");
    CHECK(detail_of(assign_replicas_to_brokers(one, 0, 1, fixed(0)), errc::invalid_partitions) ==
          "Number of partitions must be larger than 0.");
    CHECK(detail_of(assign_replicas_to_brokers(one, 1, 0, fixed(0)), errc::invalid_replication_factor) ==
          "Replication factor must be larger than 0.");
    std::vector<broker_metadata> mixed{{0, "r1"}, {1, std::nullopt}};
    CHECK(detail_of(assign_replicas_to_brokers(mixed, 1, 1, fixed(0)), errc::admin_operation) ==
          "Not all brokers have rack information for replica rack aware assignment.");
}

TEST_CASE("replica_assignment: rack-aware (AdminRackAwareTest)") {
    std::map<int32_t, std::string> racks{{0, "rack1"}, {1, "rack3"}, {2, "rack3"},
                                         {3, "rack2"}, {4, "rack2"}, {5, "rack1"}};
    CHECK(rack_alternated_broker_list(racks) == std::vector<int32_t>{0, 3, 1, 5, 4, 2});
    auto five = racks;
    five.erase(5);
    CHECK(rack_alternated_broker_list(five) == std::vector<int32_t>{0, 3, 1, 4, 2});

    auto a = assign_replicas_to_brokers(racked(racks), 7, 3, fixed(0), 0, 0);
    REQUIRE(a);
    assignment_map expected{{0, {0, 3, 1}}, {1, {3, 1, 5}}, {2, {1, 5, 4}}, {3, {5, 4, 2}},
                            {4, {4, 2, 0}}, {5, {2, 0, 3}}, {6, {0, 4, 2}}};
    CHECK(*a == expected);

    // Every partition's replicas on distinct racks when rf <= racks, and the
    // leaders spread evenly, for each random start.
    std::map<int32_t, std::string> mapping{{0, "rack1"}, {1, "rack2"}, {2, "rack2"},
                                           {3, "rack3"}, {4, "rack3"}, {5, "rack1"}};
    for (int32_t start = 0; start < 6; ++start) {
        auto r = assign_replicas_to_brokers(racked(mapping), 6, 3, fixed(start));
        REQUIRE(r);
        std::map<int32_t, int> leaders;
        for (const auto& [p, replicas] : *r) {
            std::set<std::string> used;
            for (int32_t b : replicas) used.insert(mapping[b]);
            CHECK(used.size() == 3);
            leaders[replicas.front()]++;
        }
        CHECK(leaders.size() == 6);
    }
}

TEST_CASE("replica_assignment: broker metadata for each rack-aware mode") {
    std::vector<broker_metadata> mixed{{2, "r1"}, {0, std::nullopt}, {1, "r2"}};
    CHECK(detail_of(broker_metadatas(mixed, rack_aware_mode::enforced), errc::admin_operation) ==
          "Not all brokers have rack information. Add --disable-rack-aware in command line to make replica "
          "assignment without rack information.");
    auto safe = broker_metadatas(mixed, rack_aware_mode::safe);
    REQUIRE(safe);
    CHECK(*safe == std::vector<broker_metadata>{{0, std::nullopt}, {1, std::nullopt}, {2, std::nullopt}});
    auto all = broker_metadatas({{1, "b"}, {0, "a"}}, rack_aware_mode::enforced);
    REQUIRE(all);
    CHECK(*all == std::vector<broker_metadata>{{0, "a"}, {1, "b"}});
}

TEST_CASE("replica_assignment: --replica-assignment parsing (TopicCommand)") {
    auto a = parse_replica_assignment("0:1, 1:2 ,2:0");
    REQUIRE(a);
    CHECK(*a == assignment_map{{0, {0, 1}}, {1, {1, 2}}, {2, {2, 0}}});
    CHECK(*parse_replica_assignment("5") == assignment_map{{0, {5}}});
    CHECK(*parse_replica_assignment("0:1,") == assignment_map{{0, {0, 1}}});  // Java drops trailing empties
    CHECK(detail_of(parse_replica_assignment("0:0:1"), errc::admin_command_failed) ==
          "Partition replica lists may not contain duplicate entries: 0");
    CHECK(detail_of(parse_replica_assignment("1:1:2:2"), errc::admin_command_failed) ==
          "Partition replica lists may not contain duplicate entries: 1,2");
    CHECK(detail_of(parse_replica_assignment("0:1,1:2:3"), errc::admin_operation) ==
          "Partition 1 has different replication factor: [1, 2, 3]");
    CHECK(detail_of(parse_replica_assignment("0:x"), errc::number_format) == "For input string: \"x\"");
    CHECK(detail_of(parse_replica_assignment(""), errc::number_format) == "For input string: \"\"");
    CHECK(detail_of(parse_replica_assignment("0,,1"), errc::number_format) == "For input string: \"\"");
    CHECK(detail_of(parse_replica_assignment("99999999999"), errc::number_format) ==
          "For input string: \"99999999999\"");
}

TEST_CASE("replica_assignment: validateTopicCreate's assignment checks (AdminZkClientTest)") {
    CHECK(detail_of(validate_topic_create_assignment({{0, {0, 0}}}), errc::invalid_replica_assignment) ==
          "Duplicate replica assignment found: HashMap(0 -> ArrayBuffer(0, 0))");
    CHECK(detail_of(validate_topic_create_assignment({{0, {0, 1}}, {1, {0}}}), errc::invalid_replica_assignment) ==
          "All partitions should have the same number of replicas");
    CHECK(detail_of(validate_topic_create_assignment({}), errc::invalid_replica_assignment) ==
          "All partitions should have the same number of replicas");
    CHECK(detail_of(validate_topic_create_assignment({{1, {1, 2}}, {2, {1, 2}}}), errc::invalid_replica_assignment) ==
          "partitions should be a consecutive 0-based integer sequence");
    CHECK(detail_of(validate_topic_create_assignment({{-1, {1, 2}}, {1, {1, 2}}, {2, {1, 2}}, {4, {1, 2}}}),
                    errc::invalid_replica_assignment) == "partitions should be a consecutive 0-based integer sequence");
    CHECK(validate_topic_create_assignment({{0, {0, 1, 2}}, {1, {1, 2, 3}}}));
}

TEST_CASE("replica_assignment: adding partitions") {
    std::map<int32_t, replica_assignment> existing{{0, {{1, 2}, {}, {}}}, {1, {{2, 3}, {}, {}}}};
    auto brokers = plain_brokers({1, 2, 3});

    // Automatic: starts at partition 0's leader and continues the numbering.
    auto a = create_new_partitions_assignment("t", existing, brokers, 4, std::nullopt, fixed(0));
    REQUIRE(a);
    CHECK(a->size() == 2);
    CHECK(a->count(2) == 1);
    CHECK(a->count(3) == 1);
    CHECK(a->at(2).size() == 2);

    CHECK(detail_of(create_new_partitions_assignment("t", existing, brokers, 2, std::nullopt, fixed(0)),
                    errc::invalid_partitions) ==
          "The number of partitions for a topic can only be increased. Topic t currently has 2 partitions, 2 would "
          "not be an increase.");
    CHECK(detail_of(create_new_partitions_assignment("t", {{1, {{1}, {}, {}}}}, brokers, 3, std::nullopt, fixed(0)),
                    errc::admin_operation) ==
          "Unexpected existing replica assignment for topic 't', partition id 0 is missing. Assignment: Map(1 -> "
          "ReplicaAssignment(replicas=1, addingReplicas=, removingReplicas=))");

    // Manual: validateReplicaAssignment.
    CHECK(detail_of(validate_replica_assignment({{2, {}}}, 2, {1, 2, 3}), errc::invalid_replica_assignment) ==
          "Cannot have replication factor of 0 for partition id 2.");
    CHECK(detail_of(validate_replica_assignment({{2, {1, 1}}}, 2, {1, 2, 3}), errc::invalid_replica_assignment) ==
          "Duplicate brokers not allowed in replica assignment: 1, 1 for partition id 2.");
    CHECK(detail_of(validate_replica_assignment({{2, {1, 5}}}, 2, {1, 2, 3}), errc::broker_not_available) ==
          "Some brokers specified for partition id 2 are not available. Specified brokers: 1, 5, available brokers: "
          "1, 2, 3.");
    CHECK(detail_of(validate_replica_assignment({{2, {1}}, {3, {1, 2, 3}}}, 2, {1, 2, 3}),
                    errc::invalid_replica_assignment) ==
          "Inconsistent replication factor between partitions, partition 0 has 2 while partitions [2, 3] have "
          "replication factors [1, 3], respectively.");
    auto manual = create_new_partitions_assignment("t", existing, brokers, 3, assignment_map{{2, {3, 1}}}, fixed(0));
    REQUIRE(manual);
    CHECK(*manual == assignment_map{{2, {3, 1}}});
}

TEST_CASE("replica_assignment: CreatePartitions checks (ZkAdminManager)") {
    std::map<int32_t, replica_assignment> existing{{0, {{1, 2}, {}, {}}}, {1, {{2, 3}, {}, {}}}};
    auto brokers = plain_brokers({1, 2, 3});
    CHECK(detail_of(plan_create_partitions("t", existing, brokers, 1, std::nullopt, fixed(0)),
                    errc::invalid_partitions) == "Topic currently has 2 partitions, which is higher than the requested 1.");
    CHECK(detail_of(plan_create_partitions("t", existing, brokers, 2, std::nullopt, fixed(0)),
                    errc::invalid_partitions) == "Topic already has 2 partitions.");
    CHECK(detail_of(plan_create_partitions("t", {}, brokers, 2, std::nullopt, fixed(0)), errc::unknown_topic) ==
          "The topic 't' does not exist.");
    auto moving = existing;
    moving[1].adding_replicas = {1};
    CHECK(detail_of(plan_create_partitions("t", moving, brokers, 3, std::nullopt, fixed(0)),
                    errc::reassignment_in_progress) == "A partition reassignment is in progress for the topic 't'.");
    using lists = std::vector<std::vector<int32_t>>;
    CHECK(detail_of(plan_create_partitions("t", existing, brokers, 3, lists{{1, 9}, {7, 2}}, fixed(0)),
                    errc::invalid_replica_assignment) == "Unknown broker(s) in replica assignment: 7, 9.");
    CHECK(detail_of(plan_create_partitions("t", existing, brokers, 4, lists{{1, 2}}, fixed(0)),
                    errc::invalid_replica_assignment) ==
          "Increasing the number of partitions by 2 but 1 assignments provided.");
    auto ok = plan_create_partitions("t", existing, brokers, 4, lists{{1, 2}, {3, 1}}, fixed(0));
    REQUIRE(ok);
    CHECK(*ok == assignment_map{{2, {1, 2}}, {3, {3, 1}}});
    auto automatic = plan_create_partitions("t", existing, brokers, 5, std::nullopt, fixed(0));
    REQUIRE(automatic);
    CHECK(automatic->size() == 3);
}
