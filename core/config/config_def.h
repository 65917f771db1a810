#pragma once
// Table-driven configuration definitions, a port of Kafka's ConfigDef /
// AbstractConfig behaviour: each key has a type, a default (or none), a
// validator, an importance and a dynamic-update mode. Parsing a properties
// map against a definition gives a parsed_config with typed getters.
//
// Value rules (ConfigDef.parseType):
//   every value is trimmed (chars <= ' ') before parsing;
//   BOOLEAN  "true"/"false", any case        else "Expected value to be either true or false"
//   INT/SHORT/LONG  Java parseInt/parseShort/parseLong: optional sign, decimal digits, in range
//   DOUBLE   Java parseDouble (decimal or exponent, "NaN", "Infinity", trailing d/f)
//            a number that does not parse: "Not a number of type <TYPE>"
//   LIST     "" -> empty; else split on /\s*,\s*/ keeping empty elements
//   STRING, PASSWORD, CLASS  the trimmed text (classes are not loaded here)
// Errors have Kafka's wording in error::detail:
//   "Invalid value <value> for configuration <name>: <reason>"
//   "Missing required configuration \"<name>\" which has no default value."

#include <cassert>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "base/result.h"
#include "config/errc.h"
#include "config/properties.h"

namespace odradek::config {

// Numbered as DescribeConfigs (v3+) numbers its ConfigType field.
enum class config_type : int8_t {
    boolean = 1,
    string = 2,
    int32 = 3,    // Kafka INT
    int16 = 4,    // Kafka SHORT
    int64 = 5,    // Kafka LONG
    float64 = 6,  // Kafka DOUBLE
    list = 7,
    class_name = 8,
    password = 9,
};
// Kafka's name of the type: "BOOLEAN", "INT", "LONG", ...
std::string_view type_name(config_type t) noexcept;

enum class importance : int8_t { high, medium, low };

// How a broker key may be changed without a restart (DynamicBrokerConfig):
// read_only keys only from server.properties; per_broker keys per broker id
// (/config/brokers/<id>); cluster_wide keys also as the cluster default
// (/config/brokers/<default>).
enum class dynamic_mode : int8_t { read_only, per_broker, cluster_wide };

// Value sets a broker key and its topic synonym share (log.cleanup.policy and
// cleanup.policy, ...), so the two tables cannot drift apart.
inline constexpr std::string_view kLongMax = "9223372036854775807";
inline constexpr std::string_view kCleanupPolicies[] = {"compact", "delete"};
inline constexpr std::string_view kTimestampTypes[] = {"CreateTime", "LogAppendTime"};
inline constexpr std::string_view kCompressionTypes[] = {"uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"};

// A validator, as a small tagged value so key tables can be constant data.
struct validator {
    enum class kind : int8_t {
        none,
        range,               // "Value must be at least <min>" / "... no more than <max>"
        one_of,              // "String must be one of: a, b"
        one_of_ci,           // "String must be one of (case insensitive): A, B"
        list_of,             // every element one_of
        non_empty_string,    // "String must be non-empty"
        non_null,            // "entry must be non null"
        metadata_version,    // a MetadataVersion string such as "3.7-IV4" or "2.8"
        throttled_replicas,  // "*" or "partition:broker,..."
    };
    kind k = kind::none;
    bool has_min = false;
    bool has_max = false;
    int64_t min = 0;
    int64_t max = 0;
    std::span<const std::string_view> strings{};
};
constexpr validator no_validator() { return {}; }
constexpr validator at_least(int64_t min) {
    return {validator::kind::range, true, false, min, 0, {}};
}
constexpr validator between(int64_t min, int64_t max) {
    return {validator::kind::range, true, true, min, max, {}};
}
constexpr validator one_of(std::span<const std::string_view> s) {
    return {validator::kind::one_of, false, false, 0, 0, s};
}
constexpr validator one_of_ci(std::span<const std::string_view> s) {
    return {validator::kind::one_of_ci, false, false, 0, 0, s};
}
constexpr validator list_of(std::span<const std::string_view> s) {
    return {validator::kind::list_of, false, false, 0, 0, s};
}
constexpr validator of_kind(validator::kind k) { return {k, false, false, 0, 0, {}}; }

// A key's default: none (the key is required), null, or a value in the
// same text form a properties file would give.
struct default_value {
    enum class kind : int8_t { required, null, text };
    kind k = kind::null;
    std::string_view text{};
    static constexpr default_value required() { return {kind::required, {}}; }
    static constexpr default_value null() { return {kind::null, {}}; }
    static constexpr default_value of(std::string_view t) { return {kind::text, t}; }
};

struct config_key {
    std::string_view name;
    config_type type;
    default_value dflt;
    validator valid;
    importance imp = importance::medium;
    dynamic_mode dynamic = dynamic_mode::read_only;
    bool internal = false;  // defined with defineInternal (not documented)
};

// A parsed value. monostate is Kafka's null. STRING, PASSWORD and CLASS are
// all std::string; LIST is a vector.
using config_value =
    std::variant<std::monostate, bool, int32_t, int16_t, int64_t, double, std::string, std::vector<std::string>>;

// Parses one raw value for `key` and runs its validator.
result<config_value> parse_value(const config_key& key, std::string_view raw);
// Runs `key`'s validator on a parsed value.
status validate_value(const config_key& key, const config_value& v);

// ConfigDef.convertToString: the value as Kafka writes it back
// (DescribeConfigs, kafka-configs): lists joined with ",", doubles as Java's
// Double.toString, passwords in clear. Null gives nullopt.
std::optional<std::string> to_config_string(const config_value& v);
// Java's Double.toString ("0.5", "1.0E10", "1.7976931348623157E308").
std::string java_double_string(double d);

class parsed_config;

// A set of key definitions. Owns only an index; the keys live in static tables.
class config_def {
public:
    explicit config_def(std::span<const config_key> keys);

