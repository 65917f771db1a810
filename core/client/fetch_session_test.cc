// fetch_session: the request each state builds and how answers move it, as
// Kafka's FetchSessionHandler (its FetchSessionHandlerTest cases, in spirit).
#include "client/fetch_session.h"

#include <doctest/doctest.h>

#include "protocol/error_code.h"

using namespace odradek;
using namespace odradek::client;

namespace {

fetch_partition at(int64_t offset) {
    fetch_partition p;
    p.fetch_offset = offset;
    p.max_bytes = 1048576;
    return p;
}

topic_partition tp(const std::string& t, int32_t p) { return {t, p}; }

std::vector<topic_partition> keys(const fetch_session::partition_list& l) {
    std::vector<topic_partition> out;
    for (const auto& [k, v] : l) out.push_back(k);
    return out;
}

constexpr int16_t kNotFound = int16_t(protocol::error_code::fetch_session_id_not_found);
constexpr int16_t kBadEpoch = int16_t(protocol::error_code::invalid_fetch_session_epoch);

// A session 42 at epoch 1 over foo-0 (offset 0) and foo-1 (offset 10).
fetch_session opened() {
    fetch_session s;
    auto r = s.build({{tp("foo", 0), at(0)}, {tp("foo", 1), at(10)}});
    REQUIRE(r.full());
    REQUIRE(s.handle_response(0, 42, 0, {tp("foo", 0), tp("foo", 1)}));
    return s;
}

}  // namespace

TEST_CASE("fetch session: the first request is full, then only changes are sent") {
    fetch_session s;
    auto first = s.build({{tp("foo", 0), at(0)}, {tp("foo", 1), at(10)}});
    CHECK(first.session_id == 0);
    CHECK(first.epoch == 0);
    CHECK(keys(first.to_send) == std::vector<topic_partition>{tp("foo", 0), tp("foo", 1)});
    CHECK(s.metadata_text() == "(sessionId=INVALID, epoch=INITIAL)");
    CHECK(s.handle_response(0, 42, 0, {tp("foo", 0), tp("foo", 1)}));
    CHECK(s.session_id() == 42);
    CHECK(s.epoch() == 1);
    CHECK(s.metadata_text() == "(sessionId=42, epoch=1)");

    // Nothing changed: an empty incremental request.
    auto same = s.build({{tp("foo", 0), at(0)}, {tp("foo", 1), at(10)}});
    CHECK_FALSE(same.full());
    CHECK(same.session_id == 42);
    CHECK(same.epoch == 1);
    CHECK(same.to_send.empty());
    CHECK(same.to_forget.empty());
    // An incremental answer may name any subset of the session.
    CHECK(s.handle_response(0, 42, 0, {}));
    CHECK(s.epoch() == 2);

    // foo-1 moved on, bar-0 is new, foo-0 is no longer wanted here.
    auto changed = s.build({{tp("foo", 1), at(15)}, {tp("bar", 0), at(3)}});
    CHECK(changed.epoch == 2);
    REQUIRE(changed.to_send.size() == 2);
    CHECK(changed.to_send[0].first == tp("bar", 0));  // added first, then altered
    CHECK(changed.to_send[1].first == tp("foo", 1));
    CHECK(changed.to_send[1].second.fetch_offset == 15);
    CHECK(changed.to_forget == std::vector<topic_partition>{tp("foo", 0)});
    CHECK(s.handle_response(0, 42, 0, {tp("bar", 0)}));
    CHECK(s.epoch() == 3);

    // Any field counts as a change.
    fetch_partition smaller = at(15);
    smaller.max_bytes = 10;
    auto altered = s.build({{tp("foo", 1), smaller}, {tp("bar", 0), at(3)}});
    CHECK(keys(altered.to_send) == std::vector<topic_partition>{tp("foo", 1)});
}

