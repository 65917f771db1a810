// The controller's and the inter-broker APIs (LeaderAndIsr, StopReplica,
// UpdateMetadata, ControlledShutdown, AlterPartition) against bytes written
// out by hand from Kafka's JSON schemas — an encoding independent of our
// generator: each message encodes to exactly these bytes and decodes back.

#include <doctest/doctest.h>

#include <initializer_list>

#include "golden_bytes.h"
#include "protocol/message.h"
#include "protocol/messages/alter_partition.h"
#include "protocol/messages/controlled_shutdown.h"
#include "protocol/messages/leader_and_isr.h"
#include "protocol/messages/stop_replica.h"
#include "protocol/messages/update_metadata.h"

using namespace odradek;
using namespace odradek::protocol;
using namespace odradek::protocol::golden;

namespace {

uuid some_topic_id() {
    uuid u;
    for (size_t k = 0; k < u.bytes.size(); ++k) u.bytes[k] = uint8_t(0xa0 + k);
    return u;
}

}  // namespace

TEST_CASE("ControlledShutdown v2 request and v3 response") {
    controlled_shutdown_request req;
    req.broker_id = 1;
    req.broker_epoch = 0x25;
    check_golden(req, 2, bytes_of{}.i32(1).i64(0x25).b);

    controlled_shutdown_response resp;
    resp.error_code = 0;
    resp.remaining_partitions.push_back({"t", 3, {}});
    // flexible: compact array, compact string, tagged-field counts
    check_golden(resp, 3, bytes_of{}.i16(0).i8(2).cstr("t").i32(3).i8(0).i8(0).b);
}

TEST_CASE("AlterPartition v1 request: topic name, new ISR, leader recovery state") {
    alter_partition_request req;
    req.broker_id = 1;
    req.broker_epoch = 5;
    auto& t = req.topics.emplace_back();
    t.topic_name = "t";
    auto& p = t.partitions.emplace_back();
    p.partition_index = 0;
    p.leader_epoch = 3;
    p.new_isr = {1, 2};
    p.partition_epoch = 7;
    check_golden(req, 1,
                 bytes_of{}
                     .i32(1).i64(5)
                     .i8(2).cstr("t")                      // topics, name
                     .i8(2).i32(0).i32(3).cints({1, 2})    // partitions: index, leader epoch, new ISR
                     .i8(0).i32(7).i8(0)                   // recovery state, partition epoch, tags
                     .i8(0).i8(0)                          // topic tags, message tags
                     .b);
}

TEST_CASE("StopReplica v3 request: per-partition leader epoch and delete flag") {
    stop_replica_request req;
    req.controller_id = 0;
    req.controller_epoch = 1;
    req.broker_epoch = 10;
    auto& t = req.topic_states.emplace_back();
    t.topic_name = "t";
    auto& p = t.partition_states.emplace_back();
    p.partition_index = 2;
    p.leader_epoch = 4;
    p.delete_partition = true;
    check_golden(req, 3,
                 bytes_of{}.i32(0).i32(1).i64(10)
                     .i8(2).cstr("t").i8(2).i32(2).i32(4).i8(1).i8(0).i8(0).i8(0)
                     .b);
}

TEST_CASE("LeaderAndIsr v1 request: ungrouped partition states and live leaders") {
    leader_and_isr_request req;
    req.controller_id = 0;
    req.controller_epoch = 1;
    auto& s = req.ungrouped_partition_states.emplace_back();
    s.topic_name = "t";
    s.partition_index = 0;
    s.controller_epoch = 1;
    s.leader = 1;
    s.leader_epoch = 2;
    s.isr = {1, 2};
    s.partition_epoch = 5;
    s.replicas = {1, 2};
    s.is_new = true;
    req.live_leaders.push_back({1, "h", 9092, {}});
    check_golden(req, 1,
                 bytes_of{}.i32(0).i32(1)
                     .i32(1).str("t").i32(0).i32(1).i32(1).i32(2).ints({1, 2}).i32(5).ints({1, 2}).i8(1)
                     .i32(1).i32(1).str("h").i32(9092)
                     .b);
}

TEST_CASE("UpdateMetadata v5 request and the tagged Type of v8") {
    update_metadata_request req;
    req.controller_id = 0;
    req.controller_epoch = 1;
    req.broker_epoch = 7;
    auto& t = req.topic_states.emplace_back();
    t.topic_name = "t";
    auto& p = t.partition_states.emplace_back();
    p.partition_index = 0;
    p.controller_epoch = 1;
    p.leader = 1;
    p.leader_epoch = 0;
    p.isr = {1};
    p.zk_version = 0;
    p.replicas = {1};
    auto& b = req.live_brokers.emplace_back();
    b.id = 1;
    b.endpoints.push_back({9092, "h", "PLAINTEXT", 0, {}});
    b.rack.reset();
    check_golden(req, 5,
                 bytes_of{}.i32(0).i32(1).i64(7)
                     .i32(1).str("t").i32(1).i32(0).i32(1).i32(1).i32(0).ints({1}).i32(0).ints({1}).ints({})
                     .i32(1).i32(1).i32(1).i32(9092).str("h").str("PLAINTEXT").i16(0).i16(-1)
                     .b);

    update_metadata_request v8;
    v8.controller_id = 2;
    v8.type = 1;
    v8.controller_epoch = 3;
    v8.broker_epoch = 4;
    // isKRaftController false; empty compact arrays; one tagged field: tag 0, size 1, value 1.
    check_golden(v8, 8,
                 bytes_of{}.i32(2).i8(0).i32(3).i64(4).i8(1).i8(1).i8(1).i8(0).i8(1).i8(1).b);
}

