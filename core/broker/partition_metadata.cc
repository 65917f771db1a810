#include "broker/partition_metadata.h"

#include "storage/errc.h"

namespace odradek::broker {

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int decode_char(char c) {
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
    out.reserve(22);
    const auto& b = id.bytes;
    size_t i = 0;
    for (; i + 3 <= b.size(); i += 3) {
        uint32_t v = (uint32_t(b[i]) << 16) | (uint32_t(b[i + 1]) << 8) | b[i + 2];
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    // 16 = 5 * 3 + 1: one byte left, two characters, no padding.
    uint32_t v = uint32_t(b[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    return out;
}

std::optional<protocol::uuid> parse_uuid(std::string_view s) {
    while (!s.empty() && s.back() == '=') s.remove_suffix(1);
    if (s.size() != 22) return std::nullopt;
    protocol::uuid id;
    uint32_t acc = 0;
    int bits = 0;
    size_t n = 0;
    for (char c : s) {
        int d = decode_char(c);
        if (d < 0) return std::nullopt;
        acc = (acc << 6) | uint32_t(d);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n < id.bytes.size()) id.bytes[n++] = uint8_t(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    if (n != id.bytes.size() || acc != 0) return std::nullopt;  // the 4 spare bits must be zero
    return id;
}

result<std::optional<protocol::uuid>> read_partition_metadata(storage::file_system& fs, const std::string& dir) {
    const std::string path = storage::join_path(dir, kPartitionMetadataFile);
    ODRADEK_TRY_ASSIGN(bool present, fs.exists(path));
    if (!present) return std::optional<protocol::uuid>();
    ODRADEK_TRY_ASSIGN(auto bytes, storage::read_whole_file(fs, path));
    std::string_view text = as_chars(bytes);
    auto malformed = [&] { return error(storage::errc::corrupt_checkpoint, path); };
    size_t nl = text.find('\n');
    if (nl == std::string_view::npos || text.substr(0, nl) != "version: 0") return malformed();
    std::string_view rest = text.substr(nl + 1);
    while (!rest.empty() && (rest.back() == '\n' || rest.back() == '\r')) rest.remove_suffix(1);
    constexpr std::string_view kPrefix = "topic_id: ";
    if (rest.substr(0, kPrefix.size()) != kPrefix) return malformed();
    auto id = parse_uuid(rest.substr(kPrefix.size()));
    if (!id) return malformed();
    return std::optional<protocol::uuid>(*id);
}

status write_partition_metadata(storage::file_system& fs, const std::string& dir, const protocol::uuid& id) {
    std::string text = "version: 0\ntopic_id: " + uuid_to_string(id);
    return storage::write_file_atomic(fs, dir, kPartitionMetadataFile, as_bytes(text));
}

}  // namespace odradek::broker
