#include "config/config_def.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace odradek::config {

namespace {

// Java's String.trim: strips chars <= ' ' at both ends.
std::string_view java_trim(std::string_view s) {
    size_t b = 0;
    size_t e = s.size();
    while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
    while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
    return s.substr(b, e - b);
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// Integer.parseInt / Long.parseLong / Short.parseShort on a trimmed string.
template <typename T>
bool parse_java_integer(std::string_view s, T* out) {
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.empty()) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    // Accumulate negatively so the minimum value parses.
    int64_t v = 0;
    const int64_t lo = std::numeric_limits<T>::min();
    for (char c : s) {
        int d = c - '0';
        if (v < (lo + d) / 10) return false;
        v = v * 10 - d;
        if (v < lo) return false;
    }
    if (!negative) {
        if (v < -int64_t(std::numeric_limits<T>::max())) return false;
        v = -v;
    }
    *out = T(v);
    return true;
}

// Double.parseDouble for decimal forms (hexadecimal floats are not accepted).
bool parse_java_double(std::string_view s, double* out) {
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s == "NaN") {
        *out = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (s == "Infinity") {
        *out = negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
        return true;
    }
    if (!s.empty() && (s.back() == 'd' || s.back() == 'D' || s.back() == 'f' || s.back() == 'F')) {
        s.remove_suffix(1);
    }
    // [digits][.digits][(e|E)[sign]digits], at least one mantissa digit.
    size_t i = 0;
    size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    }
    if (digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        size_t exp_digits = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp_digits;
        if (exp_digits == 0) return false;
    }
    if (i != s.size()) return false;
    // from_chars does not take a leading '+' or a bare trailing '.'; both are
    // fine for it otherwise ("1." parses as 1).
    double v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
    if (r.ec == std::errc::result_out_of_range) {
        // Java rounds to infinity or zero instead of failing.
        bool tiny = false;
        if (size_t e = s.find_first_of("eE"); e != std::string_view::npos) tiny = s[e + 1] == '-';
        v = tiny ? 0.0 : std::numeric_limits<double>::infinity();
    } else if (r.ec != std::errc() || r.ptr != s.data() + s.size()) {
        return false;
    }
    *out = negative ? -v : v;
    return true;
}

std::string join(std::span<const std::string_view> s, std::string_view sep) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (i != 0) out += sep;
        out += s[i];
    }
    return out;
}

std::string java_list_string(const std::vector<std::string>& l) {
    std::string out = "[";
    for (size_t i = 0; i < l.size(); ++i) {
        if (i != 0) out += ", ";
        out += l[i];
    }
    out += "]";
    return out;
}

// The value as Java's String.valueOf would print the parsed object, for
// error messages.
std::string java_object_string(const config_value& v, config_type t) {
    if (std::holds_alternative<std::monostate>(v)) return "null";
    if (t == config_type::password) return "[hidden]";
    if (const auto* l = std::get_if<std::vector<std::string>>(&v)) return java_list_string(*l);
    return to_config_string(v).value_or("null");
}

error invalid(std::string_view name, std::string_view value, std::string_view reason) {
    return error(errc::invalid_value, fmt::format("Invalid value {} for configuration {}: {}", value, name, reason));
}

// MetadataVersion names: full "X.Y-IVn" names and the short release names
// ("0.10.0", "2.8", "3.7") that map to the release's last version.
constexpr std::string_view kMetadataVersions[] = {
    "0.8.0", "0.8.1", "0.8.2", "0.9.0",
    "0.10.0-IV0", "0.10.0-IV1", "0.10.0", "0.10.1-IV0", "0.10.1-IV1", "0.10.1-IV2", "0.10.1",
    "0.10.2-IV0", "0.10.2", "0.11.0-IV0", "0.11.0-IV1", "0.11.0-IV2", "0.11.0",
    "1.0-IV0", "1.0", "1.1-IV0", "1.1", "2.0-IV0", "2.0-IV1", "2.0", "2.1-IV0", "2.1-IV1", "2.1-IV2", "2.1",
    "2.2-IV0", "2.2-IV1", "2.2", "2.3-IV0", "2.3-IV1", "2.3", "2.4-IV0", "2.4-IV1", "2.4", "2.5-IV0", "2.5",
    "2.6-IV0", "2.6", "2.7-IV0", "2.7-IV1", "2.7-IV2", "2.7", "2.8-IV0", "2.8-IV1", "2.8",
    "3.0-IV0", "3.0-IV1", "3.0", "3.1-IV0", "3.1", "3.2-IV0", "3.2",
    "3.3-IV0", "3.3-IV1", "3.3-IV2", "3.3-IV3", "3.3", "3.4-IV0", "3.4", "3.5-IV0", "3.5-IV1", "3.5-IV2", "3.5",
    "3.6-IV0", "3.6-IV1", "3.6-IV2", "3.6", "3.7-IV0", "3.7-IV1", "3.7-IV2", "3.7-IV3", "3.7-IV4", "3.7",
    "3.8-IV0", "3.8",
};

