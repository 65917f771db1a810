#include "coordination/kafka/uuid.h"

#include <random>

#include "coordination/kafka/errc.h"

namespace odradek::coordination::kafka {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int decode_char(char c) noexcept {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

// java.util.Base64.getUrlDecoder().decode: padding optional, but when present
// it must complete the last quantum; a lone trailing sextet is refused.
bool url_base64_decode(std::string_view s, std::string& out) {
    size_t end = s.size();
    size_t pad = 0;
    while (end > 0 && s[end - 1] == '=') {
        --end;
        ++pad;
    }
    if (pad > 2) return false;
    if (pad > 0 && (end + pad) % 4 != 0) return false;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < end; ++i) {
        int v = decode_char(s[i]);
        if (v < 0) return false;
        acc = (acc << 6) | uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(char((acc >> bits) & 0xff));
        }
    }
    return end % 4 != 1;
}

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

std::string uuid_to_base64(const uuid& u) {
    std::string out;
    out.reserve(22);
    uint32_t acc = 0;
    int bits = 0;
    for (uint8_t b : u.bytes) {
        acc = (acc << 8) | b;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(kAlphabet[(acc >> bits) & 63]);
        }
    }
    if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 63]);
    return out;
}

result<uuid> uuid_from_base64(std::string_view s) {
    if (s.size() > 24) {
        return error(errc::invalid_argument, "Input string with prefix `" + std::string(s.substr(0, 24)) +
                                                 "` is too long to be decoded as a base64 UUID");
    }
    std::string raw;
    if (!url_base64_decode(s, raw)) {
        // java.util.Base64 throws its own IllegalArgumentException here.
        return error(errc::invalid_argument, "Input string `" + std::string(s) + "` is not valid base64");
    }
    if (raw.size() != 16) {
        return error(errc::invalid_argument, "Input string `" + std::string(s) + "` decoded as " +
                                                 std::to_string(raw.size()) +
                                                 " bytes, which is not equal to the expected 16 bytes "
                                                 "of a base64-encoded UUID");
    }
    uuid u;
    for (size_t i = 0; i < 16; ++i) u.bytes[i] = uint8_t(raw[i]);
    return u;
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
