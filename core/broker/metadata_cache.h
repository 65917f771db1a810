#pragma once
// metadata_cache: what this broker knows of the cluster — live brokers and
// their endpoints, the controller, every topic with its id and each
// partition's leader, epoch, replicas and ISR. Kafka's ZkMetadataCache, fed
// here by zk_metadata (the ZooKeeper watcher) instead of UpdateMetadata
// requests from the controller.
//
// Readers take an immutable snapshot (one atomic shared_ptr load) and never
// block the writer; the writer publishes a whole new snapshot. wait_until lets
// a handler wait, bounded, for a change to show (CreateTopics returns once
// every new partition has a leader, as Kafka's DelayedCreatePartitions does).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "protocol/types.h"

namespace odradek::broker {

struct broker_endpoint {
    std::string listener;  // "PLAINTEXT"
    std::string host;
    int32_t port = 0;
};

struct broker_info {
    int32_t id = -1;
    std::optional<std::string> rack;
    std::vector<broker_endpoint> endpoints;

    const broker_endpoint* endpoint_for(const std::string& listener) const {
        for (const auto& e : endpoints)
            if (e.listener == listener) return &e;
        return nullptr;
    }
};

struct partition_info {
    int32_t partition = 0;
    int32_t leader = -1;  // -1: no leader
    int32_t leader_epoch = 0;
    std::vector<int32_t> replicas;
    std::vector<int32_t> isr;
    std::vector<int32_t> offline_replicas;  // replicas on brokers that are not alive
};

struct topic_info {
    std::string name;
    protocol::uuid id;
    std::vector<partition_info> partitions;  // by partition id
    bool internal = false;
    bool being_deleted = false;
};

struct metadata_snapshot {
    std::string cluster_id;
    int32_t controller_id = -1;
    std::map<int32_t, broker_info> brokers;  // alive brokers
    std::map<std::string, topic_info> topics;

    const topic_info* topic(const std::string& name) const {
        auto it = topics.find(name);
        return it == topics.end() ? nullptr : &it->second;
    }
    const partition_info* partition(const std::string& topic, int32_t p) const {
        auto* t = this->topic(topic);
        if (!t || p < 0 || size_t(p) >= t->partitions.size()) return nullptr;
        return &t->partitions[size_t(p)];
    }
    const topic_info* topic_by_id(const protocol::uuid& id) const {
        for (const auto& [name, t] : topics)
            if (t.id == id) return &t;
        return nullptr;
    }
};

class metadata_cache {
public:
    metadata_cache() : current_(std::make_shared<const metadata_snapshot>()) {}

    std::shared_ptr<const metadata_snapshot> snapshot() const {
        std::lock_guard lock(mu_);
        return current_;
    }
    void publish(metadata_snapshot s) {
        {
            std::lock_guard lock(mu_);
            current_ = std::make_shared<const metadata_snapshot>(std::move(s));
            ++version_;
        }
        cv_.notify_all();
    }
    // Waits until `ready(snapshot)` holds or `timeout` passes; returns whether it held.
    bool wait_until(const std::function<bool(const metadata_snapshot&)>& ready, std::chrono::milliseconds timeout) {
        std::unique_lock lock(mu_);
        return cv_.wait_for(lock, timeout, [&] { return ready(*current_); });
    }

private:
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::shared_ptr<const metadata_snapshot> current_;
    uint64_t version_ = 0;
};

}  // namespace odradek::broker