// MetadataVersion.fromVersionString: "0.x" versions keep 3 dot segments,
// others 2, so "2.8.1" means "2.8" and "0.10.2.0" means "0.10.2".
bool valid_metadata_version(std::string_view v) {
    size_t keep = v.starts_with("0.") ? 3 : 2;
    size_t segments = 1;
    size_t cut = v.size();
    for (size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '.') {
            if (segments == keep) {
                cut = i;
                break;
            }
            ++segments;
        }
    }
    std::string_view key = v.substr(0, cut);
    return std::find(std::begin(kMetadataVersions), std::end(kMetadataVersions), key) !=
           std::end(kMetadataVersions);
}

status check_one_of(const config_key& key, std::string_view s, bool case_insensitive) {
    for (auto candidate : key.valid.strings) {
        if (case_insensitive ? iequals(candidate, s) : candidate == s) return ok();
    }
    if (case_insensitive) {
        std::vector<std::string> upper;
        for (auto c : key.valid.strings) {
            std::string u(c);
            for (auto& ch : u) ch = (ch >= 'a' && ch <= 'z') ? char(ch - 'a' + 'A') : ch;
            upper.push_back(std::move(u));
        }
        std::string joined;
        for (size_t i = 0; i < upper.size(); ++i) joined += (i ? ", " : "") + upper[i];
        return invalid(key.name, s, "String must be one of (case insensitive): " + joined);
    }
    return invalid(key.name, s, "String must be one of: " + join(key.valid.strings, ", "));
}

}  // namespace

std::string_view type_name(config_type t) noexcept {
    switch (t) {
        case config_type::boolean: return "BOOLEAN";
        case config_type::string: return "STRING";
        case config_type::int32: return "INT";
        case config_type::int16: return "SHORT";
        case config_type::int64: return "LONG";
        case config_type::float64: return "DOUBLE";
        case config_type::list: return "LIST";
        case config_type::class_name: return "CLASS";
        case config_type::password: return "PASSWORD";
    }
    return "UNKNOWN";
}

std::string java_double_string(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d < 0 ? "-Infinity" : "Infinity";
    if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
    // Shortest round-trip digits, then Java's layout.
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view sci(buf, size_t(r.ptr - buf));
    std::string out;
    if (sci[0] == '-') {
        out.push_back('-');
        sci.remove_prefix(1);
    }
    size_t e = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e)) {
        if (c != '.') digits.push_back(c);
    }
    int exp = 0;
    std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exp);
    double mag = std::fabs(d);
    if (mag >= 1e-3 && mag < 1e7) {
        if (exp >= 0) {
            size_t int_len = size_t(exp) + 1;
            if (digits.size() <= int_len) {
                out += digits + std::string(int_len - digits.size(), '0') + ".0";
            } else {
                out += digits.substr(0, int_len) + "." + digits.substr(int_len);
            }
        } else {
            out += "0." + std::string(size_t(-exp - 1), '0') + digits;
        }
        return out;
    }
    out += digits.substr(0, 1);
    out += ".";
    out += digits.size() > 1 ? digits.substr(1) : "0";
    out += "E" + std::to_string(exp);
    return out;
}

std::optional<std::string> to_config_string(const config_value& v) {
    struct visitor {
        std::optional<std::string> operator()(std::monostate) const { return std::nullopt; }
        std::optional<std::string> operator()(bool b) const { return std::string(b ? "true" : "false"); }
        std::optional<std::string> operator()(int32_t i) const { return std::to_string(i); }
        std::optional<std::string> operator()(int16_t i) const { return std::to_string(i); }
        std::optional<std::string> operator()(int64_t i) const { return std::to_string(i); }
        std::optional<std::string> operator()(double d) const { return java_double_string(d); }
        std::optional<std::string> operator()(const std::string& s) const { return s; }
        std::optional<std::string> operator()(const std::vector<std::string>& l) const {
            std::string out;
            for (size_t i = 0; i < l.size(); ++i) {
                if (i != 0) out += ',';
                out += l[i];
            }
            return out;
        }
    };
    return std::visit(visitor{}, v);
}

