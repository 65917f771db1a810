#include "broker/kafka_server.h"

#include <netdb.h>
#include <unistd.h>

#include <chrono>
#include <set>

#include "base/log4j_logger.h"
#include "broker/dynamic_broker_config.h"
#include "broker/fetch_session_cache.h"
#include "broker/replica_fetcher.h"
#include "broker/fetch_waiters.h"
#include "broker/kafka_apis.h"
#include "broker/log_manager.h"
#include "broker/metadata_cache.h"
#include "broker/network/socket_server.h"
#include "broker/producer_id_source.h"
#include "broker/replica_manager.h"
#include "broker/scheduler.h"
#include "broker/topic_admin.h"
#include "broker/topic_settings.h"
#include "broker/zk_metadata.h"
#include "broker/zk_producer_id_source.h"
#include "config/topic_config.h"
#include "storage/clock.h"
#include "storage/posix_file_system.h"

namespace odradek::broker {

struct kafka_server::parts {
    storage::posix_file_system fs;
    storage::system_clock clock;
    metadata_cache cache;
    fetch_waiters waiters;
    std::unique_ptr<fetch_session_cache> fetch_sessions;
    std::unique_ptr<dynamic_broker_config> dynamic_config;
    std::unique_ptr<replica_fetcher_manager> fetchers;
    std::unique_ptr<zk_metadata> zk;
    std::unique_ptr<log_manager> logs;
    std::unique_ptr<replica_manager> replicas;
    std::unique_ptr<topic_admin> admin;
    std::unique_ptr<producer_id_source> producer_ids;
    std::unique_ptr<broker_services> services;
    asio::io_context io;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::vector<std::thread> io_threads;
    std::unique_ptr<asio::thread_pool> blocking;
    std::unique_ptr<socket_server> sockets;
    scheduler sched;
    std::mutex creating_mu;
    std::set<std::string> creating;  // auto-creations in flight
};

namespace {

int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

kafka_server::kafka_server(config::broker_config cfg, spdlog::sink_ptr sink)
    : cfg_(std::move(cfg)), sink_(std::move(sink)), p_(std::make_unique<parts>()) {
    log_ = make_log4j_logger("kafka.server.KafkaServer", sink_);
}

kafka_server::~kafka_server() { shutdown(); }

uint16_t kafka_server::bound_port() const { return p_->sockets ? p_->sockets->port(0) : 0; }

namespace {

// A topic's settings: broker defaults overlaid with its overrides. Overrides
// that no longer validate (written by an older tool) fall back to the
// defaults, with a warning, rather than keeping the partition offline.
topic_settings settings_for(const config::broker_config& cfg, const zk::config_map& overrides,
                            spdlog::logger& log, const std::string& topic) {
    config::properties props;
    for (const auto& [k, v] : overrides) props.set(k, v);
    auto tc = config::topic_config::resolve(cfg, props);
    if (!tc) {
        log.warn("Invalid config overrides for topic {} ({}); using the broker defaults", topic, tc.err().message());
        tc = config::topic_config::resolve(cfg, {});
    }
    return topic_settings_from(tc->log_values());
}

config::properties to_properties(const zk::config_map& m) {
    config::properties out;
    for (const auto& [k, v] : m) out.set(k, v);
    return out;
}

// "{k=v, k2=v2}", sensitive-looking values hidden as Kafka's logs do.
std::string describe_layer(const zk::config_map& m) {
    std::string out = "{";
    for (const auto& [k, v] : m) {
        if (out.size() > 1) out += ", ";
        bool secret = k.find("password") != std::string::npos || k.find("secret") != std::string::npos;
        out += k + "=" + (secret ? std::string("[hidden]") : v);
    }
    return out + "}";
}

// Kafka advertises the canonical host name for a listener without a host.
// When this machine's name does not resolve, clients could never reach that
// name: advertise localhost instead and say so (Kafka would advertise the
// unresolvable name and leave clients failing).
std::string advertised_host_name(spdlog::logger& log) {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost";
    addrinfo hints{};
    hints.ai_flags = AI_CANONNAME;
    addrinfo* res = nullptr;
    if (::getaddrinfo(buf, nullptr, &hints, &res) != 0 || !res) {
        log.warn("The host name {} does not resolve; advertising localhost for listeners without a host. Set "
                 "advertised.listeners to the name clients should use.",
                 buf);
        return "localhost";
    }
    std::string name = res->ai_canonname ? res->ai_canonname : buf;
    ::freeaddrinfo(res);
    return name;
}

}  // namespace

status kafka_server::startup() {
    auto& p = *p_;
    int32_t id = cfg_.broker_id();
    log_->info("starting");
    for (const auto& k : cfg_.unknown_keys()) log_->warn("{}", config::unknown_key_warning(k));

    // 1. ZooKeeper.
    zk_metadata_options zo;
    zo.connect = cfg_.values().get_string("zookeeper.connect").value_or("");
    zo.session_timeout_ms = cfg_.zookeeper_session_timeout_ms();
    zo.connection_timeout_ms = cfg_.zookeeper_connection_timeout_ms();
    zo.broker_id = id;
    zo.delete_topic_enable = cfg_.values().get_bool("delete.topic.enable");
    zo.unclean_leader_election_enable = cfg_.values().get_bool("unclean.leader.election.enable");
    zo.auto_leader_rebalance = cfg_.values().get_bool("auto.leader.rebalance.enable");
    zo.leader_imbalance_percentage = cfg_.values().get_int("leader.imbalance.per.broker.percentage");
    zo.leader_imbalance_check_interval =
        std::chrono::seconds(cfg_.values().get_long("leader.imbalance.check.interval.seconds"));
    auto zk_log = make_log4j_logger("kafka.zk.KafkaZkClient", sink_);
    p.zk = std::make_unique<zk_metadata>(zo, p.cache, zk_log);
    ODRADEK_TRY(p.zk->connect());
    // DynamicBrokerConfig.initialize: the dynamic layers apply from the start.
    {
        auto client = p.zk->client();
        ODRADEK_TRY_ASSIGN(auto cluster_default,
                           client->get_entity_config(zk::config_type::broker, zk::default_entity_name));
        ODRADEK_TRY_ASSIGN(auto own, client->get_entity_config(zk::config_type::broker, std::to_string(id)));
        p.dynamic_config = std::make_unique<dynamic_broker_config>(cfg_);
        if (auto changed = p.dynamic_config->update(to_properties(cluster_default), to_properties(own)); !changed)
            log_->error("Ignoring the dynamic broker configs in ZooKeeper: {}", changed.err().message());
    }
    log_->info("{}", p.dynamic_config->current()->values().describe_values("KafkaConfig"));

    // 2. Logs.
    auto lm_log = make_log4j_logger("kafka.log.LogManager", sink_);
    log_manager_options lo;
    lo.log_dirs = cfg_.log_dirs();
    lo.broker_id = id;
    lo.cluster_id = p.zk->cluster_id();
    auto defaults = config::topic_config::resolve(*p.dynamic_config->current(), {});
    if (!defaults) return defaults.err();
    lo.defaults = topic_settings_from(defaults->log_values()).log;
    {
        std::string dirs;
        for (const auto& d : lo.log_dirs) dirs += (dirs.empty() ? "" : ", ") + d;
        lm_log->info("Loading logs from log dirs ArrayBuffer({})", dirs);
    }
    auto t0 = std::chrono::steady_clock::now();
    ODRADEK_TRY_ASSIGN(p.logs, log_manager::open(p.fs, p.clock, lo));
    lm_log->info("Loaded {} logs in {}ms", p.logs->partitions().size(),
                 std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
    p.replicas = std::make_unique<replica_manager>(id, *p.logs);
    p.replicas->set_on_append([&p](const storage::topic_partition& tp) { p.waiters.notify(tp); });
    {
        const auto& v = cfg_.values();
        replica_fetcher_options fo;
        fo.broker_id = id;
        fo.listener = cfg_.inter_broker_listener_name();
        fo.max_wait_ms = v.get_int("replica.fetch.wait.max.ms");
        fo.min_bytes = v.get_int("replica.fetch.min.bytes");
        fo.max_bytes = v.get_int("replica.fetch.response.max.bytes");
        fo.partition_max_bytes = v.get_int("replica.fetch.max.bytes");
        fo.backoff = std::chrono::milliseconds(v.get_int("replica.fetch.backoff.ms"));
        fo.request_timeout_ms = v.get_int("replica.socket.timeout.ms");
        p.fetchers = std::make_unique<replica_fetcher_manager>(fo, *p.replicas, p.cache,
                                                               make_log4j_logger("kafka.server.ReplicaFetcherThread",
                                                                                 sink_));
    }

    // 3. Listeners.
    socket_server_config sc;
    for (const auto& l : cfg_.listeners()) sc.listeners.push_back({l.listener_name, l.host, uint16_t(l.port)});
    sc.max_request_bytes = cfg_.values().get_int("socket.request.max.bytes");
    sc.send_buffer_bytes = cfg_.values().get_int("socket.send.buffer.bytes");
    sc.receive_buffer_bytes = cfg_.values().get_int("socket.receive.buffer.bytes");
    sc.idle_timeout_ms = cfg_.values().get_long("connections.max.idle.ms");
    p.admin = std::make_unique<topic_admin>(cfg_, p.cache, *p.zk, make_log4j_logger("kafka.server.ZkAdminManager", sink_));
    p.producer_ids = std::make_unique<zk_producer_id_source>(*p.zk, id);
    // Dynamic keys we cannot change while running still start from their
    // dynamic value, as Kafka reads them after DynamicBrokerConfig.initialize.
    int io_threads = std::max(1, p.dynamic_config->current()->values().get_int("num.io.threads"));
    p.blocking = std::make_unique<asio::thread_pool>(size_t(io_threads));
    p.fetch_sessions = std::make_unique<fetch_session_cache>(
        size_t(std::max(0, cfg_.values().get_int("max.incremental.fetch.session.cache.slots"))));
    p.services = std::make_unique<broker_services>(broker_services{
        cfg_, *p.dynamic_config, *p.replicas, p.cache, p.waiters, *p.fetch_sessions, *p.admin, *p.producer_ids, *p.blocking,
        make_log4j_logger("kafka.server.KafkaApis", sink_), {}, {}, {}, {}, {}, {}});
    p.services->elect_leaders = [this](election_type type, std::optional<std::vector<zk::topic_partition>> parts,
                                       std::chrono::milliseconds timeout) {
        return p_->zk->elect_leaders(type, std::move(parts), timeout);
    };
    p.services->topic_overrides = [this](const std::string& t) -> result<std::map<std::string, std::string>> {
        return p_->zk->client()->get_entity_config(zk::config_type::topic, t);
    };
    p.services->write_topic_overrides = [this](const std::string& t,
                                               const std::map<std::string, std::string>& c) -> status {
        ODRADEK_TRY(p_->zk->client()->set_entity_config(zk::config_type::topic, t, c));
        p_->zk->wake();
        return {};
    };
    p.services->broker_dynamic_configs = [this](const std::string& name) -> result<std::map<std::string, std::string>> {
        return p_->zk->client()->get_entity_config(zk::config_type::broker, name);
    };
    p.services->write_broker_dynamic_configs = [this](const std::string& name,
                                                      const std::map<std::string, std::string>& c) -> status {
        // AdminZkClient.changeBrokerConfig: the znode, then the notification.
        ODRADEK_TRY(p_->zk->client()->set_entity_config(zk::config_type::broker, name, c));
        // Our own layers take effect now, so a describe that follows the
        // answer sees them; the metadata pass woken here applies them to the
        // partitions (and other brokers learn them from the notification).
        bool own = name == std::to_string(cfg_.broker_id());
        if (own || name == zk::default_entity_name) {
            auto cur = p_->dynamic_config->current();
            auto layer = to_properties(c);
            if (auto st = p_->dynamic_config->update(own ? cur->dynamic_default_props() : layer,
                                                     own ? layer : cur->dynamic_broker_props());
                !st)
                log_->error("Ignoring invalid dynamic broker configs ({})", st.err().message());
        }
        p_->zk->wake();
        return {};
    };
    p.services->auto_create = [this](const std::vector<std::string>& names) {
        auto& pp = *p_;
        std::vector<std::string> mine;
        {
            std::lock_guard lock(pp.creating_mu);
            for (const auto& n : names)
                if (pp.creating.insert(n).second) mine.push_back(n);
        }
        if (mine.empty()) return;
        asio::post(*pp.blocking, [this, mine] {
            auto& q = *p_;
            q.admin->auto_create(mine);
            std::lock_guard lock(q.creating_mu);
            for (const auto& n : mine) q.creating.erase(n);
        });
    };
    auto net_log = make_log4j_logger("kafka.network.DataPlaneAcceptor", sink_);
    p.sockets = std::make_unique<socket_server>(p.io, sc, make_kafka_apis(*p.services), net_log);
    ODRADEK_TRY(p.sockets->bind());

    // 4. Registration with the bound ports (port 0 in tests) and the view.
    zk::broker_registration reg;
    reg.id = id;
    reg.rack = cfg_.rack() ? std::optional<std::string>(std::string(*cfg_.rack())) : std::nullopt;
    for (size_t i = 0; i < cfg_.advertised_listeners().size(); ++i) {
        const auto& a = cfg_.advertised_listeners()[i];
        zk::end_point ep;
        ep.listener_name = a.listener_name;
        ep.security_protocol = std::string(config::security_protocol_name(a.protocol));
        std::string host = a.host;
        if (host.empty()) host = advertised_host_name(*log_);
        ep.host = host;
        ep.port = a.port;
        // An advertised port 0 means "whatever we bound" (tests).
        if (ep.port == 0) {
            for (size_t j = 0; j < cfg_.listeners().size(); ++j)
                if (cfg_.listeners()[j].listener_name == a.listener_name) ep.port = p.sockets->port(j);
        }
        reg.endpoints.push_back(ep);
    }
    reg.timestamp_ms = wall_ms();
    p.zk->set_registration(reg);
    ODRADEK_TRY(p.zk->register_broker());
    auto rm_log = make_log4j_logger("kafka.server.ReplicaManager", sink_);
    p.zk->start([this, rm_log](const cluster_view& v) { apply_view(v, *rm_log); });

    // Periodic log tasks.
    auto ms = [](int64_t v) { return std::chrono::milliseconds(std::max<int64_t>(v, 1)); };
    p.sched.schedule("kafka-log-retention", ms(cfg_.values().get_long("log.retention.check.interval.ms")),
                     [&p, lm_log] {
                         auto n = p.logs->cleanup_logs();
                         if (!n) lm_log->error("Retention check failed: {}", n.err().message());
                     });
    p.sched.schedule("kafka-log-flusher", ms(cfg_.values().get_long("log.flush.scheduler.interval.ms")), [&p, lm_log] {
        if (auto st = p.logs->flush_dirty_logs(); !st) lm_log->error("Flush failed: {}", st.err().message());
    });
    p.sched.schedule("kafka-recovery-point-checkpoint",
                     ms(cfg_.values().get_int("log.flush.offset.checkpoint.interval.ms")), [&p, lm_log] {
                         if (auto st = p.logs->checkpoint_recovery_points(); !st)
                             lm_log->error("Checkpoint failed: {}", st.err().message());
                     });
    p.sched.schedule("highwatermark-checkpoint",
                     ms(cfg_.values().get_long("replica.high.watermark.checkpoint.interval.ms")), [&p, lm_log] {
                         if (auto st = p.logs->checkpoint_high_watermarks(); !st)
                             lm_log->error("High watermark checkpoint failed: {}", st.err().message());
                     });
    int64_t pid_expiry = p.dynamic_config->current()->values().get_int("producer.id.expiration.ms");
    p.sched.schedule("PeriodicProducerExpirationCheck",
                     ms(cfg_.values().get_int("producer.id.expiration.check.interval.ms")),
                     [&p, pid_expiry] { p.replicas->remove_expired_producers(wall_ms(), pid_expiry); });
    // Partition.maybeShrinkIsr / maybeExpandIsr for the partitions we lead,
    // written to the state znode as a ZooKeeper-mode leader does (see
    // core/broker/README.md: ISR changes go through ZooKeeper, not AlterPartition).
    const int64_t lag_ms = cfg_.values().get_long("replica.lag.time.max.ms");
    auto part_log = make_log4j_logger("kafka.cluster.Partition", sink_);
    p.sched.schedule("isr-expiration", std::chrono::milliseconds(std::clamp<int64_t>(lag_ms / 2, 100, 1000)),
                     [this, lag_ms, part_log] { maintain_isr(lag_ms, *part_log); });
    p.sched.start();
    lm_log->info("Starting log cleanup with a period of {} ms.", cfg_.values().get_long("log.retention.check.interval.ms"));

    // 5. Open the doors.
    int net_threads = std::max(1, p.dynamic_config->current()->values().get_int("num.network.threads"));
    p.work.emplace(p.io.get_executor());
    p.sockets->start();
    for (int i = 0; i < net_threads; ++i)
        p.io_threads.emplace_back([&p, this] {
            try {
                p.io.run();
            } catch (const std::exception& e) {
                log_->error("Network thread failed: {}", e.what());
                failed_ = true;
                request_shutdown();
            }
        });
    started_ = true;
    log_->info("[KafkaServer id={}] started", id);
    return {};
}

void kafka_server::apply_view(const cluster_view& v, spdlog::logger& log) {
    auto& p = *p_;
    int32_t me = cfg_.broker_id();
    std::set<storage::topic_partition> wanted;
    auto changed = p.dynamic_config->update(to_properties(v.broker_default_config), to_properties(v.broker_config));
    if (!changed)
        log.error("Ignoring invalid dynamic broker configs ({}); keeping the current ones", changed.err().message());
    else if (*changed)
        log.info("[ReplicaManager broker={}] Dynamic broker configs now: cluster default {}, broker {} {}", me,
                 describe_layer(v.broker_default_config), me, describe_layer(v.broker_config));
    auto broker_cfg = p.dynamic_config->current();
    for (const auto& [t, a] : v.topics) {
        if (v.deleting.count(t)) continue;
        auto cfg_it = v.topic_configs.find(t);
        static const zk::config_map none;
        topic_settings settings = settings_for(*broker_cfg, cfg_it == v.topic_configs.end() ? none : cfg_it->second, log, t);
        p.replicas->update_topic_settings(t, settings);
        for (const auto& [pid, r] : a.partitions) {
            if (std::find(r.replicas.begin(), r.replicas.end(), me) == r.replicas.end()) continue;
            storage::topic_partition tp{t, pid};
            auto st = v.states.find({t, pid});
            if (st == v.states.end()) continue;  // no leader chosen yet
            wanted.insert(tp);
            partition_state ps;
            if (a.topic_id) ps.topic_id.bytes = a.topic_id->bytes;
            ps.leader = st->second.leader;
            ps.leader_epoch = st->second.leader_epoch;
            ps.replicas = r.replicas;
            ps.isr = st->second.isr;
            ps.partition_epoch = st->second.zk_version;
            ps.controller_epoch = st->second.controller_epoch;
            auto cur = p.replicas->get(tp);
            if (cur && cur->leader_id() == ps.leader && cur->leader_epoch() == ps.leader_epoch) {
                // Same leadership; the ISR may have changed (our leader's
                // write, or the controller's).
                auto now = cur->state();
                if ((now.isr != ps.isr || now.partition_epoch != ps.partition_epoch) &&
                    cur->isr_updated(ps.isr, ps.partition_epoch))
                    p.waiters.notify(tp);
                continue;
            }
            auto done = ps.leader == me ? p.replicas->become_leader(tp, ps, settings)
                                        : p.replicas->become_follower(tp, ps, settings);
            if (!done)
                log.error("[ReplicaManager broker={}] Error while making broker {} the {} of {}-{}: {}", me, me,
                          ps.leader == me ? "leader" : "follower", t, pid, done.err().message());
            else if (ps.leader == me)
                log.info("[ReplicaManager broker={}] Leader {}-{} starts at leader epoch {} with high watermark {}",
                         me, t, pid, ps.leader_epoch, (*done)->high_watermark());
        }
    }
    // Followers fetch from their leaders.
    std::map<storage::topic_partition, int32_t> followed;
    for (const auto& tp : wanted) {
        auto st = v.states.find({tp.topic, tp.partition});
        if (st != v.states.end() && st->second.leader >= 0 && st->second.leader != me)
            followed[tp] = st->second.leader;
    }
    p.fetchers->set_partitions(followed);
    // Partitions no longer assigned here: topics deleted (their logs go) or
    // moved away.
    for (const auto& part : p.replicas->partitions()) {
        const auto& tp = part->tp();
        if (wanted.count(tp)) continue;
        bool topic_gone = !v.topics.count(tp.topic) || v.deleting.count(tp.topic);
        if (!topic_gone && !v.states.count({tp.topic, tp.partition})) continue;
        log.info("[ReplicaManager broker={}] Stopping replica {}-{}{}", me, tp.topic, tp.partition,
                 topic_gone ? " and deleting its log" : "");
        if (auto st = p.replicas->stop_replica(tp, topic_gone); !st)
            log.error("Stopping replica {}-{} failed: {}", tp.topic, tp.partition, st.err().message());
    }
    // Logs on disk for topics that no longer exist (deleted while we were down).
    for (const auto& tp : p.logs->partitions()) {
        if (v.topics.count(tp.topic) || p.replicas->get(tp)) continue;
        log.info("[ReplicaManager broker={}] Deleting the log of {}-{}: the topic no longer exists", me, tp.topic,
                 tp.partition);
        if (auto st = p.replicas->stop_replica(tp, true); !st)
            log.error("Deleting {}-{} failed: {}", tp.topic, tp.partition, st.err().message());
    }
}

void kafka_server::maintain_isr(int64_t lag_ms, spdlog::logger& log) {
    auto& p = *p_;
    const int32_t me = cfg_.broker_id();
    auto snap = p.cache.snapshot();
    auto alive = [&snap](int32_t id) { return snap->brokers.count(id) != 0; };
    for (const auto& part : p.replicas->partitions()) {
        auto next = part->wanted_isr_change(lag_ms, alive);
        if (!next) continue;
        const auto& tp = part->tp();
        auto before = part->state();
        zk::partition_state zs;
        zs.leader = next->leader;
        zs.leader_epoch = next->leader_epoch;
        zs.isr = next->isr;
        zs.controller_epoch = next->controller_epoch;
        zs.zk_version = next->partition_epoch;
        auto client = p.zk->client();
        if (!client) return;
        auto written = client->update_partition_state(tp.topic, tp.partition, zs);
        if (!written) {
            // Someone else (the controller) changed the state first: the next
            // metadata pass brings it, and the check runs again after that.
            log.info("[Partition {}-{} broker={}] Cached zkVersion {} not equal to that in zookeeper, skip updating "
                     "ISR",
                     tp.topic, tp.partition, me, next->partition_epoch);
            p.zk->wake();
            continue;
        }
        auto join = [](const std::vector<int32_t>& v) {
            std::string out;
            for (int32_t x : v) out += (out.empty() ? "" : ",") + std::to_string(x);
            return out;
        };
        log.info("[Partition {}-{} broker={}] {} ISR from {} to {}. ISR updated to {} and version updated to {}",
                 tp.topic, tp.partition, me, next->isr.size() < before.isr.size() ? "Shrinking" : "Expanding",
                 join(before.isr), join(next->isr), join(next->isr), *written);
        if (part->isr_updated(next->isr, *written)) p.waiters.notify(tp);
        (void)client->propagate_isr_changes({{tp.topic, tp.partition}});
        p.zk->wake();
    }
}

void kafka_server::request_shutdown() {
    {
        std::lock_guard lock(mu_);
        stop_requested_ = true;
    }
    cv_.notify_all();
}

void kafka_server::await_shutdown() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return stop_requested_; });
}

void kafka_server::shutdown() {
    {
        std::lock_guard lock(mu_);
        if (shut_down_) return;
        shut_down_ = true;
    }
    auto& p = *p_;
    int32_t id = cfg_.broker_id();
    log_->info("[KafkaServer id={}] shutting down", id);
    if (p.sockets) p.sockets->stop();
    p.work.reset();
    p.io.stop();
    for (auto& t : p.io_threads) t.join();
    p.io_threads.clear();
    if (p.blocking) p.blocking->join();
    p.sched.stop();
    if (p.fetchers) p.fetchers->stop();
    // Leaving ZooKeeper removes our registration and, if we were controller,
    // /controller: the others elect a new controller and leaders at once.
    if (p.zk) p.zk->stop();
    if (p.logs) {
        if (auto st = p.logs->close(); !st) {
            log_->error("Error while closing the logs: {}", st.err().message());
            failed_ = true;
        }
    }
    log_->info("[KafkaServer id={}] shut down completed", id);
}

}  // namespace odradek::broker
