#include "config/broker_config.h"

#include <arpa/inet.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "config/topic_config.h"

namespace odradek::config {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
    return out;
}

std::string_view trim_ws(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r' ||
                          s.front() == '\f' || s.front() == '\v'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r' ||
                          s.back() == '\f' || s.back() == '\v'))
        s.remove_suffix(1);
    return s;
}

// CoreUtils.parseCsvList: split on /\s*,\s*/ and drop empty entries.
std::vector<std::string> parse_csv_list(std::string_view s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        size_t comma = s.find(',', start);
        std::string_view part = trim_ws(s.substr(start, comma == std::string_view::npos ? s.npos : comma - start));
        if (!part.empty()) out.emplace_back(part);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}

error requirement(std::string_view msg) { return error(errc::invalid_config, fmt::format("requirement failed: {}", msg)); }
error config_error(std::string msg) { return error(errc::invalid_config, std::move(msg)); }

bool is_ipv4(const std::string& h) {
    in_addr a{};
    return inet_pton(AF_INET, h.c_str(), &a) == 1;
}
bool is_ipv6(const std::string& h) {
    in6_addr a{};
    return inet_pton(AF_INET6, h.c_str(), &a) == 1;
}

bool valid_host_char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '%' ||
           c == '.' || c == '_' || c == ':';
}

// EndPoint.createEndPoint: NAME://host:port, NAME://[v6]:port, NAME://:port.
result<endpoint> parse_endpoint(std::string_view s, const std::vector<std::pair<std::string, security_protocol>>& map) {
    auto unparsable = [&] { return error(errc::invalid_config, fmt::format("Unable to parse {} to a broker endpoint", s)); };
    size_t sep = s.rfind("://");
    if (sep == std::string_view::npos) return unparsable();
    std::string_view name = s.substr(0, sep);
    std::string_view rest = s.substr(sep + 3);
    size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos) return unparsable();
    std::string_view host = rest.substr(0, colon);
    std::string_view port = rest.substr(colon + 1);
    if (host.starts_with('[')) host.remove_prefix(1);
    if (host.ends_with(']')) host.remove_suffix(1);
    if (!std::all_of(host.begin(), host.end(), valid_host_char)) return unparsable();
    std::string_view digits = port.starts_with('-') ? port.substr(1) : port;
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        digits.size() > 10) {
        return unparsable();
    }
    int64_t p = std::stoll(std::string(digits));
    if (port.starts_with('-')) p = -p;
    if (p > INT32_MAX || p < INT32_MIN) return unparsable();
    endpoint ep;
    ep.listener_name = upper(name);
    ep.host = std::string(host);
    ep.port = int32_t(p);
    auto it = std::find_if(map.begin(), map.end(), [&](const auto& e) { return e.first == ep.listener_name; });
    if (it == map.end()) {
        return error(errc::invalid_config, fmt::format("No security protocol defined for listener {}", ep.listener_name));
    }
    ep.protocol = it->second;
    return ep;
}

std::string join_names(const std::vector<endpoint>& eps) {
    std::string out;
    for (const auto& e : eps) {
        if (!out.empty()) out += ',';
        out += e.listener_name;
    }
    return out;
}

bool has_listener(const std::vector<endpoint>& eps, std::string_view name) {
    return std::any_of(eps.begin(), eps.end(), [&](const endpoint& e) { return e.listener_name == name; });
}

}  // namespace

std::string_view security_protocol_name(security_protocol p) noexcept {
    switch (p) {
        case security_protocol::plaintext: return "PLAINTEXT";
        case security_protocol::ssl: return "SSL";
        case security_protocol::sasl_plaintext: return "SASL_PLAINTEXT";
        case security_protocol::sasl_ssl: return "SASL_SSL";
    }
    return "UNKNOWN";
}

