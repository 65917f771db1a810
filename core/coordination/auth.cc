#include "coordination/auth.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace odradek::coordination {

namespace {

uint32_t rol(uint32_t v, int n) { return (v << n) | (v >> (32 - n)); }

std::array<uint8_t, 20> sha1(std::string_view text) {
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    byte_buffer msg(text.begin(), text.end());
    uint64_t bits = uint64_t(text.size()) * 8;
    msg.push_back(0x80);
    while (msg.size() % 64 != 56) msg.push_back(0);
    append_be(msg, bits);
    for (size_t chunk = 0; chunk < msg.size(); chunk += 64) {
        uint32_t w[80];
        for (int i = 0; i < 16; ++i) w[i] = load_be<uint32_t>(msg.data() + chunk + size_t(i) * 4);
        for (int i = 16; i < 80; ++i) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; ++i) {
            uint32_t f, k;
            if (i < 20) {
                f = (b & c) | (~b & d);
                k = 0x5A827999;
            } else if (i < 40) {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1;
            } else if (i < 60) {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDC;
            } else {
                f = b ^ c ^ d;
                k = 0xCA62C1D6;
            }
            uint32_t t = rol(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = rol(b, 30);
            b = a;
            a = t;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
    }
    std::array<uint8_t, 20> out;
    for (int i = 0; i < 5; ++i) store_be(out.data() + i * 4, h[i]);
    return out;
}

std::string base64(const uint8_t* p, size_t n) {
    static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = uint32_t(p[i]) << 16;
        if (i + 1 < n) v |= uint32_t(p[i + 1]) << 8;
        if (i + 2 < n) v |= p[i + 2];
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < n ? kAlphabet[(v >> 6) & 63] : '=';
        out += i + 2 < n ? kAlphabet[v & 63] : '=';
    }
    return out;
}

}  // namespace

std::string sha1_base64(std::string_view text) {
    auto d = sha1(text);
    return base64(d.data(), d.size());
}

std::string digest_id(std::string_view user_password) {
    size_t colon = user_password.find(':');
    std::string user(user_password.substr(0, colon));
    return user + ":" + sha1_base64(user_password);
}

zk_error fixup_acl(acl_list& acl, const std::vector<zk_id>& auth_ids) {
    if (acl.empty()) return zk_error::invalid_acl;
    acl_list out;
    for (const auto& a : acl) {
        const std::string& s = a.id.scheme;
        if (s == "auth") {
            bool any = false;
            for (const auto& id : auth_ids) {
                if (id.scheme == "ip") continue;  // not an authenticated identity
                out.push_back({a.perms, id});
                any = true;
            }
            if (!any) return zk_error::invalid_acl;
            continue;
        }
        if (s == "world") {
            if (a.id.id != "anyone") return zk_error::invalid_acl;
        } else if (s == "digest") {
            if (a.id.id.find(':') == std::string::npos) return zk_error::invalid_acl;
        } else if (s != "ip" && s != "sasl" && s != "x509" && s != "super") {
            return zk_error::invalid_acl;
        }
        out.push_back(a);
    }
    acl_list unique;
    for (auto& a : out)
        if (std::find(unique.begin(), unique.end(), a) == unique.end()) unique.push_back(std::move(a));
    acl = std::move(unique);
    return zk_error::ok;
}

}  // namespace odradek::coordination