status validate_value(const config_key& key, const config_value& v) {
    using kind = validator::kind;
    switch (key.valid.k) {
        case kind::none:
            return ok();
        case kind::range: {
            if (std::holds_alternative<std::monostate>(v)) return invalid(key.name, "null", "Value must be non-null");
            bool below = false;
            bool above = false;
            if (const auto* d = std::get_if<double>(&v)) {
                below = key.valid.has_min && *d < double(key.valid.min);
                above = key.valid.has_max && *d > double(key.valid.max);
            } else {
                int64_t n = 0;
                if (const auto* i = std::get_if<int32_t>(&v)) n = *i;
                else if (const auto* s = std::get_if<int16_t>(&v)) n = *s;
                else if (const auto* l = std::get_if<int64_t>(&v)) n = *l;
                below = key.valid.has_min && n < key.valid.min;
                above = key.valid.has_max && n > key.valid.max;
            }
            std::string shown = to_config_string(v).value_or("null");
            if (below) return invalid(key.name, shown, fmt::format("Value must be at least {}", key.valid.min));
            if (above) return invalid(key.name, shown, fmt::format("Value must be no more than {}", key.valid.max));
            return ok();
        }
        case kind::one_of:
        case kind::one_of_ci: {
            const auto* s = std::get_if<std::string>(&v);
            return check_one_of(key, s ? std::string_view(*s) : std::string_view("null"),
                                key.valid.k == kind::one_of_ci);
        }
        case kind::list_of: {
            if (const auto* l = std::get_if<std::vector<std::string>>(&v)) {
                for (const auto& e : *l) ODRADEK_TRY(check_one_of(key, e, false));
            }
            return ok();
        }
        case kind::non_empty_string: {
            const auto* s = std::get_if<std::string>(&v);
            if (s != nullptr && s->empty()) return invalid(key.name, "", "String must be non-empty");
            return ok();
        }
        case kind::non_null:
            if (std::holds_alternative<std::monostate>(v)) return invalid(key.name, "null", "entry must be non null");
            return ok();
        case kind::metadata_version: {
            const auto* s = std::get_if<std::string>(&v);
            if (s == nullptr || valid_metadata_version(*s)) return ok();
            return invalid(key.name, *s, fmt::format("Version {} is not a valid version", *s));
        }
        case kind::throttled_replicas: {
            const auto* l = std::get_if<std::vector<std::string>>(&v);
            if (l == nullptr) return ok();
            bool all_pairs = true;
            std::string joined;
            for (const auto& e : *l) {
                std::string_view t = java_trim(e);
                joined += t;
                if (t.empty()) continue;
                size_t colon = t.find(':');
                auto digits = [](std::string_view x) {
                    return !x.empty() && std::all_of(x.begin(), x.end(), [](char c) { return c >= '0' && c <= '9'; });
                };
                if (colon == std::string_view::npos || !digits(t.substr(0, colon)) || !digits(t.substr(colon + 1))) {
                    all_pairs = false;
                }
            }
            if (all_pairs || joined == "*") return ok();
            return invalid(key.name, java_list_string(*l),
                           fmt::format("{} must be the literal '*' or a list of replicas in the following format: "
                                       "[partitionId]:[brokerId],[partitionId]:[brokerId],...",
                                       key.name));
        }
    }
    return ok();
}

result<config_value> parse_value(const config_key& key, std::string_view raw) {
    std::string_view t = java_trim(raw);
    config_value v;
    auto not_a_number = [&] { return invalid(key.name, raw, fmt::format("Not a number of type {}", type_name(key.type))); };
    switch (key.type) {
        case config_type::boolean:
            if (iequals(t, "true")) v = true;
            else if (iequals(t, "false")) v = false;
            else return invalid(key.name, raw, "Expected value to be either true or false");
            break;
        case config_type::string:
        case config_type::password:
        case config_type::class_name:
            v = std::string(t);
            break;
        case config_type::int32: {
            int32_t i = 0;
            if (!parse_java_integer(t, &i)) return not_a_number();
            v = i;
            break;
        }
        case config_type::int16: {
            int16_t i = 0;
            if (!parse_java_integer(t, &i)) return not_a_number();
            v = i;
            break;
        }
        case config_type::int64: {
            int64_t i = 0;
            if (!parse_java_integer(t, &i)) return not_a_number();
            v = i;
            break;
        }
        case config_type::float64: {
            double d = 0;
            if (!parse_java_double(t, &d)) return not_a_number();
            v = d;
            break;
        }
        case config_type::list: {
            std::vector<std::string> l;
            if (!t.empty()) {
                // Split on /\s*,\s*/, keeping empty elements.
                size_t start = 0;
                while (true) {
                    size_t comma = t.find(',', start);
                    std::string_view part = t.substr(start, comma == std::string_view::npos ? t.npos : comma - start);
                    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.back()))) part.remove_suffix(1);
                    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.front()))) part.remove_prefix(1);
                    l.emplace_back(part);
                    if (comma == std::string_view::npos) break;
                    start = comma + 1;
                }
            }
            v = std::move(l);
            break;
        }
    }
    ODRADEK_TRY(validate_value(key, v));
    return v;
}

