#include "coordination/kafka/uuid.h"

#include <random>

#include "base/uuid_text.h"
#include "coordination/kafka/errc.h"

namespace odradek::coordination::kafka {

namespace {

std::mt19937_64& rng() {
    thread_local std::mt19937_64 gen([] {
        std::random_device rd;
        std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
        return std::mt19937_64(seq);
    }());
    return gen;
}

}  // namespace

bool uuid::is_zero() const noexcept { return *this == zero_uuid; }

std::string uuid_to_base64(const uuid& u) { return odradek::uuid_to_base64(u.bytes); }

result<uuid> uuid_from_base64(std::string_view s) {
    auto bytes = odradek::uuid_from_base64(s);
    if (!bytes) return error(errc::invalid_argument, bytes.err().detail);
    return uuid{*bytes};
}

uuid random_uuid() {
    for (;;) {
        uuid u;
        uint64_t hi = rng()(), lo = rng()();
        for (int i = 0; i < 8; ++i) {
            u.bytes[i] = uint8_t(hi >> (56 - 8 * i));
            u.bytes[8 + i] = uint8_t(lo >> (56 - 8 * i));
        }
        u.bytes[6] = uint8_t((u.bytes[6] & 0x0f) | 0x40);  // version 4
        u.bytes[8] = uint8_t((u.bytes[8] & 0x3f) | 0x80);  // IETF variant
        if (u == zero_uuid || u == one_uuid) continue;
        if (uuid_to_base64(u).front() == '-') continue;
        return u;
    }
}

std::string random_cluster_id() { return uuid_to_base64(random_uuid()); }

}  // namespace odradek::coordination::kafka
