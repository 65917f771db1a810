#include "client/cluster.h"

#include <algorithm>
#include <thread>

#include "protocol/messages/metadata.h"

namespace odradek::client {

namespace {
constexpr const char* kNetworkClient = "org.apache.kafka.clients.NetworkClient";
}  // namespace

const broker_node* cluster_metadata::find_broker(int32_t id) const {
    for (const broker_node& b : brokers)
        if (b.id == id) return &b;
    return nullptr;
}

const topic_metadata* cluster_metadata::find_topic(const std::string& name) const {
    for (const topic_metadata& t : topics)
        if (t.name == name) return &t;
    return nullptr;
}

result<std::unique_ptr<cluster>> cluster::create(client_config config) {
    ODRADEK_TRY_ASSIGN(auto bootstrap, parse_bootstrap_servers(config.bootstrap_servers));
    return std::unique_ptr<cluster>(new cluster(std::move(config), std::move(bootstrap)));
}

void cluster::log(log_level level, const std::string& message, const std::string& logger) const {
    if (config_.log) config_.log(level, config_.log_context + message, logger);
}

void cluster::sleep_for(millis d, time_point deadline) const {
    time_point until = std::min(deadline, clock::now() + d);
    while (clock::now() < until && !cancelled()) {
        auto left = std::chrono::duration_cast<millis>(until - clock::now());
        std::this_thread::sleep_for(std::min<millis>(left, millis(kCancelSliceMs)));
    }
}

bool cluster::is_transport_error(const error& e) {
    return e.code == make_error_code(errc::disconnected) || e.code == make_error_code(errc::timeout) ||
           e.code == make_error_code(errc::bad_response) || e.code == make_error_code(errc::connection_failed);
}

std::string cluster::transport_warning(int32_t node, const error& e) const {
    return "Disconnecting from node " + std::to_string(node) + " after a failed request: " + e.message();
}

std::optional<endpoint> cluster::address_of(int32_t id) const {
    if (id < 0 && id >= -int32_t(bootstrap_.size())) return bootstrap_[size_t(-id - 1)];
    if (const broker_node* b = metadata_.find_broker(id)) return endpoint{b->host, b->port};
    return std::nullopt;
}

std::vector<int32_t> cluster::candidates() const {
    std::vector<int32_t> ids;
    auto add = [&](int32_t id) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    };
    // Open connections first (the last one used before the others), then
    // known brokers, then the bootstrap servers.
    if (last_used_ != kAnyNode) {
        auto it = nodes_.find(last_used_);
        if (it != nodes_.end() && it->second.conn && it->second.conn->usable()) add(last_used_);
    }
    for (const auto& [id, st] : nodes_)
        if (st.conn && st.conn->usable()) add(id);
    for (const broker_node& b : metadata_.brokers) add(b.id);
    for (size_t i = 0; i < bootstrap_.size(); ++i) add(-int32_t(i) - 1);
    return ids;
}

