#include "base/uuid_text.h"

namespace odradek {

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

error invalid(std::string detail) { return error(std::make_error_code(std::errc::invalid_argument), std::move(detail)); }

// java.util.Base64.getUrlDecoder().decode, with its IllegalArgumentException
// texts: padding optional, but when present it must complete the last
// quantum; a lone trailing sextet is refused; spare bits are ignored.
result<std::string> url_base64_decode(std::string_view s) {
    size_t end = s.size();
    size_t pad = 0;
    while (end > 0 && s[end - 1] == '=') {
        --end;
        ++pad;
    }
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < end; ++i) {
        int v = decode_char(s[i]);
        if (v < 0) {
            static constexpr char kHex[] = "0123456789abcdef";
            auto c = static_cast<unsigned char>(s[i]);
            std::string hex = c >= 16 ? std::string{kHex[c >> 4], kHex[c & 15]} : std::string{kHex[c]};
            return invalid("Illegal base64 character " + hex);
        }
        acc = (acc << 6) | uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(char((acc >> bits) & 0xff));
        }
    }
    if (end % 4 == 1) return invalid("Last unit does not have enough valid bits");
    if (pad > 2 || (pad > 0 && (end + pad) % 4 != 0)) return invalid("Input byte array has wrong 4-byte ending unit");
    return out;
}

}  // namespace

std::string uuid_to_base64(const uuid_bytes& bytes) {
    std::string out;
    out.reserve(22);
    uint32_t acc = 0;
    int bits = 0;
    for (uint8_t b : bytes) {
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

result<uuid_bytes> uuid_from_base64(std::string_view s) {
    if (s.size() > 24)
        return invalid("Input string with prefix `" + std::string(s.substr(0, 24)) +
                       "` is too long to be decoded as a base64 UUID");
    ODRADEK_TRY_ASSIGN(std::string raw, url_base64_decode(s));
    if (raw.size() != 16)
        return invalid("Input string `" + std::string(s) + "` decoded as " + std::to_string(raw.size()) +
                       " bytes, which is not equal to the expected 16 bytes of a base64-encoded UUID");
    uuid_bytes u;
    for (size_t i = 0; i < 16; ++i) u[i] = uint8_t(raw[i]);
    return u;
}

}  // namespace odradek
