#include "config/topic_name.h"

#include <algorithm>

#include "config/errc.h"

namespace odradek::config {

namespace {

// String.length() of the UTF-8 `s` as Java sees it: UTF-16 code units (code
// points above U+FFFF count twice). Bytes that are not valid UTF-8 count one
// each, as a decoder's replacement characters would.
size_t java_length(std::string_view s) {
    size_t n = 0;
    for (size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
        bool ok = len > 0 && i + len <= s.size();
        for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 0x2;
        if (!ok) {
            ++n;
            ++i;
            continue;
        }
        n += len == 4 ? 2 : 1;
        i += len;
    }
    return n;
}

bool legal_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' ||
           c == '-';
}

}  // namespace

std::optional<std::string> detect_invalid_topic(std::string_view name) {
    if (name.empty()) return "the empty string is not allowed";
    if (name == ".") return "'.' is not allowed";
    if (name == "..") return "'..' is not allowed";
    if (java_length(name) > kMaxTopicNameLength)
        return "the length of '" + std::string(name) + "' is longer than the max allowed length " +
               std::to_string(kMaxTopicNameLength);
    if (!std::all_of(name.begin(), name.end(), legal_char))
        return "'" + std::string(name) +
               "' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'";
    return std::nullopt;
}

bool is_valid_topic_name(std::string_view name) { return !detect_invalid_topic(name).has_value(); }

status validate_topic_name(std::string_view name, std::string_view prefix) {
    if (auto reason = detect_invalid_topic(name))
        return error(errc::invalid_topic, std::string(prefix) + " is invalid: " + *reason);
    return ok();
}

bool is_internal_topic(std::string_view name) noexcept {
    return name == kGroupMetadataTopic || name == kTransactionStateTopic;
}

bool has_collision_chars(std::string_view name) noexcept {
    return name.find_first_of("._") != std::string_view::npos;
}

std::string unify_collision_chars(std::string_view name) {
    std::string out(name);
    std::replace(out.begin(), out.end(), '.', '_');
    return out;
}

bool has_collision(std::string_view a, std::string_view b) {
    return unify_collision_chars(a) == unify_collision_chars(b);
}

}  // namespace odradek::config
