#include "tools/line_reader.h"

#include <algorithm>
#include <cctype>

#include "client/errc.h"

namespace odradek::tools {

namespace {

// Kafka: value.trim.equalsIgnoreCase("true").
bool is_true(const std::string& v) {
    size_t b = v.find_first_not_of(" \t\r\n\f");
    size_t e = v.find_last_not_of(" \t\r\n\f");
    if (b == std::string::npos) return false;
    std::string trimmed = v.substr(b, e - b + 1);
    std::transform(trimmed.begin(), trimmed.end(), trimmed.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return trimmed == "true";
}

error kafka_exception(const std::string& message) { return error(client::errc::invalid_config, message); }

// Java's Pattern.split: trailing empty strings dropped; an input with no
// match yields the input itself.
std::vector<std::string> regex_split(const std::string& s, const std::regex& re) {
    std::vector<std::string> parts;
    std::sregex_token_iterator it(s.begin(), s.end(), re, -1), end;
    for (; it != end; ++it) parts.push_back(*it);
    if (parts.empty()) parts.push_back(s);
    while (parts.size() > 1 && parts.back().empty()) parts.pop_back();
    return parts;
}

}  // namespace

result<line_reader> line_reader::create(const std::string& topic, const config::properties& props) {
    line_reader r;
    r.topic_ = topic;
    if (const std::string* v = props.find("parse.key")) r.parse_key_ = is_true(*v);
    if (const std::string* v = props.find("key.separator")) r.key_separator_ = *v;
    if (const std::string* v = props.find("parse.headers")) r.parse_headers_ = is_true(*v);
    if (const std::string* v = props.find("headers.delimiter")) r.headers_delimiter_ = *v;
    if (const std::string* v = props.find("headers.separator")) r.headers_separator_ = *v;
    try {
        r.headers_separator_re_ = std::regex(r.headers_separator_);
    } catch (const std::regex_error&) {
        return kafka_exception("Invalid headers.separator pattern: " + r.headers_separator_);
    }
    if (const std::string* v = props.find("headers.key.separator")) r.headers_key_separator_ = *v;
    if (const std::string* v = props.find("ignore.error")) r.ignore_error_ = is_true(*v);
    if (r.headers_delimiter_ == r.headers_separator_)
        return kafka_exception("headers.delimiter and headers.separator may not be equal");
    if (r.headers_delimiter_ == r.headers_key_separator_)
        return kafka_exception("headers.delimiter and headers.key.separator may not be equal");
    if (r.headers_separator_ == r.headers_key_separator_)
        return kafka_exception("headers.separator and headers.key.separator may not be equal");
    if (const std::string* v = props.find("null.marker")) r.null_marker_ = *v;
    if (r.null_marker_) {
        const std::string& m = *r.null_marker_;
        if (m == r.key_separator_) return kafka_exception("null.marker and key.separator may not be equal");
        if (m == r.headers_separator_) return kafka_exception("null.marker and headers.separator may not be equal");
        if (m == r.headers_delimiter_) return kafka_exception("null.marker and headers.delimiter may not be equal");
        if (m == r.headers_key_separator_)
            return kafka_exception("null.marker and headers.key.separator may not be equal");
    }
    return r;
}

std::optional<std::string> line_reader::field(bool enabled, const std::string& line, size_t start,
                                              const std::string& sep, const char* what, error& err) const {
    if (!enabled) return std::nullopt;
    size_t at = line.find(sep, start);
    if (at == std::string::npos) {
        if (!ignore_error_)
            err = kafka_exception(std::string("No ") + what + " found on line number " + std::to_string(line_number_) +
                                  ": '" + line + "'");
        return std::nullopt;
    }
    return line.substr(start, at - start);
}

result<client::producer_record> line_reader::parse(const std::string& line) {
    ++line_number_;
    error err;
    std::optional<std::string> headers = field(parse_headers_, line, 0, headers_delimiter_, "headers delimiter", err);
    if (err.code) return err;
    size_t header_offset = headers ? headers->size() + headers_delimiter_.size() : 0;
    std::optional<std::string> key = field(parse_key_, line, header_offset, key_separator_, "key separator", err);
    if (err.code) return err;
    size_t key_offset = key ? key->size() + key_separator_.size() : 0;
    std::string value = line.substr(std::min(line.size(), header_offset + key_offset));

    client::producer_record rec;
    rec.topic = topic_;
    if (key && key != null_marker_) rec.key = *key;
    if (value != null_marker_) rec.value = value;
    if (headers && headers != null_marker_) {
        for (const std::string& pair : regex_split(*headers, headers_separator_re_)) {
            size_t i = pair.find(headers_key_separator_);
            if (i == std::string::npos) {
                if (!ignore_error_)
                    return kafka_exception("No header key separator found in pair '" + pair + "' on line number " +
                                           std::to_string(line_number_));
                rec.headers.push_back({pair, std::nullopt});
                continue;
            }
            std::string hkey = pair.substr(0, i);
            if (hkey == null_marker_)
                return kafka_exception("Header keys should not be equal to the null marker '" + *null_marker_ +
                                       "' as they can't be null");
            std::string hvalue = pair.substr(i + headers_key_separator_.size());
            if (hvalue == null_marker_)
                rec.headers.push_back({hkey, std::nullopt});
            else
                rec.headers.push_back({hkey, hvalue});
        }
    }
    return rec;
}

}  // namespace odradek::tools
