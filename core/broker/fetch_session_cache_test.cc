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
    std::vector<cached_partition> parts{part("t", 0), part("t", 1)};
    for (auto& p : parts) update_from_answer(p, answer(5));
    return cache.create(false, parts, now);
}

}  // namespace

TEST_CASE("fetch sessions: ids, epochs and unknown sessions") {
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
    CHECK(ok.partitions.size() == 2);
    CHECK(cache.begin_incremental(id, 1, false, {}, {}, 0).error == error_code::invalid_fetch_session_epoch);
    CHECK(cache.begin_incremental(id + 1, 2, false, {}, {}, 0).error == error_code::fetch_session_id_not_found);
    CHECK(cache.begin_incremental(id, 2, false, {}, {}, 0).error == error_code::none);

    cache.remove(id);
    CHECK(cache.begin_incremental(id, 3, false, {}, {}, 0).error == error_code::fetch_session_id_not_found);
    CHECK(cache.size() == 0);
}

TEST_CASE("fetch sessions: only partitions with news are answered") {
    fetch_session_cache cache(10);
    int32_t id = open_session(cache);
    auto inc = cache.begin_incremental(id, 1, false, {}, {}, 0);
    REQUIRE(inc.partitions.size() == 2);
    // Nothing changed: nothing to send.
    auto send = cache.finish_incremental(id, {answer(5), answer(5)});
    CHECK(send == std::vector<bool>{false, false});
    // Records for t-1, a moved high watermark for t-0 (already answered data
    // moves to the back of the session order).
    inc = cache.begin_incremental(id, 2, false, {}, {}, 0);
    send = cache.finish_incremental(id, {answer(5), answer(9, 100)});
    CHECK(send == std::vector<bool>{false, true});
    inc = cache.begin_incremental(id, 3, false, {}, {}, 0);
    CHECK(inc.partitions[0].partition == 0);
    send = cache.finish_incremental(id, {answer(9), answer(9)});
    CHECK(send == std::vector<bool>{true, false});  // t-0's high watermark moved to 9
    // An error is always sent, and the partition is sent again when it clears.
    inc = cache.begin_incremental(id, 4, false, {}, {}, 0);
    send = cache.finish_incremental(id, {answer(-1, 0, error_code::not_leader_or_follower), answer(9)});
    CHECK(send == std::vector<bool>{true, false});
    inc = cache.begin_incremental(id, 5, false, {}, {}, 0);
    send = cache.finish_incremental(id, {answer(9), answer(9)});
    CHECK(send == std::vector<bool>{true, false});
    // A diverging epoch is always sent.
    inc = cache.begin_incremental(id, 6, false, {}, {}, 0);
    auto div = answer(9);
    div.diverging = true;
    send = cache.finish_incremental(id, {answer(9), div});
    CHECK(send == std::vector<bool>{false, true});
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
    CHECK(cache.finish_incremental(id, {answer(5), answer(0)}) == std::vector<bool>{false, true});

    // v13+: keyed by topic id, not name.
    protocol::uuid a, b;
    a.bytes[15] = 1;
    b.bytes[15] = 2;
    cached_partition pa = part("", 0), pb = part("", 0);
    pa.topic_id = a;
    pb.topic_id = b;
    int32_t id2 = cache.create(false, {pa, pb}, 0);
    inc = cache.begin_incremental(id2, 1, true, {}, {{"", b, 0}}, 0);
    REQUIRE(inc.partitions.size() == 1);
    CHECK(inc.partitions[0].topic_id == a);
}

TEST_CASE("fetch sessions: a full cache evicts stale, then less valuable sessions") {
    fetch_session_cache cache(2, /*eviction_ms=*/1000);
    int32_t first = open_session(cache, 0);
    int32_t second = cache.create(false, {part("x", 0)}, 10);
    REQUIRE(first > 0);
    REQUIRE(second > 0);
    // Both young: a consumer session evicts nothing, however large.
    CHECK(cache.create(false, {}, 500) == 0);
    CHECK(cache.create(false, {part("y", 0), part("y", 1), part("y", 2)}, 600) == 0);
    // A follower (privileged) session evicts the least valuable consumer session.
    int32_t follower = cache.create(true, {part("z", 0)}, 700);
    CHECK(follower > 0);
    CHECK(cache.size() == 2);
    CHECK(cache.begin_incremental(second, 1, false, {}, {}, 700).error == error_code::fetch_session_id_not_found);
    // A consumer session never evicts a young follower session, but a stale one goes.
    int32_t late = cache.create(false, {part("w", 0), part("w", 1), part("w", 2)}, 1650);
    CHECK(late > 0);
    CHECK(cache.size() == 2);
    CHECK(cache.begin_incremental(follower, 1, false, {}, {}, 1650).error == error_code::none);

    fetch_session_cache none(0);
    CHECK(none.create(false, {part("t", 0)}, 0) == 0);
}

TEST_CASE("fetch sessions: sessions older than the eviction time compete on value, ties keep the old one") {
    fetch_session_cache cache(1, /*eviction_ms=*/1000);
    int32_t old = cache.create(true, {part("a", 0)}, 0);
    REQUIRE(old > 0);
    // Used at 1500, 1500 ms after it was created: evictable by any new session now.
    REQUIRE(cache.begin_incremental(old, 1, false, {}, {}, 1500).error == error_code::none);
    CHECK(cache.create(true, {part("b", 0)}, 1600) == 0);      // same value: the old one stays
    CHECK(cache.create(false, {part("c", 0), part("c", 1)}, 1600) == 0);  // a consumer is worth less
    int32_t bigger = cache.create(true, {part("d", 0), part("d", 1)}, 1600);
    CHECK(bigger > 0);
    CHECK(cache.begin_incremental(old, 2, false, {}, {}, 1600).error == error_code::fetch_session_id_not_found);
}

}  // namespace odradek::broker
