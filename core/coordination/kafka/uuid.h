#pragma once
// Kafka's Uuid (org.apache.kafka.common.Uuid) as ZooKeeper-mode metadata
// stores it: topic ids in /brokers/topics/<t> and the cluster id in
// /cluster/id are the 16 bytes (most significant half first) in URL-safe
// Base64 without padding, 22 characters ("NPmZHyhbR9y00wMglMH2sg").
//
// The byte layout is protocol::uuid's (core/protocol/types.h), which this
// module may not include: convert with `protocol::uuid{u.bytes}`.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace odradek::coordination::kafka {

struct uuid {
    std::array<uint8_t, 16> bytes{};

    bool is_zero() const noexcept;
    friend bool operator==(const uuid&, const uuid&) = default;
    friend auto operator<=>(const uuid&, const uuid&) = default;
};

// Uuid.ZERO_UUID and Uuid.ONE_UUID (= METADATA_TOPIC_ID), both reserved.
inline constexpr uuid zero_uuid{};
inline constexpr uuid one_uuid{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}};

// Uuid.toString: 22 characters of URL-safe Base64, no padding.
std::string uuid_to_base64(const uuid& u);

// Uuid.fromString: accepts the 22-character form (and the padded 24), refuses
// anything longer than 24 characters, anything not Base64 and anything that is
// not 16 bytes, with Kafka's IllegalArgumentException text as errc::invalid_argument.
result<uuid> uuid_from_base64(std::string_view s);

// Uuid.randomUuid: a random version-4 UUID (as java.util.UUID.randomUUID) that
// is neither reserved (zero, one) nor printed with a leading '-'.
uuid random_uuid();

// What a new cluster gets as /cluster/id (CoreUtils.generateUuidAsBase64).
std::string random_cluster_id();

}  // namespace odradek::coordination::kafka
