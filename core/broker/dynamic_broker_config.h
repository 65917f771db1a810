#pragma once
// dynamic_broker_config: the broker's configuration as it is now — the static
// server.properties with the dynamic layers from ZooKeeper on top
// (/config/brokers/<default> for the cluster, /config/brokers/<id> for this
// broker), as Kafka's DynamicBrokerConfig. kafka-configs --entity-type brokers
// --alter writes those znodes (handlers/alter_configs.cc) and announces the
// change under /config/changes; zk_metadata reads the layers on every pass and
// kafka_server hands them to update().
//
// What takes effect live: every topic-config default (log.retention.ms,
// log.segment.bytes, message.max.bytes, log.cleanup.policy, ... — the topic
// synonyms) for topics without an override of their own,
// unclean.leader.election.enable for our controller's elections, and what
// DescribeConfigs reports. num.io.threads, num.network.threads and
// producer.id.expiration.ms take their dynamic value at the next start. The
// other dynamic keys (listeners, connection limits, throttles, log.cleaner.*)
// are stored, validated and described only (see core/broker/README.md).
//
// Readers take the current snapshot (a shared pointer) and keep it for the
// request; update() publishes a new one.

#include <memory>
#include <mutex>

#include "base/result.h"
#include "config/broker_config.h"

namespace odradek::broker {

class dynamic_broker_config {
public:
    explicit dynamic_broker_config(config::broker_config initial)
        : current_(std::make_shared<const config::broker_config>(std::move(initial))) {}

    std::shared_ptr<const config::broker_config> current() const {
        std::lock_guard lock(mu_);
        return current_;
    }

    // New dynamic layers over the same static configuration. Answers whether
    // anything changed; an invalid layer is an error and changes nothing.
    result<bool> update(const config::properties& cluster_default, const config::properties& this_broker) {
        auto cur = current();
        if (cur->dynamic_default_props() == cluster_default && cur->dynamic_broker_props() == this_broker)
            return false;
        ODRADEK_TRY_ASSIGN(auto next, config::broker_config::create(cur->static_props(), cluster_default, this_broker));
        if (next.dynamic_default_props() == cur->dynamic_default_props() &&
            next.dynamic_broker_props() == cur->dynamic_broker_props())
            return false;  // only keys the layers do not keep changed
        std::lock_guard lock(mu_);
        current_ = std::make_shared<const config::broker_config>(std::move(next));
        return true;
    }

private:
    mutable std::mutex mu_;
    std::shared_ptr<const config::broker_config> current_;
};

}  // namespace odradek::broker
