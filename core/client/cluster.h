#pragma once
// cluster: a client's view of a Kafka cluster — the bootstrap servers, the
// brokers and topics the last Metadata response named, and one connection per
// broker, opened on demand.
//
// Node ids: bootstrap servers are nodes -1, -2, ... in the order of the
// bootstrap list (as in Kafka's clients); brokers named by Metadata keep their
// broker ids. A failed connection attempt logs Kafka's warning
//   Connection to node -1 (localhost/127.0.0.1:9092) could not be established. Broker may not be available.
// and backs the node off (reconnect.backoff.ms doubling up to
// reconnect.backoff.max.ms). When no node accepts a connection for
// client_config::unreachable_timeout, calls fail with errc::connection_failed
// whose detail is that warning, so a tool against a stopped broker ends in
// bounded time.
//
// Not thread-safe: one thread uses a cluster (and its connections) at a time.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/config.h"
#include "client/connection.h"
#include "protocol/types.h"

namespace odradek::client {

struct broker_node {
    int32_t id = -1;
    std::string host;
    int32_t port = 0;
    std::optional<std::string> rack;
};

struct partition_metadata {
    int32_t partition = 0;
    int16_t error_code = 0;
    int32_t leader = -1;  // -1: no leader
    int32_t leader_epoch = -1;
    std::vector<int32_t> replicas;
    std::vector<int32_t> isr;
    std::vector<int32_t> offline_replicas;
};

struct topic_metadata {
    std::string name;
    protocol::uuid id;
    int16_t error_code = 0;
    bool is_internal = false;
    std::vector<partition_metadata> partitions;  // sorted by partition id
};

struct cluster_metadata {
    std::vector<broker_node> brokers;  // sorted by id
    std::optional<std::string> cluster_id;
    int32_t controller_id = -1;
    std::vector<topic_metadata> topics;  // in the response's order
    int32_t correlation_id = -1;         // of the Metadata request that returned this

    const broker_node* find_broker(int32_t id) const;
    const topic_metadata* find_topic(const std::string& name) const;
};

struct topic_partition {
    std::string topic;
    int32_t partition = 0;
    auto operator<=>(const topic_partition&) const = default;
};

// Sentinels for "any broker" and "the controller" in cluster::call.
inline constexpr int32_t kAnyNode = INT32_MIN;
inline constexpr int32_t kControllerNode = INT32_MIN + 1;

class cluster {
public:
    // Checks the bootstrap list (errc::invalid_config with Kafka's wording);
    // does not connect yet.
    static result<std::unique_ptr<cluster>> create(client_config config);

    const client_config& config() const noexcept { return config_; }
    // now + `d`, where `d` defaults to the request timeout.
    time_point deadline_in(millis d) const { return clock::now() + d; }
    bool cancelled() const noexcept { return config_.cancel != nullptr && config_.cancel->load(); }

    // Sends a Metadata request for `topics` (nullopt: all topics) to any
    // broker, retrying on transport errors until `deadline`. Updates the
    // cached brokers, controller and the named topics.
    result<cluster_metadata> refresh(const std::optional<std::vector<std::string>>& topics, bool allow_auto_create,
                                     time_point deadline);
    // The brokers and topics known so far (merged over refreshes).
    const cluster_metadata& metadata() const noexcept { return metadata_; }
    const topic_metadata* cached_topic(const std::string& name) const { return metadata_.find_topic(name); }
    // Forgets a topic's cached metadata so the next lookup refreshes it.
    void invalidate_topic(const std::string& name);

    // A usable connection to broker `node` (kAnyNode: any broker;
    // kControllerNode: the controller named by the last Metadata response),
    // connecting if needed; waits out backoffs until `deadline`.
    result<connection*> node(int32_t node, time_point deadline);
    // Closes and forgets the connection to `node` (after a transport error).
    void drop(int32_t node);
    // The open connection to broker `node`, or nullptr; never connects (for
    // best-effort goodbyes such as closing fetch sessions).
    connection* connected(int32_t node) noexcept;

    // Runs fn on a connection to `node` and retries it on transport errors
    // (disconnected, timeout of one request, bad response) with a fresh
    // connection — to another broker when node == kAnyNode — until
    // `deadline`. Errors fn returns that are not transport errors are
    // returned as they are.
    template <typename T>
    result<T> call(int32_t node_id, time_point deadline, const std::function<result<T>(connection&, time_point)>& fn) {
        for (;;) {
            ODRADEK_TRY_ASSIGN(connection * c, node(node_id, deadline));
            time_point request_deadline = std::min(deadline, clock::now() + config_.request_timeout);
            result<T> r = fn(*c, request_deadline);
            if (r || !is_transport_error(r.err())) return r;
            int32_t failed = c->node_id();
            drop(failed);
            if (clock::now() >= deadline || cancelled()) return r;
            log(log_level::info, transport_warning(failed, r.err()), "org.apache.kafka.clients.NetworkClient");
            sleep_for(config_.retry_backoff, deadline);
        }
    }

    // True for errors after which a request may succeed on a new connection.
    static bool is_transport_error(const error& e);

    void log(log_level level, const std::string& message, const std::string& logger) const;
    // Sleeps `d` (bounded by `deadline`), waking early on cancel.
    void sleep_for(millis d, time_point deadline) const;

private:
    explicit cluster(client_config config, std::vector<endpoint> bootstrap)
        : config_(std::move(config)), bootstrap_(std::move(bootstrap)) {}

    struct node_state {
        std::unique_ptr<connection> conn;
        time_point next_attempt{};   // backoff after a failed attempt
        millis backoff{0};
    };

    // Where node `id` listens: a bootstrap entry or a known broker.
    std::optional<endpoint> address_of(int32_t id) const;
    // Node ids to try for kAnyNode, best first.
    std::vector<int32_t> candidates() const;
    // One connection attempt (no waiting for backoff).
    result<connection*> try_connect(int32_t id, time_point deadline);
    std::string transport_warning(int32_t node, const error& e) const;
    void merge(const cluster_metadata& fresh, bool all_topics);

    client_config config_;
    std::vector<endpoint> bootstrap_;
    cluster_metadata metadata_;
    std::map<int32_t, node_state> nodes_;
    int32_t last_used_ = kAnyNode;
    // When the current streak of failed connection attempts began (no
    // successful connection since); unset while connections succeed.
    std::optional<time_point> unreachable_since_;
    std::string last_connect_warning_;
};

}  // namespace odradek::client