std::optional<security_protocol> parse_security_protocol(std::string_view name) {
    std::string u = upper(name);
    for (auto p : {security_protocol::plaintext, security_protocol::ssl, security_protocol::sasl_plaintext,
                   security_protocol::sasl_ssl}) {
        if (security_protocol_name(p) == u) return p;
    }
    return std::nullopt;
}

std::string endpoint::connection_string() const {
    if (host.empty()) return fmt::format("{}://:{}", listener_name, port);
    if (host.find(':') != std::string::npos) return fmt::format("{}://[{}]:{}", listener_name, host, port);
    return fmt::format("{}://{}:{}", listener_name, host, port);
}

result<std::vector<std::pair<std::string, security_protocol>>> parse_security_protocol_map(std::string_view value) {
    std::vector<std::pair<std::string, security_protocol>> out;
    if (value.empty()) return out;
    size_t start = 0;
    while (true) {
        size_t comma = value.find(',', start);
        std::string_view entry = trim_ws(value.substr(start, comma == std::string_view::npos ? value.npos : comma - start));
        size_t colon = entry.rfind(':');
        if (colon == std::string_view::npos) {
            return error(errc::invalid_config,
                         fmt::format("Error parsing configuration property 'listener.security.protocol.map': "
                                     "entry '{}' is not of the form NAME:PROTOCOL",
                                     entry));
        }
        std::string name = upper(trim_ws(entry.substr(0, colon)));
        std::string_view proto = trim_ws(entry.substr(colon + 1));
        auto p = parse_security_protocol(proto);
        if (!p) {
            return error(errc::invalid_config,
                         fmt::format("Invalid security protocol `{}` defined in listener.security.protocol.map", proto));
        }
        // A later duplicate replaces an earlier one, as building a Map does.
        auto it = std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.first == name; });
        if (it != out.end()) it->second = *p;
        else out.emplace_back(std::move(name), *p);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}

result<std::vector<endpoint>> parse_listeners(std::string_view listeners,
                                              const std::vector<std::pair<std::string, security_protocol>>& map,
                                              bool require_distinct_ports) {
    std::vector<endpoint> eps;
    for (const auto& item : parse_csv_list(listeners)) {
        auto ep = parse_endpoint(item, map);
        if (!ep) {
            return error(errc::invalid_config,
                         fmt::format("Error creating broker listeners from '{}': {}", listeners, ep.err().detail));
        }
        eps.push_back(std::move(*ep));
    }
    for (size_t i = 0; i < eps.size(); ++i) {
        for (size_t j = i + 1; j < eps.size(); ++j) {
            if (eps[i].listener_name == eps[j].listener_name) {
                return requirement(fmt::format("Each listener must have a different name, listeners: {}", listeners));
            }
        }
    }
    if (!require_distinct_ports) return eps;
    // Ports shared by several listeners (port 0 excepted) are allowed only for
    // exactly one IPv4 and one IPv6 literal address.
    std::map<int32_t, std::vector<const endpoint*>> by_port;
    for (const auto& e : eps) {
        if (e.port != 0) by_port[e.port].push_back(&e);
    }
    for (const auto& [port, group] : by_port) {
        if (group.size() < 2) continue;
        std::vector<const endpoint*> with_ip;
        std::vector<const endpoint*> without_ip;
        for (const auto* e : group) (is_ipv4(e->host) || is_ipv6(e->host) ? with_ip : without_ip).push_back(e);
        if (without_ip.size() > 1) {
            return requirement(fmt::format("Each listener must have a different port, listeners: {}", listeners));
        }
        if (with_ip.size() == 2) {
            bool v4v6 = (is_ipv4(with_ip[0]->host) && is_ipv6(with_ip[1]->host)) ||
                        (is_ipv6(with_ip[0]->host) && is_ipv4(with_ip[1]->host));
            std::string msg = fmt::format(
                "If you have two listeners on the same port then one needs to be IPv4 and the other IPv6, "
                "listeners: {}, port: {}",
                listeners, port);
            if (!v4v6) return requirement(msg);
            if (!without_ip.empty()) return config_error(msg);
        } else if (with_ip.size() > 2) {
            return config_error(fmt::format(
                "Each listener must have a different port unless exactly one listener has an IPv4 address and the "
                "other IPv6 address, listeners: {}, port: {}",
                listeners, port));
        }
    }
    return eps;
}

