#include "broker/zk_metadata.h"

#include <algorithm>

#include "config/broker_config.h"
#include "coordination/client/zk_errc.h"
#include "coordination/kafka/errc.h"
#include "coordination/kafka/zk_paths.h"
#include "coordination/zk_codes.h"
#include "protocol/error_code.h"

namespace odradek::broker {

namespace paths = zk::paths;

namespace {

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool contains(const std::vector<int32_t>& v, int32_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

zk_metadata::zk_metadata(zk_metadata_options opts, metadata_cache& cache, std::shared_ptr<spdlog::logger> log)
    : opts_(std::move(opts)), cache_(cache), log_(std::move(log)) {}

zk_metadata::~zk_metadata() { stop(); }

coordination::watch_with zk_metadata::watch() {
    // The default watcher: registered once per path however often a pass
    // asks (zk_client dedups it), and it only marks the view dirty.
    return coordination::watcher_fn{};
}

std::shared_ptr<zk::kafka_zk_client> zk_metadata::client() const {
    std::lock_guard lock(session_mu_);
    return kzk_;
}

status zk_metadata::reopen_session() {
    {
        std::lock_guard lock(session_mu_);
        if (zk_) zk_->close();
        kzk_.reset();
        zk_.reset();
    }
    coordination::client_options co;
    co.connect = opts_.connect;
    co.session_timeout_ms = opts_.session_timeout_ms;
    co.default_watcher = [this](const coordination::watched_event& e) {
        if (e.type == coordination::event_type::none && e.state == coordination::keeper_state::expired)
            session_expired_ = true;
        {
            std::lock_guard lock(mu_);
            dirty_ = true;
        }
        cv_.notify_all();
    };
    auto opened = coordination::sync_client::open(co);
    if (!opened) return opened.err();
    std::shared_ptr<coordination::sync_client> zk = std::move(*opened);
    log_->info("[ZooKeeperClient Kafka server] Initializing a new session to {}.", opts_.connect);
    if (!zk->wait_connected(std::chrono::milliseconds(opts_.connection_timeout_ms))) {
        return error(std::make_error_code(std::errc::timed_out),
                     "Timed out waiting for connection to ZooKeeper at " + opts_.connect +
                         " while in state: CONNECTING (zookeeper.connection.timeout.ms=" +
                         std::to_string(opts_.connection_timeout_ms) +
                         "). Is ZooKeeper running? Start it with bin/zookeeper-server-start.sh "
                         "config/zookeeper.properties");
    }
    log_->info("[ZooKeeperClient Kafka server] Connected.");
    zk::kafka_zk_client::options ko;
    ko.logger = log_;
    ko.now_ms = now_ms;
    ko.connection_wait = std::chrono::milliseconds(opts_.connection_timeout_ms);
    // The kafka_zk_client refers to its sync_client: one allocation owns both.
    struct session {
        std::shared_ptr<coordination::sync_client> zk;
        zk::kafka_zk_client kzk;
    };
    auto both = std::make_shared<session>(session{zk, zk::kafka_zk_client(*zk, ko)});
    {
        std::lock_guard lock(session_mu_);
        zk_ = std::move(zk);
        kzk_ = std::shared_ptr<zk::kafka_zk_client>(both, &both->kzk);
    }
    session_expired_ = false;
    return {};
}

status zk_metadata::connect() {
    log_->info("Connecting to zookeeper on {}", opts_.connect);
    auto split = config::split_zk_connect(opts_.connect);
    if (!split.chroot.empty()) {
        // Kafka creates the chroot path first, through a session without it.
        std::string full = opts_.connect;
        opts_.connect = split.hosts;
        ODRADEK_TRY(reopen_session());
        if (auto st = kzk_->make_sure_persistent_path_exists(split.chroot); !st) return st;
        opts_.connect = full;
    }
    ODRADEK_TRY(reopen_session());
    ODRADEK_TRY(kzk_->make_persistent_paths());
    ODRADEK_TRY_ASSIGN(cluster_id_, kzk_->get_or_create_cluster_id());
    log_->info("Cluster ID = {}", cluster_id_);
    return {};
}

status zk_metadata::register_broker() {
    // After a kill -9 the previous process's session (and its ephemeral
    // registration) lives on until the session timeout. Kafka fails the start
    // at once; we wait that long, then fail only if the node is still owned
    // by someone else — then another live broker really has our id.
    auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(opts_.session_timeout_ms) +
                   std::chrono::seconds(2);
    auto epoch = kzk_->register_broker(opts_.registration);
    bool said = false;
    while (!epoch && epoch.err().code == coordination::zk_error::node_exists &&
           std::chrono::steady_clock::now() < give_up) {
        if (!said) {
            log_->info("{} is held by another session (a previous run of this broker that was killed?); waiting up "
                       "to {} ms for that session to expire",
                       paths::broker(opts_.broker_id), opts_.session_timeout_ms + 2000);
            said = true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        epoch = kzk_->register_broker(opts_.registration);
    }
    if (!epoch) {
        if (epoch.err().code == coordination::zk_error::node_exists)
            return error(epoch.err().code,
                         "Error while creating ephemeral at " + paths::broker(opts_.broker_id) +
                             ", node already exists and owner does not match current session: another broker "
                             "with broker.id=" +
                             std::to_string(opts_.broker_id) +
                             " is registered in this cluster. Give each broker its own broker.id.");
        return epoch.err();
    }
    return {};
}

void zk_metadata::start(view_fn on_view) {
    on_view_ = std::move(on_view);
    thread_ = std::thread([this] { run(); });
}

void zk_metadata::wake() {
    {
        std::lock_guard lock(mu_);
        dirty_ = true;
    }
    cv_.notify_all();
}

void zk_metadata::stop() {
    {
        std::lock_guard lock(mu_);
        if (stopping_ && !thread_.joinable() && !zk_) return;
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(session_mu_);
    if (zk_) zk_->close();  // the ephemeral registration and /controller go with the session
    kzk_.reset();
    zk_.reset();
}

void zk_metadata::run() {
    for (;;) {
        {
            std::unique_lock lock(mu_);
            cv_.wait_for(lock, opts_.refresh_period, [&] { return dirty_ || stopping_; });
            if (stopping_) return;
            dirty_ = false;
        }
        if (session_expired_) {
            log_->info("[ZooKeeperClient Kafka server] Session expired; opening a new session and registering again.");
            controller_id_ = -1;
            if (auto st = reopen_session(); !st) {
                log_->error("Unable to reconnect to ZooKeeper: {}", st.err().message());
                session_expired_ = true;
                continue;
            }
            if (auto st = register_broker(); !st) log_->error("Re-registration failed: {}", st.err().message());
        }
        if (auto st = pass(); !st) {
            log_->warn("Reading the cluster metadata from ZooKeeper failed: {}; retrying", st.err().message());
            std::unique_lock lock(mu_);
            cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; });
            dirty_ = true;
        }
    }
}

status zk_metadata::read_view(cluster_view& v) {
    v.cluster_id = cluster_id_;
    ODRADEK_TRY_ASSIGN(auto ids, kzk_->get_broker_ids(watch()));
    for (int32_t id : ids) {
        ODRADEK_TRY_ASSIGN(auto b, kzk_->get_broker(id));
        if (b) v.brokers[id] = std::move(*b);
    }
    ODRADEK_TRY_ASSIGN(auto controller, kzk_->get_controller_id(watch()));
    v.controller_id = controller ? *controller : -1;
    ODRADEK_TRY_ASSIGN(auto deleting, kzk_->get_topics_marked_for_deletion(watch()));
    v.deleting.insert(deleting.begin(), deleting.end());
    ODRADEK_TRY_ASSIGN(auto topics, kzk_->get_all_topics(watch()));
    // Config changes are announced under /config/changes; watching it is
    // enough to notice topic and broker config updates.
    (void)kzk_->get_config_changes(watch());
    ODRADEK_TRY_ASSIGN(v.broker_default_config,
                       kzk_->get_entity_config(zk::config_type::broker, zk::default_entity_name));
    ODRADEK_TRY_ASSIGN(v.broker_config,
                       kzk_->get_entity_config(zk::config_type::broker, std::to_string(opts_.broker_id)));
    for (const auto& t : topics) {
        auto data = zk_->get_data(paths::topic(t), watch());
        if (!data) {
            if (data.err().code == coordination::zk_error::no_node) continue;  // deleted meanwhile
            return data.err();
        }
        auto assignment = zk::decode_topic_assignment(data->data);
        if (!assignment) {
            log_->error("Ignoring topic {}: its znode {} does not parse: {}", t, paths::topic(t),
                        assignment.err().message());
            continue;
        }
        for (const auto& [p, r] : assignment->partitions) {
            auto st = zk_->get_data(paths::partition_state(t, p), watch());
            if (!st) {
                if (st.err().code == coordination::zk_error::no_node) {
                    // Not created yet: watch for its creation.
                    (void)zk_->exists(paths::partition_state(t, p), watch());
                    continue;
                }
                return st.err();
            }
            auto decoded = zk::decode_partition_state(st->data, st->stat.version);
            if (decoded) v.states[{t, p}] = *decoded;
        }
        ODRADEK_TRY_ASSIGN(v.topic_configs[t], kzk_->get_entity_config(zk::config_type::topic, t));
        v.topics[t] = std::move(*assignment);
    }
    return {};
}

status zk_metadata::act_as_controller(cluster_view& v) {
    auto live = [&](int32_t id) { return v.brokers.count(id) != 0; };
    int32_t zkv = controller_epoch_zk_version_;

    if (opts_.delete_topic_enable) {
        for (const auto& t : v.deleting) {
            // Replicas drop their logs when the topic leaves /brokers/topics
            // (on_view); Kafka's controller sends StopReplica first, which
            // our brokers derive from the same change.
            log_->info("[Controller id={}] Deleting topic {}", opts_.broker_id, t);
            ODRADEK_TRY(kzk_->delete_topic_znodes(t, zkv));
            v.topics.erase(t);
            std::erase_if(v.states, [&](const auto& e) { return e.first.topic == t; });
        }
        v.deleting.clear();
    }

    // The broker default, with its dynamic layers (cluster default, then this broker's).
    bool unclean_default = opts_.unclean_leader_election_enable;
    for (const zk::config_map* layer : {&v.broker_default_config, &v.broker_config})
        if (auto k = layer->find("unclean.leader.election.enable"); k != layer->end())
            unclean_default = k->second == "true";
    for (const auto& [t, a] : v.topics) {
        auto unclean_it = v.topic_configs.find(t);
        bool unclean = unclean_default;
        if (unclean_it != v.topic_configs.end()) {
            auto k = unclean_it->second.find("unclean.leader.election.enable");
            if (k != unclean_it->second.end()) unclean = k->second == "true";
        }
        for (const auto& [p, r] : a.partitions) {
            std::vector<int32_t> live_replicas;
            for (int32_t b : r.replicas)
                if (live(b)) live_replicas.push_back(b);
            auto it = v.states.find({t, p});
            if (it == v.states.end()) {
                // New partition: the first live replica leads, the live ones are the ISR.
                if (live_replicas.empty()) continue;
                zk::partition_state s;
                s.leader = live_replicas.front();
                s.leader_epoch = 0;
                s.isr = live_replicas;
                s.controller_epoch = controller_epoch_;
                auto created = kzk_->create_partition_state(t, p, s, zkv);
                if (!created) {
                    if (created.err().code == coordination::zk_error::node_exists) continue;
                    return created.err();
                }
                s.zk_version = *created;
                v.states[{t, p}] = s;
                continue;
            }
            zk::partition_state cur = it->second;
            zk::partition_state next = cur;
            std::vector<int32_t> live_isr;
            for (int32_t b : cur.isr)
                if (live(b)) live_isr.push_back(b);
            if (cur.leader >= 0 && live(cur.leader)) {
                // Leader fine: only drop dead brokers from the ISR.
                if (live_isr.size() == cur.isr.size()) continue;
                next.isr = live_isr;
            } else {
                // Elect from the live ISR in assignment order (Kafka's
                // OfflinePartitionLeaderElectionStrategy), else uncleanly.
                int32_t leader = -1;
                for (int32_t b : r.replicas)
                    if (live(b) && contains(live_isr, b)) {
                        leader = b;
                        break;
                    }
                if (leader >= 0) {
                    next.isr = live_isr;
                } else if (unclean && !live_replicas.empty()) {
                    leader = live_replicas.front();
                    next.isr = {leader};
                    log_->warn("[Controller id={}] Unclean leader election for {}-{}: broker {} leads; records "
                               "acknowledged by the old ISR may be lost",
                               opts_.broker_id, t, p, leader);
                } else {
                    if (cur.leader == -1) continue;  // already offline
                    // Keep the last ISR so the partition can come back clean.
                }
                if (leader == cur.leader) continue;
                next.leader = leader;
            }
            next.leader_epoch = cur.leader_epoch + 1;
            next.controller_epoch = controller_epoch_;
            auto written = kzk_->update_partition_state(t, p, next, zkv);
            if (!written) {
                if (written.err().code == coordination::zk_error::bad_version) continue;  // next pass
                return written.err();
            }
            next.zk_version = *written;
            it->second = next;
        }
    }
    if (opts_.auto_leader_rebalance &&
        std::chrono::steady_clock::now() - last_rebalance_check_ >= opts_.leader_imbalance_check_interval) {
        last_rebalance_check_ = std::chrono::steady_clock::now();
        ODRADEK_TRY(rebalance_leaders(v));
    }
    return {};
}

status zk_metadata::rebalance_leaders(cluster_view& v) {
    // Partitions grouped by preferred replica (the first assigned one); a
    // broker whose share of partitions led by someone else exceeds
    // leader.imbalance.per.broker.percentage gets back those it can lead:
    // alive and in the ISR (canPreferredReplicaBeLeader).
    struct led {
        std::string topic;
        int32_t partition;
    };
    std::map<int32_t, std::pair<size_t, std::vector<led>>> by_preferred;  // total, not led by it
    for (const auto& [t, a] : v.topics) {
        if (v.deleting.count(t)) continue;
        for (const auto& [p, r] : a.partitions) {
            if (r.replicas.empty()) continue;
            auto it = v.states.find({t, p});
            if (it == v.states.end()) continue;
            auto& entry = by_preferred[r.replicas.front()];
            ++entry.first;
            if (it->second.leader != r.replicas.front()) entry.second.push_back({t, p});
        }
    }
    for (const auto& [preferred, entry] : by_preferred) {
        const auto& [total, elsewhere] = entry;
        if (elsewhere.empty() || double(elsewhere.size()) / double(total) <= opts_.leader_imbalance_percentage / 100.0)
            continue;
        if (!v.brokers.count(preferred)) continue;
        for (const auto& e : elsewhere) {
            auto& cur = v.states[{e.topic, e.partition}];
            if (!contains(cur.isr, preferred)) continue;
            zk::partition_state next = cur;
            next.leader = preferred;
            next.leader_epoch = cur.leader_epoch + 1;
            next.controller_epoch = controller_epoch_;
            auto written = kzk_->update_partition_state(e.topic, e.partition, next, controller_epoch_zk_version_);
            if (!written) {
                if (written.err().code == coordination::zk_error::bad_version) continue;  // next pass
                return written.err();
            }
            log_->info("[Controller id={}] Partition {}-{} completed preferred replica leader election. New leader is {}",
                       opts_.broker_id, e.topic, e.partition, preferred);
            next.zk_version = *written;
            cur = next;
        }
    }
    return {};
}

void zk_metadata::publish(const cluster_view& v) {
    metadata_snapshot s;
    s.cluster_id = v.cluster_id;
    s.controller_id = v.controller_id;
    for (const auto& [id, b] : v.brokers) {
        broker_info bi;
        bi.id = id;
        bi.rack = b.rack;
        for (const auto& e : b.endpoints)
            bi.endpoints.push_back({e.listener_name, e.host.value_or(""), e.port});
        s.brokers[id] = std::move(bi);
    }
    for (const auto& [t, a] : v.topics) {
        topic_info ti;
        ti.name = t;
        if (a.topic_id) ti.id.bytes = a.topic_id->bytes;
        ti.internal = t == "__consumer_offsets" || t == "__transaction_state";
        ti.being_deleted = v.deleting.count(t) != 0;
        for (const auto& [p, r] : a.partitions) {
            partition_info pi;
            pi.partition = p;
            pi.replicas = r.replicas;
            if (auto st = v.states.find({t, p}); st != v.states.end()) {
                pi.leader = st->second.leader;
                pi.leader_epoch = st->second.leader_epoch;
                pi.isr = st->second.isr;
            }
            for (int32_t b : r.replicas)
                if (!v.brokers.count(b)) pi.offline_replicas.push_back(b);
            if (size_t(p) != ti.partitions.size()) continue;  // a gap: Kafka requires 0..n-1
            ti.partitions.push_back(std::move(pi));
        }
        s.topics[t] = std::move(ti);
    }
    cache_.publish(std::move(s));
}

status zk_metadata::pass() {
    cluster_view v;
    ODRADEK_TRY(read_view(v));
    if (v.controller_id < 0) {
        ODRADEK_TRY_ASSIGN(auto e, kzk_->try_elect_controller(opts_.broker_id));
        if (e.elected) {
            controller_epoch_ = e.controller_epoch;
            controller_epoch_zk_version_ = e.epoch_zk_version;
        }
        v.controller_id = e.controller_id;
    }
    controller_id_ = v.controller_id;
    if (v.controller_id == opts_.broker_id) {
        auto st = act_as_controller(v);
        if (!st) {
            if (st.err().code == zk::errc::controller_moved) {
                log_->info("[Controller id={}] Resigning: another broker is controller now", opts_.broker_id);
                controller_id_ = -1;
                wake();
            } else {
                return st;
            }
        }
    }
    // Admin-triggered elections, answered once this pass is published.
    std::vector<std::shared_ptr<election_request>> elections;
    {
        std::lock_guard lock(mu_);
        elections.swap(elections_);
    }
    std::vector<std::map<zk::topic_partition, election_outcome>> outcomes;
    for (const auto& r : elections) outcomes.push_back(elect(v, *r));
    publish(v);
    for (size_t i = 0; i < elections.size(); ++i) elections[i]->done.set_value(std::move(outcomes[i]));
    if (on_view_) on_view_(v);
    return {};
}

result<std::map<zk::topic_partition, election_outcome>> zk_metadata::elect_leaders(
    election_type type, std::optional<std::vector<zk::topic_partition>> partitions, std::chrono::milliseconds timeout) {
    auto r = std::make_shared<election_request>();
    r->type = type;
    r->partitions = std::move(partitions);
    auto done = r->done.get_future();
    {
        std::lock_guard lock(mu_);
        elections_.push_back(r);
        dirty_ = true;
    }
    cv_.notify_all();
    if (done.wait_for(timeout) != std::future_status::ready)
        return error(std::make_error_code(std::errc::timed_out), "Timeout waiting for election results");
    return done.get();
}

std::map<zk::topic_partition, election_outcome> zk_metadata::elect(cluster_view& v, const election_request& r) {
    using protocol::error_code;
    std::map<zk::topic_partition, election_outcome> out;
    auto fail = [](error_code e, std::optional<std::string> message = std::nullopt) {
        return election_outcome{int16_t(e), std::move(message), -1};
    };
    if (v.controller_id != opts_.broker_id) {
        if (r.partitions)
            for (const auto& tp : *r.partitions) out[tp] = fail(error_code::not_controller);
        return out;
    }
    std::vector<zk::topic_partition> wanted;
    if (r.partitions) {
        wanted = *r.partitions;
    } else {
        for (const auto& [t, a] : v.topics)
            for (const auto& [p, replicas] : a.partitions) wanted.push_back({t, p});
    }
    const bool preferred = r.type == election_type::preferred;
    auto live = [&](int32_t id) { return v.brokers.count(id) != 0; };
    for (const auto& tp : wanted) {
        auto t = v.topics.find(tp.topic);
        auto state = v.states.find(tp);
        if (t == v.topics.end() || !t->second.partitions.count(tp.partition) || state == v.states.end()) {
            out[tp] = fail(error_code::unknown_topic_or_partition, "The partition does not exist.");
            continue;
        }
        if (v.deleting.count(tp.topic)) {
            out[tp] = fail(error_code::invalid_topic_exception, "The topic is being deleted");
            continue;
        }
        const auto& replicas = t->second.partitions.at(tp.partition).replicas;
        zk::partition_state cur = state->second;
        // Partitions whose leader is already right need no election.
        bool needed = preferred ? (!replicas.empty() && cur.leader != replicas.front())
                                : (cur.leader < 0 || !live(cur.leader));
        if (!needed) {
            out[tp] = fail(error_code::election_not_needed);
            continue;
        }
        // PartitionLeaderElectionAlgorithms: preferredReplicaPartitionLeaderElection,
        // or offlinePartitionLeaderElection with unclean allowed.
        int32_t leader = -1;
        bool clean = true;
        if (preferred) {
            if (live(replicas.front()) && contains(cur.isr, replicas.front())) leader = replicas.front();
        } else {
            for (int32_t b : replicas)
                if (live(b) && contains(cur.isr, b)) {
                    leader = b;
                    break;
                }
            if (leader < 0)
                for (int32_t b : replicas)
                    if (live(b)) {
                        leader = b;
                        clean = false;
                        break;
                    }
        }
        std::string name = tp.topic + "-" + std::to_string(tp.partition);
        if (leader < 0) {
            out[tp] = preferred ? fail(error_code::preferred_leader_not_available,
                                       "Failed to elect leader for partition " + name +
                                           " under strategy PreferredReplicaPartitionLeaderElectionStrategy")
                                : fail(error_code::eligible_leaders_not_available,
                                       "Failed to elect leader for partition " + name +
                                           " under strategy OfflinePartitionLeaderElectionStrategy(true)");
            continue;
        }
        zk::partition_state next = cur;
        next.leader = leader;
        next.leader_epoch = cur.leader_epoch + 1;
        next.controller_epoch = controller_epoch_;
        if (!preferred) {
            if (clean)
                std::erase_if(next.isr, [&](int32_t b) { return !live(b); });
            else
                next.isr = {leader};
        }
        auto written = kzk_->update_partition_state(tp.topic, tp.partition, next, controller_epoch_zk_version_);
        if (!written) {
            out[tp] = fail(written.err().code == zk::errc::controller_moved ? error_code::not_controller
                                                                            : error_code::unknown_server_error,
                           written.err().message());
            continue;
        }
        next.zk_version = *written;
        state->second = next;
        if (!clean)
            log_->warn("[Controller id={}] Unclean leader election for partition {}: {} is the new leader, data not "
                       "replicated to it may be lost.", opts_.broker_id, name, leader);
        log_->info("[Controller id={}] Partition {} completed {} leader election. New leader is {}", opts_.broker_id,
                   name, preferred ? "preferred replica" : "unclean", leader);
        out[tp] = election_outcome{0, std::nullopt, leader};
    }
    return out;
}

}  // namespace odradek::broker
