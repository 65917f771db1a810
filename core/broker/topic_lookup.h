#pragma once
// topic_lookup: the one question the data-plane handlers ask of the cluster
// metadata. A partition not hosted here is UNKNOWN_TOPIC_OR_PARTITION when the
// cluster does not have it (Kafka's metadataCache.contains(tp): the topic
// exists and has that partition) and NOT_LEADER_OR_FOLLOWER when it does
// (its leader is elsewhere, or it moved). The broker implements it over its
// metadata cache; tests over a set.

#include <cstdint>
#include <string_view>

namespace odradek::broker {

class topic_lookup {
public:
    virtual ~topic_lookup() = default;
    virtual bool partition_exists(std::string_view topic, int32_t partition) const = 0;
};

// Kafka's Topic.isInternal: __consumer_offsets and __transaction_state.
inline bool is_internal_topic(std::string_view topic) noexcept {
    return topic == "__consumer_offsets" || topic == "__transaction_state";
}

}  // namespace odradek::broker
