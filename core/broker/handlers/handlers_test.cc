#include <doctest/doctest.h>

#include "broker/handlers/delete_records.h"
#include "broker/handlers/describe_log_dirs.h"
#include "broker/handlers/init_producer_id.h"
#include "broker/handlers/list_offsets.h"
#include "broker/handlers/offset_for_leader_epoch.h"
#include "broker/handlers/produce.h"
#include "broker/test_util.h"
#include "protocol/message.h"

using namespace odradek;
using namespace odradek::broker;
using namespace odradek::broker::testing;
using protocol::error_code;

namespace {

// A produce request whose record spans point into `buffers` (kept alive and
// writable by the caller, as the connection's receive buffer is).
struct produce_builder {
    protocol::produce_request req;
    std::vector<std::unique_ptr<byte_buffer>> buffers;

    produce_builder& add(const std::string& topic, int32_t p, byte_buffer records) {
        buffers.push_back(std::make_unique<byte_buffer>(std::move(records)));
        if (req.topic_data.empty() || req.topic_data.back().name != topic) {
            req.topic_data.emplace_back();
            req.topic_data.back().name = topic;
        }
        protocol::produce_request::partition_produce_data pd;
        pd.index = p;
        pd.records = byte_span(*buffers.back());
        req.topic_data.back().partition_data.push_back(pd);
        return *this;
    }
};

const protocol::produce_response::partition_produce_response& part(const protocol::produce_response& r, size_t t,
                                                                   size_t p = 0) {
    return r.responses.at(t).partition_responses.at(p);
}

// Encodes and decodes at `version`: what a client would see.
template <typename M>
M round_trip(const M& m, int16_t version) {
    byte_buffer out;
    protocol::encode_message(m, version, out);
    auto back = protocol::decode_message<M>(out, version);
    REQUIRE(back);
    return *back;
}

}  // namespace

TEST_CASE("produce handler: unknown topic vs not leader vs success") {
    broker_fixture b;
    auto p = b.lead("orders", 0);
    b.lookup.known.insert({"orders", 1});  // exists in the cluster, led elsewhere
    produce_builder pb;
    pb.req.acks = 1;
    pb.add("orders", 0, make_batch({})).add("orders", 1, make_batch({})).add("nope", 0, make_batch({}));
    produce_env env(*b.replicas, b.lookup);
    env.current_leader = [](const std::string&, int32_t) {
        leader_hint h;
        h.leader_id = 2;
        h.leader_epoch = 7;
        protocol::produce_response::node_endpoint n;
        n.node_id = 2;
        n.host = "h2";
        n.port = 9094;
        h.node = n;
        return h;
    };
    auto resp = handle_produce(pb.req, 10, env);
    REQUIRE(resp.responses.size() == 2);
    CHECK(part(resp, 0, 0).error_code == 0);
    CHECK(part(resp, 0, 0).base_offset == 0);
    CHECK(part(resp, 0, 0).log_start_offset == 0);
    CHECK(part(resp, 0, 1).error_code == int16_t(error_code::not_leader_or_follower));
    CHECK(part(resp, 0, 1).base_offset == -1);
    CHECK(part(resp, 0, 1).current_leader.leader_id == 2);
    CHECK(part(resp, 0, 1).current_leader.leader_epoch == 7);
    REQUIRE(resp.node_endpoints.size() == 1);
    CHECK(resp.node_endpoints[0].port == 9094);
    CHECK(part(resp, 1).error_code == int16_t(error_code::unknown_topic_or_partition));
    CHECK(produce_has_errors(resp));
    auto wire = round_trip(resp, 10);
    CHECK(wire.responses.at(0).partition_responses.at(1).current_leader.leader_id == 2);
    CHECK(p->log_end_offset() == 1);
}

