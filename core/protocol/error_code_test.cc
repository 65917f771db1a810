#include <doctest/doctest.h>

#include "protocol/error_code.h"

using namespace odradek::protocol;

TEST_CASE("error codes carry Kafka's numbers and names") {
    CHECK(int16_t(error_code::unknown_server_error) == -1);
    CHECK(int16_t(error_code::unknown_topic_or_partition) == 3);
    CHECK(int16_t(error_code::unsupported_version) == 35);
    CHECK(int16_t(error_code::invalid_request) == 42);
    CHECK(error_code_name(error_code::not_leader_or_follower) == "NOT_LEADER_OR_FOLLOWER");
    CHECK(error_code_name(error_code::none) == "NONE");
    CHECK(error_code_name(error_code(99)) == "");  // Kafka defines no 99
    CHECK(error_code_name(error_code(30000)) == "");
    error_code e{};
    REQUIRE(error_code_from_name("TOPIC_ALREADY_EXISTS", e));
    CHECK(int16_t(e) == 36);
    CHECK_FALSE(error_code_from_name("NO_SUCH_ERROR", e));
}

TEST_CASE("every code has a distinct name and the list is ascending") {
    auto all = all_error_codes();
    REQUIRE(all.size() > 100);
    for (size_t i = 0; i < all.size(); ++i) {
        CHECK_FALSE(error_code_name(all[i]).empty());
        if (i) CHECK(int16_t(all[i - 1]) < int16_t(all[i]));
        error_code back{};
        CHECK(error_code_from_name(error_code_name(all[i]), back));
        CHECK(back == all[i]);
    }
}