    const config_key* find(std::string_view name) const;
    std::span<const config_key> keys() const noexcept { return keys_; }
    // The parsed default of keys()[i] (monostate for null and required keys),
    // parsed once at construction.
    const config_value& default_of(size_t i) const { return defaults_[i]; }

    // ConfigDef.parse: every defined key gets the supplied value or its
    // default; the first failing key (in table order) is the error. Keys
    // not defined here are kept in originals and listed by unknown_keys().
    result<parsed_config> parse(const properties& props) const;

private:
    std::span<const config_key> keys_;
    std::unordered_map<std::string_view, size_t> index_;
    std::vector<config_value> defaults_;
};

// The result of config_def::parse (AbstractConfig). Refers to its
// config_def, which must outlive it (the definitions are static tables).
class parsed_config {
public:
    parsed_config() = default;

    const config_def& def() const { return *def_; }
    // What was supplied, including unknown keys.
    const properties& originals() const noexcept { return originals_; }
    bool was_supplied(std::string_view name) const { return originals_.contains(name); }

    // The getters assert that `name` is defined with the matching type.
    const config_value& get(std::string_view name) const;
    bool is_null(std::string_view name) const { return std::holds_alternative<std::monostate>(get(name)); }
    bool get_bool(std::string_view name) const { return as<bool>(name); }
    int32_t get_int(std::string_view name) const { return as<int32_t>(name); }
    int16_t get_short(std::string_view name) const { return as<int16_t>(name); }
    int64_t get_long(std::string_view name) const { return as<int64_t>(name); }
    double get_double(std::string_view name) const { return as<double>(name); }
    const std::vector<std::string>& get_list(std::string_view name) const {
        return as<std::vector<std::string>>(name);
    }
    // STRING, PASSWORD or CLASS; nullopt when null.
    std::optional<std::string_view> get_string(std::string_view name) const;
    std::optional<int32_t> get_optional_int(std::string_view name) const;
    std::optional<int64_t> get_optional_long(std::string_view name) const;

    // Supplied keys that the definition does not know, sorted. The broker
    // logs one WARN per key: unknown_key_warning(key).
    std::vector<std::string> unknown_keys() const;

    // AbstractConfig.logAll: "<title> values: \n\tkey = value\n..." over
    // every defined key, sorted, passwords as [hidden], lists as [a, b].
    std::string describe_values(std::string_view title) const;

private:
    friend class config_def;
    template <typename T>
    const T& as(std::string_view name) const {
        const T* p = std::get_if<T>(&get(name));
        assert(p != nullptr && "config key read with the wrong type or while null");
        return *p;
    }

    const config_def* def_ = nullptr;
    properties originals_;
    std::vector<config_value> values_;  // parallel to def_->keys()
};

// "The configuration '<key>' was supplied but isn't a known config."
std::string unknown_key_warning(std::string_view key);

}  // namespace odradek::config
