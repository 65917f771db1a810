#pragma once
// Value types of the Kafka wire protocol that have no direct C++ equivalent:
// a 16-byte UUID (topic ids) and a raw tagged field kept for re-encoding.

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include "base/bytes.h"

namespace odradek::protocol {

// Kafka's Uuid: 16 bytes on the wire, most significant half first. The zero
// uuid means "no id" (Uuid.ZERO_UUID).
struct uuid {
    std::array<uint8_t, 16> bytes{};

    bool is_zero() const noexcept {
        for (uint8_t b : bytes)
            if (b) return false;
        return true;
    }
    friend bool operator==(const uuid&, const uuid&) = default;
};

// A tagged field this code has no definition for (a newer client's, or one of a
// version we do not know). Decoding keeps the tag and its raw bytes so that
// re-encoding the message reproduces them. The bytes are owned: unknown tags are
// rare, and owning them keeps a decoded message usable after its buffer is gone
// (record sets excepted, see message.h).
struct raw_tagged_field {
    uint32_t tag = 0;
    byte_buffer data;
    friend bool operator==(const raw_tagged_field&, const raw_tagged_field&) = default;
};

// Content equality for record-set views (std::span has no operator==).
inline bool bytes_equal(byte_span a, byte_span b) noexcept {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

}  // namespace odradek::protocol