result<connection*> cluster::try_connect(int32_t id, time_point deadline) {
    node_state& st = nodes_[id];
    if (st.conn && st.conn->usable()) return st.conn.get();
    st.conn.reset();
    std::optional<endpoint> ep = address_of(id);
    if (!ep) return error(errc::connection_failed, "unknown node " + std::to_string(id));
    connection_options opts;
    opts.client_id = config_.client_id;
    opts.cancel = config_.cancel;
    opts.max_response_bytes = config_.max_response_bytes;
    time_point connect_deadline = std::min(deadline, clock::now() + config_.connect_timeout);
    auto c = connection::open(id, ep->host, ep->port, opts, connect_deadline);
    if (!c) {
        if (c.err().code == make_error_code(errc::cancelled)) return std::move(c).err();
        if (c.err().code == make_error_code(errc::connection_failed) ||
            c.err().code == make_error_code(errc::timeout) || c.err().code == make_error_code(errc::disconnected)) {
            std::string where = c.err().detail.empty() ? ep->host + ":" + std::to_string(ep->port) : c.err().detail;
            // A detail from a failed read/write carries ": reason" after the address.
            if (size_t colon = where.find(": "); colon != std::string::npos) where.resize(colon);
            last_connect_warning_ = "Connection to node " + std::to_string(id) + " (" + where +
                                    ") could not be established. Broker may not be available.";
            log(log_level::warn, last_connect_warning_, kNetworkClient);
            st.backoff = st.backoff.count() == 0 ? config_.reconnect_backoff
                                                 : std::min(st.backoff * 2, config_.reconnect_backoff_max);
            st.next_attempt = clock::now() + st.backoff;
            if (!unreachable_since_) unreachable_since_ = clock::now();
            return error(errc::connection_failed, last_connect_warning_);
        }
        // Connected, but the handshake failed (unsupported versions, a bad
        // answer): not a reachability problem.
        return std::move(c).err();
    }
    st.conn = std::move(c).value();
    st.backoff = millis(0);
    unreachable_since_.reset();
    return st.conn.get();
}

connection* cluster::connected(int32_t node) noexcept {
    auto it = nodes_.find(node);
    if (it == nodes_.end() || !it->second.conn || !it->second.conn->usable()) return nullptr;
    return it->second.conn.get();
}

result<connection*> cluster::node(int32_t id, time_point deadline) {
    for (;;) {
        if (cancelled()) return error(errc::cancelled, "waiting for a connection");
        int32_t target = id;
        if (id == kControllerNode) target = metadata_.controller_id >= 0 ? metadata_.controller_id : kAnyNode;
        if (target >= 0 && !address_of(target)) {
            // A broker id we have no address for yet (no metadata so far):
            // learn the brokers first; an id that is not among them never
            // will be reachable, so say so instead of waiting.
            ODRADEK_TRY(refresh(std::vector<std::string>{}, false, deadline));
            if (!address_of(target)) {
                std::string live;
                for (const auto& b : metadata_.brokers) live += (live.empty() ? "" : ", ") + std::to_string(b.id);
                return error(errc::connection_failed, "broker " + std::to_string(target) +
                                                          " is not in the cluster (live brokers: " +
                                                          (live.empty() ? "none" : live) + ")");
            }
        }
        time_point now = clock::now();
        std::vector<int32_t> ids;
        if (target == kAnyNode)
            ids = candidates();
        else
            ids.push_back(target);
        time_point earliest = time_point::max();
        for (int32_t n : ids) {
            auto it = nodes_.find(n);
            if (it != nodes_.end() && !(it->second.conn && it->second.conn->usable()) && it->second.next_attempt > now) {
                earliest = std::min(earliest, it->second.next_attempt);
                continue;
            }
            auto c = try_connect(n, deadline);
            if (c) {
                if (target == kAnyNode) last_used_ = n;
                return c;
            }
            if (c.err().code != make_error_code(errc::connection_failed)) return c;
            auto again = nodes_.find(n);
            if (again != nodes_.end()) earliest = std::min(earliest, again->second.next_attempt);
        }
        now = clock::now();
        if (unreachable_since_ && now - *unreachable_since_ >= config_.unreachable_timeout)
            return error(errc::connection_failed, last_connect_warning_);
        if (now >= deadline) {
            // Every attempt since the streak began failed: the cluster is
            // unreachable, whichever bound ended the wait.
            if (unreachable_since_) return error(errc::connection_failed, last_connect_warning_);
            return error(errc::timeout, "waiting for a connection to node " + std::to_string(target));
        }
        if (earliest == time_point::max()) earliest = now + config_.reconnect_backoff;
        time_point wake = std::min(earliest, deadline);
        if (unreachable_since_) wake = std::min(wake, *unreachable_since_ + config_.unreachable_timeout);
        sleep_for(std::chrono::duration_cast<millis>(wake - now) + millis(1), deadline);
    }
}

