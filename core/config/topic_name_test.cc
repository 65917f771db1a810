#include <doctest/doctest.h>

#include <ostream>

#include "config/errc.h"
#include "config/topic_name.h"

using namespace odradek;
using namespace odradek::config;

namespace {
std::string message_of(std::string_view name) {
    auto st = validate_topic_name(name);
    REQUIRE_FALSE(st);
    CHECK(st.err().code == make_error_code(errc::invalid_topic));
    return st.err().detail;
}
}  // namespace

TEST_CASE("topic_name: legal names (TopicTest.shouldAcceptValidTopicNames)") {
    for (std::string_view n : {"valid", "TOPIC", "nAmEs", "ar6", "VaL1d", "_0-9_.", "...", "..."}) {
        CHECK(is_valid_topic_name(n));
        CHECK(validate_topic_name(n));
    }
    CHECK(is_valid_topic_name(std::string(249, 'a')));
}

TEST_CASE("topic_name: each illegal name with Kafka 3.7's message") {
    CHECK(message_of("") == "Topic name is invalid: the empty string is not allowed");
    CHECK(message_of(".") == "Topic name is invalid: '.' is not allowed");
    CHECK(message_of("..") == "Topic name is invalid: '..' is not allowed");
    std::string long_name(250, 'x');
    CHECK(message_of(long_name) ==
          "Topic name is invalid: the length of '" + long_name + "' is longer than the max allowed length 249");
    for (std::string_view bad : {"foo:bar", "foo=bar", "foo bar", "foo/bar", "f\xc3\xa9", "a\tb"}) {
        CAPTURE(bad);
        CHECK(message_of(bad) == "Topic name is invalid: '" + std::string(bad) +
                                     "' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'");
    }
    // The prefix is the caller's (Topic.validate(name, logPrefix, ...)).
    auto st = validate_topic_name("", "Group name");
    REQUIRE_FALSE(st);
    CHECK(st.err().detail == "Group name is invalid: the empty string is not allowed");
}

TEST_CASE("topic_name: length is counted in UTF-16 units, as Java does") {
    // 125 two-byte characters are 250 bytes but 125 Java chars: the length rule
    // passes and the character rule refuses.
    std::string accented;
    for (int i = 0; i < 125; ++i) accented += "\xc3\xa9";
    CHECK(detect_invalid_topic(accented)->find("contains one or more characters") != std::string::npos);
    // 125 four-byte characters are 250 Java chars: too long.
    std::string emoji;
    for (int i = 0; i < 125; ++i) emoji += "\xf0\x9f\x98\x80";
    CHECK(detect_invalid_topic(emoji)->find("is longer than the max allowed length 249") != std::string::npos);
}

TEST_CASE("topic_name: internal topics and '.'/'_' collisions") {
    CHECK(is_internal_topic("__consumer_offsets"));
    CHECK(is_internal_topic("__transaction_state"));
    CHECK_FALSE(is_internal_topic("__cluster_metadata"));
    CHECK_FALSE(is_internal_topic("consumer_offsets"));

    CHECK(has_collision_chars("a.b"));
    CHECK(has_collision_chars("a_b"));
    CHECK_FALSE(has_collision_chars("a-b"));
    CHECK(unify_collision_chars("a.b_c.d") == "a_b_c_d");
    CHECK(has_collision("topic.1", "topic_1"));
    CHECK(has_collision("topic.1", "topic.1"));
    CHECK_FALSE(has_collision("topic.1", "topic-1"));
}