TEST_CASE("produce handler: per-version record set rules") {
    broker_fixture b;
    b.lead("t", 0);
    produce_env env(*b.replicas, b.lookup);

    byte_buffer two = make_batch({});
    byte_buffer second = make_batch({});
    two.insert(two.end(), second.begin(), second.end());
    produce_builder v3;
    v3.req.acks = 1;
    v3.add("t", 0, two);
    auto r = handle_produce(v3.req, 3, env);
    CHECK(part(r, 0).error_code == int16_t(error_code::invalid_record));
    CHECK(!part(r, 0).error_message);

    batch_spec z;
    z.codec = record::compression::zstd;
    produce_builder zstd6;
    zstd6.req.acks = 1;
    zstd6.add("t", 0, make_batch(z));
    CHECK(part(handle_produce(zstd6.req, 6, env), 0).error_code == int16_t(error_code::unsupported_compression_type));
    produce_builder zstd7;
    zstd7.req.acks = 1;
    zstd7.add("t", 0, make_batch(z));
    CHECK(part(handle_produce(zstd7.req, 7, env), 0).error_code == 0);

    byte_buffer legacy;
    append_legacy(legacy, 1, 0, 0, 1'700'000'000'000, std::nullopt, std::string("old"));
    produce_builder l3;
    l3.req.acks = 1;
    l3.add("t", 0, legacy);
    CHECK(part(handle_produce(l3.req, 3, env), 0).error_code == int16_t(error_code::invalid_record));
    produce_builder l2;
    l2.req.acks = 1;
    l2.add("t", 0, legacy);
    auto ok2 = handle_produce(l2.req, 2, env);
    CHECK(part(ok2, 0).error_code == 0);
    CHECK(part(ok2, 0).base_offset == 1);

    produce_builder acks;
    acks.req.acks = 2;
    acks.add("t", 0, make_batch({}));
    CHECK(part(handle_produce(acks.req, 9, env), 0).error_code == int16_t(error_code::invalid_required_acks));

    b.lookup.known.insert({"__consumer_offsets", 0});
    produce_builder internal;
    internal.req.acks = 1;
    internal.add("__consumer_offsets", 0, make_batch({}));
    CHECK(part(handle_produce(internal.req, 9, env), 0).error_code == int16_t(error_code::invalid_topic_exception));
}

TEST_CASE("produce handler: record errors and error message from v8") {
    broker_fixture b;
    topic_settings s;
    s.timestamp_before_max_ms = 10;
    b.lead("ts", 0, s);
    produce_env env(*b.replicas, b.lookup);
    batch_spec old;
    old.ts = 1;
    produce_builder pb;
    pb.req.acks = -1;
    pb.add("ts", 0, make_batch(old));
    auto r = round_trip(handle_produce(pb.req, 8, env), 8);
    const auto& pr = part(r, 0);
    CHECK(pr.error_code == int16_t(error_code::invalid_timestamp));
    CHECK(pr.error_message == "One or more records have been rejected due to invalid timestamp");
    REQUIRE(pr.record_errors.size() == 1);
    CHECK(pr.record_errors[0].batch_index == 0);
    CHECK(pr.log_start_offset == 0);
}

TEST_CASE("produce handler: transactional batches without a coordinator") {
    broker_fixture b;
    b.lead("tx", 0);
    produce_env env(*b.replicas, b.lookup);
    batch_spec t;
    t.producer_id = 1;
    t.producer_epoch = 0;
    t.base_sequence = 0;
    t.transactional = true;
    produce_builder no_id;
    no_id.req.acks = 1;
    no_id.add("tx", 0, make_batch(t)).add("tx", 1, make_batch({}));
    auto r = handle_produce(no_id.req, 9, env);
    CHECK(part(r, 0, 0).error_code == int16_t(error_code::transactional_id_authorization_failed));
    CHECK(part(r, 0, 1).error_code == int16_t(error_code::transactional_id_authorization_failed));
    CHECK(part(r, 0, 0).error_message == "Transactional Id authorization failed.");

    produce_builder with_id;
    with_id.req.acks = 1;
    with_id.req.transactional_id = "app-1";
    with_id.add("tx", 0, make_batch(t));
    auto r2 = handle_produce(with_id.req, 9, env);
    CHECK(part(r2, 0).error_code == int16_t(error_code::not_enough_replicas));
    CHECK(part(r2, 0).error_message ==
          "Unable to verify the partition has been added to the transaction. Underlying error: COORDINATOR_NOT_AVAILABLE");
}