TEST_CASE("fetch session: session errors and lost requests fall back to a full fetch") {
    SUBCASE("FETCH_SESSION_ID_NOT_FOUND: a new session from scratch") {
        fetch_session s = opened();
        s.build({{tp("foo", 0), at(1)}, {tp("foo", 1), at(10)}});
        CHECK_FALSE(s.handle_response(kNotFound, 0, 0, {}));
        auto r = s.build({{tp("foo", 0), at(1)}, {tp("foo", 1), at(10)}});
        CHECK(r.full());
        CHECK(r.session_id == 0);
        CHECK(r.epoch == 0);
        CHECK(r.to_send.size() == 2);
    }
    SUBCASE("INVALID_FETCH_SESSION_EPOCH: close the old session, open a new one") {
        fetch_session s = opened();
        s.build({{tp("foo", 0), at(1)}, {tp("foo", 1), at(10)}});
        CHECK_FALSE(s.handle_response(kBadEpoch, 0, 0, {}));
        auto r = s.build({{tp("foo", 0), at(1)}, {tp("foo", 1), at(10)}});
        CHECK(r.full());
        CHECK(r.session_id == 42);
        CHECK(r.epoch == 0);
        CHECK(r.to_send.size() == 2);
        CHECK(s.handle_response(0, 77, 0, {tp("foo", 0), tp("foo", 1)}));
        CHECK(s.session_id() == 77);
        CHECK(s.epoch() == 1);
    }
    SUBCASE("no answer") {
        fetch_session s = opened();
        s.build({{tp("foo", 0), at(1)}, {tp("foo", 1), at(10)}});
        s.handle_error();
        auto r = s.build({{tp("foo", 0), at(1)}, {tp("foo", 1), at(10)}});
        CHECK(r.full());
        CHECK(r.session_id == 42);
        CHECK(r.to_send.size() == 2);
    }
    SUBCASE("an incremental answer naming a partition outside the session") {
        fetch_session s = opened();
        s.build({{tp("foo", 0), at(1)}, {tp("foo", 1), at(10)}});
        CHECK_FALSE(s.handle_response(0, 42, 0, {tp("foo", 0), tp("zzz", 9)}));
        CHECK(s.problem() == "extraPartitions=(zzz-9), response=(foo-0, zzz-9)");
        auto r = s.build({{tp("foo", 0), at(1)}, {tp("foo", 1), at(10)}});
        CHECK(r.full());
        CHECK(r.session_id == 42);
    }
    SUBCASE("the broker closed the session: its answer counts, the next request is full") {
        fetch_session s = opened();
        s.build({{tp("foo", 0), at(1)}, {tp("foo", 1), at(10)}});
        CHECK(s.handle_response(0, 0, 0, {tp("foo", 0)}));
        auto r = s.build({{tp("foo", 0), at(2)}, {tp("foo", 1), at(10)}});
        CHECK(r.full());
        CHECK(r.session_id == 0);
    }
}

TEST_CASE("fetch session: full answers must carry exactly the requested partitions") {
    fetch_session s;
    s.build({{tp("foo", 0), at(0)}, {tp("foo", 1), at(0)}});
    CHECK_FALSE(s.handle_response(0, 42, 0, {tp("foo", 0)}));
    CHECK(s.problem() == "omittedPartitions=(foo-1), response=(foo-0)");
    CHECK(s.session_id() == 0);
    CHECK(s.epoch() == 0);
    // A throttled broker answers a full request with nothing (KIP-219).
    s.build({{tp("foo", 0), at(0)}, {tp("foo", 1), at(0)}});
    CHECK_FALSE(s.handle_response(0, 0, 100, {}));
    CHECK(s.problem().empty());
    CHECK(s.epoch() == 0);
    // A broker without room (or below Fetch v7) answers with SessionId 0:
    // every request stays full.
    s.build({{tp("foo", 0), at(0)}, {tp("foo", 1), at(0)}});
    CHECK(s.handle_response(0, 0, 0, {tp("foo", 1), tp("foo", 0)}));
    auto r = s.build({{tp("foo", 0), at(0)}, {tp("foo", 1), at(0)}});
    CHECK(r.full());
    CHECK(r.to_send.size() == 2);
}

TEST_CASE("fetch session: closing sends epoch -1 with no partitions") {
    fetch_session s = opened();
    s.notify_close();
    CHECK(s.metadata_text() == "(sessionId=42, epoch=FINAL)");
    auto r = s.build({});
    CHECK(r.full());
    CHECK(r.session_id == 42);
    CHECK(r.epoch == -1);
    CHECK(r.to_send.empty());
    CHECK(r.to_forget.empty());
    CHECK(s.handle_response(0, 0, 0, {}));
    CHECK(s.session_id() == 0);
}

TEST_CASE("fetch session: each used answer moves to the next epoch") {
    fetch_session s = opened();
    for (int i = 0; i < 3; ++i) {
        auto r = s.build({{tp("foo", 0), at(0)}, {tp("foo", 1), at(10)}});
        CHECK(r.epoch == i + 1);
        REQUIRE(s.handle_response(0, 42, 0, {}));
    }
    CHECK(s.epoch() == 4);
}
