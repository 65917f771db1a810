#include "tools/message_formatter.h"

#include <cctype>
#include <cmath>
#include <cstring>
#include <iomanip>
#include <sstream>

#include "client/errc.h"

namespace odradek::tools {

namespace {

// Kafka: value.trim.equalsIgnoreCase("true").
bool is_true(const std::string& v) {
    size_t b = v.find_first_not_of(" \t\r\n\f");
    size_t e = v.find_last_not_of(" \t\r\n\f");
    if (b == std::string::npos) return false;
    std::string t = v.substr(b, e - b + 1);
    for (char& c : t) c = char(std::tolower(static_cast<unsigned char>(c)));
    return t == "true";
}

int64_t big_endian(const std::string& b) {
    uint64_t v = 0;
    for (unsigned char c : b) v = (v << 8) | c;
    return int64_t(v);
}

// Java's Float/Double.toString for common values.
std::string java_double(double d) {
    if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
    std::ostringstream os;
    os << std::setprecision(17) << d;
    std::string s = os.str();
    // Shortest representation that round-trips.
    for (int p = 1; p <= 17; ++p) {
        std::ostringstream t;
        t << std::setprecision(p) << d;
        if (std::stod(t.str()) == d) {
            s = t.str();
            break;
        }
    }
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
}

}  // namespace

result<message_formatter::deserializer> message_formatter::deserializer_for(const std::string& name) {
    const std::string prefix = "org.apache.kafka.common.serialization.";
    if (name == prefix + "StringDeserializer") return deserializer::string;
    if (name == prefix + "ByteArrayDeserializer" || name == prefix + "BytesDeserializer" ||
        name == prefix + "ByteBufferDeserializer")
        return deserializer::byte_array;
    if (name == prefix + "IntegerDeserializer") return deserializer::integer;
    if (name == prefix + "LongDeserializer") return deserializer::long_;
    if (name == prefix + "ShortDeserializer") return deserializer::short_;
    if (name == prefix + "FloatDeserializer") return deserializer::float_;
    if (name == prefix + "DoubleDeserializer") return deserializer::double_;
    if (name == prefix + "UUIDDeserializer") return deserializer::uuid;
    return error(client::errc::invalid_config, "java.lang.ClassNotFoundException: " + name);
}

result<message_formatter> message_formatter::create(const std::string& class_name, const config::properties& props) {
    message_formatter f;
    if (class_name == "kafka.tools.NoOpMessageFormatter") {
        f.noop_ = true;
        return f;
    }
    if (class_name != "kafka.tools.DefaultMessageFormatter" && class_name != "kafka.tools.LoggingMessageFormatter")
        return error(client::errc::invalid_config, "java.lang.ClassNotFoundException: " + class_name);
    auto flag = [&](const char* key, bool& target) {
        if (const std::string* v = props.find(key)) target = is_true(*v);
    };
    auto text = [&](const char* key, std::string& target) {
        if (const std::string* v = props.find(key)) target = *v;
    };
    flag("print.timestamp", f.print_timestamp_);
    flag("print.key", f.print_key_);
    flag("print.offset", f.print_offset_);
    flag("print.partition", f.print_partition_);
    flag("print.headers", f.print_headers_);
    flag("print.value", f.print_value_);
    text("key.separator", f.key_separator_);
    text("line.separator", f.line_separator_);
    text("headers.separator", f.headers_separator_);
    text("null.literal", f.null_literal_);
    if (const std::string* v = props.find("key.deserializer")) {
        ODRADEK_TRY_ASSIGN(f.key_, deserializer_for(*v));
    }
    if (const std::string* v = props.find("value.deserializer")) {
        ODRADEK_TRY_ASSIGN(f.value_, deserializer_for(*v));
    }
    if (const std::string* v = props.find("headers.deserializer")) {
        ODRADEK_TRY_ASSIGN(f.headers_, deserializer_for(*v));
    }
    return f;
}

result<std::string> message_formatter::render(deserializer d, const std::optional<std::string>& bytes) const {
    // A null field is printed as null.literal, which is then deserialized
    // like data (Kafka passes the literal's bytes to the deserializer).
    const std::string& b = bytes ? *bytes : null_literal_;
    auto size_error = [&](const char* what, size_t n) -> error {
        return error(client::errc::bad_response, std::string("Size of data received by ") + what + " is not " +
                                                      std::to_string(n));
    };
    switch (d) {
        case deserializer::none:
        case deserializer::string:
        case deserializer::byte_array:
            return b;
        case deserializer::integer:
            if (b.size() != 4) return size_error("IntegerDeserializer", 4);
            return std::to_string(int32_t(big_endian(b)));
        case deserializer::long_:
            if (b.size() != 8) return size_error("LongDeserializer", 8);
            return std::to_string(big_endian(b));
        case deserializer::short_:
            if (b.size() != 2) return size_error("ShortDeserializer", 2);
            return std::to_string(int16_t(big_endian(b)));
        case deserializer::float_: {
            if (b.size() != 4) return size_error("FloatDeserializer", 4);
            uint32_t bits = uint32_t(big_endian(b));
            float fl;
            std::memcpy(&fl, &bits, 4);
            return java_double(double(fl));
        }
        case deserializer::double_: {
            if (b.size() != 8) return size_error("DoubleDeserializer", 8);
            uint64_t bits = uint64_t(big_endian(b));
            double db;
            std::memcpy(&db, &bits, 8);
            return java_double(db);
        }
        case deserializer::uuid:
            return b;  // UUIDDeserializer reads the UTF-8 text form
    }
    return b;
}

status message_formatter::write(const client::consumer_record& r, std::ostream& out) const {
    if (noop_) return ok();
    std::string line;
    auto separator = [&](bool column) { line += column ? key_separator_ : line_separator_; };
    if (print_timestamp_) {
        if (r.timestamp_type == client::timestamp_kind::none)
            line += "NO_TIMESTAMP";
        else
            line += std::string(r.timestamp_type == client::timestamp_kind::log_append_time ? "LogAppendTime:"
                                                                                            : "CreateTime:") +
                    std::to_string(r.timestamp);
        separator(print_offset_ || print_partition_ || print_headers_ || print_key_ || print_value_);
    }
    if (print_partition_) {
        line += "Partition:" + std::to_string(r.partition);
        separator(print_offset_ || print_headers_ || print_key_ || print_value_);
    }
    if (print_offset_) {
        line += "Offset:" + std::to_string(r.offset);
        separator(print_headers_ || print_key_ || print_value_);
    }
    if (print_headers_) {
        if (r.headers.empty()) {
            line += "NO_HEADERS";
        } else {
            for (size_t i = 0; i < r.headers.size(); ++i) {
                line += r.headers[i].key + ":";
                ODRADEK_TRY_ASSIGN(std::string v, render(headers_, r.headers[i].value));
                line += v;
                if (i + 1 < r.headers.size()) line += headers_separator_;
            }
        }
        separator(print_key_ || print_value_);
    }
    if (print_key_) {
        ODRADEK_TRY_ASSIGN(std::string k, render(key_, r.key));
        line += k;
        separator(print_value_);
    }
    if (print_value_) {
        ODRADEK_TRY_ASSIGN(std::string v, render(value_, r.value));
        line += v;
        line += line_separator_;
    }
    out << line;
    return ok();
}

}  // namespace odradek::tools