TEST_CASE("list offsets handler: v0 and v1+") {
    broker_fixture b;
    auto p = b.lead("lo", 0, {}, 2);
    for (int i = 0; i < 3; ++i) {
        produce_builder pb;
        pb.req.acks = 1;
        batch_spec s;
        s.ts = 1'700'000'000'000 + i * 1000;
        pb.add("lo", 0, make_batch(s));
        produce_env env(*b.replicas, b.lookup);
        REQUIRE(part(handle_produce(pb.req, 9, env), 0).error_code == 0);
    }
    b.lookup.known.insert({"lo", 1});
    list_offsets_env env{*b.replicas, b.lookup};

    protocol::list_offsets_request req;
    req.replica_id = -1;
    req.topics.emplace_back();
    req.topics[0].name = "lo";
    for (auto [idx, ts] : std::vector<std::pair<int32_t, int64_t>>{{0, -1}, {1, -1}}) {
        protocol::list_offsets_request::list_offsets_partition lp;
        lp.partition_index = idx;
        lp.timestamp = ts;
        req.topics[0].partitions.push_back(lp);
    }
    req.topics.emplace_back();
    req.topics[1].name = "unknown";
    req.topics[1].partitions.push_back(req.topics[0].partitions[0]);

    auto r = round_trip(handle_list_offsets(req, 4, env), 4);
    CHECK(r.topics[0].partitions[0].error_code == 0);
    CHECK(r.topics[0].partitions[0].offset == 3);
    CHECK(r.topics[0].partitions[0].timestamp == -1);
    CHECK(r.topics[0].partitions[0].leader_epoch == 2);
    CHECK(r.topics[0].partitions[1].error_code == int16_t(error_code::not_leader_or_follower));
    CHECK(r.topics[0].partitions[1].offset == -1);
    CHECK(r.topics[1].partitions[0].error_code == int16_t(error_code::unknown_topic_or_partition));

    // By time and earliest; a duplicated partition is INVALID_REQUEST.
    protocol::list_offsets_request byts = req;
    byts.topics.resize(1);
    byts.topics[0].partitions[0].timestamp = 1'700'000'000'500;
    byts.topics[0].partitions[1] = byts.topics[0].partitions[0];
    byts.topics[0].partitions[1].timestamp = -2;
    auto dup = handle_list_offsets(byts, 1, env);
    CHECK(dup.topics[0].partitions[0].error_code == int16_t(error_code::invalid_request));
    byts.topics[0].partitions[1].partition_index = 5;
    b.lookup.known.insert({"lo", 5});
    auto t = handle_list_offsets(byts, 1, env);
    CHECK(t.topics[0].partitions[0].error_code == 0);
    CHECK(t.topics[0].partitions[0].offset == 1);
    CHECK(t.topics[0].partitions[0].timestamp == 1'700'000'001'000);

    // v0: old-style offsets.
    protocol::list_offsets_request v0;
    v0.replica_id = -1;
    v0.topics.emplace_back();
    v0.topics[0].name = "lo";
    protocol::list_offsets_request::list_offsets_partition lp;
    lp.partition_index = 0;
    lp.timestamp = -1;
    lp.max_num_offsets = 5;
    v0.topics[0].partitions.push_back(lp);
    auto r0 = round_trip(handle_list_offsets(v0, 0, env), 0);
    CHECK(r0.topics[0].partitions[0].error_code == 0);
    CHECK(r0.topics[0].partitions[0].old_style_offsets == std::vector<int64_t>{3, 0});
    CHECK(p->high_watermark() == 3);
}

TEST_CASE("delete records handler") {
    broker_fixture b;
    auto p = b.lead("del", 0);
    for (int i = 0; i < 3; ++i) {
        byte_buffer batch = make_batch({});
        REQUIRE(b.replicas->append_records(*p, batch, 1).error.ok());
    }
    b.lookup.known.insert({"del", 1});
    b.lookup.known.insert({"__consumer_offsets", 0});
    delete_records_env env{*b.replicas, b.lookup};
    protocol::delete_records_request req;
    auto add = [&](const std::string& topic, int32_t idx, int64_t off) {
        if (req.topics.empty() || req.topics.back().name != topic) {
            req.topics.emplace_back();
            req.topics.back().name = topic;
        }
        protocol::delete_records_request::delete_records_partition dp;
        dp.partition_index = idx;
        dp.offset = off;
        req.topics.back().partitions.push_back(dp);
    };
    add("del", 0, 2);
    add("del", 1, 0);
    add("missing", 0, 0);
    add("__consumer_offsets", 0, 0);
    auto r = round_trip(handle_delete_records(req, 2, env), 2);
    CHECK(r.topics[0].partitions[0].error_code == 0);
    CHECK(r.topics[0].partitions[0].low_watermark == 2);
    CHECK(r.topics[0].partitions[1].error_code == int16_t(error_code::not_leader_or_follower));
    CHECK(r.topics[0].partitions[1].low_watermark == -1);
    CHECK(r.topics[1].partitions[0].error_code == int16_t(error_code::unknown_topic_or_partition));
    CHECK(r.topics[2].partitions[0].error_code == int16_t(error_code::invalid_topic_exception));

    protocol::delete_records_request hw;
    hw.topics.emplace_back();
    hw.topics[0].name = "del";
    protocol::delete_records_request::delete_records_partition dp;
    dp.partition_index = 0;
    dp.offset = -1;
    hw.topics[0].partitions.push_back(dp);
    auto r2 = handle_delete_records(hw, 0, env);
    CHECK(r2.topics[0].partitions[0].low_watermark == 3);
}