zk_connect_string split_zk_connect(std::string_view connect) {
    zk_connect_string out;
    size_t slash = connect.find('/');
    if (slash == std::string_view::npos || slash == 0) {
        out.hosts = std::string(connect);
        return out;
    }
    out.hosts = std::string(connect.substr(0, slash));
    out.chroot = std::string(connect.substr(slash));
    return out;
}

namespace {

// listener.name.<l>.<key> for a key that only a broker's own layer may set
// (DynamicBrokerConfig.perBrokerConfigs: all but the cluster-level listener keys).
bool is_per_broker_listener_key(std::string_view k) {
    constexpr std::string_view prefix = "listener.name.";
    if (!k.starts_with(prefix)) return false;
    size_t dot = k.find('.', prefix.size());
    if (dot == std::string_view::npos) return false;
    std::string_view base = k.substr(dot + 1);
    return base != "max.connections" && base != "max.connection.creation.rate" && base != "num.network.threads";
}

}  // namespace

status validate_dynamic_broker_update(const properties& update, bool per_broker) {
    static constexpr std::string_view kSecurityConfigs[] = {
        "ssl.keystore.type",   "ssl.keystore.location",   "ssl.keystore.password", "ssl.key.password",
        "ssl.truststore.type", "ssl.truststore.location", "ssl.truststore.password",
        "ssl.keystore.certificate.chain", "ssl.keystore.key", "ssl.truststore.certificates"};
    static const config_key kThrottleKeys[] = {
        {"leader.replication.throttled.rate", config_type::int64, default_value::of("9223372036854775807"), at_least(0)},
        {"follower.replication.throttled.rate", config_type::int64, default_value::of("9223372036854775807"), at_least(0)},
        {"replica.alter.log.dirs.io.max.bytes.per.second", config_type::int64, default_value::of("9223372036854775807"),
         at_least(0)},
    };
    const config_def& def = broker_config_def();
    auto set_string = [](const std::vector<std::string>& names) {
        std::string out = "Set(";
        for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
        return out + ")";
    };
    std::vector<std::string> non_dynamic;
    std::vector<std::string> unprefixed_security;
    std::vector<std::string> broker_only;
    for (const auto& [k, v] : update) {
        const config_key* key = def.find(k);
        if (key != nullptr && key->dynamic == dynamic_mode::read_only) non_dynamic.push_back(k);
        if (std::find(std::begin(kSecurityConfigs), std::end(kSecurityConfigs), k) != std::end(kSecurityConfigs)) {
            unprefixed_security.push_back(k);
        }
        if (k.starts_with("listener.name.")) {
            if (is_per_broker_listener_key(k)) broker_only.push_back(k);
        } else if (key != nullptr && key->dynamic == dynamic_mode::per_broker) {
            broker_only.push_back(k);
        }
    }
    if (!non_dynamic.empty()) {
        return config_error("Cannot update these configs dynamically: " + set_string(non_dynamic));
    }
    if (!unprefixed_security.empty()) {
        return config_error(
            "These security configs can be dynamically updated only per-listener using the listener prefix: " +
            set_string(unprefixed_security));
    }
    for (const auto& [k, v] : update) {
        std::string_view base = k;
        if (base.starts_with("listener.name.")) {
            size_t dot = base.find('.', std::string_view("listener.name.").size());
            if (dot == std::string_view::npos) continue;
            base = base.substr(dot + 1);
        }
        const config_key* key = def.find(base);
        if (key == nullptr) {
            for (const auto& t : kThrottleKeys) {
                if (t.name == base) key = &t;
            }
        }
        if (key == nullptr) continue;  // custom keys are allowed
        ODRADEK_TRY(parse_value(*key, v));
    }
    if (!per_broker && !broker_only.empty()) {
        return config_error("Cannot update these configs at default cluster level, broker id must be specified: " +
                            set_string(broker_only));
    }
    return ok();
}

