#include "broker/topic_admin.h"

#include <algorithm>

#include "config/topic_name.h"
#include "coordination/kafka/errc.h"
#include "coordination/kafka/replica_assignment.h"
#include "coordination/kafka/uuid.h"

namespace odradek::broker {

using protocol::error_code;

namespace {

// A ZooKeeper-layer error as Kafka answers it: its code and Kafka's text.
kafka_error from_zk_error(const error& e) {
    int16_t code = zk::kafka_error_code(e);
    std::string text = e.detail.empty() ? e.message() : e.detail;
    return kafka_error(error_code(code), text);
}

std::vector<zk::broker_metadata> live_brokers(const metadata_snapshot& c) {
    std::vector<zk::broker_metadata> out;
    for (const auto& [id, b] : c.brokers) out.push_back({id, b.rack});
    return out;
}

}  // namespace

created_topic topic_admin::create(const new_topic& t, bool validate_only) {
    created_topic out;
    auto fail = [&](error_code c, std::string m) {
        out.error = kafka_error(c, std::move(m));
        return out;
    };
    if (auto st = config::validate_topic_name(t.name); !st)
        return fail(error_code::invalid_topic_exception, st.err().detail);
    auto cluster = cache_.snapshot();
    if (cluster->topic(t.name)) return fail(error_code::topic_already_exists, "Topic '" + t.name + "' already exists.");
    std::string nulls;
    for (const auto& [k, v] : t.configs)
        if (!v) nulls += (nulls.empty() ? "" : ",") + k;
    if (!nulls.empty())
        return fail(error_code::invalid_config, "Null value not supported for topic configs: " + nulls);
    if ((t.num_partitions != -1 || t.replication_factor != -1) && !t.assignment.empty())
        return fail(error_code::invalid_request,
                    "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at "
                    "the same time.");

    int32_t partitions = t.num_partitions == -1 ? cfg_.values().get_int("num.partitions") : t.num_partitions;
    int32_t rf = t.replication_factor == -1 ? int32_t(cfg_.values().get_int("default.replication.factor"))
                                            : t.replication_factor;
    zk::assignment_map assignment;
    if (t.assignment.empty()) {
        auto brokers = live_brokers(*cluster);
        auto planned = zk::assign_replicas_to_brokers(brokers, partitions, rf, zk::default_random_source());
        if (!planned) {
            out.error = from_zk_error(planned.err());
            return out;
        }
        assignment = std::move(*planned);
    } else {
        for (const auto& [p, r] : t.assignment) assignment[p] = r;
    }

    config::properties overrides;
    zk::config_map configs;
    for (const auto& [k, v] : t.configs) {
        overrides.set(k, *v);
        configs[k] = *v;
    }
    auto resolved = config::topic_config::resolve(cfg_, overrides);
    if (!resolved) return fail(error_code::invalid_config, resolved.err().detail.empty() ? resolved.err().message()
                                                                                          : resolved.err().detail);
    if (auto st = zk_.client()->validate_topic_create(t.name, assignment); !st) {
        out.error = from_zk_error(st.err());
        return out;
    }

    out.num_partitions = int32_t(assignment.size());
    out.replication_factor = assignment.empty() ? int16_t(rf) : int16_t(assignment.begin()->second.size());
    out.config = std::move(*resolved);
    if (validate_only) return out;

    auto id = zk::random_uuid();
    if (auto st = zk_.client()->create_topic(t.name, assignment, configs, id, /*validate=*/false); !st) {
        out.error = from_zk_error(st.err());
        return out;
    }
    out.topic_id.bytes = id.bytes;
    log_->info("Creating topic {} with configuration {{{}}} and initial partition assignment {}", t.name, [&] {
        std::string s;
        for (const auto& [k, v] : configs) s += (s.empty() ? "" : ", ") + k + "=" + v;
        return s;
    }(), [&] {
        std::string s = "HashMap(";
        bool first = true;
        for (const auto& [p, r] : assignment) {
            s += (first ? "" : ", ") + std::to_string(p) + " -> ArrayBuffer(";
            for (size_t i = 0; i < r.size(); ++i) s += (i ? ", " : "") + std::to_string(r[i]);
            s += ")";
            first = false;
        }
        return s + ")";
    }());
    zk_.wake();
    return out;
}

std::vector<std::string> topic_admin::await_leaders(const std::vector<std::string>& names,
                                                    std::chrono::milliseconds timeout) {
    auto ready = [&](const metadata_snapshot& s, const std::string& n) {
        const topic_info* t = s.topic(n);
        if (!t || t->partitions.empty()) return false;
        return std::all_of(t->partitions.begin(), t->partitions.end(),
                           [&](const partition_info& p) { return p.leader >= 0 && s.brokers.count(p.leader); });
    };
    cache_.wait_until(
        [&](const metadata_snapshot& s) {
            return std::all_of(names.begin(), names.end(), [&](const std::string& n) { return ready(s, n); });
        },
        timeout);
    auto s = cache_.snapshot();
    std::vector<std::string> missing;
    for (const auto& n : names)
        if (!ready(*s, n)) missing.push_back(n);
    return missing;
}

kafka_error topic_admin::remove(const std::string& name) {
    if (!cfg_.values().get_bool("delete.topic.enable"))
        return kafka_error(error_code::topic_deletion_disabled,
                           "Topic deletion is disabled: delete.topic.enable=false on broker " +
                               std::to_string(cfg_.broker_id()) + ".");
    auto cluster = cache_.snapshot();
    if (!cluster->topic(name))
        return kafka_error(error_code::unknown_topic_or_partition,
                           "This server does not host this topic-partition.");
    if (auto st = zk_.client()->mark_topic_for_deletion(name); !st) {
        // Already marked: the deletion is under way, which is what the client asked for.
        if (st.err().code == zk::errc::topic_already_marked_for_deletion) return {};
        return from_zk_error(st.err());
    }
    log_->info("[Admin Manager on Broker {}]: Topic {} marked for deletion", cfg_.broker_id(), name);
    zk_.wake();
    return {};
}

std::vector<std::string> topic_admin::await_gone(const std::vector<std::string>& names,
                                                 std::chrono::milliseconds timeout) {
    cache_.wait_until(
        [&](const metadata_snapshot& s) {
            return std::none_of(names.begin(), names.end(), [&](const std::string& n) { return s.topic(n); });
        },
        timeout);
    auto s = cache_.snapshot();
    std::vector<std::string> left;
    for (const auto& n : names)
        if (s->topic(n)) left.push_back(n);
    return left;
}

kafka_error topic_admin::add_partitions(const std::string& name, int32_t new_count,
                                        const std::optional<std::vector<std::vector<int32_t>>>& manual,
                                        bool validate_only) {
    auto current = zk_.client()->get_topic_assignment(name);
    if (!current) return from_zk_error(current.err());
    if (!*current)
        return kafka_error(error_code::unknown_topic_or_partition, "The topic '" + name + "' does not exist.");
    auto cluster = cache_.snapshot();
    auto brokers = live_brokers(*cluster);
    auto plan = zk::plan_create_partitions(name, (*current)->partitions, brokers, new_count, manual,
                                           zk::default_random_source());
    if (!plan) return from_zk_error(plan.err());
    if (validate_only) return {};
    auto added = zk_.client()->add_partitions(name, (*current)->partitions, *plan);
    if (!added) return from_zk_error(added.err());
    zk_.wake();
    return {};
}

void topic_admin::auto_create(const std::vector<std::string>& names) {
    for (const auto& n : names) {
        new_topic t;
        t.name = n;
        auto r = create(t, false);
        if (r.error.ok())
            log_->info("Auto-created topic {} ({} partitions, replication factor {})", n, r.num_partitions,
                       r.replication_factor);
        else if (r.error.code != error_code::topic_already_exists)
            log_->warn("Auto-creation of topic {} failed: {}", n, r.error.message);
    }
}

}  // namespace odradek::broker
