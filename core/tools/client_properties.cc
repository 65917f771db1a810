#include "tools/client_properties.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <limits>

#include "client/errc.h"

namespace odradek::tools {

namespace {

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

error invalid(const std::string& key, const std::string& value, const std::string& why) {
    return error(client::errc::invalid_config, "Invalid value " + value + " for configuration " + key + ": " + why);
}

// ConfigDef's INT/LONG parsing: trimmed, decimal, in range.
result<int64_t> parse_number(const std::string& key, const std::string& value, bool is_int) {
    std::string t = trim(value);
    const char* type = is_int ? "INT" : "LONG";
    if (t.empty()) return invalid(key, value, std::string("Not a number of type ") + type);
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(t.c_str(), &end, 10);
    if (errno != 0 || end == nullptr || *end != '\0')
        return invalid(key, value, std::string("Not a number of type ") + type);
    if (is_int && (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()))
        return invalid(key, value, std::string("Not a number of type ") + type);
    return int64_t(v);
}

template <typename T>
status number(const config::properties& props, const std::string& key, T& out, int64_t min_value) {
    const std::string* v = props.find(key);
    if (v == nullptr) return ok();
    ODRADEK_TRY_ASSIGN(int64_t n, parse_number(key, *v, sizeof(T) <= 4));
    if (n < min_value) return invalid(key, *v, "Value must be at least " + std::to_string(min_value));
    out = T(n);
    return ok();
}

status millis_value(const config::properties& props, const std::string& key, client::millis& out, int64_t min_value,
                    bool is_int = false) {
    int64_t n = out.count();
    const std::string* v = props.find(key);
    if (v == nullptr) return ok();
    ODRADEK_TRY_ASSIGN(n, parse_number(key, *v, is_int));
    if (n < min_value) return invalid(key, *v, "Value must be at least " + std::to_string(min_value));
    out = client::millis(n);
    return ok();
}

status boolean(const config::properties& props, const std::string& key, bool& out) {
    const std::string* v = props.find(key);
    if (v == nullptr) return ok();
    std::string t = trim(*v);
    for (char& c : t) c = char(std::tolower(static_cast<unsigned char>(c)));
    if (t == "true")
        out = true;
    else if (t == "false")
        out = false;
    else
        return invalid(key, *v, "Expected value to be either true or false");
    return ok();
}

}  // namespace

config::properties parse_key_value_args(const std::vector<std::string>& args) {
    config::properties p;
    for (const std::string& a : args) {
        size_t eq = a.find('=');
        if (eq == std::string::npos)
            p.set(a, "");
        else
            p.set(a.substr(0, eq), a.substr(eq + 1));
    }
    return p;
}

status apply_client_properties(const config::properties& props, client::client_config& out) {
    if (const std::string* v = props.find("bootstrap.servers")) out.bootstrap_servers = *v;
    if (const std::string* v = props.find("client.id")) out.client_id = *v;
    ODRADEK_TRY(millis_value(props, "request.timeout.ms", out.request_timeout, 0, true));
    ODRADEK_TRY(millis_value(props, "retry.backoff.ms", out.retry_backoff, 0));
    ODRADEK_TRY(millis_value(props, "reconnect.backoff.ms", out.reconnect_backoff, 0));
    ODRADEK_TRY(millis_value(props, "reconnect.backoff.max.ms", out.reconnect_backoff_max, 0));
    ODRADEK_TRY(millis_value(props, "socket.connection.setup.timeout.ms", out.connect_timeout, 0));
    return ok();
}

status apply_admin_properties(const config::properties& props, client::millis& api_timeout) {
    return millis_value(props, "default.api.timeout.ms", api_timeout, 0, true);
}

status apply_producer_properties(const config::properties& props, client::producer_config& out) {
    if (const std::string* v = props.find("acks")) {
        std::string t = trim(*v);
        if (t == "all" || t == "-1")
            out.acks = -1;
        else if (t == "0")
            out.acks = 0;
        else if (t == "1")
            out.acks = 1;
        else
            return invalid("acks", *v, "String must be one of: all, -1, 0, 1");
    }
    if (const std::string* v = props.find("compression.type")) {
        std::string t = trim(*v);
        if (t == "none")
            out.compression = record::compression::none;
        else if (t == "gzip")
            out.compression = record::compression::gzip;
        else if (t == "snappy")
            out.compression = record::compression::snappy;
        else if (t == "lz4")
            out.compression = record::compression::lz4;
        else if (t == "zstd")
            out.compression = record::compression::zstd;
        else
            return invalid("compression.type", *v, "String must be one of: none, gzip, snappy, lz4, zstd");
    }
    ODRADEK_TRY(number(props, "batch.size", out.batch_size, 0));
    ODRADEK_TRY(millis_value(props, "linger.ms", out.linger, 0));
    ODRADEK_TRY(number(props, "retries", out.retries, 0));
    ODRADEK_TRY(millis_value(props, "delivery.timeout.ms", out.delivery_timeout, 0, true));
    ODRADEK_TRY(millis_value(props, "max.block.ms", out.max_block, 0));
    ODRADEK_TRY(number(props, "max.request.size", out.max_request_size, 0));
    ODRADEK_TRY(boolean(props, "allow.auto.create.topics", out.allow_auto_create_topics));
    return ok();
}

status apply_consumer_properties(const config::properties& props, client::consumer_config& out) {
    if (const std::string* v = props.find("isolation.level")) {
        std::string t = trim(*v);
        for (char& c : t) c = char(std::tolower(static_cast<unsigned char>(c)));
        if (t == "read_committed")
            out.isolation = client::isolation_level::read_committed;
        else if (t == "read_uncommitted")
            out.isolation = client::isolation_level::read_uncommitted;
        else
            return invalid("isolation.level", *v, "String must be one of: read_committed, read_uncommitted");
    }
    if (const std::string* v = props.find("auto.offset.reset")) {
        std::string t = trim(*v);
        for (char& c : t) c = char(std::tolower(static_cast<unsigned char>(c)));
        if (t == "earliest")
            out.reset = client::offset_reset::earliest;
        else if (t == "latest")
            out.reset = client::offset_reset::latest;
        else if (t == "none")
            out.reset = client::offset_reset::none;
        else
            return invalid("auto.offset.reset", *v, "String must be one of: latest, earliest, none");
    }
    ODRADEK_TRY(millis_value(props, "fetch.max.wait.ms", out.fetch_max_wait, 0, true));
    ODRADEK_TRY(number(props, "fetch.min.bytes", out.fetch_min_bytes, 0));
    ODRADEK_TRY(number(props, "fetch.max.bytes", out.fetch_max_bytes, 0));
    ODRADEK_TRY(number(props, "max.partition.fetch.bytes", out.max_partition_fetch_bytes, 0));
    ODRADEK_TRY(number(props, "max.poll.records", out.max_poll_records, 1));
    ODRADEK_TRY(boolean(props, "check.crcs", out.check_crcs));
    ODRADEK_TRY(boolean(props, "allow.auto.create.topics", out.allow_auto_create_topics));
    return ok();
}

}  // namespace odradek::tools
