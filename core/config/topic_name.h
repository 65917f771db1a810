#pragma once
// Kafka's rules for topic names (org.apache.kafka.common.internals.Topic,
// Kafka 3.7): what CreateTopics, the tools and the broker refuse, with Kafka's
// exact messages, and the '.' / '_' collision rule (the two map to the same
// metric name).

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace odradek::config {

inline constexpr std::string_view kGroupMetadataTopic = "__consumer_offsets";
inline constexpr std::string_view kTransactionStateTopic = "__transaction_state";
inline constexpr std::string_view kClusterMetadataTopic = "__cluster_metadata";
// Topic.MAX_NAME_LENGTH, counted as Java counts (UTF-16 code units).
inline constexpr size_t kMaxTopicNameLength = 249;

// Topic.detectInvalidTopic: why `name` is not a legal topic name, or nullopt:
//   "the empty string is not allowed", "'.' is not allowed", "'..' is not allowed",
//   "the length of '<name>' is longer than the max allowed length 249",
//   "'<name>' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'".
std::optional<std::string> detect_invalid_topic(std::string_view name);
bool is_valid_topic_name(std::string_view name);

// Topic.validate: errc::invalid_topic whose detail is
// "<prefix> is invalid: <reason>" ("Topic name is invalid: '.' is not allowed"),
// the message of Kafka's InvalidTopicException.
status validate_topic_name(std::string_view name, std::string_view prefix = "Topic name");

// Topic.isInternal: __consumer_offsets and __transaction_state.
bool is_internal_topic(std::string_view name) noexcept;

// Topic.hasCollisionChars: the name has a '.' or a '_'.
bool has_collision_chars(std::string_view name) noexcept;
// Topic.unifyCollisionChars: every '.' made '_'.
std::string unify_collision_chars(std::string_view name);
// Topic.hasCollision: the two names differ only in '.' vs '_'.
bool has_collision(std::string_view a, std::string_view b);

}  // namespace odradek::config
