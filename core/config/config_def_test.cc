#include "config/config_def.h"

#include <limits>
#include <ostream>
#include <string>

#include <doctest/doctest.h>

namespace odradek::config {
namespace {

constexpr std::string_view kPolicies[] = {"compact", "delete"};
constexpr std::string_view kTsTypes[] = {"CreateTime", "LogAppendTime"};
constexpr std::string_view kAuth[] = {"required", "requested", "none"};

const config_key kKeys[] = {
    {"num.partitions", config_type::int32, default_value::of("1"), at_least(1), importance::medium},
    {"flag", config_type::boolean, default_value::of("true"), no_validator()},
    {"ratio", config_type::float64, default_value::of("0.5"), between(0, 1)},
    {"big", config_type::int64, default_value::of("9223372036854775807"), at_least(1)},
    {"small", config_type::int16, default_value::of("3"), at_least(1)},
    {"policy", config_type::list, default_value::of("delete"), list_of(kPolicies)},
    {"ts", config_type::string, default_value::of("CreateTime"), one_of(kTsTypes)},
    {"auth", config_type::string, default_value::of("none"), one_of_ci(kAuth)},
    {"maybe", config_type::int32, default_value::null(), no_validator()},
    {"secret", config_type::password, default_value::null(), no_validator()},
    {"ver", config_type::string, default_value::of("3.0-IV1"), of_kind(validator::kind::metadata_version)},
    {"throttled", config_type::list, default_value::of(""), of_kind(validator::kind::throttled_replicas)},
    {"nonempty", config_type::string, default_value::of("x"), of_kind(validator::kind::non_empty_string)},
};

const config_def& def() {
    static const config_def d(kKeys);
    return d;
}

std::string parse_error(std::string_view key, std::string_view raw) {
    const config_key* k = def().find(key);
    REQUIRE(k != nullptr);
    auto r = parse_value(*k, raw);
    REQUIRE(!r.has_value());
    CHECK(r.err().code == errc::invalid_value);
    return r.err().detail;
}

TEST_CASE("defaults apply when keys are absent") {
    auto r = def().parse(properties{});
    REQUIRE(r.has_value());
    CHECK(r->get_int("num.partitions") == 1);
    CHECK(r->get_bool("flag"));
    CHECK(r->get_double("ratio") == 0.5);
    CHECK(r->get_long("big") == std::numeric_limits<int64_t>::max());
    CHECK(r->get_short("small") == 3);
    CHECK(r->get_list("policy") == std::vector<std::string>{"delete"});
    CHECK(r->is_null("maybe"));
    CHECK(!r->get_optional_int("maybe").has_value());
    CHECK(!r->get_string("secret").has_value());
    CHECK(r->get_list("throttled").empty());
}

TEST_CASE("supplied values are trimmed and parsed") {
    properties p;
    p.set("num.partitions", "  +12 ");
    p.set("flag", "FaLsE");
    p.set("ratio", "1e-1");
    p.set("policy", " compact , delete");
    p.set("auth", "REQUIRED");
    p.set("maybe", "-5");
    p.set("unknown.key", "x");
    p.set("another", "y");
    auto r = def().parse(p);
    REQUIRE(r.has_value());
    CHECK(r->get_int("num.partitions") == 12);
    CHECK(!r->get_bool("flag"));
    CHECK(r->get_double("ratio") == doctest::Approx(0.1));
    CHECK(r->get_list("policy") == std::vector<std::string>{"compact", "delete"});
    CHECK(*r->get_string("auth") == "REQUIRED");
    CHECK(*r->get_optional_int("maybe") == -5);
    CHECK(r->was_supplied("flag"));
    CHECK(r->was_supplied("ratio"));
    CHECK(!r->was_supplied("big"));
    CHECK(r->unknown_keys() == std::vector<std::string>{"another", "unknown.key"});
    CHECK(unknown_key_warning("another") == "The configuration 'another' was supplied but isn't a known config.");
}

TEST_CASE("Kafka's wording for type errors") {
    CHECK(parse_error("num.partitions", "abc") == "Invalid value abc for configuration num.partitions: Not a number of type INT");
    CHECK(parse_error("num.partitions", "2147483648") ==
          "Invalid value 2147483648 for configuration num.partitions: Not a number of type INT");
    CHECK(parse_error("num.partitions", "") == "Invalid value  for configuration num.partitions: Not a number of type INT");
    CHECK(parse_error("num.partitions", "1.5") == "Invalid value 1.5 for configuration num.partitions: Not a number of type INT");
    CHECK(parse_error("small", "40000") == "Invalid value 40000 for configuration small: Not a number of type SHORT");
    CHECK(parse_error("big", "9223372036854775808") ==
          "Invalid value 9223372036854775808 for configuration big: Not a number of type LONG");
    CHECK(parse_error("ratio", "half") == "Invalid value half for configuration ratio: Not a number of type DOUBLE");
    CHECK(parse_error("flag", "yes") == "Invalid value yes for configuration flag: Expected value to be either true or false");
}

TEST_CASE("Kafka's wording for validator errors") {
    CHECK(parse_error("num.partitions", "0") == "Invalid value 0 for configuration num.partitions: Value must be at least 1");
    CHECK(parse_error("ratio", "1.5") == "Invalid value 1.5 for configuration ratio: Value must be no more than 1");
    CHECK(parse_error("policy", "compact,remove") ==
          "Invalid value remove for configuration policy: String must be one of: compact, delete");
    CHECK(parse_error("ts", "createtime") ==
          "Invalid value createtime for configuration ts: String must be one of: CreateTime, LogAppendTime");
    CHECK(parse_error("auth", "maybe") ==
          "Invalid value maybe for configuration auth: String must be one of (case insensitive): REQUIRED, REQUESTED, NONE");
    CHECK(parse_error("ver", "9.9") == "Invalid value 9.9 for configuration ver: Version 9.9 is not a valid version");
    CHECK(parse_error("throttled", "0:1,x") ==
          "Invalid value [0:1, x] for configuration throttled: throttled must be the literal '*' or a list of "
          "replicas in the following format: [partitionId]:[brokerId],[partitionId]:[brokerId],...");
    CHECK(parse_error("nonempty", "  ") == "Invalid value  for configuration nonempty: String must be non-empty");
}

TEST_CASE("validators accept good values") {
    auto ok_value = [](std::string_view key, std::string_view raw) {
        const config_key* k = def().find(key);
        REQUIRE(k != nullptr);
        return parse_value(*k, raw).has_value();
    };
    CHECK(ok_value("ver", "2.8"));
    CHECK(ok_value("ver", "2.8.1"));
    CHECK(ok_value("ver", "0.10.2.0"));
    CHECK(ok_value("ver", "3.7-IV4"));
    CHECK(ok_value("throttled", "*"));
    CHECK(ok_value("throttled", "0:1, 1:2"));
    CHECK(ok_value("ratio", "1"));
    CHECK(ok_value("ratio", "0.0d"));
    CHECK(ok_value("policy", ""));
}

TEST_CASE("list parsing keeps empty elements like Java's split") {
    const config_key* k = def().find("throttled");
    auto r = parse_value(*k, "0:1,,1:1");
    REQUIRE(r.has_value());
    CHECK(std::get<std::vector<std::string>>(*r) == std::vector<std::string>{"0:1", "", "1:1"});
}

TEST_CASE("required keys") {
    static const config_key keys[] = {{"zookeeper.connect", config_type::string, default_value::required(), no_validator()}};
    static const config_def d(keys);
    auto r = d.parse(properties{});
    REQUIRE(!r.has_value());
    CHECK(r.err().code == errc::missing_required);
    CHECK(r.err().detail == "Missing required configuration \"zookeeper.connect\" which has no default value.");
}

TEST_CASE("Java's Double.toString") {
    CHECK(java_double_string(0.5) == "0.5");
    CHECK(java_double_string(0.9) == "0.9");
    CHECK(java_double_string(1.0) == "1.0");
    CHECK(java_double_string(100.0) == "100.0");
    CHECK(java_double_string(1e7) == "1.0E7");
    CHECK(java_double_string(1234567.5) == "1234567.5");
    CHECK(java_double_string(0.001) == "0.001");
    CHECK(java_double_string(0.0001) == "1.0E-4");
    CHECK(java_double_string(std::numeric_limits<double>::max()) == "1.7976931348623157E308");
    CHECK(java_double_string(-2.5) == "-2.5");
    CHECK(java_double_string(0.0) == "0.0");
}

TEST_CASE("to_config_string and describe_values") {
    properties p;
    p.set("secret", "hunter2");
    p.set("policy", "compact,delete");
    auto r = def().parse(p);
    REQUIRE(r.has_value());
    CHECK(*to_config_string(r->get("policy")) == "compact,delete");
    CHECK(!to_config_string(r->get("maybe")).has_value());
    std::string d = r->describe_values("KafkaConfig");
    CHECK(d.starts_with("KafkaConfig values: \n\tauth = none\n\tbig = 9223372036854775807\n"));
    CHECK(d.find("\tpolicy = [compact, delete]\n") != std::string::npos);
    CHECK(d.find("\tsecret = [hidden]\n") != std::string::npos);
    CHECK(d.find("\tmaybe = null\n") != std::string::npos);
    CHECK(d.find("hunter2") == std::string::npos);
}

}  // namespace
}  // namespace odradek::config