config_def::config_def(std::span<const config_key> keys) : keys_(keys) {
    index_.reserve(keys.size());
    defaults_.reserve(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
        [[maybe_unused]] bool inserted = index_.emplace(keys[i].name, i).second;
        assert(inserted && "configuration defined twice");
        if (keys[i].dflt.k == default_value::kind::text) {
            auto v = parse_value(keys[i], keys[i].dflt.text);
            // The tables are constant data checked by the unit tests.
            assert(v.has_value() && "a default value fails its own definition");
            defaults_.push_back(v ? std::move(v).value() : config_value{});
        } else {
            defaults_.emplace_back(std::monostate{});
        }
    }
}

const config_key* config_def::find(std::string_view name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &keys_[it->second];
}

result<parsed_config> config_def::parse(const properties& props) const {
    parsed_config out;
    out.def_ = this;
    out.originals_ = props;
    out.values_.reserve(keys_.size());
    for (size_t i = 0; i < keys_.size(); ++i) {
        const config_key& key = keys_[i];
        if (const std::string* raw = props.find(key.name)) {
            ODRADEK_TRY_ASSIGN(auto v, parse_value(key, *raw));
            out.values_.push_back(std::move(v));
            continue;
        }
        switch (key.dflt.k) {
            case default_value::kind::required:
                return error(errc::missing_required,
                             fmt::format("Missing required configuration \"{}\" which has no default value.", key.name));
            case default_value::kind::null:
                out.values_.emplace_back(std::monostate{});
                break;
            case default_value::kind::text:
                out.values_.push_back(defaults_[i]);
                break;
        }
    }
    return out;
}

const config_value& parsed_config::get(std::string_view name) const {
    const config_key* key = def_->find(name);
    assert(key != nullptr && "reading an undefined configuration key");
    return values_[size_t(key - def_->keys().data())];
}

std::optional<std::string_view> parsed_config::get_string(std::string_view name) const {
    const auto& v = get(name);
    if (const auto* s = std::get_if<std::string>(&v)) return std::string_view(*s);
    assert(std::holds_alternative<std::monostate>(v) && "config key read with the wrong type");
    return std::nullopt;
}

std::optional<int32_t> parsed_config::get_optional_int(std::string_view name) const {
    const auto& v = get(name);
    if (const auto* i = std::get_if<int32_t>(&v)) return *i;
    return std::nullopt;
}

std::optional<int64_t> parsed_config::get_optional_long(std::string_view name) const {
    const auto& v = get(name);
    if (const auto* i = std::get_if<int64_t>(&v)) return *i;
    return std::nullopt;
}

std::vector<std::string> parsed_config::unknown_keys() const {
    std::vector<std::string> out;
    for (const auto& [k, v] : originals_) {
        if (def_->find(k) == nullptr) out.push_back(k);
    }
    return out;  // properties iterate in sorted order
}

std::string parsed_config::describe_values(std::string_view title) const {
    std::vector<size_t> order(values_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto keys = def_->keys();
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys[a].name < keys[b].name; });
    std::string out = fmt::format("{} values: \n", title);
    for (size_t i : order) {
        const auto& key = keys[i];
        const auto& v = values_[i];
        std::string shown;
        if (std::holds_alternative<std::monostate>(v)) {
            shown = "null";
        } else if (key.type == config_type::class_name) {
            shown = "class " + *to_config_string(v);
        } else {
            shown = java_object_string(v, key.type);
        }
        out += fmt::format("\t{} = {}\n", key.name, shown);
    }
    return out;
}

std::string unknown_key_warning(std::string_view key) {
    return fmt::format("The configuration '{}' was supplied but isn't a known config.", key);
}

}  // namespace odradek::config