void cluster::drop(int32_t id) {
    auto it = nodes_.find(id);
    if (it != nodes_.end()) it->second.conn.reset();
    if (last_used_ == id) last_used_ = kAnyNode;
}

void cluster::invalidate_topic(const std::string& name) {
    auto& ts = metadata_.topics;
    ts.erase(std::remove_if(ts.begin(), ts.end(), [&](const topic_metadata& t) { return t.name == name; }), ts.end());
}

void cluster::merge(const cluster_metadata& fresh, bool all_topics) {
    metadata_.brokers = fresh.brokers;
    metadata_.cluster_id = fresh.cluster_id;
    metadata_.controller_id = fresh.controller_id;
    if (all_topics) {
        metadata_.topics = fresh.topics;
    } else {
        for (const topic_metadata& t : fresh.topics) {
            invalidate_topic(t.name);
            metadata_.topics.push_back(t);
        }
    }
    // Connections to brokers that left the cluster are closed.
    for (auto it = nodes_.begin(); it != nodes_.end();) {
        if (it->first >= 0 && metadata_.find_broker(it->first) == nullptr)
            it = nodes_.erase(it);
        else
            ++it;
    }
}

result<cluster_metadata> cluster::refresh(const std::optional<std::vector<std::string>>& topics, bool allow_auto_create,
                                          time_point deadline) {
    using protocol::metadata_request;
    using protocol::metadata_response;
    std::function<result<cluster_metadata>(connection&, time_point)> fn =
        [&](connection& c, time_point request_deadline) -> result<cluster_metadata> {
        ODRADEK_TRY_ASSIGN(int16_t v, c.version_for<metadata_request>());
        metadata_request req;
        if (topics) {
            std::vector<metadata_request::metadata_request_topic> list;
            for (const std::string& t : *topics) {
                metadata_request::metadata_request_topic rt;
                rt.name = t;
                list.push_back(std::move(rt));
            }
            req.topics = std::move(list);
        } else {
            // v0 asks for all topics with an empty list, later versions with null.
            if (v >= 1)
                req.topics = std::nullopt;
            else
                req.topics = std::vector<metadata_request::metadata_request_topic>();
        }
        req.allow_auto_topic_creation = allow_auto_create;
        ODRADEK_TRY_ASSIGN(auto resp, (c.call<metadata_response>(req, v, request_deadline)));
        cluster_metadata md;
        md.correlation_id = c.last_correlation_id();
        for (const auto& b : resp.body.brokers) md.brokers.push_back(broker_node{b.node_id, b.host, b.port, b.rack});
        std::sort(md.brokers.begin(), md.brokers.end(),
                  [](const broker_node& a, const broker_node& b) { return a.id < b.id; });
        md.cluster_id = resp.body.cluster_id;
        md.controller_id = resp.body.controller_id;
        for (const auto& t : resp.body.topics) {
            topic_metadata tm;
            tm.name = t.name.value_or("");
            tm.id = t.topic_id;
            tm.error_code = t.error_code;
            tm.is_internal = t.is_internal;
            for (const auto& p : t.partitions) {
                partition_metadata pm;
                pm.partition = p.partition_index;
                pm.error_code = p.error_code;
                pm.leader = p.leader_id;
                pm.leader_epoch = p.leader_epoch;
                pm.replicas = p.replica_nodes;
                pm.isr = p.isr_nodes;
                pm.offline_replicas = p.offline_replicas;
                tm.partitions.push_back(std::move(pm));
            }
            std::sort(tm.partitions.begin(), tm.partitions.end(),
                      [](const partition_metadata& a, const partition_metadata& b) { return a.partition < b.partition; });
            md.topics.push_back(std::move(tm));
        }
        return md;
    };
    ODRADEK_TRY_ASSIGN(cluster_metadata md, call<cluster_metadata>(kAnyNode, deadline, fn));
    merge(md, !topics.has_value());
    return md;
}

}  // namespace odradek::client
