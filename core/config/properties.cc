#include "config/properties.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace odradek::config {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

// One logical line (continuations joined, backslash-newline removed) and the
// number of the natural line it starts on.
struct logical_line {
    std::string text;
    int line_no = 0;
};

// Splits text into logical lines the way java.util.Properties.LineReader
// does: blank and comment lines dropped, continuation lines joined.
class line_reader {
public:
    explicit line_reader(std::string_view text) : text_(text) {}

    bool next(logical_line* out) {
        out->text.clear();
        bool skip_blank = true;       // skipping leading blanks of a natural line
        bool continuation = false;    // the natural line continues a logical one
        bool comment = false;
        bool first_char = true;       // next non-blank char starts a logical line
        bool backslash = false;       // odd number of backslashes just appended
        out->line_no = line_no_ + 1;
        while (pos_ < text_.size()) {
            char c = text_[pos_++];
            if (skip_blank) {
                if (is_blank(c)) continue;
                if (!continuation && (c == '\r' || c == '\n')) {
                    end_line(c);
                    out->line_no = line_no_ + 1;
                    continue;
                }
                skip_blank = false;
                continuation = false;
            }
            if (first_char) {
                first_char = false;
                if (c == '#' || c == '!') comment = true;
            }
            if (c != '\n' && c != '\r') {
                if (comment) continue;
                out->text.push_back(c);
                backslash = (c == '\\') ? !backslash : false;
                continue;
            }
            end_line(c);
            if (comment || out->text.empty()) {
                // Comment or empty line: start over.
                comment = false;
                first_char = true;
                skip_blank = true;
                backslash = false;
                out->text.clear();
                out->line_no = line_no_ + 1;
                continue;
            }
            if (backslash) {
                out->text.pop_back();
                backslash = false;
                skip_blank = true;
                continuation = true;
                continue;
            }
            return true;
        }
        if (out->text.empty() || comment) return false;
        if (backslash) out->text.pop_back();
        return true;
    }

private:
    // Counts a line terminator; "\r\n" is one terminator, so its "\n" is consumed here.
    void end_line(char c) {
        ++line_no_;
        if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    }

    std::string_view text_;
    size_t pos_ = 0;
    int line_no_ = 0;
};

void append_utf8(std::string* out, uint32_t cp) {
    if (cp < 0x80) {
        out->push_back(char(cp));
    } else if (cp < 0x800) {
        out->push_back(char(0xC0 | (cp >> 6)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out->push_back(char(0xE0 | (cp >> 12)));
        out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out->push_back(char(0xF0 | (cp >> 18)));
        out->push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Properties.loadConvert: resolves escapes. False on a malformed \uXXXX.
bool unescape(std::string_view in, std::string* out) {
    out->clear();
    out->reserve(in.size());
    uint32_t high_surrogate = 0;
    auto flush_surrogate = [&] {
        if (high_surrogate != 0) append_utf8(out, 0xFFFD);
        high_surrogate = 0;
    };
    for (size_t i = 0; i < in.size();) {
        char c = in[i++];
        if (c != '\\') {
            flush_surrogate();
            out->push_back(c);
            continue;
        }
        if (i == in.size()) break;  // a lone trailing backslash is dropped
        c = in[i++];
        if (c == 'u') {
            if (in.size() - i < 4) return false;
            uint32_t cp = 0;
            for (int k = 0; k < 4; ++k) {
                int h = hex_value(in[i++]);
                if (h < 0) return false;
                cp = (cp << 4) | uint32_t(h);
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                flush_surrogate();
                high_surrogate = cp;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                if (high_surrogate != 0) {
                    append_utf8(out, 0x10000 + ((high_surrogate - 0xD800) << 10) + (cp - 0xDC00));
                    high_surrogate = 0;
                } else {
                    append_utf8(out, 0xFFFD);
                }
            } else {
                flush_surrogate();
                append_utf8(out, cp);
            }
            continue;
        }
        flush_surrogate();
        switch (c) {
            case 't': out->push_back('\t'); break;
            case 'r': out->push_back('\r'); break;
            case 'n': out->push_back('\n'); break;
            case 'f': out->push_back('\f'); break;
            default: out->push_back(c); break;
        }
    }
    flush_surrogate();
    return true;
}

}  // namespace

result<properties> parse_properties(std::string_view text, std::string_view source) {
    properties props;
    line_reader reader(text);
    logical_line line;
    std::string key;
    std::string value;
    while (reader.next(&line)) {
        std::string_view l = line.text;
        size_t key_len = 0;
        size_t value_start = l.size();
        bool has_sep = false;
        bool backslash = false;
        while (key_len < l.size()) {
            char c = l[key_len];
            if ((c == '=' || c == ':') && !backslash) {
                value_start = key_len + 1;
                has_sep = true;
                break;
            }
            if (is_blank(c) && !backslash) {
                value_start = key_len + 1;
                break;
            }
            backslash = (c == '\\') ? !backslash : false;
            ++key_len;
        }
        while (value_start < l.size()) {
            char c = l[value_start];
            if (!is_blank(c)) {
                if (!has_sep && (c == '=' || c == ':')) {
                    has_sep = true;
                } else {
                    break;
                }
            }
            ++value_start;
        }
        if (!unescape(l.substr(0, key_len), &key) || !unescape(l.substr(value_start), &value)) {
            return error(errc::malformed,
                         fmt::format("{}:{}: Malformed \\uxxxx encoding.", source, line.line_no));
        }
        props.set(key, value);
    }
    return props;
}

result<properties> load_properties(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        int e = errno;
        return error(errc::io, fmt::format("{}: {}", path, e != 0 ? std::strerror(e) : "cannot open"));
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) return error(errc::io, fmt::format("{}: read failed", path));
    return parse_properties(buf.str(), path);
}

std::pair<std::string, std::string> split_key_value(std::string_view arg) {
    size_t eq = arg.find('=');
    if (eq == std::string_view::npos) return {std::string(arg), std::string()};
    return {std::string(arg.substr(0, eq)), std::string(arg.substr(eq + 1))};
}

result<properties> parse_override_args(std::span<const std::string> args) {
    properties props;
    std::string non_options;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string_view a = args[i];
        if (a == "--") {
            // jopt-simple: everything after "--" is a non-option argument.
            for (++i; i < args.size(); ++i) {
                if (!non_options.empty()) non_options += ',';
                non_options += args[i];
            }
            break;
        }
        if (a.size() > 1 && a[0] == '-') {
            std::string_view name = a.substr(a.starts_with("--") ? 2 : 1);
            std::string_view value;
            bool inline_value = false;
            if (size_t eq = name.find('='); eq != std::string_view::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
                inline_value = true;
            }
            if (name != "override") {
                return error(errc::malformed, fmt::format("{} is not a recognized option", name));
            }
            if (!inline_value) {
                if (i + 1 >= args.size()) {
                    return error(errc::malformed, "Option override requires an argument");
                }
                value = args[++i];
            }
            auto [k, v] = split_key_value(value);
            props.set(std::move(k), std::move(v));
            continue;
        }
        if (!non_options.empty()) non_options += ',';
        non_options += a;
    }
    if (!non_options.empty()) {
        return error(errc::malformed, "Found non argument parameters: " + non_options);
    }
    return props;
}

}  // namespace odradek::config
