// Every generated message at every version: a populated instance (every field
// present at the version set to a non-default value) must survive
// encode -> decode -> equal, re-encode to identical bytes, and fail cleanly
// when cut short at any byte.

#include <doctest/doctest.h>

#include <ostream>
#include <string>
#include <tuple>
#include <type_traits>

#include "protocol/message.h"
#include "protocol/messages/all_messages.h"
#include "protocol/messages/test_support.h"

using namespace odradek;
using namespace odradek::protocol;

namespace {

template <typename M>
M filled(int16_t version) {
    M m;
    testing::fill_state s;
    testing::fill(m, version, s);
    return m;
}

template <typename M>
void check_all_versions() {
    for (int16_t v = M::kMinVersion; v <= M::kMaxVersion; ++v) {
        std::string what = std::string(typeid(M).name()) + " v" + std::to_string(v);
        CAPTURE(what);
        const M m = filled<M>(v);
        // Messages with no fields at all: ApiVersions requests before v3,
        // ListGroups requests before v4.
        const bool empty_message = (std::is_same_v<M, api_versions_request> && v < 3)
                                   || (std::is_same_v<M, list_groups_request> && v < 4);
        CHECK(empty_message == (m == M{}));

        byte_buffer bytes;
        encode_message(m, v, bytes);
        auto back = decode_message<M>(bytes, v);
        if (!back) FAIL(back.err().message());
        CHECK(*back == m);

        byte_buffer again;
        encode_message(*back, v, again);
        CHECK(again == bytes);

        // A default message encodes differently: every filled field reached the wire.
        byte_buffer plain;
        encode_message(M{}, v, plain);
        if (!empty_message) CHECK(plain != bytes);

        size_t accepted_prefixes = 0;
        for (size_t n = 0; n < bytes.size(); ++n)
            if (decode_message<M>(byte_span(bytes).first(n), v)) ++accepted_prefixes;
        CHECK(accepted_prefixes == 0);

        // One byte too many is refused, not ignored.
        byte_buffer longer = bytes;
        longer.push_back(0);
        auto extra = decode_message<M>(longer, v);
        REQUIRE_FALSE(extra);
        CHECK(extra.err().code == errc::trailing_bytes);
    }
    CHECK_FALSE(decode_message<M>({}, int16_t(M::kMaxVersion + 1)));
    CHECK_FALSE(decode_message<M>({}, int16_t(M::kMinVersion - 1)));
}

template <typename M>
void check_unknown_tags() {
    if (M::kFirstFlexible < 0) return;
    for (int16_t v = M::kFirstFlexible; v <= M::kMaxVersion; ++v) {
        std::string what = std::string(typeid(M).name()) + " v" + std::to_string(v);
        CAPTURE(what);
        M m = filled<M>(v);
        m.unknown_tagged_fields = {{90, {1, 2, 3}}, {91, {}}, {200, byte_buffer(300, 7)}};
        byte_buffer bytes;
        encode_message(m, v, bytes);
        auto back = decode_message<M>(bytes, v);
        REQUIRE(back);
        CHECK(back->unknown_tagged_fields == m.unknown_tagged_fields);
        CHECK(*back == m);
        byte_buffer again;
        encode_message(*back, v, again);
        CHECK(again == bytes);
    }
}

}  // namespace

TEST_CASE("every message round-trips at every version") {
    std::apply([](auto... m) { (check_all_versions<decltype(m)>(), ...); }, all_message_types{});
}

TEST_CASE("unknown tagged fields survive decode and re-encode") {
    std::apply([](auto... m) { (check_unknown_tags<decltype(m)>(), ...); }, all_message_types{});
}

TEST_CASE("unknown tags inside nested structs are kept too") {
    auto m = filled<produce_request>(9);
    m.topic_data[0].partition_data[1].unknown_tagged_fields = {{5, {0xab}}};
    m.topic_data[1].unknown_tagged_fields = {{0, {}}};
    byte_buffer bytes;
    encode_message(m, 9, bytes);
    auto back = decode_message<produce_request>(bytes, 9);
    REQUIRE(back);
    CHECK(*back == m);
}

TEST_CASE("a known tag of a later version is an unknown tag at an earlier one") {
    // fetch_response v12 knows tag 0 of the partition (DivergingEpoch) but the
    // response-level tag 0 (NodeEndpoints) only from v16.
    fetch_response r;
    r.node_endpoints.push_back({1, "h", 9092, std::nullopt, {}});
    byte_buffer at16;
    encode_message(r, 16, at16);
    auto as12 = decode_message<fetch_response>(at16, 12);
    REQUIRE(as12);
    CHECK(as12->node_endpoints.empty());
    REQUIRE(as12->unknown_tagged_fields.size() == 1);
    CHECK(as12->unknown_tagged_fields[0].tag == 0);
    byte_buffer again;
    encode_message(*as12, 12, again);
    CHECK(again == at16);
}

TEST_CASE("records are views into the decoded buffer") {
    auto m = filled<produce_request>(3);
    byte_buffer bytes;
    encode_message(m, 3, bytes);
    auto back = decode_message<produce_request>(bytes, 3);
    REQUIRE(back);
    const auto& rec = back->topic_data[0].partition_data[0].records;
    REQUIRE(rec.has_value());
    CHECK(rec->data() >= bytes.data());
    CHECK(rec->data() + rec->size() <= bytes.data() + bytes.size());
}

TEST_CASE("hand-checked encodings match the Kafka wire format") {
    // Metadata v0 with topic "t": int32 count, int16-length string.
    metadata_request m0;
    m0.topics.emplace().push_back({{}, std::string("t"), {}});
    byte_buffer b0;
    encode_message(m0, 0, b0);
    CHECK(b0 == byte_buffer{0, 0, 0, 1, 0, 1, 't'});

    // Metadata v1: null topic list = all topics (int32 -1).
    metadata_request all;
    all.topics.reset();
    byte_buffer b1;
    encode_message(all, 1, b1);
    CHECK(b1 == byte_buffer{0xff, 0xff, 0xff, 0xff});
    // v0 cannot say null; the empty list means all topics there.
    byte_buffer b1v0;
    encode_message(all, 0, b1v0);
    CHECK(b1v0 == byte_buffer{0, 0, 0, 0});

    // Metadata v9 (flexible): compact null array, three bools, empty tags.
    byte_buffer b9;
    encode_message(all, 9, b9);
    CHECK(b9 == byte_buffer{0x00, 0x01, 0x00, 0x00, 0x00});

    // ApiVersions v3 response with one tagged field: ZkMigrationReady (tag 3).
    api_versions_response avr;
    avr.zk_migration_ready = true;
    byte_buffer ba;
    encode_message(avr, 3, ba);
    CHECK(ba == byte_buffer{0, 0, 1, 0, 0, 0, 0, 1, 3, 1, 1});
}

TEST_CASE("a null in a version where the field is not nullable is a decode error") {
    // Metadata v0 topic list of -1.
    auto r = decode_message<metadata_request>(byte_buffer{0xff, 0xff, 0xff, 0xff}, 0);
    REQUIRE_FALSE(r);
    CHECK(r.err().code == errc::null_not_allowed);
    // CreateTopics v0: a topic with a null name.
    byte_buffer b{0, 0, 0, 1, 0xff, 0xff};
    auto c = decode_message<create_topics_request>(b, 0);
    REQUIRE_FALSE(c);
    CHECK(c.err().code == errc::null_not_allowed);
}
