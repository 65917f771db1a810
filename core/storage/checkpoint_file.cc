#include "storage/checkpoint_file.h"

#include <charconv>
#include <limits>

namespace odradek::storage {

bool parse_int64(std::string_view s, int64_t& out) noexcept {
    if (s.empty()) return false;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size();
}

namespace {
std::vector<std::string> split_spaces(std::string_view line) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
        if (j > i) out.emplace_back(line.substr(i, j - i));
        i = j;
    }
    return out;
}
}  // namespace

status write_checkpoint(file_system& fs, const std::string& dir, const std::string& name,
                        const std::vector<std::string>& lines) {
    std::string text = std::to_string(kCheckpointVersion) + "\n" + std::to_string(lines.size()) + "\n";
    for (const auto& l : lines) {
        text += l;
        text += '\n';
    }
    return write_file_atomic(fs, dir, name, as_bytes(text));
}

result<std::vector<std::vector<std::string>>> read_checkpoint(file_system& fs, const std::string& path,
                                                              size_t fields) {
    std::vector<std::vector<std::string>> out;
    ODRADEK_TRY_ASSIGN(bool present, fs.exists(path));
    if (!present) return out;
    ODRADEK_TRY_ASSIGN(auto data, read_whole_file(fs, path));
    std::string_view text = as_chars(data);
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    auto bad = [&](const std::string& why) { return error(errc::corrupt_checkpoint, path + ": " + why); };
    if (lines.size() < 2) return bad("missing version or count line");
    int64_t version = 0, count = 0;
    if (!parse_int64(lines[0], version) || version != kCheckpointVersion) return bad("unrecognized version");
    if (!parse_int64(lines[1], count) || count < 0) return bad("bad entry count");
    size_t present_lines = lines.size() - 2;
    // A trailing empty line after the last newline is not an entry.
    while (present_lines > size_t(count) && lines[2 + present_lines - 1].empty()) --present_lines;
    if (present_lines != size_t(count)) {
        return bad("expected " + std::to_string(count) + " entries, found " + std::to_string(present_lines));
    }
    for (size_t i = 0; i < present_lines; ++i) {
        auto f = split_spaces(lines[2 + i]);
        if (f.size() != fields) return bad("malformed line: " + std::string(lines[2 + i]));
        out.push_back(std::move(f));
    }
    return out;
}

status write_offset_checkpoint(file_system& fs, const std::string& dir, const std::string& name,
                               const offset_map& offsets) {
    std::vector<std::string> lines;
    lines.reserve(offsets.size());
    for (const auto& [tp, off] : offsets) {
        lines.push_back(tp.topic + " " + std::to_string(tp.partition) + " " + std::to_string(off));
    }
    return write_checkpoint(fs, dir, name, lines);
}

result<offset_map> read_offset_checkpoint(file_system& fs, const std::string& path) {
    ODRADEK_TRY_ASSIGN(auto rows, read_checkpoint(fs, path, 3));
    offset_map out;
    for (const auto& r : rows) {
        int64_t partition = 0, off = 0;
        if (!parse_int64(r[1], partition) || partition < 0 || partition > std::numeric_limits<int32_t>::max() ||
            !parse_int64(r[2], off)) {
            return error(errc::corrupt_checkpoint, path + ": malformed line: " + r[0] + " " + r[1] + " " + r[2]);
        }
        out[topic_partition{r[0], int32_t(partition)}] = off;
    }
    return out;
}

}  // namespace odradek::storage
