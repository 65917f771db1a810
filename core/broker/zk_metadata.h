#pragma once
// zk_metadata: this broker's view of the cluster, kept from ZooKeeper, and
// the controller's duties when this broker holds /controller.
//
// Kafka's ZooKeeper-mode brokers learn leaders from the controller's
// LeaderAndIsr / UpdateMetadata requests. Here every broker reads the same
// znodes Kafka keeps (the layout is what users and tools see) and watches
// them: one thread ("zk-metadata") re-reads the cluster after any watch fires
// (or every refresh period as a safety net), then
//   1. if no one is controller, tries to become it (/controller, epoch bump);
//   2. as controller: gives new partitions their first leader and ISR (the
//      first live replica of the assignment leads; the live replicas are the
//      ISR), elects a new leader from the live ISR when a leader's broker is
//      gone (unclean election only if the topic allows it), drops dead brokers
//      from ISRs, and removes topics marked for deletion;
//   3. publishes a metadata snapshot (metadata_cache) and hands the view to
//      the broker (on_view), which opens, leads or drops its partitions.
// Full re-reads are simple and correct; their cost grows with the number of
// partitions, which is fine for the clusters this serves today.
//
// Session expiry: the broker's ephemeral registration is gone, so the thread
// opens a new session and registers again (Kafka's
// ZooKeeperClient re-initialisation + broker re-registration).
//
// Threading: start() launches the thread; admin calls (create/delete topic,
// configs) may come from any other thread and are blocking; wake() asks for a
// re-read soon.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/logger.h>

#include "base/result.h"
#include "broker/metadata_cache.h"
#include "coordination/client/sync_client.h"
#include "coordination/kafka/kafka_zk_client.h"
#include "coordination/kafka/zk_data.h"

namespace odradek::broker {

namespace zk = coordination::kafka;

// What one pass read from ZooKeeper.
struct cluster_view {
    std::string cluster_id;
    int32_t controller_id = -1;
    std::map<int32_t, zk::broker_registration> brokers;  // live
    std::map<std::string, zk::topic_assignment> topics;
    std::map<zk::topic_partition, zk::partition_state> states;
    std::set<std::string> deleting;
    std::map<std::string, zk::config_map> topic_configs;
    // Dynamic broker configs: /config/brokers/<default> and /config/brokers/<own id>.
    zk::config_map broker_default_config;
    zk::config_map broker_config;
};

struct zk_metadata_options {
    std::string connect;  // hosts[/chroot]
    int32_t session_timeout_ms = 18000;
    int32_t connection_timeout_ms = 18000;
    int32_t broker_id = 0;
    zk::broker_registration registration;
    bool delete_topic_enable = true;
    bool unclean_leader_election_enable = false;  // broker default; topics may override
    std::chrono::milliseconds refresh_period{5000};
    // auto.leader.rebalance.enable, leader.imbalance.per.broker.percentage,
    // leader.imbalance.check.interval.seconds.
    bool auto_leader_rebalance = true;
    int32_t leader_imbalance_percentage = 10;
    std::chrono::milliseconds leader_imbalance_check_interval{300000};
};

// ElectLeaders' election types (KIP-460).
enum class election_type : int8_t { preferred = 0, unclean = 1 };

// One partition's outcome of an admin-triggered election: error 0 with the
// new leader, or Kafka's error (ELECTION_NOT_NEEDED, PREFERRED_LEADER_NOT_AVAILABLE,
// ELIGIBLE_LEADERS_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION, INVALID_TOPIC_EXCEPTION,
// NOT_CONTROLLER) and its message.
struct election_outcome {
    int16_t error_code = 0;
    std::optional<std::string> message;
    int32_t leader = -1;
};

class zk_metadata {
public:
    using view_fn = std::function<void(const cluster_view&)>;

    zk_metadata(zk_metadata_options opts, metadata_cache& cache, std::shared_ptr<spdlog::logger> log);
    ~zk_metadata();

    // Connects (bounded by zookeeper.connection.timeout.ms), creates Kafka's
    // persistent paths and reads or creates the cluster id. Errors name the
    // connect string.
    status connect();
    const std::string& cluster_id() const noexcept { return cluster_id_; }
    // The registration to write (endpoints known once the listeners are bound).
    void set_registration(zk::broker_registration r) { opts_.registration = std::move(r); }
    // Registers this broker (ephemeral /brokers/ids/<id>). A live broker with
    // the same id is an error with Kafka's wording.
    status register_broker();
    // Starts the watch thread; on_view is called on it after each pass.
    void start(view_fn on_view);
    // Asks the thread for a pass soon.
    void wake();
    // Controlled shutdown: gives up the controller role and the registration
    // (closing the session removes both ephemeral nodes), stops the thread.
    void stop();

    // The ZooKeeper operations for admin requests, on the current session (a
    // session expiry replaces it; the pointer keeps the old one usable, failing
    // with connection-loss errors). Any thread but the watch thread.
    std::shared_ptr<zk::kafka_zk_client> client() const;
    bool is_controller() const noexcept { return controller_id_.load() == opts_.broker_id; }

    // ElectLeaders (KafkaController.processReplicaLeaderElection, admin
    // triggered), run by the watch thread on its next pass: for `partitions`
    // (nullopt: every partition) a preferred election moves leadership to the
    // first assigned replica when it is alive and in the ISR; an unclean one
    // gives a partition without a live leader the first live ISR member, else
    // the first live assigned replica (its ISR then that replica alone).
    // Answered after the pass published the new leaders to this broker's
    // metadata cache. Not the controller: NOT_CONTROLLER for each partition.
    // An error only when the pass did not come within `timeout`.
    result<std::map<zk::topic_partition, election_outcome>> elect_leaders(
        election_type type, std::optional<std::vector<zk::topic_partition>> partitions,
        std::chrono::milliseconds timeout);

private:
    struct election_request {
        election_type type = election_type::preferred;
        std::optional<std::vector<zk::topic_partition>> partitions;
        std::promise<std::map<zk::topic_partition, election_outcome>> done;
    };
    std::map<zk::topic_partition, election_outcome> elect(cluster_view& v, const election_request& r);

    void run();
    status pass();
    status read_view(cluster_view& v);
    status act_as_controller(cluster_view& v);
    // checkAndTriggerAutoLeaderRebalance: preferred replicas take leadership back.
    status rebalance_leaders(cluster_view& v);
    void publish(const cluster_view& v);
    status reopen_session();
    coordination::watch_with watch();

    zk_metadata_options opts_;
    metadata_cache& cache_;
    std::shared_ptr<spdlog::logger> log_;
    // Replaced together on session expiry; session_mu_ guards the pointers
    // (not the clients, which are thread-safe) against client() callers.
    mutable std::mutex session_mu_;
    std::shared_ptr<coordination::sync_client> zk_;
    std::shared_ptr<zk::kafka_zk_client> kzk_;  // owns a reference to zk_
    std::string cluster_id_;
    std::atomic<int32_t> controller_id_{-1};
    int32_t controller_epoch_ = 0;
    int32_t controller_epoch_zk_version_ = -1;
    std::chrono::steady_clock::time_point last_rebalance_check_ = std::chrono::steady_clock::now();

    std::mutex mu_;
    std::condition_variable cv_;
    bool dirty_ = true;
    bool stopping_ = false;
    std::vector<std::shared_ptr<election_request>> elections_;  // waiting for the watch thread
    std::atomic<bool> session_expired_{false};
    std::thread thread_;
    view_fn on_view_;
};

}  // namespace odradek::broker
