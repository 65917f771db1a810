#include "broker/fetch_session_cache.h"

#include <doctest/doctest.h>

namespace odradek::broker {

using protocol::error_code;

namespace {

cached_partition part(const std::string& topic, int32_t p, int64_t offset = 0) {
    cached_partition c;
    c.topic = topic;
    c.partition = p;
    c.fetch_offset = offset;
    c.max_bytes = 1048576;
    return c;
}

std::vector<cached_partition> parts(size_t n) {
    std::vector<cached_partition> out;
    for (size_t i = 0; i < n; ++i) out.push_back(part("t", int32_t(i)));
    return out;
}

partition_answer answer(int64_t hw, int64_t bytes = 0, error_code e = error_code::none) {
    partition_answer a;
    a.error = e;
    a.bytes = bytes;
    a.high_watermark = hw;
    a.log_start_offset = 0;
    return a;
}

// A session whose two partitions were last answered with high watermark 5.
int32_t open_session(fetch_session_cache& cache, int64_t now = 0) {
    std::vector<cached_partition> ps{part("t", 0), part("t", 1)};
    for (auto& p : ps) update_from_answer(p, answer(5));
    return cache.create(false, false, ps, now);
}

// An incremental request that changes nothing: what Kafka's tests do with
// FetchSessionCache.touch. Returns the session's next epoch.
int32_t use(fetch_session_cache& cache, int32_t id, int32_t epoch, int64_t now) {
    auto inc = cache.begin_incremental(id, epoch, false, {}, {}, now);
    REQUIRE(inc.error == error_code::none);
    return inc.next_epoch;
}

bool alive(fetch_session_cache& cache, int32_t id, int32_t epoch) {
    // A wrong-epoch probe: tells "exists" from "gone" without using the session.
    auto e = cache.begin_incremental(id, epoch == 1000 ? 1001 : 1000, false, {}, {}, 0).error;
    return e != error_code::fetch_session_id_not_found;
}

}  // namespace

TEST_CASE("fetch sessions: ids, epochs, unknown sessions and the topic-id mode") {
    fetch_session_cache cache(10);
    int32_t id = open_session(cache);
    CHECK(id > 0);
    CHECK(cache.size() == 1);
    CHECK(cache.partitions_cached() == 2);

    // The first incremental request carries epoch 1.
    auto wrong = cache.begin_incremental(id, 2, false, {}, {}, 0);
    CHECK(wrong.error == error_code::invalid_fetch_session_epoch);
    auto ok = cache.begin_incremental(id, 1, false, {}, {}, 0);
    CHECK(ok.error == error_code::none);
    CHECK(ok.next_epoch == 2);
    CHECK(ok.partitions.size() == 2);
    // Replaying epoch 1 fails; an unknown id (0 included) is not found.
    CHECK(cache.begin_incremental(id, 1, false, {}, {}, 0).error == error_code::invalid_fetch_session_epoch);
    CHECK(cache.begin_incremental(id + 1, 2, false, {}, {}, 0).error == error_code::fetch_session_id_not_found);
    CHECK(cache.begin_incremental(kInvalidSessionId, 2, false, {}, {}, 0).error ==
          error_code::fetch_session_id_not_found);
    // A session opened below v13 takes no v13+ request (and the epoch stays).
    CHECK(cache.begin_incremental(id, 2, true, {}, {}, 0).error == error_code::fetch_session_topic_id_error);
    CHECK(cache.begin_incremental(id, 2, false, {}, {}, 0).error == error_code::none);

    cache.remove(id);
    CHECK(cache.begin_incremental(id, 3, false, {}, {}, 0).error == error_code::fetch_session_id_not_found);
    CHECK(cache.size() == 0);

    int32_t by_id = cache.create(false, true, {part("", 0)}, 0);
    CHECK(cache.begin_incremental(by_id, 1, false, {}, {}, 0).error == error_code::fetch_session_topic_id_error);
    CHECK(cache.begin_incremental(by_id, 1, true, {}, {}, 0).error == error_code::none);
}

TEST_CASE("fetch sessions: only partitions with news are answered") {
    fetch_session_cache cache(10);
    int32_t id = open_session(cache);
    auto inc = cache.begin_incremental(id, 1, false, {}, {}, 0);
    REQUIRE(inc.partitions.size() == 2);
    // Nothing changed: nothing to send.
    auto fin = cache.finish_incremental(id, inc.next_epoch, {answer(5), answer(5)});
    CHECK(fin.error == error_code::none);
    CHECK(fin.send == std::vector<bool>{false, false});
    // Records for t-1, a moved high watermark for t-0 (already answered data
    // moves to the back of the session order).
    inc = cache.begin_incremental(id, 2, false, {}, {}, 0);
    fin = cache.finish_incremental(id, inc.next_epoch, {answer(5), answer(9, 100)});
    CHECK(fin.send == std::vector<bool>{false, true});
    inc = cache.begin_incremental(id, 3, false, {}, {}, 0);
    CHECK(inc.partitions[0].partition == 0);
    fin = cache.finish_incremental(id, inc.next_epoch, {answer(9), answer(9)});
    CHECK(fin.send == std::vector<bool>{true, false});  // t-0's high watermark moved to 9
    // A moved log start offset is news too.
    inc = cache.begin_incremental(id, 4, false, {}, {}, 0);
    auto moved = answer(9);
    moved.log_start_offset = 3;
    fin = cache.finish_incremental(id, inc.next_epoch, {answer(9), moved});
    CHECK(fin.send == std::vector<bool>{false, true});
    // An error is always sent, and the partition is sent again when it clears.
    inc = cache.begin_incremental(id, 5, false, {}, {}, 0);
    auto after_move = moved;
    fin = cache.finish_incremental(id, inc.next_epoch, {answer(-1, 0, error_code::not_leader_or_follower), after_move});
    CHECK(fin.send == std::vector<bool>{true, false});
    inc = cache.begin_incremental(id, 6, false, {}, {}, 0);
    fin = cache.finish_incremental(id, inc.next_epoch, {answer(9), after_move});
    CHECK(fin.send == std::vector<bool>{true, false});
    // A diverging epoch is always sent.
    inc = cache.begin_incremental(id, 7, false, {}, {}, 0);
    auto div = after_move;
    div.diverging = true;
    fin = cache.finish_incremental(id, inc.next_epoch, {answer(9), div});
    CHECK(fin.send == std::vector<bool>{false, true});
}

TEST_CASE("fetch sessions: a request overtaken by another of its session gets INVALID_FETCH_SESSION_EPOCH") {
    fetch_session_cache cache(10);
    int32_t id = open_session(cache);
    auto first = cache.begin_incremental(id, 1, false, {}, {}, 0);
    auto second = cache.begin_incremental(id, 2, false, {}, {}, 0);  // while the first long-polls
    REQUIRE(second.error == error_code::none);
    CHECK(cache.finish_incremental(id, first.next_epoch, {answer(5), answer(5)}).error ==
          error_code::invalid_fetch_session_epoch);
    auto fin = cache.finish_incremental(id, second.next_epoch, {answer(5), answer(6)});
    CHECK(fin.error == error_code::none);
    CHECK(fin.send == std::vector<bool>{false, true});
    // A session removed meanwhile: every partition is sent.
    auto third = cache.begin_incremental(id, 3, false, {}, {}, 0);
    cache.remove(id);
    fin = cache.finish_incremental(id, third.next_epoch, {answer(5), answer(6)});
    CHECK(fin.error == error_code::none);
    CHECK(fin.send == std::vector<bool>{true, true});
}

TEST_CASE("fetch sessions: partitions added, refetched and forgotten") {
    fetch_session_cache cache(10);
    int32_t id = open_session(cache);
    auto inc = cache.begin_incremental(id, 1, false, {part("t", 1, 42), part("u", 0, 7)}, {{"t", {}, 0}}, 0);
    REQUIRE(inc.partitions.size() == 2);
    CHECK(inc.partitions[0].topic == "t");
    CHECK(inc.partitions[0].partition == 1);
    CHECK(inc.partitions[0].fetch_offset == 42);
    CHECK(inc.partitions[0].high_watermark == 5);  // what was last answered stays
    CHECK(inc.partitions[1].topic == "u");
    CHECK(inc.partitions[1].fetch_offset == 7);
    CHECK(inc.partitions[1].high_watermark == -1);  // new: sent at its first answer
    CHECK(cache.finish_incremental(id, inc.next_epoch, {answer(5), answer(0)}).send == std::vector<bool>{false, true});
    CHECK(cache.partitions_cached() == 2);

    // Forgetting the last partitions closes the session: the request is then
    // answered without one.
    inc = cache.begin_incremental(id, 2, false, {}, {{"t", {}, 1}, {"u", {}, 0}}, 0);
    CHECK(inc.error == error_code::none);
    CHECK(inc.closed);
    CHECK(inc.partitions.empty());
    CHECK(cache.size() == 0);
    CHECK(cache.begin_incremental(id, 2, false, {}, {}, 0).error == error_code::fetch_session_id_not_found);

    // v13+: keyed by topic id, not name (a partition's name may be unknown).
    protocol::uuid a, b;
    a.bytes[15] = 1;
    b.bytes[15] = 2;
    cached_partition pa = part("", 0), pb = part("", 0);
    pa.topic_id = a;
    pb.topic_id = b;
    int32_t id2 = cache.create(false, true, {pa, pb}, 0);
    cached_partition refetch = part("named-now", 0, 11);
    refetch.topic_id = a;
    inc = cache.begin_incremental(id2, 1, true, {refetch}, {{"", b, 0}}, 0);
    REQUIRE(inc.partitions.size() == 1);
    CHECK(inc.partitions[0].topic_id == a);
    CHECK(inc.partitions[0].fetch_offset == 11);
}

// The scenario of Kafka's FetchSessionTest.testSessionCache (3 slots, 100 ms
// eviction time), with an unchanged incremental request as "touch".
TEST_CASE("fetch sessions: eviction as Kafka's FetchSessionCache") {
    fetch_session_cache cache(3, /*eviction_ms=*/100);
    int32_t id1 = cache.create(false, false, parts(10), 0);
    int32_t id2 = cache.create(false, false, parts(20), 10);
    int32_t id3 = cache.create(false, false, parts(30), 20);
    REQUIRE(id1 > 0);
    REQUIRE(id2 > 0);
    REQUIRE(id3 > 0);
    // Full, nothing stale, and consumers may not evict young sessions: even a
    // bigger one is refused.
    CHECK(cache.create(false, false, parts(40), 30) == kInvalidSessionId);
    CHECK(cache.create(false, false, parts(5), 40) == kInvalidSessionId);
    CHECK(cache.size() == 3);

    int32_t e1 = use(cache, id1, 1, 200);
    // id2 is the least recently used and stale (unused for 200 ms).
    int32_t id4 = cache.create(false, false, parts(11), 210);
    REQUIRE(id4 > 0);
    CHECK_FALSE(alive(cache, id2, 1));
    CHECK(alive(cache, id1, e1));
    CHECK(alive(cache, id3, 1));

    e1 = use(cache, id1, e1, 400);
    int32_t e3 = use(cache, id3, 1, 390);
    int32_t e4 = use(cache, id4, 1, 400);
    // Nothing is stale now. id1 (10 partitions, mature when last used) is the
    // least valuable evictable session; 50 partitions beat it.
    int32_t id5 = cache.create(false, false, parts(50), 410);
    REQUIRE(id5 > 0);
    CHECK_FALSE(alive(cache, id1, e1));
    // id4 (11 partitions, older than 100 ms at its last use) is now the least
    // valuable evictable session, and 5 partitions do not beat it.
    CHECK(cache.create(false, false, parts(5), 410) == kInvalidSessionId);
    // A follower's session beats any consumer session.
    int32_t id6 = cache.create(true, false, parts(5), 410);
    REQUIRE(id6 > 0);
    CHECK_FALSE(alive(cache, id4, e4));
    CHECK(alive(cache, id3, e3));
    CHECK(alive(cache, id5, 1));
    CHECK(cache.size() == 3);
}

TEST_CASE("fetch sessions: follower sessions and ties") {
    fetch_session_cache cache(2, /*eviction_ms=*/1000);
    int32_t follower = cache.create(true, false, parts(1), 0);
    int32_t consumer = cache.create(false, false, parts(3), 0);
    REQUIRE(follower > 0);
    REQUIRE(consumer > 0);
    // A young consumer session is evictable only by a follower's.
    CHECK(cache.create(false, false, parts(100), 10) == kInvalidSessionId);
    CHECK(cache.create(true, false, parts(3), 10) != kInvalidSessionId);  // beats the consumer session
    CHECK_FALSE(alive(cache, consumer, 1));
    // Young follower sessions are evictable by nobody.
    CHECK(cache.create(true, false, parts(50), 20) == kInvalidSessionId);
    CHECK(alive(cache, follower, 1));

    // Unused for longer than the eviction time: the least recently used goes,
    // whatever its kind.
    CHECK(cache.create(false, false, parts(1), 1500) != kInvalidSessionId);
    CHECK_FALSE(alive(cache, follower, 1));
    CHECK(cache.size() == 2);

    // Same kind and size: the old session stays; one more partition wins.
    fetch_session_cache one(1, /*eviction_ms=*/100);
    int32_t old_one = one.create(false, false, parts(3), 0);
    use(one, old_one, 1, 150);  // older than 100 ms at this use: evictable by consumers
    CHECK(one.create(false, false, parts(3), 160) == kInvalidSessionId);
    CHECK(one.create(false, false, parts(4), 160) != kInvalidSessionId);
    CHECK_FALSE(alive(one, old_one, 2));

    fetch_session_cache none(0);
    CHECK(none.create(false, false, parts(1), 0) == kInvalidSessionId);
    CHECK(none.size() == 0);
}

}  // namespace odradek::broker
