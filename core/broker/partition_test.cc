#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "broker/errc.h"
#include "broker/partition.h"
#include "broker/test_util.h"
#include "record/batch_view.h"

using namespace odradek;
using namespace odradek::broker;
using namespace odradek::broker::testing;
using protocol::error_code;

namespace {

append_result produce(broker_fixture& b, partition& p, byte_buffer batch, int16_t acks = 1) {
    return b.replicas->append_records(p, batch, acks);
}

read_result read_all(partition& p, int64_t from, fetch_isolation iso = fetch_isolation::high_watermark) {
    read_options o;
    o.fetch_offset = from;
    o.max_bytes = 1 << 20;
    o.isolation = iso;
    return p.read(o);
}

}  // namespace

TEST_CASE("partition: produce then read back the batches from the segment files") {
    broker_fixture b;
    auto p = b.lead("orders", 0);
    int appended_hooks = 0;
    b.replicas->set_on_append([&](const topic_partition& tp) {
        CHECK(tp.topic == "orders");
        ++appended_hooks;
    });
    for (int i = 0; i < 3; ++i) {
        batch_spec s;
        s.count = 2;
        s.ts = 1'700'000'000'000 + i * 10;
        auto r = produce(b, *p, make_batch(s));
        REQUIRE(r.error.ok());
        CHECK(r.base_offset == i * 2);
        CHECK(r.last_offset == i * 2 + 1);
        CHECK(r.log_append_time == -1);
        CHECK(r.log_start_offset == 0);
    }
    CHECK(appended_hooks == 3);
    CHECK(p->high_watermark() == 6);
    CHECK(p->log_end_offset() == 6);

    auto r = read_all(*p, 0);
    REQUIRE(r.error.ok());
    CHECK(r.high_watermark == 6);
    CHECK(r.last_stable_offset == 6);
    CHECK(r.log_start_offset == 0);
    byte_buffer bytes = slurp(r.slices);
    CHECK(int64_t(bytes.size()) == r.bytes);
    auto headers = batch_headers(bytes);
    REQUIRE(headers.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        CHECK(headers[i].base_offset == int64_t(i) * 2);
        CHECK(headers[i].partition_leader_epoch == 0);
        CHECK(headers[i].records_count == 2);
    }
    // From the middle of a batch: that whole batch.
    auto mid = read_all(*p, 3);
    REQUIRE(mid.error.ok());
    CHECK(batch_headers(slurp(mid.slices)).front().base_offset == 2);
    // At the high watermark: nothing; past the log end: OFFSET_OUT_OF_RANGE.
    auto at_end = read_all(*p, 6);
    CHECK(at_end.error.ok());
    CHECK(at_end.bytes == 0);
    auto past = read_all(*p, 7);
    CHECK(past.error.code == error_code::offset_out_of_range);
}

TEST_CASE("partition: reads stop at the high watermark unless a follower reads") {
    broker_fixture b;
    partition_state st;
    st.leader = kBroker;
    st.replicas = {kBroker, 1};
    st.isr = {kBroker, 1};
    auto r = b.replicas->become_leader({"rep", 0}, st, {});
    REQUIRE(r);
    auto p = *r;
    REQUIRE(produce(b, *p, make_batch({})).error.ok());
    CHECK(p->high_watermark() == 0);  // follower 1 has not fetched
    CHECK(read_all(*p, 0).bytes == 0);
    CHECK(read_all(*p, 0, fetch_isolation::log_end).bytes > 0);
    // The follower fetches from offset 1: it has offset 0, the high watermark moves.
    read_options o;
    o.fetch_offset = 1;
    o.max_bytes = 1000;
    o.isolation = fetch_isolation::log_end;
    o.replica_id = 1;
    CHECK(p->read(o).error.ok());
    CHECK(p->high_watermark() == 1);
    CHECK(read_all(*p, 0).bytes > 0);
}

