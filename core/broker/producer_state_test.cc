#include <doctest/doctest.h>

#include <limits>

#include "broker/producer_state.h"

using namespace odradek;
using namespace odradek::broker;
using protocol::error_code;
using outcome = producer_check::outcome;

namespace {

producer_batch batch(int64_t pid, int16_t epoch, int32_t seq, int32_t count, int64_t base_offset) {
    producer_batch b;
    b.producer_id = pid;
    b.producer_epoch = epoch;
    b.base_sequence = seq;
    b.last_offset_delta = count - 1;
    b.base_offset = base_offset;
    b.max_timestamp = 1000 + base_offset;
    return b;
}

// Checks a client batch and, when it may be appended, records it.
producer_check append(producer_state_manager& m, const producer_batch& b) {
    producer_check c = m.check_client_batch(b);
    if (c.what == outcome::append) m.update(b);
    return c;
}

}  // namespace

TEST_CASE("producer state: sequence arithmetic wraps at INT32_MAX") {
    constexpr int32_t max = std::numeric_limits<int32_t>::max();
    CHECK(increment_sequence(5, 3) == 8);
    CHECK(increment_sequence(max, 1) == 0);
    CHECK(increment_sequence(max - 1, 3) == 1);
    CHECK(decrement_sequence(8, 3) == 5);
    CHECK(decrement_sequence(1, 3) == max - 1);
}

TEST_CASE("producer state: a new producer may start at any sequence, then must follow on") {
    producer_state_manager m("t-0");
    CHECK(append(m, batch(7, 0, 42, 3, 0)).what == outcome::append);
    REQUIRE(m.entry(7));
    CHECK(m.entry(7)->last_seq() == 44);
    CHECK(append(m, batch(7, 0, 45, 1, 3)).what == outcome::append);
    CHECK(m.entry(7)->last_seq() == 45);
}

TEST_CASE("producer state: a gap is OUT_OF_ORDER_SEQUENCE_NUMBER with Kafka's text") {
    producer_state_manager m("orders-0");
    REQUIRE(append(m, batch(7, 0, 0, 2, 0)).what == outcome::append);
    auto c = m.check_client_batch(batch(7, 0, 3, 1, 2));
    CHECK(c.what == outcome::reject);
    CHECK(c.error.code == error_code::out_of_order_sequence_number);
    CHECK(c.error.message ==
          "Out of order sequence number for producer 7 at offset 2 in partition orders-0: 3 (incoming seq. number), "
          "1 (current end sequence number)");
    // Nothing changed.
    CHECK(m.entry(7)->last_seq() == 1);
}

TEST_CASE("producer state: duplicates of the last 5 batches return their offsets") {
    producer_state_manager m("t-0");
    for (int i = 0; i < 6; ++i) REQUIRE(append(m, batch(1, 0, i * 2, 2, 100 + i * 2)).what == outcome::append);
    CHECK(m.entry(1)->batches.size() == size_t(kNumBatchesToRetain));
    // Batches 1..5 are retained: the retry of each is a duplicate with its offsets.
    for (int i = 1; i < 6; ++i) {
        auto c = m.check_client_batch(batch(1, 0, i * 2, 2, 999));
        REQUIRE(c.what == outcome::duplicate);
        CHECK(c.duplicate.first_offset() == 100 + i * 2);
        CHECK(c.duplicate.last_offset == 101 + i * 2);
        CHECK(c.duplicate.timestamp == 1000 + 100 + i * 2);
    }
    // The oldest fell out: its retry is out of order, not a duplicate.
    CHECK(m.check_client_batch(batch(1, 0, 0, 2, 999)).error.code == error_code::out_of_order_sequence_number);
    // Same first sequence but another range is not a duplicate either.
    CHECK(m.check_client_batch(batch(1, 0, 10, 1, 999)).what == outcome::reject);
}

TEST_CASE("producer state: an older epoch is INVALID_PRODUCER_EPOCH") {
    producer_state_manager m("t-0");
    REQUIRE(append(m, batch(3, 5, 0, 1, 0)).what == outcome::append);
    auto c = m.check_client_batch(batch(3, 4, 1, 1, 1));
    CHECK(c.error.code == error_code::invalid_producer_epoch);
    CHECK(c.error.message == "Epoch of producer 3 at offset 1 in t-0 is 4, which is smaller than the last seen epoch 5");
    // A duplicate of a batch from an older epoch is not recognised either.
    CHECK(m.check_client_batch(batch(3, 4, 0, 1, 1)).error.code == error_code::invalid_producer_epoch);
}

TEST_CASE("producer state: a new epoch must start at sequence 0") {
    producer_state_manager m("t-0");
    REQUIRE(append(m, batch(3, 0, 0, 5, 0)).what == outcome::append);
    auto bad = m.check_client_batch(batch(3, 1, 5, 1, 5));
    CHECK(bad.error.code == error_code::out_of_order_sequence_number);
    CHECK(bad.error.message ==
          "Invalid sequence number for new epoch of producer 3at offset 5 in partition t-0: 1 (request epoch), 5 (seq. "
          "number), 0 (current producer epoch)");
    CHECK(append(m, batch(3, 1, 0, 1, 5)).what == outcome::append);
    CHECK(m.entry(3)->producer_epoch == 1);
    CHECK(m.entry(3)->batches.size() == 1);  // the epoch bump forgets the old batches
}

TEST_CASE("producer state: sequence wraps from INT32_MAX to 0") {
    constexpr int32_t max = std::numeric_limits<int32_t>::max();
    producer_state_manager m("t-0");
    REQUIRE(append(m, batch(9, 0, max - 1, 2, 0)).what == outcome::append);
    CHECK(m.entry(9)->last_seq() == max);
    CHECK(append(m, batch(9, 0, 0, 1, 2)).what == outcome::append);
    // A batch spanning the wrap is a duplicate when retried.
    REQUIRE(append(m, batch(9, 0, 1, 1, 3)).what == outcome::append);
    auto c = m.check_client_batch(batch(9, 0, max - 1, 2, 10));
    CHECK(c.what == outcome::duplicate);
    CHECK(c.duplicate.first_offset() == 0);
}

TEST_CASE("producer state: an entry without epoch accepts any sequence; replication takes anything") {
    producer_state_manager m("t-0");
    // Replication / log rebuild: no checks, even going backwards.
    m.update(batch(4, 2, 10, 1, 0));
    m.update(batch(4, 2, 3, 1, 1));
    CHECK(m.entry(4)->last_seq() == 3);
    // A client batch with no epoch for a producer with none recorded.
    producer_state_manager n("t-0");
    CHECK(append(n, batch(5, -1, 17, 1, 0)).what == outcome::append);
    CHECK(append(n, batch(5, -1, 99, 1, 1)).what == outcome::append);
}

TEST_CASE("producer state: expiration drops idle producers") {
    producer_state_manager m("t-0");
    m.update(batch(1, 0, 0, 1, 0));  // max_timestamp 1000
    m.update(batch(2, 0, 0, 1, 50));  // 1050
    m.remove_expired(1049 + 100, 100);
    CHECK(m.entry(1) == nullptr);
    CHECK(m.entry(2) != nullptr);
    CHECK(m.producer_count() == 1);
}
