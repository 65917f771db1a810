#pragma once
// Java .properties files, read exactly as java.util.Properties.load does, and
// the `--override key=value` arguments of kafka-server-start.
//
// Format (what Properties.load accepts):
//   # comment        ! comment          (only when '#'/'!' is the first
//                                        non-blank character of a line)
//   key=value        key: value         key value      (first unescaped '=',
//                                        ':' or blank ends the key; blanks and
//                                        one '=' or ':' after it are skipped)
//   key = a long \                      (odd number of trailing backslashes:
//         value                          the line continues, the next line's
//                                        leading blanks are dropped)
//   Escapes in keys and values: \t \n \r \f \uXXXX, and "\x" = "x" for any
//   other x (so "\=", "\:", "\ ", "\#", "\\"). Blanks are ' ', '\t', '\f'.
//   Lines end at "\n", "\r" or "\r\n". The last duplicate key wins.
//
// One deliberate difference: Java reads the bytes as ISO-8859-1. We pass bytes
// >= 0x80 through unchanged (a UTF-8 file stays UTF-8), and \uXXXX escapes are
// written as UTF-8.

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "base/result.h"
#include "config/errc.h"

namespace odradek::config {

// An unordered-in-Java, sorted-here map of string keys to string values.
class properties {
public:
    using map_type = std::map<std::string, std::string, std::less<>>;

    void set(std::string key, std::string value) { map_[std::move(key)] = std::move(value); }
    // Null when absent. The pointer is valid until the key is set again or erased.
    const std::string* find(std::string_view key) const {
        auto it = map_.find(key);
        return it == map_.end() ? nullptr : &it->second;
    }
    bool contains(std::string_view key) const { return map_.find(key) != map_.end(); }
    bool erase(std::string_view key) {
        auto it = map_.find(key);
        if (it == map_.end()) return false;
        map_.erase(it);
        return true;
    }
    // Copies every entry of `other` over this one (other wins), as
    // `props ++= other` does in Kafka.
    void merge(const properties& other) {
        for (const auto& [k, v] : other.map_) map_[k] = v;
    }
    size_t size() const noexcept { return map_.size(); }
    bool empty() const noexcept { return map_.empty(); }
    map_type::const_iterator begin() const noexcept { return map_.begin(); }
    map_type::const_iterator end() const noexcept { return map_.end(); }
    bool operator==(const properties&) const = default;

private:
    map_type map_;
};

// Parses the text of a properties file. `source` names the input in errors:
// "<source>:<line>: Malformed \uxxxx encoding." (errc::malformed).
result<properties> parse_properties(std::string_view text, std::string_view source = "<input>");

// Reads and parses a file. An unreadable file is errc::io with detail
// "<path>: <reason>" (as Kafka fails with NoSuchFileException <path>).
result<properties> load_properties(const std::string& path);

// The arguments after the properties file of kafka-server-start:
//   --override key=value   or   --override=key=value   (repeatable)
// Each value splits at its first '='; "key" or "key=" gives an empty value.
// Anything that is not an option is an error with Kafka's wording
// "Found non argument parameters: a,b"; "--override" without a value is
// "Option override requires an argument"; other options are
// "<option> is not a recognized option".
result<properties> parse_override_args(std::span<const std::string> args);

// One "key=value" as parseKeyValueArgs splits it.
std::pair<std::string, std::string> split_key_value(std::string_view arg);

}  // namespace odradek::config
