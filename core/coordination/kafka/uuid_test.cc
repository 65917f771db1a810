#include <doctest/doctest.h>

#include <ostream>

#include "coordination/kafka/errc.h"
#include "coordination/kafka/uuid.h"

using namespace odradek;
using namespace odradek::coordination::kafka;

namespace {
uuid from_hex(std::string_view hex) {
    uuid u;
    for (size_t i = 0; i < 16; ++i) u.bytes[i] = uint8_t(std::stoi(std::string(hex.substr(2 * i, 2)), nullptr, 16));
    return u;
}
}  // namespace

TEST_CASE("uuid: Base64 text of known ids") {
    CHECK(uuid_to_base64(zero_uuid) == "AAAAAAAAAAAAAAAAAAAAAA");
    CHECK(uuid_to_base64(one_uuid) == "AAAAAAAAAAAAAAAAAAAAAQ");
    // The docs' topic id and UuidTest's.
    CHECK(uuid_to_base64(from_hex("34f9991f285b47dcb4d3032094c1f6b2")) == "NPmZHyhbR9y00wMglMH2sg");
    CHECK(uuid_to_base64(from_hex("517c94f62e40467e96d3438ddad69e58")) == "UXyU9i5ARn6W00ON2taeWA");
    // URL-safe alphabet: '-' and '_' rather than '+' and '/'.
    CHECK(uuid_to_base64(from_hex("fbff0000000000000000000000000000")) == "-_8AAAAAAAAAAAAAAAAAAA");
}

TEST_CASE("uuid: parsing round-trips and accepts padding") {
    auto u = uuid_from_base64("NPmZHyhbR9y00wMglMH2sg");
    REQUIRE(u);
    CHECK(*u == from_hex("34f9991f285b47dcb4d3032094c1f6b2"));
    auto padded = uuid_from_base64("NPmZHyhbR9y00wMglMH2sg==");
    REQUIRE(padded);
    CHECK(*padded == *u);
    auto zero = uuid_from_base64("AAAAAAAAAAAAAAAAAAAAAA");
    REQUIRE(zero);
    CHECK(zero->is_zero());
}

TEST_CASE("uuid: parsing refuses what Uuid.fromString refuses") {
    // 32 bytes: too long (UuidTest.testFromStringWithInvalidInput).
    auto too_long = uuid_from_base64(std::string(43, 'A'));
    REQUIRE_FALSE(too_long);
    CHECK(too_long.err().code == make_error_code(errc::invalid_argument));
    CHECK(too_long.err().detail ==
          "Input string with prefix `AAAAAAAAAAAAAAAAAAAAAAAA` is too long to be decoded as a base64 UUID");
    // 4 bytes: too short.
    auto too_short = uuid_from_base64("AAAAAA");
    REQUIRE_FALSE(too_short);
    CHECK(too_short.err().detail == "Input string `AAAAAA` decoded as 4 bytes, which is not equal to the expected 16 "
                                    "bytes of a base64-encoded UUID");
    CHECK_FALSE(uuid_from_base64("NPmZHyhbR9y00wMglMH2s!"));   // not Base64
    CHECK_FALSE(uuid_from_base64("NPmZHyhbR9y00wMglMH2sg="));  // bad padding
    CHECK_FALSE(uuid_from_base64(""));
}

TEST_CASE("uuid: random ids are version 4, never reserved, never start with '-'") {
    for (int i = 0; i < 1000; ++i) {
        uuid u = random_uuid();
        CHECK(u != zero_uuid);
        CHECK(u != one_uuid);
        CHECK((u.bytes[6] >> 4) == 4);
        CHECK((u.bytes[8] >> 6) == 2);
        std::string s = uuid_to_base64(u);
        REQUIRE(s.size() == 22);
        CHECK(s.front() != '-');
        auto back = uuid_from_base64(s);
        REQUIRE(back);
        CHECK(*back == u);
    }
    CHECK(random_cluster_id().size() == 22);
    CHECK(random_cluster_id() != random_cluster_id());
}
