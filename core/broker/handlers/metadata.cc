#include "broker/handlers/metadata.h"

#include <algorithm>

#include "config/topic_name.h"
#include "protocol/error_code.h"

namespace odradek::broker {

using protocol::error_code;
using response = protocol::metadata_response;

namespace {

bool alive(const metadata_snapshot& c, int32_t id) { return c.brokers.count(id) != 0; }

response::metadata_response_topic describe(const topic_info& t, int16_t version, const metadata_env& env,
                                           bool include_ops) {
    response::metadata_response_topic out;
    out.name = t.name;
    out.topic_id = t.id;
    out.is_internal = t.internal;
    if (include_ops) out.topic_authorized_operations = kAllTopicOperations;
    for (const auto& p : t.partitions) {
        response::metadata_response_partition mp;
        mp.partition_index = p.partition;
        mp.leader_epoch = p.leader_epoch;
        mp.replica_nodes = p.replicas;
        mp.isr_nodes = p.isr;
        mp.offline_replicas = p.offline_replicas;
        const broker_info* leader = nullptr;
        if (auto it = env.cluster.brokers.find(p.leader); it != env.cluster.brokers.end()) leader = &it->second;
        if (!leader) {
            mp.error_code = int16_t(error_code::leader_not_available);
            mp.leader_id = -1;
        } else if (!leader->endpoint_for(env.listener)) {
            mp.error_code = int16_t(error_code::listener_not_found);
            mp.leader_id = -1;
        } else {
            mp.leader_id = p.leader;
            // Kafka reports a replica on a dead broker as an error only at v0
            // (errorUnavailableEndpoints); later versions list it as offline.
            bool all_alive = std::all_of(p.replicas.begin(), p.replicas.end(),
                                         [&](int32_t r) { return alive(env.cluster, r); });
            if (version == 0 && !all_alive) mp.error_code = int16_t(error_code::replica_not_available);
        }
        if (version == 0) {
            // v0 lists only live replicas and ISR members.
            std::erase_if(mp.replica_nodes, [&](int32_t r) { return !alive(env.cluster, r); });
            std::erase_if(mp.isr_nodes, [&](int32_t r) { return !alive(env.cluster, r); });
        }
        out.partitions.push_back(std::move(mp));
    }
    return out;
}

response::metadata_response_topic topic_error(std::optional<std::string> name, const protocol::uuid& id,
                                              error_code code) {
    response::metadata_response_topic out;
    out.error_code = int16_t(code);
    out.name = std::move(name);
    out.topic_id = id;
    return out;
}

}  // namespace

response handle_metadata(const protocol::metadata_request& req, int16_t version, const metadata_env& env) {
    response resp;
    const auto& c = env.cluster;
    for (const auto& [id, b] : c.brokers) {
        const broker_endpoint* ep = b.endpoint_for(env.listener);
        if (!ep) continue;
        response::metadata_response_broker mb;
        mb.node_id = id;
        mb.host = ep->host;
        mb.port = ep->port;
        mb.rack = b.rack;
        resp.brokers.push_back(std::move(mb));
    }
    resp.cluster_id = c.cluster_id;
    resp.controller_id = alive(c, c.controller_id) ? c.controller_id : -1;
    if (req.include_cluster_authorized_operations) resp.cluster_authorized_operations = kAllClusterOperations;
    bool ops = req.include_topic_authorized_operations;

    bool all = !req.topics || (version == 0 && req.topics->empty());
    if (all) {
        for (const auto& [name, t] : c.topics)
            if (!t.being_deleted) resp.topics.push_back(describe(t, version, env, ops));
        return resp;
    }
    bool may_create = env.auto_create_topics && (version < 4 || req.allow_auto_topic_creation);
    std::vector<std::string> to_create;
    for (const auto& rt : *req.topics) {
        bool by_id = version >= 10 && !rt.topic_id.is_zero();
        if (by_id) {
            const topic_info* t = c.topic_by_id(rt.topic_id);
            if (!t || t->being_deleted)
                resp.topics.push_back(topic_error(std::nullopt, rt.topic_id, error_code::unknown_topic_id));
            else
                resp.topics.push_back(describe(*t, version, env, ops));
            continue;
        }
        if (!rt.name) {
            resp.topics.push_back(topic_error(std::nullopt, rt.topic_id, error_code::invalid_request));
            continue;
        }
        const std::string& name = *rt.name;
        if (const topic_info* t = c.topic(name); t && !t->being_deleted) {
            resp.topics.push_back(describe(*t, version, env, ops));
            continue;
        }
        if (!config::validate_topic_name(name)) {
            resp.topics.push_back(topic_error(name, {}, error_code::invalid_topic_exception));
        } else if (may_create && !config::is_internal_topic(name)) {
            to_create.push_back(name);
            resp.topics.push_back(topic_error(name, {}, error_code::leader_not_available));
        } else {
            resp.topics.push_back(topic_error(name, {}, error_code::unknown_topic_or_partition));
        }
    }
    if (!to_create.empty() && env.create_topics) env.create_topics(to_create);
    return resp;
}

}  // namespace odradek::broker