TEST_CASE("LeaderAndIsr v7 request: topic ids, Type, adding replicas, leader recovery state") {
    leader_and_isr_request req;
    req.controller_id = 1;
    req.controller_epoch = 2;
    req.broker_epoch = 3;
    req.type = 1;
    auto& t = req.topic_states.emplace_back();
    t.topic_name = "t";
    t.topic_id = some_topic_id();
    auto& p = t.partition_states.emplace_back();
    p.partition_index = 0;
    p.controller_epoch = 2;
    p.leader = 1;
    p.leader_epoch = 4;
    p.isr = {1, 2};
    p.partition_epoch = 6;
    p.replicas = {1, 2, 3};
    p.adding_replicas = {3};
    p.is_new = true;
    p.leader_recovery_state = 1;
    req.live_leaders.push_back({1, "h", 9092, {}});
    check_golden(req, 7,
                 bytes_of{}
                     .i32(1).i8(0).i32(2).i64(3).i8(1)   // controller, isKRaftController, epochs, Type
                     .i8(2).cstr("t").id(some_topic_id())  // one topic state
                     .i8(2).i32(0).i32(2).i32(1).i32(4).cints({1, 2}).i32(6).cints({1, 2, 3})
                     .cints({3}).cints({}).i8(1).i8(1).i8(0)  // adding, removing, IsNew, recovery, tags
                     .i8(0)                                // topic tags
                     .i8(2).i32(1).cstr("h").i32(9092).i8(0)  // live leaders
                     .i8(0)
                     .b);
}

TEST_CASE("LeaderAndIsr responses: by topic name up to v4, by topic id from v5") {
    leader_and_isr_response v4;
    v4.partition_errors.push_back({"t", 1, 6, {}});
    check_golden(v4, 4, bytes_of{}.i16(0).i8(2).cstr("t").i32(1).i16(6).i8(0).i8(0).b);

    leader_and_isr_response v5;
    auto& t = v5.topics.emplace_back();
    t.topic_id = some_topic_id();
    t.partition_errors.push_back({1, 6, {}});
    check_golden(v5, 5, bytes_of{}.i16(0).i8(2).id(some_topic_id()).i8(2).i32(1).i16(6).i8(0).i8(0).i8(0).b);
}

TEST_CASE("StopReplica v0: one delete flag for ungrouped partitions") {
    stop_replica_request req;
    req.controller_id = 0;
    req.controller_epoch = 1;
    req.delete_partitions = true;
    req.ungrouped_partitions.push_back({"t", 2, {}});
    check_golden(req, 0, bytes_of{}.i32(0).i32(1).i8(1).i32(1).str("t").i32(2).b);

    stop_replica_response resp;
    resp.partition_errors.push_back({"t", 2, 0, {}});
    check_golden(resp, 0, bytes_of{}.i16(0).i32(1).str("t").i32(2).i16(0).b);
}

TEST_CASE("UpdateMetadata v0: one host and port per broker, no rack") {
    update_metadata_request req;
    req.controller_id = 0;
    req.controller_epoch = 1;
    auto& s = req.ungrouped_partition_states.emplace_back();
    s.topic_name = "t";
    s.partition_index = 0;
    s.controller_epoch = 1;
    s.leader = 1;
    s.leader_epoch = 0;
    s.isr = {1};
    s.zk_version = 0;
    s.replicas = {1};
    auto& b = req.live_brokers.emplace_back();
    b.id = 1;
    b.v0_host = "h";
    b.v0_port = 9092;
    check_golden(req, 0,
                 bytes_of{}.i32(0).i32(1)
                     .i32(1).str("t").i32(0).i32(1).i32(1).i32(0).ints({1}).i32(0).ints({1})
                     .i32(1).i32(1).str("h").i32(9092)
                     .b);
}

TEST_CASE("AlterPartition v3 request (topic id, ISR with broker epochs) and v2 response") {
    alter_partition_request req;
    req.broker_id = 1;
    req.broker_epoch = 5;
    auto& t = req.topics.emplace_back();
    t.topic_id = some_topic_id();
    auto& p = t.partitions.emplace_back();
    p.partition_index = 0;
    p.leader_epoch = 3;
    p.new_isr_with_epochs.push_back({1, 5, {}});
    p.new_isr_with_epochs.push_back({2, 9, {}});
    p.partition_epoch = 7;
    check_golden(req, 3,
                 bytes_of{}
                     .i32(1).i64(5)
                     .i8(2).id(some_topic_id())
                     .i8(2).i32(0).i32(3)
                     .i8(3).i32(1).i64(5).i8(0).i32(2).i64(9).i8(0)  // ISR with epochs, each with tags
                     .i8(0).i32(7).i8(0)
                     .i8(0).i8(0)
                     .b);

    alter_partition_response resp;
    auto& rt = resp.topics.emplace_back();
    rt.topic_id = some_topic_id();
    auto& rp = rt.partitions.emplace_back();
    rp.partition_index = 0;
    rp.leader_id = 1;
    rp.leader_epoch = 3;
    rp.isr = {1, 2};
    rp.partition_epoch = 8;
    check_golden(resp, 2,
                 bytes_of{}.i32(0).i16(0)
                     .i8(2).id(some_topic_id())
                     .i8(2).i32(0).i16(0).i32(1).i32(3).cints({1, 2}).i8(0).i32(8).i8(0)
                     .i8(0).i8(0)
                     .b);
}

TEST_CASE("ControlledShutdown v0: broker id only; the response has non-flexible strings") {
    controlled_shutdown_request req;
    req.broker_id = 1;
    check_golden(req, 0, bytes_of{}.i32(1).b);

    controlled_shutdown_response resp;
    resp.remaining_partitions.push_back({"t", 3, {}});
    check_golden(resp, 0, bytes_of{}.i16(0).i32(1).str("t").i32(3).b);
}