result<broker_config> broker_config::create(const properties& static_props) {
    return create(static_props, properties{}, properties{});
}

result<broker_config> broker_config::create(const properties& static_props, const properties& dynamic_default,
                                            const properties& dynamic_broker) {
    const config_def& def = broker_config_def();
    broker_config cfg;
    cfg.static_ = static_props;
    // Like DynamicBrokerConfig.fromPersistentProps: the cluster default keeps
    // cluster-wide keys only, the per-broker layer any dynamic key; both keep
    // keys Kafka does not define (custom configs), except per-listener ones
    // at the default level.
    for (const auto& [k, v] : dynamic_default) {
        const config_key* key = def.find(k);
        bool keep = key != nullptr ? key->dynamic == dynamic_mode::cluster_wide : !is_per_broker_listener_key(k);
        if (keep) cfg.dynamic_default_.set(k, v);
    }
    for (const auto& [k, v] : dynamic_broker) {
        const config_key* key = def.find(k);
        if (key == nullptr || key->dynamic != dynamic_mode::read_only) cfg.dynamic_broker_.set(k, v);
    }
    // DynamicBrokerConfig.overrideProps: a layer's key replaces its synonyms
    // from the layers below, so a dynamic log.retention.hours beats a static
    // log.retention.ms.
    properties merged = cfg.static_;
    for (const properties* layer : {&cfg.dynamic_default_, &cfg.dynamic_broker_}) {
        for (const auto& [k, v] : *layer) {
            for (auto syn : broker_config_synonyms(k)) merged.erase(syn);
            merged.set(k, v);
        }
    }
    // KafkaConfig.populateSynonyms: broker.id and node.id stand in for each other.
    const std::string* broker_id = merged.find("broker.id");
    const std::string* node_id = merged.find("node.id");
    if (broker_id == nullptr && node_id != nullptr) merged.set("broker.id", *node_id);
    else if (broker_id != nullptr && node_id == nullptr) merged.set("node.id", *broker_id);

    ODRADEK_TRY_ASSIGN(cfg.values_, def.parse(merged));
    ODRADEK_TRY(cfg.validate());
    return cfg;
}

std::vector<std::string> broker_config::unknown_keys() const {
    std::vector<std::string> out = values_.unknown_keys();
    std::erase_if(out, [](const std::string& k) { return k.starts_with("listener.name."); });
    return out;
}

int32_t broker_config::zookeeper_connection_timeout_ms() const {
    return values_.get_optional_int("zookeeper.connection.timeout.ms").value_or(zookeeper_session_timeout_ms());
}

int64_t broker_config::log_retention_ms() const {
    int64_t ms = 0;
    if (auto v = values_.get_optional_long("log.retention.ms")) {
        ms = *v;
    } else if (auto m = values_.get_optional_int("log.retention.minutes")) {
        ms = int64_t(*m) * 60 * 1000;
    } else {
        ms = int64_t(values_.get_int("log.retention.hours")) * 60 * 60 * 1000;
    }
    return ms < 0 ? -1 : ms;
}

int64_t broker_config::log_roll_ms() const {
    if (auto v = values_.get_optional_long("log.roll.ms")) return *v;
    return int64_t(values_.get_int("log.roll.hours")) * 60 * 60 * 1000;
}

int64_t broker_config::log_roll_jitter_ms() const {
    if (auto v = values_.get_optional_long("log.roll.jitter.ms")) return *v;
    return int64_t(values_.get_int("log.roll.jitter.hours")) * 60 * 60 * 1000;
}

