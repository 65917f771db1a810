// The controller's and the inter-broker APIs (LeaderAndIsr, StopReplica,
// UpdateMetadata, ControlledShutdown, AlterPartition) against bytes written
// out by hand from Kafka's JSON schemas — an encoding independent of our
// generator: each message encodes to exactly these bytes and decodes back.

#include <doctest/doctest.h>

#include <initializer_list>

#include "protocol/message.h"
#include "protocol/messages/alter_partition.h"
#include "protocol/messages/controlled_shutdown.h"
#include "protocol/messages/leader_and_isr.h"
#include "protocol/messages/stop_replica.h"
#include "protocol/messages/update_metadata.h"

using namespace odradek;
using namespace odradek::protocol;

namespace {

// Big-endian helpers to spell the expected bytes.
struct bytes_of {
    byte_buffer b;
    bytes_of& i8(int v) { b.push_back(uint8_t(v)); return *this; }
    bytes_of& i16(int v) { return i8(v >> 8).i8(v); }
    bytes_of& i32(int64_t v) { return i16(int(v >> 16)).i16(int(v)); }
    bytes_of& i64(int64_t v) { return i32(v >> 32).i32(v); }
    bytes_of& str(const char* s) {  // non-flexible string: int16 length
        size_t n = std::char_traits<char>::length(s);
        i16(int(n));
        for (size_t k = 0; k < n; ++k) i8(s[k]);
        return *this;
    }
    bytes_of& cstr(const char* s) {  // compact string: varint length + 1 (short strings: one byte)
        size_t n = std::char_traits<char>::length(s);
        i8(int(n + 1));
        for (size_t k = 0; k < n; ++k) i8(s[k]);
        return *this;
    }
    bytes_of& ints(std::initializer_list<int32_t> v) {  // non-flexible [int32]
        i32(int32_t(v.size()));
        for (int32_t x : v) i32(x);
        return *this;
    }
    bytes_of& cints(std::initializer_list<int32_t> v) {  // compact [int32]
        i8(int(v.size() + 1));
        for (int32_t x : v) i32(x);
        return *this;
    }
};

template <typename M>
void check_golden(const M& m, int16_t version, const byte_buffer& expected) {
    byte_buffer out;
    encode_message(m, version, out);
    CHECK(out == expected);
    auto back = decode_message<M>(expected, version);
    REQUIRE(back);
    CHECK(*back == m);
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