TEST_CASE("partition: list offsets earliest, latest, by time, max timestamp") {
    broker_fixture b;
    auto p = b.lead("t", 0, {}, 4);
    const int64_t t0 = 1'700'000'000'000;
    for (int i = 0; i < 3; ++i) {
        batch_spec s;
        s.count = 2;
        s.ts = t0 + i * 100;  // records at t0+100i, t0+100i+1
        REQUIRE(produce(b, *p, make_batch(s)).error.ok());
    }
    auto rc = std::optional<isolation_level>(isolation_level::read_uncommitted);
    auto earliest = p->fetch_offset_for_timestamp(storage::kEarliestTimestamp, rc, std::nullopt, true);
    REQUIRE(earliest.found);
    CHECK(earliest.found->offset == 0);
    CHECK(earliest.found->timestamp == -1);
    CHECK(earliest.found->leader_epoch == 4);
    auto latest = p->fetch_offset_for_timestamp(storage::kLatestTimestamp, rc, std::nullopt, true);
    REQUIRE(latest.found);
    CHECK(latest.found->offset == 6);
    CHECK(latest.found->leader_epoch == 4);
    auto by_time = p->fetch_offset_for_timestamp(t0 + 101, rc, std::nullopt, true);
    REQUIRE(by_time.found);
    CHECK(by_time.found->offset == 3);
    CHECK(by_time.found->timestamp == t0 + 101);
    auto between = p->fetch_offset_for_timestamp(t0 + 150, rc, std::nullopt, true);
    REQUIRE(between.found);
    CHECK(between.found->offset == 4);
    auto max = p->fetch_offset_for_timestamp(storage::kMaxTimestamp, rc, std::nullopt, true);
    REQUIRE(max.found);
    CHECK(max.found->timestamp == t0 + 201);
    CHECK(max.found->offset == 5);
    auto none = p->fetch_offset_for_timestamp(t0 + 10'000, rc, std::nullopt, true);
    CHECK(none.error.ok());
    CHECK(!none.found);
    // Epoch checks.
    CHECK(p->fetch_offset_for_timestamp(-1, rc, 3, true).error.code == error_code::fenced_leader_epoch);
    CHECK(p->fetch_offset_for_timestamp(-1, rc, 5, true).error.code == error_code::unknown_leader_epoch);
    CHECK(p->fetch_offset_for_timestamp(-1, rc, 4, true).error.ok());
    // v0: segment starts by modification time.
    auto legacy = p->legacy_fetch_offsets_before(storage::kLatestTimestamp, 10, true, true);
    REQUIRE(legacy.error.ok());
    CHECK(legacy.offsets == std::vector<int64_t>{6, 0});
    legacy = p->legacy_fetch_offsets_before(storage::kEarliestTimestamp, 10, true, true);
    CHECK(legacy.offsets == std::vector<int64_t>{0});
}

TEST_CASE("partition: delete records moves the log start up to the high watermark") {
    broker_fixture b;
    auto p = b.lead("d", 0);
    for (int i = 0; i < 4; ++i) REQUIRE(produce(b, *p, make_batch({})).error.ok());
    auto r = p->delete_records_on_leader(2);
    REQUIRE(r.error.ok());
    CHECK(r.low_watermark == 2);
    CHECK(p->log_start_offset() == 2);
    CHECK(read_all(*p, 1).error.code == error_code::offset_out_of_range);
    CHECK(p->delete_records_on_leader(5).error.code == error_code::offset_out_of_range);
    CHECK(p->delete_records_on_leader(-7).error.code == error_code::offset_out_of_range);
    auto to_hw = p->delete_records_on_leader(-1);
    REQUIRE(to_hw.error.ok());
    CHECK(to_hw.low_watermark == 4);
    auto earliest = p->fetch_offset_for_timestamp(storage::kEarliestTimestamp, isolation_level::read_uncommitted,
                                                  std::nullopt, true);
    CHECK(earliest.found->offset == 4);
    // Appends continue after it; the produce response shows the log start.
    auto a = produce(b, *p, make_batch({}));
    CHECK(a.base_offset == 4);
    CHECK(a.log_start_offset == 4);

    topic_settings compact;
    compact.log.cleanup_delete = false;
    compact.log.cleanup_compact = true;
    auto c = b.lead("c", 0, compact);
    CHECK(c->delete_records_on_leader(0).error.code == error_code::policy_violation);
}

TEST_CASE("partition: leader epochs, fencing, followers") {
    broker_fixture b;
    auto p = b.lead("e", 0, {}, 0);
    REQUIRE(produce(b, *p, make_batch({})).error.ok());
    REQUIRE(produce(b, *p, make_batch({})).error.ok());
    p = b.lead("e", 0, {}, 3);  // a new epoch starts at offset 2
    REQUIRE(produce(b, *p, make_batch({})).error.ok());
    auto e0 = p->last_offset_for_leader_epoch(std::nullopt, 0, true);
    CHECK(e0.error.ok());
    CHECK(e0.leader_epoch == 0);
    CHECK(e0.end_offset == 2);
    auto e2 = p->last_offset_for_leader_epoch(std::nullopt, 2, true);
    CHECK(e2.leader_epoch == 0);
    CHECK(e2.end_offset == 2);
    auto e3 = p->last_offset_for_leader_epoch(3, 3, true);
    CHECK(e3.leader_epoch == 3);
    CHECK(e3.end_offset == 3);
    CHECK(p->last_offset_for_leader_epoch(2, 3, true).error.code == error_code::fenced_leader_epoch);
    auto r = read_all(*p, 0);
    auto headers = batch_headers(slurp(r.slices));
    REQUIRE(headers.size() == 3);
    CHECK(headers[2].partition_leader_epoch == 3);

    read_options o;
    o.fetch_offset = 0;
    o.max_bytes = 100;
    o.current_leader_epoch = 1;
    CHECK(p->read(o).error.code == error_code::fenced_leader_epoch);
    o.current_leader_epoch = 9;
    CHECK(p->read(o).error.code == error_code::unknown_leader_epoch);

    partition_state st;
    st.leader = 1;
    st.leader_epoch = 4;
    st.replicas = {1, kBroker};
    st.isr = {1, kBroker};
    auto f = b.replicas->become_follower({"e", 0}, st, {});
    REQUIRE(f);
    CHECK(!(*f)->is_leader());
    CHECK(produce(b, **f, make_batch({})).error.code == error_code::not_leader_or_follower);
    CHECK(read_all(**f, 0).error.code == error_code::not_leader_or_follower);
    CHECK((*f)->delete_records_on_leader(0).error.code == error_code::not_leader_or_follower);
}

TEST_CASE("partition: divergence check with last fetched epoch") {
    broker_fixture b;
    auto p = b.lead("div", 0, {}, 1);
    REQUIRE(produce(b, *p, make_batch({})).error.ok());
    p = b.lead("div", 0, {}, 2);
    REQUIRE(produce(b, *p, make_batch({})).error.ok());
    read_options o;
    o.fetch_offset = 2;  // claims epoch 1 ran to offset 2, but it ended at 1
    o.max_bytes = 100;
    o.last_fetched_epoch = 1;
    auto r = p->read(o);
    REQUIRE(r.error.ok());
    REQUIRE(r.diverging_epoch);
    CHECK(r.diverging_epoch->epoch == 1);
    CHECK(r.diverging_epoch->start_offset == 1);
    o.fetch_offset = 1;
    r = p->read(o);
    CHECK(!r.diverging_epoch);
    CHECK(r.bytes > 0);
}

TEST_CASE("partition: Kafka's record checks") {
    broker_fixture b;
    topic_settings s;
    s.log.max_message_bytes = 400;
    auto p = b.lead("v", 0, s);

    SUBCASE("base offset must be 0") {
        byte_buffer batch = make_batch({});
        record::stamp_base_offset(batch, 5);
        auto r = produce(b, *p, batch);
        CHECK(r.error.code == error_code::invalid_record);
        CHECK(r.error.message == "The baseOffset of the record batch in the append to v-0 should be 0, but it is 5");
        CHECK(r.log_start_offset == 0);
    }
    SUBCASE("one batch only") {
        byte_buffer two = make_batch({});
        byte_buffer second = make_batch({});
        two.insert(two.end(), second.begin(), second.end());
        auto r = produce(b, *p, two);
        CHECK(r.error.code == error_code::invalid_record);
        CHECK(r.error.message == "Compressed outer record has more than one batch");
    }
    SUBCASE("too large") {
        batch_spec big;
        big.value = std::string(500, 'x');
        auto r = produce(b, *p, make_batch(big));
        CHECK(r.error.code == error_code::message_too_large);
        CHECK(r.log_start_offset == -1);
    }
    SUBCASE("corrupt") {
        byte_buffer batch = make_batch({});
        batch.back() ^= 0x55;
        auto r = produce(b, *p, batch);
        CHECK(r.error.code == error_code::corrupt_message);
        CHECK(r.error.message.rfind("Record is corrupt (stored crc = ", 0) == 0);
    }
    SUBCASE("partial trailing batch is ignored") {
        byte_buffer batch = make_batch({});
        byte_buffer second = make_batch({});
        batch.insert(batch.end(), second.begin(), second.begin() + 20);
        auto r = produce(b, *p, batch);
        CHECK(r.error.ok());
        CHECK(p->log_end_offset() == 1);
    }
    SUBCASE("sequence without producer id is fine; producer id without sequence is not") {
        batch_spec bs;
        bs.producer_id = 5;
        bs.producer_epoch = 0;
        bs.base_sequence = -1;
        auto r = produce(b, *p, make_batch(bs));
        CHECK(r.error.code == error_code::invalid_record);
        CHECK(r.error.message == "Invalid sequence number -1 in record batch with producerId 5 in topic partition v-0");
    }
    SUBCASE("transactional batches are refused") {
        batch_spec bs;
        bs.producer_id = 5;
        bs.producer_epoch = 0;
        bs.base_sequence = 0;
        bs.transactional = true;
        CHECK(produce(b, *p, make_batch(bs)).error.code == error_code::invalid_txn_state);
    }
    CHECK(p->log_end_offset() <= 1);
}

TEST_CASE("partition: timestamps out of bounds are INVALID_TIMESTAMP with record errors") {
    broker_fixture b;
    topic_settings s;
    s.timestamp_before_max_ms = 1000;
    s.timestamp_after_max_ms = 1000;
    auto p = b.lead("ts", 0, s);
    const int64_t now = b.clock.now_ms();
    batch_spec bs;
    bs.count = 3;
    bs.ts = now - 1001;  // records at now-1001 (bad), now-1000, now-999
    auto r = produce(b, *p, make_batch(bs));
    CHECK(r.error.code == error_code::invalid_timestamp);
    CHECK(r.error.message == "One or more records have been rejected due to invalid timestamp");
    REQUIRE(r.record_errors.size() == 1);
    CHECK(r.record_errors[0].batch_index == 0);
    CHECK(r.record_errors[0].message == "Timestamp " + std::to_string(now - 1001) +
                                            " of message with offset 0 is out of range. The timestamp should be "
                                            "within [" + std::to_string(now - 1000) + ", " + std::to_string(now + 1000) +
                                            "]");
    bs.ts = now - 1000;
    CHECK(produce(b, *p, make_batch(bs)).error.ok());
}

TEST_CASE("partition: compacted topics need keys") {
    broker_fixture b;
    topic_settings s;
    s.log.cleanup_compact = true;
    s.log.cleanup_delete = false;
    auto p = b.lead("cmp", 0, s);
    batch_spec bs;
    bs.keys = false;
    bs.count = 2;
    auto r = produce(b, *p, make_batch(bs));
    CHECK(r.error.code == error_code::invalid_record);
    CHECK(r.record_errors.size() == 2);
    CHECK(r.error.message ==
          "One or more records have been rejected due to 2 record errors in total, and only showing the first three "
          "errors at most: [RecordError(batchIndex=0, message='Compacted topic cannot accept message without key in "
          "topic partition cmp-0'), RecordError(batchIndex=1, message='Compacted topic cannot accept message without "
          "key in topic partition cmp-0')]");
    CHECK(produce(b, *p, make_batch({})).error.ok());
}

TEST_CASE("partition: LogAppendTime topics stamp the time and report it") {
    broker_fixture b;
    topic_settings s;
    s.log.message_timestamp_type = record::timestamp_type::log_append_time;
    auto p = b.lead("lat", 0, s);
    b.clock.set(1'800'000'000'000);
    auto r = produce(b, *p, make_batch({}));
    REQUIRE(r.error.ok());
    CHECK(r.log_append_time == 1'800'000'000'000);
    auto h = batch_headers(slurp(read_all(*p, 0).slices));
    REQUIRE(h.size() == 1);
    CHECK(h[0].ts_type() == record::timestamp_type::log_append_time);
    CHECK(h[0].max_timestamp == 1'800'000'000'000);
}

TEST_CASE("partition: legacy v0/v1 message sets are stored as one v2 batch") {
    broker_fixture b;
    auto p = b.lead("old", 0);
    byte_buffer set;
    append_legacy(set, 1, 0, 0, 1'700'000'000'100, std::string("k1"), std::string("v1"));
    append_legacy(set, 1, 1, 0, 1'700'000'000'200, std::nullopt, std::string("v2"));
    append_legacy(set, 1, 2, 0, 1'700'000'000'300, std::string("k3"), std::nullopt);
    auto r = produce(b, *p, set);
    REQUIRE(r.error.ok());
    CHECK(r.base_offset == 0);
    CHECK(p->log_end_offset() == 3);
    byte_buffer stored = slurp(read_all(*p, 0).slices);
    auto h = batch_headers(stored);
    REQUIRE(h.size() == 1);
    CHECK(h[0].records_count == 3);
    CHECK(h[0].max_timestamp == 1'700'000'000'300);

    // v0, corrupted: CORRUPT_MESSAGE; mixed magic: INVALID_RECORD.
    byte_buffer v0;
    append_legacy(v0, 0, 0, 0, 0, std::nullopt, std::string("x"));
    v0.back() ^= 1;
    CHECK(produce(b, *p, v0).error.code == error_code::corrupt_message);
    byte_buffer mixed;
    append_legacy(mixed, 1, 0, 0, 1'700'000'000'000, std::nullopt, std::string("x"));
    byte_buffer v2 = make_batch({});
    mixed.insert(mixed.end(), v2.begin(), v2.end());
    auto m = produce(b, *p, mixed);
    CHECK(m.error.code == error_code::invalid_record);
    CHECK(m.error.message == "Batch magic 2 is not the same as the first batch's magic byte 1 in topic partition old-0");
}

TEST_CASE("partition: compression.type other than producer recompresses") {
    broker_fixture b;
    topic_settings s;
    s.compression = record::compression::gzip;
    auto p = b.lead("gz", 0, s);
    batch_spec bs;
    bs.count = 5;
    bs.producer_id = 11;
    bs.producer_epoch = 2;
    bs.base_sequence = 0;
    REQUIRE(produce(b, *p, make_batch(bs)).error.ok());
    byte_buffer stored = slurp(read_all(*p, 0).slices);
    auto h = batch_headers(stored);
    REQUIRE(h.size() == 1);
    CHECK(h[0].codec() == record::compression::gzip);
    CHECK(h[0].producer_id == 11);
    CHECK(h[0].base_sequence == 0);
    CHECK(h[0].records_count == 5);
    auto view = record::batch_view::parse(stored);
    REQUIRE(view);
    byte_buffer scratch;
    CHECK(view->validate(scratch));
}

TEST_CASE("partition: acks=-1 needs min.insync.replicas in the ISR") {
    broker_fixture b;
    topic_settings s;
    s.min_insync_replicas = 2;
    partition_state st;
    st.leader = kBroker;
    st.replicas = {kBroker, 1, 2};
    st.isr = {kBroker};
    auto p = b.replicas->become_leader({"isr", 0}, st, s);
    REQUIRE(p);
    auto r = produce(b, **p, make_batch({}), -1);
    CHECK(r.error.code == error_code::not_enough_replicas);
    CHECK(r.error.message ==
          "The size of the current ISR Set(0) is insufficient to satisfy the min.isr requirement of 2 for partition "
          "isr-0");
    CHECK(produce(b, **p, make_batch({}), 1).error.ok());
    // One replica only: min.insync.replicas is capped at the replica count.
    auto single = b.lead("single", 0, s);
    CHECK(produce(b, *single, make_batch({}), -1).error.ok());
}

TEST_CASE("partition: idempotent producer across a restart") {
    broker_fixture b;
    auto p = b.lead("idem", 0);
    auto r0 = produce(b, *p, idempotent_batch(1000, 0, 0, 2));
    REQUIRE(r0.error.ok());
    auto r1 = produce(b, *p, idempotent_batch(1000, 0, 2, 3));
    REQUIRE(r1.error.ok());
    CHECK(r1.base_offset == 2);
    REQUIRE(produce(b, *p, make_batch({})).error.ok());  // a non-idempotent batch in between: offset 5

    auto dup = produce(b, *p, idempotent_batch(1000, 0, 0, 2));
    CHECK(dup.error.ok());
    CHECK(dup.duplicate);
    CHECK(dup.base_offset == 0);
    CHECK(p->log_end_offset() == 6);
    auto gap = produce(b, *p, idempotent_batch(1000, 0, 9, 1));
    CHECK(gap.error.code == error_code::out_of_order_sequence_number);
    CHECK(gap.log_start_offset == 0);
    CHECK(produce(b, *p, idempotent_batch(1000, -1, 5, 1)).error.code == error_code::invalid_producer_epoch);

    REQUIRE(b.restart());
    p = b.lead("idem", 0);
    CHECK(p->producer_count() == 1);
    auto again = produce(b, *p, idempotent_batch(1000, 0, 2, 3));
    CHECK(again.error.ok());
    CHECK(again.duplicate);
    CHECK(again.base_offset == 2);
    auto next = produce(b, *p, idempotent_batch(1000, 0, 5, 1));
    CHECK(next.error.ok());
    CHECK(!next.duplicate);
    CHECK(next.base_offset == 6);
    CHECK(p->log_end_offset() == 7);
}

TEST_CASE("partition: restart after an unclean stop keeps the data") {
    broker_fixture b;
    auto p = b.lead("crash", 0);
    for (int i = 0; i < 5; ++i) REQUIRE(produce(b, *p, make_batch({})).error.ok());
    // No close(): the log manager goes away as if the process died.
    b.replicas.reset();
    b.logs.reset();
    REQUIRE(b.open());
    CHECK(!b.logs->had_clean_shutdown());
    p = b.lead("crash", 0);
    CHECK(p->log_end_offset() == 5);
    CHECK(p->high_watermark() == 5);
    CHECK(batch_headers(slurp(read_all(*p, 0).slices)).size() == 5);
}

TEST_CASE("partition: topic id on disk must match") {
    broker_fixture b;
    partition_state st;
    st.leader = kBroker;
    st.replicas = {kBroker};
    st.isr = {kBroker};
    st.topic_id.bytes[0] = 1;
    REQUIRE(b.replicas->become_leader({"tid", 0}, st, {}));
    REQUIRE(b.replicas->stop_replica({"tid", 0}, false));  // the log stays
    st.topic_id.bytes[0] = 2;
    auto r = b.replicas->become_leader({"tid", 0}, st, {});
    REQUIRE(!r);
    CHECK(r.err().code == errc::inconsistent_topic_id);
}

TEST_CASE("partition: concurrent produce, fetch and periodic tasks") {
    broker_fixture b;
    auto p = b.lead("mt", 0);
    std::atomic<bool> stop{false};
    std::vector<std::thread> producers;
    for (int t = 0; t < 2; ++t) {
        producers.emplace_back([&] {
            for (int i = 0; i < 200; ++i) CHECK(produce(b, *p, make_batch({})).error.ok());
        });
    }
    std::thread reader([&] {
        while (!stop) CHECK(read_all(*p, 0).error.ok());
    });
    std::thread periodic([&] {
        while (!stop) {
            CHECK(b.logs->flush_dirty_logs());
            CHECK(b.logs->cleanup_logs());
            CHECK(b.logs->checkpoint_recovery_points());
            CHECK(b.logs->checkpoint_high_watermarks());
        }
    });
    for (auto& t : producers) t.join();
    stop = true;
    reader.join();
    periodic.join();
    CHECK(p->log_end_offset() == 400);
    CHECK(p->high_watermark() == 400);
}

namespace {

// The partition as a leader whose ISR also holds follower `follower_id`.
std::shared_ptr<partition> lead_with_follower(broker_fixture& b, const std::string& topic, int32_t epoch,
                                              int32_t follower_id) {
    partition_state st;
    st.leader = kBroker;
    st.leader_epoch = epoch;
    st.replicas = {kBroker, follower_id};
    st.isr = {kBroker, follower_id};
    auto r = b.replicas->become_leader({topic, 0}, st, {});
    REQUIRE(r);
    return *r;
}

std::shared_ptr<partition> follow(broker_fixture& b, const std::string& topic, int32_t leader, int32_t epoch) {
    partition_state st;
    st.leader = leader;
    st.leader_epoch = epoch;
    st.replicas = {leader, kBroker};
    st.isr = {leader, kBroker};
    auto r = b.replicas->become_follower({topic, 0}, st, {});
    REQUIRE(r);
    return *r;
}

// What the leader answers a follower's Fetch from `offset`.
read_result replica_read(partition& leader, int32_t replica, int64_t offset,
                         std::optional<int32_t> last_epoch = std::nullopt) {
    read_options o;
    o.fetch_offset = offset;
    o.max_bytes = 1 << 20;
    o.isolation = fetch_isolation::log_end;
    o.replica_id = replica;
    o.last_fetched_epoch = last_epoch;
    return leader.read(o);
}

// Everything in the local log, leader or not.
read_result local_read(partition& p) {
    read_options o;
    o.max_bytes = 1 << 20;
    o.isolation = fetch_isolation::log_end;
    o.fetch_only_leader = false;
    return p.read(o);
}

}  // namespace

TEST_CASE("replication: a follower copies the leader's batches and the high watermark follows the ISR") {
    constexpr int32_t kFollowerId = 7;  // as the leader knows the follower
    constexpr int32_t kLeaderId = 99;   // as the follower knows the leader
    broker_fixture lb, fb;  // two brokers' log dirs
    auto leader = lead_with_follower(lb, "r", 2, kFollowerId);
    REQUIRE(produce(lb, *leader, make_batch({.count = 3})).error.ok());
    REQUIRE(produce(lb, *leader, make_batch({.count = 2})).error.ok());
    // Not yet on the follower: the high watermark waits for it.
    CHECK(leader->log_end_offset() == 5);
    CHECK(leader->high_watermark() == 0);
    CHECK(read_all(*leader, 0).bytes == 0);

    auto follower = follow(fb, "r", kLeaderId, 2);
    auto pos = follower->follower_fetch_position();
    CHECK(pos.log_end_offset == 0);
    CHECK(pos.last_fetched_epoch == -1);
    CHECK(pos.leader == kLeaderId);

    auto r = replica_read(*leader, kFollowerId, pos.log_end_offset);
    REQUIRE(r.error.ok());
    CHECK(r.high_watermark == 0);
    byte_buffer copied = slurp(r.slices);
    REQUIRE(follower->append_records_as_follower(copied, r.high_watermark, r.log_start_offset));
    CHECK(follower->log_end_offset() == 5);
    CHECK(follower->high_watermark() == 0);
    pos = follower->follower_fetch_position();
    CHECK(pos.last_fetched_epoch == 2);  // the epoch the leader stamped

    // The next fetch says the follower holds offsets 0-4: the high watermark moves.
    r = replica_read(*leader, kFollowerId, pos.log_end_offset);
    REQUIRE(r.error.ok());
    CHECK(r.bytes == 0);
    CHECK(r.high_watermark == 5);
    CHECK(leader->high_watermark() == 5);
    follower->update_follower_high_watermark(r.high_watermark, r.log_start_offset);
    CHECK(follower->high_watermark() == 5);
    // The copy is byte for byte the leader's.
    CHECK(slurp(local_read(*follower).slices) == copied);
    // A follower does not append as a leader, nor a leader as a follower.
    CHECK(produce(fb, *follower, make_batch({})).error.code == error_code::not_leader_or_follower);
    CHECK(!leader->append_records_as_follower(copied, 5, 0));
}

TEST_CASE("replication: a former leader truncates the tail the new leader never had") {
    constexpr int32_t kNewLeader = 99;  // as the old leader knows it
    constexpr int32_t kOldLeader = 7;   // as the new leader knows the old one
    broker_fixture nb, ob;
    // Both held offsets 0-1 in epoch 0; the old leader then took offset 2 alone.
    auto old_leader = ob.lead("d", 0, {}, 0);
    REQUIRE(produce(ob, *old_leader, make_batch({.count = 2})).error.ok());
    REQUIRE(produce(ob, *old_leader, make_batch({.count = 1})).error.ok());
    auto new_leader = nb.lead("d", 0, {}, 0);
    REQUIRE(produce(nb, *new_leader, make_batch({.count = 2})).error.ok());
    // The new leader starts epoch 1 at offset 2 and writes its own offset 2.
    new_leader = lead_with_follower(nb, "d", 1, kOldLeader);
    REQUIRE(produce(nb, *new_leader, make_batch({.count = 1, .ts = 1'700'000'000'999})).error.ok());

    auto f = follow(ob, "d", kNewLeader, 1);
    auto pos = f->follower_fetch_position();
    CHECK(pos.log_end_offset == 3);
    CHECK(pos.last_fetched_epoch == 0);
    auto r = replica_read(*new_leader, kOldLeader, pos.log_end_offset, pos.last_fetched_epoch);
    REQUIRE(r.error.ok());
    REQUIRE(r.diverging_epoch);
    CHECK(r.diverging_epoch->epoch == 0);
    CHECK(r.diverging_epoch->start_offset == 2);  // epoch 0 ended at 2 on the leader
    auto leo = f->truncate_to_diverging_epoch(r.diverging_epoch->epoch, r.diverging_epoch->start_offset);
    REQUIRE(leo);
    CHECK(*leo == 2);

    pos = f->follower_fetch_position();
    r = replica_read(*new_leader, kOldLeader, pos.log_end_offset, pos.last_fetched_epoch);
    REQUIRE(r.error.ok());
    CHECK(!r.diverging_epoch);
    REQUIRE(f->append_records_as_follower(slurp(r.slices), r.high_watermark, r.log_start_offset));
    CHECK(f->log_end_offset() == 3);
    CHECK(f->follower_fetch_position().last_fetched_epoch == 1);
    CHECK(slurp(local_read(*f).slices) == slurp(local_read(*new_leader).slices));
}

TEST_CASE("replication: the leader shrinks the ISR after replica.lag.time.max.ms and expands it on catch-up") {
    constexpr int32_t kFollowerId = 7;
    constexpr int64_t kLagMs = 1000;
    broker_fixture b;
    auto leader = lead_with_follower(b, "isr", 3, kFollowerId);
    auto all_alive = [](int32_t) { return true; };
    REQUIRE(produce(b, *leader, make_batch({.count = 2})).error.ok());
    // Just became leader: the follower counts as caught up.
    CHECK(!leader->wanted_isr_change(kLagMs, all_alive));
    // It fetches, but never reaches the log end, for longer than the lag.
    b.clock.advance(400);
    REQUIRE(replica_read(*leader, kFollowerId, 0).error.ok());
    CHECK(!leader->wanted_isr_change(kLagMs, all_alive));
    b.clock.advance(700);
    auto shrink = leader->wanted_isr_change(kLagMs, all_alive);
    REQUIRE(shrink);
    CHECK(shrink->isr == std::vector<int32_t>{kBroker});
    CHECK(shrink->leader_epoch == 3);
    // Written (partition epoch 5): alone in the ISR, the leader's log end is the high watermark.
    CHECK(leader->isr_updated(shrink->isr, 5));
    CHECK(leader->high_watermark() == 2);
    CHECK(leader->state().partition_epoch == 5);
    // The follower reaches the high watermark: it may come back, if it is alive.
    REQUIRE(replica_read(*leader, kFollowerId, 2).error.ok());
    CHECK(!leader->wanted_isr_change(kLagMs, [](int32_t) { return false; }));
    auto expand = leader->wanted_isr_change(kLagMs, all_alive);
    REQUIRE(expand);
    CHECK(expand->isr == std::vector<int32_t>{kBroker, kFollowerId});
    CHECK(expand->partition_epoch == 5);
    CHECK(!leader->isr_updated(expand->isr, 6));  // the high watermark stays at 2
    CHECK(!leader->wanted_isr_change(kLagMs, all_alive));
    // A follower does not manage the ISR.
    broker_fixture fb;
    auto follower = follow(fb, "isr", 99, 3);
    CHECK(!follower->wanted_isr_change(kLagMs, all_alive));
}
