#include "coordination/kafka/zk_data.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

#include "coordination/kafka/errc.h"

namespace odradek::coordination::kafka {

namespace {

using json = nlohmann::json;
using ordered = nlohmann::ordered_json;

// Compact, like Jackson; invalid UTF-8 in a string is replaced rather than
// thrown about (config values come from users).
byte_buffer to_bytes(const ordered& j) {
    std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
    return byte_buffer(s.begin(), s.end());
}

std::string text_of(byte_span b) { return std::string(as_chars(b)); }

std::string dump_of(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

error malformed(std::string detail) { return error(errc::malformed_data, std::move(detail)); }

std::optional<json> parse(byte_span b) {
    json j = json::parse(b.begin(), b.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return std::nullopt;
    return j;
}

const json* field(const json& obj, const char* key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

// Jackson's isInt / isLong: a JSON integer within the Java type's range.
template <typename T>
std::optional<T> as_int(const json* v) {
    if (!v || !v->is_number_integer()) return std::nullopt;
    if (v->is_number_unsigned()) {
        uint64_t u = v->get<uint64_t>();
        if (u > uint64_t(std::numeric_limits<T>::max())) return std::nullopt;
        return T(u);
    }
    int64_t i = v->get<int64_t>();
    if (i < int64_t(std::numeric_limits<T>::min()) || i > int64_t(std::numeric_limits<T>::max())) return std::nullopt;
    return T(i);
}

std::optional<std::string> as_string(const json* v) {
    if (!v || !v->is_string()) return std::nullopt;
    return v->get<std::string>();
}

std::optional<std::vector<int32_t>> as_int_list(const json* v) {
    if (!v || !v->is_array()) return std::nullopt;
    std::vector<int32_t> out;
    out.reserve(v->size());
    for (const auto& e : *v) {
        auto i = as_int<int32_t>(&e);
        if (!i) return std::nullopt;
        out.push_back(*i);
    }
    return out;
}

// Java's Integer.parseInt / Long.parseLong: an optional sign and decimal
// digits, nothing else (no spaces).
template <typename T>
std::optional<T> parse_java_int(std::string_view s) {
    if (s.empty()) return std::nullopt;
    size_t start = 0;
    bool neg = false;
    if (s[0] == '+' || s[0] == '-') {
        neg = s[0] == '-';
        start = 1;
        if (s.size() == 1) return std::nullopt;
    }
    std::string digits(s.substr(start));
    if (neg) digits.insert(digits.begin(), '-');
    T v{};
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc() || p != digits.data() + digits.size()) return std::nullopt;
    return v;
}

// The iteration order of a Scala 2.13 mutable.HashMap with String keys, which
// Jackson follows when Kafka writes one: buckets in index order (table of 16,
// doubled before the load reaches 0.75), within a bucket by improved hash as a
// signed int.
std::vector<std::string> scala_mutable_hashmap_order(std::vector<std::string> keys) {
    size_t table = 16;
    while (keys.size() >= table * 3 / 4) table *= 2;
    auto improved = [](const std::string& k) {
        uint32_t h = 0;
        for (unsigned char c : k) h = 31 * h + c;  // String.hashCode over Latin-1/ASCII
        return h ^ (h >> 16);
    };
    std::stable_sort(keys.begin(), keys.end(), [&](const std::string& a, const std::string& b) {
        uint32_t ha = improved(a), hb = improved(b);
        size_t ia = ha & (table - 1), ib = hb & (table - 1);
        if (ia != ib) return ia < ib;
        return int32_t(ha) < int32_t(hb);
    });
    return keys;
}

ordered int_list(const std::vector<int32_t>& v) {
    ordered a = ordered::array();
    for (int32_t i : v) a.push_back(i);
    return a;
}

// A map of partition id -> replica list, keyed by the id as a string.
ordered partition_map(const std::map<int32_t, std::vector<int32_t>>& m) {
    std::vector<std::string> keys;
    for (const auto& [p, _] : m) keys.push_back(std::to_string(p));
    ordered o = ordered::object();
    for (const auto& k : scala_mutable_hashmap_order(std::move(keys))) o[k] = int_list(m.at(std::stoi(k)));
    return o;
}

const std::map<std::string, std::string>& default_protocol_map() {
    static const std::map<std::string, std::string> m = {
        {"PLAINTEXT", "PLAINTEXT"}, {"SSL", "SSL"}, {"SASL_PLAINTEXT", "SASL_PLAINTEXT"}, {"SASL_SSL", "SASL_SSL"}};
    return m;
}

bool is_security_protocol(const std::string& s) { return default_protocol_map().count(s) != 0; }

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    return out;
}

}  // namespace

// ---------------------------------------------------------------- brokers --

std::string end_point::connection_string() const {
    std::string hostport;
    if (!host) {
        hostport = ":" + std::to_string(port);
    } else if (host->find(':') != std::string::npos) {
        hostport = "[" + *host + "]:" + std::to_string(port);  // Utils.formatAddress for IPv6
    } else {
        hostport = *host + ":" + std::to_string(port);
    }
    return listener_name + "://" + hostport;
}

result<end_point> parse_end_point(std::string_view cs, const std::map<std::string, std::string>* protocol_map) {
    // ^(.*)://\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)  (a prefix match, greedy)
    auto fail = [&] { return malformed("Unable to parse " + std::string(cs) + " to a broker endpoint"); };
    auto sep = cs.rfind("://");
    if (sep == std::string_view::npos) return fail();
    std::string_view listener = cs.substr(0, sep);
    std::string_view rest = cs.substr(sep + 3);
    // The whole rest must match; the host class has ':' but not '-'-digits
    // after the last ':', so the port follows the last colon.
    auto colon = rest.rfind(':');
    if (colon == std::string_view::npos) return fail();
    std::string_view hostpart = rest.substr(0, colon);
    std::string_view portpart = rest.substr(colon + 1);
    {
        size_t n = !portpart.empty() && portpart[0] == '-' ? 1 : 0;
        if (n == portpart.size()) return fail();
        for (size_t i = n; i < portpart.size(); ++i)
            if (portpart[i] < '0' || portpart[i] > '9') return fail();
    }
    if (!hostpart.empty() && hostpart.front() == '[') hostpart.remove_prefix(1);
    if (!hostpart.empty() && hostpart.back() == ']') hostpart.remove_suffix(1);
    for (char c : hostpart) {
        bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
                  c == '%' || c == '.' || c == '_' || c == ':';
        if (!ok) return fail();
    }
    auto port = parse_java_int<int32_t>(portpart);
    if (!port) return fail();
    end_point ep;
    ep.listener_name = upper(listener);
    const auto& map = protocol_map ? *protocol_map : default_protocol_map();
    auto it = map.find(ep.listener_name);
    if (it == map.end()) return malformed("No security protocol defined for listener " + ep.listener_name);
    ep.security_protocol = it->second;
    if (!hostpart.empty()) ep.host = std::string(hostpart);
    ep.port = *port;
    return ep;
}

byte_buffer encode_broker_registration(const broker_registration& b) {
    // The first PLAINTEXT endpoint, for clients that know only host and port.
    const end_point* plain = nullptr;
    for (const auto& ep : b.endpoints)
        if (ep.security_protocol == "PLAINTEXT") {
            plain = &ep;
            break;
        }
    ordered j = ordered::object();
    if (b.version >= 5) {
        ordered f = ordered::object();
        for (const auto& [name, range] : b.features)
            f[name] = ordered{{"min_version", range.min_version}, {"max_version", range.max_version}};
        j["features"] = f;
    }
    if (b.version >= 4) {
        ordered m = ordered::object();
        for (const auto& ep : b.endpoints)
            if (!m.contains(ep.listener_name)) m[ep.listener_name] = ep.security_protocol;
        j["listener_security_protocol_map"] = m;
    }
    ordered eps = ordered::array();
    for (const auto& ep : b.endpoints) eps.push_back(ep.connection_string());
    j["endpoints"] = eps;
    if (b.rack && b.version >= 3) j["rack"] = *b.rack;
    j["jmx_port"] = b.jmx_port;
    j["port"] = plain ? plain->port : -1;
    j["host"] = plain && plain->host ? ordered(*plain->host) : ordered(nullptr);
    j["version"] = b.version;
    j["timestamp"] = std::to_string(b.timestamp_ms);
    return to_bytes(j);
}

result<broker_registration> decode_broker_registration(int32_t id, byte_span bytes) {
    const std::string parse_error = "Failed to parse ZooKeeper registration for broker " + std::to_string(id) + ": " +
                                    text_of(bytes);
    auto j = parse(bytes);
    if (!j || !j->is_object()) return malformed(parse_error);
    broker_registration b;
    b.id = id;
    auto version = as_int<int32_t>(field(*j, "version"));
    auto jmx = as_int<int32_t>(field(*j, "jmx_port"));
    if (!version || !jmx) return malformed(parse_error);
    b.version = *version;
    b.jmx_port = *jmx;
    if (b.version < 1) return malformed("Unsupported version of broker registration: " + text_of(bytes));
    if (b.version == 1) {
        auto host = as_string(field(*j, "host"));
        auto port = as_int<int32_t>(field(*j, "port"));
        if (!host || !port) return malformed(parse_error);
        b.endpoints.push_back({"PLAINTEXT", "PLAINTEXT", *host, *port});
    } else {
        std::optional<std::map<std::string, std::string>> protocols;
        if (const json* m = field(*j, "listener_security_protocol_map")) {
            if (!m->is_object()) return malformed(parse_error);
            protocols.emplace();
            for (const auto& [listener, proto] : m->items()) {
                if (!proto.is_string()) return malformed(parse_error);
                std::string p = proto.get<std::string>();
                if (!is_security_protocol(p)) return malformed(parse_error);
                (*protocols)[upper(listener)] = p;
            }
        }
        const json* eps = field(*j, "endpoints");
        if (!eps || !eps->is_array()) return malformed(parse_error);
        for (const auto& e : *eps) {
            if (!e.is_string()) return malformed(parse_error);
            ODRADEK_TRY_ASSIGN(auto ep, parse_end_point(e.get<std::string>(), protocols ? &*protocols : nullptr));
            b.endpoints.push_back(std::move(ep));
        }
    }
    if (const json* rack = field(*j, "rack"); rack && !rack->is_null()) {
        if (!rack->is_string()) return malformed(parse_error);
        b.rack = rack->get<std::string>();
    }
    if (const json* f = field(*j, "features"); f && !f->is_null()) {
        if (!f->is_object()) return malformed(parse_error);
        for (const auto& [name, range] : f->items()) {
            auto lo = as_int<int16_t>(field(range, "min_version"));
            auto hi = as_int<int16_t>(field(range, "max_version"));
            if (!lo || !hi) return malformed(parse_error);
            b.features[name] = {*lo, *hi};
        }
    }
    // Kafka does not read the timestamp back; keep it when it is a number.
    if (auto ts = as_string(field(*j, "timestamp")))
        if (auto v = parse_java_int<int64_t>(*ts)) b.timestamp_ms = *v;
    return b;
}

// ----------------------------------------------------------------- topics --

byte_buffer encode_topic_assignment(const topic_assignment& a) {
    std::map<int32_t, std::vector<int32_t>> replicas, adding, removing;
    for (const auto& [p, r] : a.partitions) {
        replicas[p] = r.replicas;
        if (!r.adding_replicas.empty()) adding[p] = r.adding_replicas;
        if (!r.removing_replicas.empty()) removing[p] = r.removing_replicas;
    }
    // Key order of Kafka's mutable.Map (see scala_mutable_hashmap_order).
    ordered j = ordered::object();
    j["partitions"] = partition_map(replicas);
    j["removing_replicas"] = partition_map(removing);
    if (a.topic_id) j["topic_id"] = uuid_to_base64(*a.topic_id);
    j["adding_replicas"] = partition_map(adding);
    j["version"] = 3;
    return to_bytes(j);
}

result<topic_assignment> decode_topic_assignment(byte_span bytes) {
    const std::string bad = "Failed to parse the topic assignment json " + text_of(bytes);
    auto j = parse(bytes);
    if (!j || !j->is_object()) return malformed(bad);
    topic_assignment a;
    if (const json* id = field(*j, "topic_id")) {
        auto s = as_string(id);
        if (!s) return malformed(bad);
        auto u = uuid_from_base64(*s);
        if (!u) return malformed(u.err().detail);
        a.topic_id = *u;
    }
    auto replicas_of = [&](const char* key, const std::string& partition) -> std::optional<std::vector<int32_t>> {
        const json* m = field(*j, key);
        if (!m) return std::vector<int32_t>{};
        if (!m->is_object()) return std::nullopt;
        const json* r = field(*m, partition.c_str());
        if (!r) return std::vector<int32_t>{};
        return as_int_list(r);
    };
    if (const json* parts = field(*j, "partitions")) {
        if (!parts->is_object()) return malformed(bad);
        for (const auto& [key, value] : parts->items()) {
            auto p = parse_java_int<int32_t>(key);
            auto replicas = as_int_list(&value);
            auto adding = replicas_of("adding_replicas", key);
            auto removing = replicas_of("removing_replicas", key);
            if (!p || !replicas || !adding || !removing) return malformed(bad);
            a.partitions[*p] = {std::move(*replicas), std::move(*adding), std::move(*removing)};
        }
    }
    return a;
}

byte_buffer encode_partition_state(const partition_state& s) {
    // Key order of Kafka's immutable Map of five or six entries.
    ordered j = ordered::object();
    j["controller_epoch"] = s.controller_epoch;
    j["leader"] = s.leader;
    j["version"] = 1;
    if (s.recovery_state != leader_recovery_state::recovered) j["leader_recovery_state"] = int(s.recovery_state);
    j["leader_epoch"] = s.leader_epoch;
    j["isr"] = int_list(s.isr);
    return to_bytes(j);
}

result<partition_state> decode_partition_state(byte_span bytes, int32_t zk_version) {
    const std::string bad = "Failed to parse the partition state json " + text_of(bytes);
    auto j = parse(bytes);
    if (!j || !j->is_object()) return malformed(bad);
    auto leader = as_int<int32_t>(field(*j, "leader"));
    auto epoch = as_int<int32_t>(field(*j, "leader_epoch"));
    auto isr = as_int_list(field(*j, "isr"));
    auto controller_epoch = as_int<int32_t>(field(*j, "controller_epoch"));
    if (!leader || !epoch || !isr || !controller_epoch) return malformed(bad);
    partition_state s;
    s.leader = *leader;
    s.leader_epoch = *epoch;
    s.isr = std::move(*isr);
    s.controller_epoch = *controller_epoch;
    s.zk_version = zk_version;
    if (const json* r = field(*j, "leader_recovery_state")) {
        auto v = as_int<int32_t>(r);
        if (!v) return malformed(bad);
        if (int8_t(*v) != 0 && int8_t(*v) != 1)
            return malformed("Value " + std::to_string(int8_t(*v)) + " is not a valid leader recovery state");
        s.recovery_state = leader_recovery_state(int8_t(*v));
    }
    return s;
}

// ------------------------------------------------------------- controller --

byte_buffer encode_controller(const controller_registration& c) {
    ordered j = ordered::object();
    j["version"] = 2;
    j["brokerid"] = c.broker_id;
    j["timestamp"] = std::to_string(c.timestamp_ms);
    j["kraftControllerEpoch"] = c.kraft_controller_epoch.value_or(-1);
    return to_bytes(j);
}

result<controller_registration> decode_controller(byte_span bytes) {
    const std::string bad = "Failed to parse ZooKeeper registration for controller: " + text_of(bytes);
    auto j = parse(bytes);
    if (!j || !j->is_object()) return malformed(bad);
    auto id = as_int<int32_t>(field(*j, "brokerid"));
    if (!id) return malformed(bad);
    controller_registration c;
    c.broker_id = *id;
    c.kraft_controller_epoch.reset();
    if (const json* k = field(*j, "kraftControllerEpoch")) {
        auto v = as_int<int32_t>(k);
        if (!v) return malformed(bad);
        c.kraft_controller_epoch = *v;
    }
    if (auto ts = as_string(field(*j, "timestamp")))
        if (auto v = parse_java_int<int64_t>(*ts)) c.timestamp_ms = *v;
    return c;
}

byte_buffer encode_controller_epoch(int32_t epoch) {
    std::string s = std::to_string(epoch);
    return byte_buffer(s.begin(), s.end());
}

result<int32_t> decode_controller_epoch(byte_span text) {
    auto v = parse_java_int<int32_t>(as_chars(text));
    if (!v) return malformed("For input string: \"" + text_of(text) + "\"");
    return *v;
}

// -------------------------------------------------------------- cluster id --

byte_buffer encode_cluster_id(std::string_view id) {
    ordered j = ordered::object();
    j["version"] = "1";
    j["id"] = std::string(id);
    return to_bytes(j);
}

result<std::string> decode_cluster_id(byte_span bytes) {
    auto j = parse(bytes);
    std::optional<std::string> id;
    if (j) id = as_string(field(*j, "id"));
    if (!id) return malformed("Failed to parse the cluster id json " + text_of(bytes));
    return *id;
}

// ---------------------------------------------------------------- configs --

byte_buffer encode_entity_config(const config_map& config) {
    ordered c = ordered::object();
    for (const auto& [k, v] : config) c[k] = v;
    ordered j = ordered::object();
    j["version"] = 1;
    j["config"] = c;
    return to_bytes(j);
}

result<config_map> decode_entity_config(byte_span bytes) {
    config_map out;
    if (bytes.empty()) return out;
    auto j = parse(bytes);
    if (!j) return malformed("Failed to parse the config json " + text_of(bytes));
    const json* c = field(*j, "config");
    if (!c || !c->is_object()) return out;
    for (const auto& [k, v] : c->items()) {
        if (!v.is_string()) return malformed("Failed to parse the config json " + text_of(bytes));
        out[k] = v.get<std::string>();
    }
    return out;
}

byte_buffer encode_config_change(std::string_view entity_path) {
    ordered j = ordered::object();
    j["version"] = 2;
    j["entity_path"] = std::string(entity_path);
    return to_bytes(j);
}

result<std::string> decode_config_change(byte_span bytes) {
    const std::string bad = "Failed to parse the config change notification json " + text_of(bytes);
    auto j = parse(bytes);
    if (!j || !j->is_object()) return malformed(bad);
    auto version = as_int<int32_t>(field(*j, "version"));
    if (version == 1) {
        auto type = as_string(field(*j, "entity_type"));
        auto name = as_string(field(*j, "entity_name"));
        if (!type || !name) return malformed(bad);
        return *type + "/" + *name;
    }
    if (version == 2) {
        auto path = as_string(field(*j, "entity_path"));
        if (!path) return malformed(bad);
        return *path;
    }
    return malformed("Config change notification has an unsupported version " +
                     (version ? std::to_string(*version) : std::string("(none)")) + ", supported versions are 1 and 2");
}

// ----------------------------------------------------------- notifications --

byte_buffer encode_isr_change(const std::vector<topic_partition>& partitions) {
    // Kafka writes a Set: each partition once.
    std::set<topic_partition> seen;
    ordered list = ordered::array();
    for (const auto& tp : partitions) {
        if (!seen.insert(tp).second) continue;
        ordered e = ordered::object();
        e["topic"] = tp.topic;
        e["partition"] = tp.partition;
        list.push_back(e);
    }
    ordered j = ordered::object();
    j["version"] = 1;
    j["partitions"] = list;
    return to_bytes(j);
}

result<std::vector<topic_partition>> decode_isr_change(byte_span bytes) {
    const std::string bad = "Failed to parse the isr change notification json " + text_of(bytes);
    auto j = parse(bytes);
    if (!j) return malformed(bad);
    const json* list = field(*j, "partitions");
    if (!list || !list->is_array()) return malformed(bad);
    std::vector<topic_partition> out;
    for (const auto& e : *list) {
        auto topic = as_string(field(e, "topic"));
        auto partition = as_int<int32_t>(field(e, "partition"));
        if (!topic || !partition) return malformed(bad);
        out.push_back({*topic, *partition});
    }
    return out;
}

byte_buffer encode_log_dir_event(int32_t broker_id) {
    ordered j = ordered::object();
    j["version"] = 1;
    j["broker"] = broker_id;
    j["event"] = 1;  // LogDirFailureEvent
    return to_bytes(j);
}

result<int32_t> decode_log_dir_event(byte_span bytes) {
    auto j = parse(bytes);
    std::optional<int32_t> broker;
    if (j) broker = as_int<int32_t>(field(*j, "broker"));
    if (!broker) return malformed("Failed to parse the log dir event notification json " + text_of(bytes));
    return *broker;
}

// ------------------------------------------------------------ producer ids --

byte_buffer encode_producer_id_block(const producer_id_block& b) {
    ordered j = ordered::object();
    j["version"] = 1;
    j["broker"] = b.broker_id;
    j["block_start"] = std::to_string(b.first_producer_id);
    j["block_end"] = std::to_string(b.last_producer_id());
    return to_bytes(j);
}

result<producer_id_block> decode_producer_id_block(byte_span bytes) {
    const std::string text = text_of(bytes);
    auto j = parse(bytes);
    std::optional<int32_t> broker;
    std::optional<std::string> start_s, end_s;
    if (j) {
        broker = as_int<int32_t>(field(*j, "broker"));
        start_s = as_string(field(*j, "block_start"));
        end_s = as_string(field(*j, "block_end"));
    }
    if (!broker || !start_s || !end_s) return malformed("Failed to parse the producerId block json " + text);
    auto start = parse_java_int<int64_t>(*start_s);
    auto end = parse_java_int<int64_t>(*end_s);
    if (!start || !end)
        return malformed("Read jason data " + text + " contains producerIds that have exceeded long type limit");
    // Math.toIntExact(end - start + 1)
    int64_t size = 0;
    if (__builtin_sub_overflow(*end, *start, &size) || __builtin_add_overflow(size, 1, &size) ||
        size < std::numeric_limits<int32_t>::min() || size > std::numeric_limits<int32_t>::max())
        return malformed("integer overflow");
    return producer_id_block{*broker, *start, int32_t(size)};
}

// ----------------------------------------------------------------- feature --

byte_buffer encode_feature_znode(const feature_znode& f) {
    ordered features = ordered::object();
    for (const auto& [name, level] : f.features) {
        ordered v = ordered::object();
        v["max_version_level"] = level;
        if (f.version == 1) v["min_version_level"] = level;
        features[name] = v;
    }
    // Key order of Kafka's mutable.Map.
    ordered j = ordered::object();
    j["features"] = features;
    j["version"] = f.version;
    j["status"] = f.status;
    return to_bytes(j);
}

result<feature_znode> decode_feature_znode(byte_span bytes) {
    const std::string text = text_of(bytes);
    auto j = parse(bytes);
    if (!j || !j->is_object()) return malformed("Failed to parse feature information: " + text);
    auto version = as_int<int32_t>(field(*j, "version"));
    if (!version) return malformed("Failed to parse feature information: " + text);
    if (*version < 1 || *version > 2)
        return malformed("Unsupported version: " + std::to_string(*version) + " of feature information: " + text);
    const json* status_v = field(*j, "status");
    if (!status_v || status_v->is_null()) return malformed("Status can not be absent in feature information: " + text);
    auto status = as_int<int32_t>(status_v);
    if (!status) return malformed("Failed to parse feature information: " + text);
    if (*status != 0 && *status != 1)
        return malformed("Malformed status: Some(" + std::to_string(*status) +
                         ") found in feature information: " + text);
    const json* features = field(*j, "features");
    if (!features || features->is_null()) return malformed("Features map can not be absent in: " + text);
    if (!features->is_object()) return malformed("Failed to parse feature information: " + text);
    feature_znode f;
    f.version = *version;
    f.status = *status;
    for (const auto& [name, levels] : features->items()) {
        if (!levels.is_object()) return malformed("Failed to parse feature information: " + text);
        std::optional<int32_t> lo, hi;
        if (const json* v = field(levels, "min_version_level")) {
            lo = as_int<int32_t>(v);
            if (!lo) return malformed("Failed to parse feature information: " + text);
        }
        if (const json* v = field(levels, "max_version_level")) {
            hi = as_int<int32_t>(v);
            if (!hi) return malformed("Failed to parse feature information: " + text);
        }
        // Kafka prints the Scala Map: "Map(max_version_level -> 2)".
        auto scala_map = [](const json& obj) {
            std::string m = "Map(";
            bool first = true;
            for (const auto& [k, v] : obj.items()) {
                if (!first) m += ", ";
                first = false;
                m += k + " -> " + dump_of(v);
            }
            return m + ")";
        };
        if (f.version == 1 && !lo) return malformed("min_version_level absent in [" + scala_map(levels) + "]");
        if (!hi) return malformed("max_version_level absent in [" + scala_map(levels) + "]");
        if (f.version == 1 && (*lo < 1 || *hi < *lo))
            return malformed("Expected minValue >= 1, maxValue >= 1 and maxValue >= minValue, but received minValue: " +
                             std::to_string(*lo) + ", maxValue: " + std::to_string(*hi));
        if (*hi < 1)
            return malformed("Expected maxValue >= 1, but received maxValue: " + std::to_string(*hi));
        f.features[name] = int16_t(*hi);
    }
    return f;
}

}  // namespace odradek::coordination::kafka