int64_t broker_config::log_flush_interval_ms() const {
    if (auto v = values_.get_optional_long("log.flush.interval.ms")) return *v;
    return values_.get_long("log.flush.scheduler.interval.ms");
}

status broker_config::validate() {
    const parsed_config& v = values_;
    // KRaft first: every later check assumes ZooKeeper mode.
    if (const auto& roles = v.get_list("process.roles"); !roles.empty()) {
        std::string shown;
        for (const auto& r : roles) shown += (shown.empty() ? "" : ", ") + r;
        return error(errc::unsupported,
                     fmt::format("KRaft mode is not supported: process.roles is set to [{}]. Odradek runs in "
                                 "ZooKeeper mode only; remove process.roles and set zookeeper.connect.",
                                 shown));
    }
    if (v.get_int("node.id") != v.get_int("broker.id")) {
        return config_error("You must set `node.id` to the same value as `broker.id`.");
    }
    auto zk = v.get_string("zookeeper.connect");
    if (!zk) {
        return error(errc::missing_required, "Missing required configuration `zookeeper.connect` which has no default value.");
    }
    zk_ = split_zk_connect(*zk);
    int32_t id = broker_id();
    if (broker_id_generation_enable()) {
        if (id < -1 || id > reserved_broker_max_id()) {
            return requirement("broker.id must be greater than or equal to -1 and not greater than reserved.broker.max.id");
        }
    } else if (id < 0) {
        return requirement("broker.id must be greater than or equal to 0");
    }
    if (log_roll_ms() < 1) return requirement("log.roll.ms must be greater than or equal to 1");
    if (log_roll_jitter_ms() < 0) return requirement("log.roll.jitter.ms must be greater than or equal to 0");
    int64_t retention = log_retention_ms();
    if (!(retention >= 1 || retention == -1)) {
        return requirement("log.retention.ms must be unlimited (-1) or, greater than or equal to 1");
    }
    auto dirs = v.get_string("log.dirs");
    if (!dirs) dirs = v.get_string("log.dir");
    log_dirs_ = dirs ? parse_csv_list(*dirs) : std::vector<std::string>{};
    if (log_dirs_.empty()) return requirement("At least one log directory must be defined via log.dirs or log.dir.");
    if (v.get_bool("remote.log.storage.system.enable") && log_dirs_.size() > 1) {
        std::string joined;
        for (const auto& d : log_dirs_) joined += (joined.empty() ? "" : ",") + d;
        return config_error(fmt::format(
            "Multiple log directories `{}` are not supported when remote log storage is enabled", joined));
    }
    int32_t cleaner_threads = v.get_int("log.cleaner.threads");
    if (cleaner_threads == 0) return config_error("/ by zero");  // Kafka divides by the thread count here
    if (v.get_long("log.cleaner.dedupe.buffer.size") / cleaner_threads <= 1024 * 1024) {
        return requirement("log.cleaner.dedupe.buffer.size must be at least 1MB per cleaner thread.");
    }
    int32_t fetch_wait = v.get_int("replica.fetch.wait.max.ms");
    if (fetch_wait > v.get_int("replica.socket.timeout.ms")) {
        return requirement(
            "replica.socket.timeout.ms should always be at least replica.fetch.wait.max.ms to prevent unnecessary "
            "socket timeouts");
    }
    if (fetch_wait > v.get_long("replica.lag.time.max.ms")) {
        return requirement(
            "replica.fetch.wait.max.ms should always be less than or equal to replica.lag.time.max.ms to prevent "
            "frequent changes in ISR");
    }
    int16_t acks = v.get_short("offsets.commit.required.acks");
    if (acks < -1 || acks > v.get_short("offsets.topic.replication.factor")) {
        return requirement(
            "offsets.commit.required.acks must be greater or equal -1 and less or equal to "
            "offsets.topic.replication.factor");
    }

    // Listeners.
    ODRADEK_TRY_ASSIGN(protocol_map_, parse_security_protocol_map(*v.get_string("listener.security.protocol.map")));
    if (auto name = v.get_string("inter.broker.listener.name")) {
        if (v.was_supplied("security.inter.broker.protocol")) {
            return config_error("Only one of inter.broker.listener.name and security.inter.broker.protocol should be set.");
        }
        inter_broker_listener_ = upper(*name);
        auto it = std::find_if(protocol_map_.begin(), protocol_map_.end(),
                               [&](const auto& e) { return e.first == inter_broker_listener_; });
        if (it == protocol_map_.end()) {
            return config_error(fmt::format(
                "Listener with name {} defined in inter.broker.listener.name not found in "
                "listener.security.protocol.map.",
                inter_broker_listener_));
        }
        inter_broker_protocol_ = it->second;
    } else {
        auto proto = v.get_string("security.inter.broker.protocol");
        auto p = parse_security_protocol(*proto);
        if (!p) return config_error(fmt::format("Invalid security protocol `{}` defined in security.inter.broker.protocol", *proto));
        inter_broker_protocol_ = *p;
        inter_broker_listener_ = std::string(security_protocol_name(*p));
    }
    if (auto name = v.get_string("control.plane.listener.name")) {
        std::string n = upper(*name);
        if (std::none_of(protocol_map_.begin(), protocol_map_.end(), [&](const auto& e) { return e.first == n; })) {
            return config_error(fmt::format(
                "Listener with {} defined in control.plane.listener.name not found in listener.security.protocol.map.", n));
        }
        control_plane_listener_ = std::move(n);
    }
    auto advertised = v.get_string("advertised.listeners");
    if (advertised) {
        ODRADEK_TRY_ASSIGN(advertised_, parse_listeners(*advertised, protocol_map_, false));
    }
    ODRADEK_TRY_ASSIGN(listeners_, parse_listeners(*v.get_string("listeners"), protocol_map_, true));
    if (!advertised) advertised_ = listeners_;

    if (v.get_bool("zookeeper.metadata.migration.enable")) {
        return error(errc::unsupported, "ZooKeeper to KRaft migration (zookeeper.metadata.migration.enable) is not supported");
    }
    if (auto names = v.get_string("controller.listener.names"); names && !names->empty()) {
        std::string shown;
        for (const auto& n : parse_csv_list(*names)) shown += (shown.empty() ? "" : ", ") + n;
        return requirement(fmt::format(
            "controller.listener.names must be empty when not running in KRaft mode: [{}]", shown));
    }
    if (advertised_.empty()) return requirement("There must be at least one advertised listener.");
    if (!has_listener(advertised_, inter_broker_listener_)) {
        return requirement(fmt::format(
            "inter.broker.listener.name must be a listener name defined in advertised.listeners. The valid options "
            "based on currently configured listeners are {}",
            join_names(advertised_)));
    }
    for (const auto& a : advertised_) {
        if (!has_listener(listeners_, a.listener_name)) {
            return requirement(fmt::format(
                "advertised.listeners listener names must be equal to or a subset of the ones defined in listeners. "
                "Found {}. The valid options based on the current configuration are {}",
                join_names(advertised_), join_names(listeners_)));
        }
    }
    for (const auto& a : advertised_) {
        if (a.host == "0.0.0.0") {
            return requirement(
                "advertised.listeners cannot use the nonroutable meta-address 0.0.0.0. Use a routable IP address.");
        }
    }
    if (control_plane_listener_) {
        if (!has_listener(advertised_, *control_plane_listener_)) {
            return requirement(fmt::format(
                "control.plane.listener.name must be a listener name defined in advertised.listeners. The valid "
                "options based on currently configured listeners are {}",
                join_names(advertised_)));
        }
        if (*control_plane_listener_ == inter_broker_listener_) {
            return requirement(fmt::format(
                "control.plane.listener.name, when defined, should have a different value from the inter broker "
                "listener name. Currently they both have the value {}",
                *control_plane_listener_));
        }
    }

    // Remaining single-purpose checks, in KafkaConfig's order.
    int64_t queued_bytes = v.get_long("queued.max.request.bytes");
    if (!(queued_bytes <= 0 || queued_bytes >= v.get_int("socket.request.max.bytes"))) {
        return requirement("queued.max.request.bytes must be larger or equal to socket.request.max.bytes");
    }
    // max.connections.per.ip.overrides: "host:count,..." (CoreUtils.parseCsvMap, then toInt).
    std::string_view overrides = *v.get_string("max.connections.per.ip.overrides");
    std::vector<std::string> invalid_hosts;
    for (const auto& entry : parse_csv_list(overrides)) {
        size_t colon = entry.rfind(':');
        if (colon == std::string::npos) {
            return config_error(fmt::format(
                "Error parsing configuration property 'max.connections.per.ip.overrides': entry '{}' is not of the "
                "form host:count",
                entry));
        }
        std::string host(trim_ws(std::string_view(entry).substr(0, colon)));
        std::string count(trim_ws(std::string_view(entry).substr(colon + 1)));
        static const config_key kCount = {"max.connections.per.ip.overrides", config_type::int32,
                                          default_value::of("0"), no_validator()};
        if (!parse_value(kCount, count)) {
            return config_error(fmt::format("For input string: \"{}\"", count));
        }
        if (!std::all_of(host.begin(), host.end(), valid_host_char)) invalid_hosts.push_back(host);
    }
    if (v.get_int("max.connections.per.ip") == 0 && overrides.empty()) {
        return requirement("max.connections.per.ip can be set to zero only if max.connections.per.ip.overrides property is set.");
    }
    if (!invalid_hosts.empty()) {
        std::string joined;
        for (const auto& h : invalid_hosts) joined += (joined.empty() ? "" : ",") + h;
        return config_error("max.connections.per.ip.overrides contains invalid addresses : " + joined);
    }
    int64_t idle = v.get_long("connections.max.idle.ms");
    int32_t delay = v.get_int("connection.failed.authentication.delay.ms");
    if (idle >= 0 && !(delay < idle)) {
        return requirement(fmt::format(
            "connection.failed.authentication.delay.ms={} should always be less than connections.max.idle.ms={} to "
            "prevent failed authentication responses from timing out",
            delay, idle));
    }
    struct ordered {
        std::string_view lower;
        std::string_view higher;
        const char* relation;  // how `higher` relates to `lower` in the message
    };
    // Each pair: value(higher) must be >= value(lower).
    const ordered checks[] = {
        {"group.consumer.min.heartbeat.interval.ms", "group.consumer.max.heartbeat.interval.ms", "greater"},
        {"group.consumer.min.heartbeat.interval.ms", "group.consumer.heartbeat.interval.ms", "greater"},
        {"group.consumer.heartbeat.interval.ms", "group.consumer.max.heartbeat.interval.ms", "less"},
        {"group.consumer.min.session.timeout.ms", "group.consumer.max.session.timeout.ms", "greater"},
        {"group.consumer.min.session.timeout.ms", "group.consumer.session.timeout.ms", "greater"},
        {"group.consumer.session.timeout.ms", "group.consumer.max.session.timeout.ms", "less"},
    };
    for (const auto& c : checks) {
        if (v.get_int(c.higher) < v.get_int(c.lower)) {
            if (std::string_view(c.relation) == "greater") {
                return requirement(fmt::format("{} must be greater than or equals to {}", c.higher, c.lower));
            }
            return requirement(fmt::format("{} must be less than or equals to {}", c.lower, c.higher));
        }
    }
    return ok();
}

}  // namespace odradek::config
