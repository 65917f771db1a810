#include "tools/topic_id.h"

#include "client/errc.h"

namespace odradek::tools {

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int value_of(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}
}  // namespace

std::string uuid_to_string(const protocol::uuid& id) {
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (uint8_t b : id.bytes) {
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

result<protocol::uuid> uuid_from_string(const std::string& text) {
    if (text.size() > 24)
        return error(client::errc::invalid_config, "Input string with prefix `" + text.substr(0, 24) +
                                                       "` is too long to be decoded as a base64 UUID");
    std::string s = text;
    while (!s.empty() && s.back() == '=') s.pop_back();
    std::vector<uint8_t> bytes;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : s) {
        int v = value_of(c);
        if (v < 0)
            return error(client::errc::invalid_config,
                         std::string("Illegal base64 character ") + std::to_string(int(static_cast<unsigned char>(c))));
        acc = (acc << 6) | uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes.push_back(uint8_t((acc >> bits) & 0xff));
        }
    }
    if (bytes.size() != 16)
        return error(client::errc::invalid_config, "Input string `" + text + "` decoded as " +
                                                       std::to_string(bytes.size()) +
                                                       " bytes, which is not equal to the expected 16 bytes of a "
                                                       "base64-encoded UUID");
    protocol::uuid id;
    for (size_t i = 0; i < 16; ++i) id.bytes[i] = bytes[i];
    return id;
}

}  // namespace odradek::tools