TEST_CASE("offset for leader epoch handler") {
    broker_fixture b;
    auto p = b.lead("ep", 0, {}, 0);
    byte_buffer batch = make_batch({});
    REQUIRE(b.replicas->append_records(*p, batch, 1).error.ok());
    p = b.lead("ep", 0, {}, 5);
    offset_for_leader_epoch_env env{*b.replicas, b.lookup};
    protocol::offset_for_leader_epoch_request req;
    req.topics.emplace_back();
    req.topics[0].topic = "ep";
    protocol::offset_for_leader_epoch_request::offset_for_leader_partition lp;
    lp.partition = 0;
    lp.leader_epoch = 0;
    req.topics[0].partitions.push_back(lp);
    lp.leader_epoch = 9;
    req.topics[0].partitions.push_back(lp);
    lp.leader_epoch = 0;
    lp.current_leader_epoch = 4;
    req.topics[0].partitions.push_back(lp);
    lp.partition = 3;
    req.topics[0].partitions.push_back(lp);
    auto r = round_trip(handle_offset_for_leader_epoch(req, 4, env), 4);
    const auto& ps = r.topics[0].partitions;
    CHECK(ps[0].error_code == 0);
    CHECK(ps[0].leader_epoch == 0);
    CHECK(ps[0].end_offset == 1);
    CHECK(ps[1].error_code == 0);  // an epoch later than any known: undefined, as Kafka answers
    CHECK(ps[1].leader_epoch == -1);
    CHECK(ps[1].end_offset == -1);
    CHECK(ps[2].error_code == int16_t(error_code::fenced_leader_epoch));
    CHECK(ps[3].error_code == int16_t(error_code::unknown_topic_or_partition));
}

TEST_CASE("describe log dirs handler") {
    broker_fixture b(2);
    b.lead("a", 0);
    b.lead("a", 1);
    b.lead("b", 0);
    protocol::describe_log_dirs_request all;
    all.topics = std::nullopt;
    auto r = round_trip(handle_describe_log_dirs(all, 4, *b.logs), 4);
    REQUIRE(r.results.size() == 2);
    CHECK(r.results[0].log_dir == b.logs->dirs()[0]);
    CHECK(r.results[0].total_bytes > 0);
    CHECK(r.results[0].usable_bytes >= 0);
    size_t partitions = 0;
    for (const auto& d : r.results)
        for (const auto& t : d.topics) partitions += t.partitions.size();
    CHECK(partitions == 3);

    protocol::describe_log_dirs_request some;
    some.topics.emplace();
    some.topics->emplace_back();
    some.topics->back().topic = "a";
    some.topics->back().partitions = {1};
    auto s = handle_describe_log_dirs(some, 1, *b.logs);
    size_t listed = 0;
    for (const auto& d : s.results)
        for (const auto& t : d.topics) {
            listed += t.partitions.size();
            if (!t.partitions.empty()) CHECK((t.name == "a" && t.partitions[0].partition_index == 1));
        }
    CHECK(listed == 1);
}

TEST_CASE("init producer id handler") {
    in_memory_producer_id_source ids(4000);
    init_producer_id_env env(ids);
    protocol::init_producer_id_request req;
    req.transactional_id = std::nullopt;
    auto r = round_trip(handle_init_producer_id(req, 4, env), 4);
    CHECK(r.error_code == 0);
    CHECK(r.producer_id == 4000);
    CHECK(r.producer_epoch == 0);
    CHECK(handle_init_producer_id(req, 0, env).producer_id == 4001);

    req.producer_id = 4000;
    CHECK(handle_init_producer_id(req, 3, env).error_code == int16_t(error_code::invalid_request));
    req.producer_epoch = 0;
    CHECK(handle_init_producer_id(req, 3, env).producer_id == 4002);

    protocol::init_producer_id_request tx;
    tx.transactional_id = "app";
    tx.transaction_timeout_ms = 60000;
    auto t = handle_init_producer_id(tx, 4, env);
    CHECK(t.error_code == int16_t(error_code::not_coordinator));
    CHECK(t.producer_id == -1);
    CHECK(t.producer_epoch == -1);
    tx.transaction_timeout_ms = 0;
    CHECK(handle_init_producer_id(tx, 4, env).error_code == int16_t(error_code::invalid_transaction_timeout));
    tx.transactional_id = "";
    CHECK(handle_init_producer_id(tx, 4, env).error_code == int16_t(error_code::invalid_request));
}
