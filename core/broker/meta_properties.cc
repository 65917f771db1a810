#include "broker/meta_properties.h"

#include <charconv>
#include <ctime>
#include <string_view>
#include <vector>

#include "broker/errc.h"
#include "config/properties.h"

namespace odradek::broker {

namespace {

constexpr const char* kVersionKey = "version";
constexpr const char* kClusterIdKey = "cluster.id";
constexpr const char* kBrokerIdKey = "broker.id";
constexpr const char* kNodeIdKey = "node.id";
constexpr const char* kDirectoryIdKey = "directory.id";

// Integer.parseInt: optional sign, decimal digits, nothing else.
bool parse_java_int(std::string_view s, int32_t& out) {
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
    while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
    return s;
}

error bad(std::string detail) { return error(errc::bad_meta_properties, std::move(detail)); }

result<int32_t> required_int(const config::properties& p, const char* key) {
    const std::string* v = p.find(key);
    if (!v) return bad(std::string("Failed to find ") + key);
    int32_t out = 0;
    if (!parse_java_int(*v, out)) return bad(std::string("Unable to read ") + key + " as a base-10 number.");
    return out;
}

// Properties.saveConvert for the Writer form (no \u escapes for non-ASCII).
std::string escape(std::string_view s, bool is_key) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        switch (c) {
            case ' ':
                if (i == 0 || is_key) out += '\\';
                out += ' ';
                break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\f': out += "\\f"; break;
            case '=': case ':': case '#': case '!': case '\\':
                out += '\\';
                out += c;
                break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace

result<std::optional<meta_properties>> read_meta_properties(storage::file_system& fs, const std::string& dir) {
    const std::string path = storage::join_path(dir, kMetaPropertiesFile);
    ODRADEK_TRY_ASSIGN(bool present, fs.exists(path));
    if (!present) return std::optional<meta_properties>();
    ODRADEK_TRY_ASSIGN(auto bytes, storage::read_whole_file(fs, path));
    auto props = config::parse_properties(as_chars(bytes), path);
    if (!props) return bad(props.err().message());

    meta_properties m;
    std::string_view version = "0";
    if (const std::string* v = props->find(kVersionKey)) version = *v;
    if (!parse_java_int(trim(version), m.version)) {
        return bad("Invalid meta.properties version string '" + std::string(version) + "'");
    }
    if (m.version != 0 && m.version != 1) {
        return bad("Unknown meta.properties version number " + std::to_string(m.version));
    }
    if (m.version == 0) {
        if (props->contains(kBrokerIdKey)) {
            ODRADEK_TRY_ASSIGN(m.broker_id, required_int(*props, kBrokerIdKey));
        }
    } else {
        ODRADEK_TRY_ASSIGN(m.broker_id, required_int(*props, kNodeIdKey));
    }
    if (const std::string* v = props->find(kClusterIdKey)) m.cluster_id = *v;
    if (const std::string* v = props->find(kDirectoryIdKey)) m.directory_id = *v;
    if (m.version == 1 && !m.cluster_id) return bad("cluster.id was not found.");
    return std::optional<meta_properties>(std::move(m));
}

std::string format_meta_properties(const meta_properties& m, int64_t now_ms) {
    // Java 11/17 Properties.store iterates its ConcurrentHashMap (16 bins):
    // node.id, broker.id, directory.id, version, cluster.id.
    std::vector<std::pair<std::string, std::string>> entries;
    if (m.broker_id) entries.emplace_back(m.version == 0 ? kBrokerIdKey : kNodeIdKey, std::to_string(*m.broker_id));
    if (m.directory_id) entries.emplace_back(kDirectoryIdKey, *m.directory_id);
    entries.emplace_back(kVersionKey, std::to_string(m.version));
    if (m.cluster_id) entries.emplace_back(kClusterIdKey, *m.cluster_id);

    std::time_t t = static_cast<std::time_t>(now_ms / 1000);
    std::tm tm{};
    ::localtime_r(&t, &tm);
    char date[64];
    size_t n = std::strftime(date, sizeof date, "%a %b %d %H:%M:%S %Z %Y", &tm);

    std::string out = "#\n#";
    out.append(date, n);
    out += '\n';
    for (const auto& [k, v] : entries) {
        out += escape(k, true);
        out += '=';
        out += escape(v, false);
        out += '\n';
    }
    return out;
}

status write_meta_properties(storage::file_system& fs, const std::string& dir, const meta_properties& m,
                             int64_t now_ms) {
    std::string text = format_meta_properties(m, now_ms);
    return storage::write_file_atomic(fs, dir, kMetaPropertiesFile, as_bytes(text));
}

status verify_meta_properties(const meta_properties& m, const std::string& dir,
                              std::optional<std::string>& expected_cluster_id,
                              std::optional<int32_t>& expected_broker_id) {
    const std::string path = dir + "/" + kMetaPropertiesFile;
    if (m.version != 0) {
        return error(errc::bad_meta_properties,
                     "Found unexpected version in " + path +
                         ". ZK-based brokers that are not migrating only support version 0 (which is implicit when "
                         "the `version` field is missing).");
    }
    if (m.cluster_id) {
        if (!expected_cluster_id) {
            expected_cluster_id = m.cluster_id;
        } else if (*m.cluster_id != *expected_cluster_id) {
            return error(errc::inconsistent_cluster_id, "Invalid cluster.id in: " + path + ". Expected " +
                                                            *expected_cluster_id + ", but read " + *m.cluster_id);
        }
    }
    if (m.broker_id) {
        if (!expected_broker_id) {
            expected_broker_id = m.broker_id;
        } else if (*m.broker_id != *expected_broker_id) {
            return error(errc::inconsistent_broker_id,
                         "Stored node id " + std::to_string(*m.broker_id) + " doesn't match previous node id " +
                             std::to_string(*expected_broker_id) + " in " + path +
                             ". If you moved your data, make sure your configured node id matches. If you intend to "
                             "create a new node, you should remove all data in your data directories.");
        }
    }
    return ok();
}

}  // namespace odradek::broker
