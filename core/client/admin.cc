#include "client/admin.h"

#include <algorithm>
#include <set>

#include "protocol/messages/alter_configs.h"
#include "protocol/messages/create_partitions.h"
#include "protocol/messages/create_topics.h"
#include "protocol/messages/delete_records.h"
#include "protocol/messages/delete_topics.h"
#include "protocol/messages/describe_configs.h"
#include "protocol/messages/describe_log_dirs.h"
#include "protocol/messages/elect_leaders.h"
#include "protocol/messages/incremental_alter_configs.h"
#include "protocol/messages/list_offsets.h"

namespace odradek::client {

namespace {

using ec = protocol::error_code;

template <typename T>
using call_fn = std::function<result<T>(connection&, time_point)>;

status outcome_of(int16_t code, const std::optional<std::string>& message) {
    if (code == 0) return ok();
    return kafka_error(code, message);
}

// Kafka's admin client retries these per item; the rest are final.
bool admin_retriable(int16_t code) {
    ec e = ec(code);
    return e == ec::not_controller || (is_retriable(e) && e != ec::unknown_topic_or_partition);
}

// A broker id from a BROKER resource name ("0"), or nullopt for "" (cluster default).
std::optional<int32_t> broker_of(const config_resource& r) {
    if (r.type != resource_type::broker && r.type != resource_type::broker_logger) return std::nullopt;
    if (r.name.empty()) return std::nullopt;
    try {
        size_t used = 0;
        int v = std::stoi(r.name, &used);
        if (used == r.name.size()) return v;
    } catch (...) {
    }
    return std::nullopt;
}

}  // namespace

result<std::unique_ptr<admin>> admin::create(client_config config, millis api_timeout) {
    ODRADEK_TRY_ASSIGN(auto c, cluster::create(std::move(config)));
    return std::make_unique<admin>(std::move(c), api_timeout);
}

status admin::ensure_controller(time_point until) {
    if (cluster_->metadata().controller_id >= 0) return ok();
    ODRADEK_TRY(cluster_->refresh(std::vector<std::string>{}, false, until));
    if (cluster_->metadata().controller_id < 0) return kafka_error(ec::not_controller);
    return ok();
}

result<std::vector<topic_listing>> admin::list_topics(bool include_internal) {
    ODRADEK_TRY_ASSIGN(cluster_metadata md, cluster_->refresh(std::nullopt, false, deadline()));
    std::vector<topic_listing> out;
    for (const topic_metadata& t : md.topics) {
        if (t.error_code != 0 && t.error_code != int16_t(ec::leader_not_available)) continue;
        if (t.is_internal && !include_internal) continue;
        out.push_back(topic_listing{t.name, t.id, t.is_internal});
    }
    std::sort(out.begin(), out.end(), [](const topic_listing& a, const topic_listing& b) { return a.name < b.name; });
    return out;
}

result<std::vector<topic_metadata>> admin::describe_topics(const std::vector<std::string>& names) {
    ODRADEK_TRY_ASSIGN(cluster_metadata md, cluster_->refresh(names, false, deadline()));
    std::vector<topic_metadata> out;
    for (const std::string& n : names) {
        if (const topic_metadata* t = md.find_topic(n)) {
            out.push_back(*t);
        } else {
            topic_metadata missing;
            missing.name = n;
            missing.error_code = int16_t(ec::unknown_topic_or_partition);
            out.push_back(std::move(missing));
        }
    }
    return out;
}

result<cluster_description> admin::describe_cluster() {
    ODRADEK_TRY_ASSIGN(cluster_metadata md, cluster_->refresh(std::vector<std::string>{}, false, deadline()));
    return cluster_description{md.cluster_id, md.controller_id, md.brokers};
}

result<std::vector<item_outcome>> admin::create_topics(const std::vector<new_topic>& topics, bool validate_only) {
    using protocol::create_topics_request;
    using protocol::create_topics_response;
    time_point until = deadline();
    std::map<std::string, item_outcome> done;
    std::vector<const new_topic*> pending;
    for (const new_topic& t : topics) pending.push_back(&t);
    while (!pending.empty()) {
        ODRADEK_TRY(ensure_controller(until));
        call_fn<create_topics_response> fn = [&](connection& c, time_point d) -> result<create_topics_response> {
            ODRADEK_TRY_ASSIGN(int16_t v, c.version_for<create_topics_request>());
            create_topics_request req;
            req.timeout_ms = int32_t(std::min(cluster_->config().request_timeout, api_timeout_).count());
            req.validate_only = validate_only;
            for (const new_topic* t : pending) {
                create_topics_request::creatable_topic ct;
                ct.name = t->name;
                ct.num_partitions = t->assignments.empty() ? t->partitions.value_or(-1) : -1;
                ct.replication_factor = t->assignments.empty() ? t->replication_factor.value_or(-1) : int16_t(-1);
                if (v < 4 && t->assignments.empty() && (!t->partitions || !t->replication_factor))
                    return error(errc::unsupported_version,
                                 "Attempted to use broker defaults for partitions or replication factor with a "
                                 "broker that does not support it (CreateTopics v" + std::to_string(v) + ")");
                for (const auto& [p, brokers] : t->assignments)
                    ct.assignments.push_back({p, brokers, {}});
                for (const auto& [k, val] : t->configs) ct.configs.push_back({k, val, {}});
                req.topics.push_back(std::move(ct));
            }
            ODRADEK_TRY_ASSIGN(auto resp, (c.call<create_topics_response>(req, v, d)));
            return resp.body;
        };
        ODRADEK_TRY_ASSIGN(create_topics_response resp, cluster_->call<create_topics_response>(kControllerNode, until, fn));
        std::vector<const new_topic*> retry;
        for (const new_topic* t : pending) {
            auto it = std::find_if(resp.topics.begin(), resp.topics.end(),
                                   [&](const auto& r) { return r.name == t->name; });
            if (it == resp.topics.end()) {
                done[t->name] = item_outcome{t->name, {}, error(errc::bad_response, "no result for topic " + t->name)};
                continue;
            }
            if (it->error_code == int16_t(ec::not_controller) && clock::now() < until) {
                retry.push_back(t);
                continue;
            }
            done[t->name] = item_outcome{t->name, it->topic_id, outcome_of(it->error_code, it->error_message)};
        }
        pending = std::move(retry);
        if (!pending.empty()) {
            ODRADEK_TRY(cluster_->refresh(std::vector<std::string>{}, false, until));
            cluster_->sleep_for(cluster_->config().retry_backoff, until);
        }
    }
    std::vector<item_outcome> out;
    for (const new_topic& t : topics) out.push_back(done[t.name]);
    return out;
}

result<std::vector<item_outcome>> admin::delete_topics(const std::vector<std::string>& names) {
    using protocol::delete_topics_request;
    using protocol::delete_topics_response;
    time_point until = deadline();
    std::map<std::string, item_outcome> done;
    std::vector<std::string> pending = names;
    while (!pending.empty()) {
        ODRADEK_TRY(ensure_controller(until));
        call_fn<delete_topics_response> fn = [&](connection& c, time_point d) -> result<delete_topics_response> {
            ODRADEK_TRY_ASSIGN(int16_t v, c.version_for<delete_topics_request>());
            delete_topics_request req;
            req.timeout_ms = int32_t(std::min(cluster_->config().request_timeout, api_timeout_).count());
            for (const std::string& n : pending) {
                if (v >= 6)
                    req.topics.push_back({n, {}, {}});
                else
                    req.topic_names.push_back(n);
            }
            ODRADEK_TRY_ASSIGN(auto resp, (c.call<delete_topics_response>(req, v, d)));
            return resp.body;
        };
        ODRADEK_TRY_ASSIGN(delete_topics_response resp, cluster_->call<delete_topics_response>(kControllerNode, until, fn));
        std::vector<std::string> retry;
        for (const std::string& n : pending) {
            auto it = std::find_if(resp.responses.begin(), resp.responses.end(),
                                   [&](const auto& r) { return r.name.value_or("") == n; });
            if (it == resp.responses.end()) {
                done[n] = item_outcome{n, {}, error(errc::bad_response, "no result for topic " + n)};
                continue;
            }
            if (it->error_code == int16_t(ec::not_controller) && clock::now() < until) {
                retry.push_back(n);
                continue;
            }
            done[n] = item_outcome{n, it->topic_id, outcome_of(it->error_code, it->error_message)};
            cluster_->invalidate_topic(n);
        }
        pending = std::move(retry);
        if (!pending.empty()) {
            ODRADEK_TRY(cluster_->refresh(std::vector<std::string>{}, false, until));
            cluster_->sleep_for(cluster_->config().retry_backoff, until);
        }
    }
    std::vector<item_outcome> out;
    for (const std::string& n : names) out.push_back(done[n]);
    return out;
}

result<std::vector<item_outcome>> admin::create_partitions(const std::vector<partition_increase>& increases,
                                                           bool validate_only) {
    using protocol::create_partitions_request;
    using protocol::create_partitions_response;
    time_point until = deadline();
    std::map<std::string, item_outcome> done;
    std::vector<const partition_increase*> pending;
    for (const partition_increase& p : increases) pending.push_back(&p);
    while (!pending.empty()) {
        ODRADEK_TRY(ensure_controller(until));
        call_fn<create_partitions_response> fn = [&](connection& c,
                                                     time_point d) -> result<create_partitions_response> {
            ODRADEK_TRY_ASSIGN(int16_t v, c.version_for<create_partitions_request>());
            create_partitions_request req;
            req.timeout_ms = int32_t(std::min(cluster_->config().request_timeout, api_timeout_).count());
            req.validate_only = validate_only;
            for (const partition_increase* p : pending) {
                create_partitions_request::create_partitions_topic t;
                t.name = p->topic;
                t.count = p->total_count;
                if (p->assignments.empty()) {
                    t.assignments = std::nullopt;
                } else {
                    std::vector<create_partitions_request::create_partitions_assignment> a;
                    for (const auto& brokers : p->assignments) a.push_back({brokers, {}});
                    t.assignments = std::move(a);
                }
                req.topics.push_back(std::move(t));
            }
            ODRADEK_TRY_ASSIGN(auto resp, (c.call<create_partitions_response>(req, v, d)));
            return resp.body;
        };
        ODRADEK_TRY_ASSIGN(create_partitions_response resp,
                           cluster_->call<create_partitions_response>(kControllerNode, until, fn));
        std::vector<const partition_increase*> retry;
        for (const partition_increase* p : pending) {
            auto it = std::find_if(resp.results.begin(), resp.results.end(),
                                   [&](const auto& r) { return r.name == p->topic; });
            if (it == resp.results.end()) {
                done[p->topic] = item_outcome{p->topic, {}, error(errc::bad_response, "no result for topic " + p->topic)};
                continue;
            }
            if (it->error_code == int16_t(ec::not_controller) && clock::now() < until) {
                retry.push_back(p);
                continue;
            }
            done[p->topic] = item_outcome{p->topic, {}, outcome_of(it->error_code, it->error_message)};
            cluster_->invalidate_topic(p->topic);
        }
        pending = std::move(retry);
        if (!pending.empty()) {
            ODRADEK_TRY(cluster_->refresh(std::vector<std::string>{}, false, until));
            cluster_->sleep_for(cluster_->config().retry_backoff, until);
        }
    }
    std::vector<item_outcome> out;
    for (const partition_increase& p : increases) out.push_back(done[p.topic]);
    return out;
}

result<std::vector<config_description>> admin::describe_configs(const std::vector<config_resource>& resources,
                                                                bool include_synonyms, bool include_documentation) {
    using protocol::describe_configs_request;
    using protocol::describe_configs_response;
    time_point until = deadline();
    // One request per target node: each named broker, and any broker for the rest.
    std::map<int32_t, std::vector<config_resource>> by_node;
    for (const config_resource& r : resources) by_node[broker_of(r).value_or(kAnyNode)].push_back(r);
    std::map<config_resource, config_description> done;
    for (const auto& group : by_node) {
        // Named copies: lambdas below capture them (clang 14 cannot capture bindings).
        const auto& node_id = group.first;
        const auto& list = group.second;
        call_fn<describe_configs_response> fn = [&](connection& c, time_point d) -> result<describe_configs_response> {
            ODRADEK_TRY_ASSIGN(int16_t v, c.version_for<describe_configs_request>());
            describe_configs_request req;
            req.include_synonyms = include_synonyms;
            req.include_documentation = include_documentation;
            for (const config_resource& r : list)
                req.resources.push_back({int8_t(r.type), r.name, std::nullopt, {}});
            ODRADEK_TRY_ASSIGN(auto resp, (c.call<describe_configs_response>(req, v, d)));
            // v0 has no config source: derive it from is_default.
            if (v == 0) {
                for (auto& res : resp.body.results)
                    for (auto& e : res.configs) e.config_source = e.is_default ? kConfigSourceDefault : int8_t(-1);
            }
            return resp.body;
        };
        ODRADEK_TRY_ASSIGN(describe_configs_response resp, cluster_->call<describe_configs_response>(node_id, until, fn));
        for (const config_resource& r : list) {
            config_description desc;
            desc.resource = r;
            auto it = std::find_if(resp.results.begin(), resp.results.end(), [&](const auto& x) {
                return x.resource_name == r.name && x.resource_type == int8_t(r.type);
            });
            if (it == resp.results.end()) {
                desc.result = error(errc::bad_response, "no result for resource " + r.name);
            } else {
                desc.result = outcome_of(it->error_code, it->error_message);
                for (const auto& e : it->configs) {
                    config_entry_info ce;
                    ce.name = e.name;
                    ce.value = e.value;
                    ce.source = e.config_source;
                    ce.read_only = e.read_only;
                    ce.is_sensitive = e.is_sensitive;
                    ce.is_default = e.config_source == kConfigSourceDefault || (e.config_source == -1 && e.is_default);
                    for (const auto& s : e.synonyms) ce.synonyms.push_back({s.name, s.value, s.source});
                    ce.type = e.config_type;
                    ce.documentation = e.documentation;
                    desc.entries.push_back(std::move(ce));
                }
            }
            done[r] = std::move(desc);
        }
    }
    std::vector<config_description> out;
    for (const config_resource& r : resources) out.push_back(done[r]);
    return out;
}

result<std::vector<resource_outcome>> admin::incremental_alter_configs(
    const std::vector<std::pair<config_resource, std::vector<config_alteration>>>& changes, bool validate_only) {
    using protocol::incremental_alter_configs_request;
    using protocol::incremental_alter_configs_response;
    time_point until = deadline();
    std::map<int32_t, std::vector<const std::pair<config_resource, std::vector<config_alteration>>*>> by_node;
    for (const auto& ch : changes) by_node[broker_of(ch.first).value_or(kAnyNode)].push_back(&ch);
    std::map<config_resource, resource_outcome> done;
    for (const auto& group : by_node) {
        // Named copies: lambdas below capture them (clang 14 cannot capture bindings).
        const auto& node_id = group.first;
        const auto& list = group.second;
        call_fn<incremental_alter_configs_response> fn =
            [&](connection& c, time_point d) -> result<incremental_alter_configs_response> {
            ODRADEK_TRY_ASSIGN(int16_t v, c.version_for<incremental_alter_configs_request>());
            incremental_alter_configs_request req;
            req.validate_only = validate_only;
            for (const auto* ch : list) {
                incremental_alter_configs_request::alter_configs_resource res;
                res.resource_type = int8_t(ch->first.type);
                res.resource_name = ch->first.name;
                for (const config_alteration& a : ch->second) res.configs.push_back({a.name, int8_t(a.op), a.value, {}});
                req.resources.push_back(std::move(res));
            }
            ODRADEK_TRY_ASSIGN(auto resp, (c.call<incremental_alter_configs_response>(req, v, d)));
            return resp.body;
        };
        ODRADEK_TRY_ASSIGN(incremental_alter_configs_response resp,
                           cluster_->call<incremental_alter_configs_response>(node_id, until, fn));
        for (const auto* ch : list) {
            auto it = std::find_if(resp.responses.begin(), resp.responses.end(), [&](const auto& x) {
                return x.resource_name == ch->first.name && x.resource_type == int8_t(ch->first.type);
            });
            resource_outcome o{ch->first, ok()};
            if (it == resp.responses.end())
                o.result = error(errc::bad_response, "no result for resource " + ch->first.name);
            else
                o.result = outcome_of(it->error_code, it->error_message);
            done[ch->first] = std::move(o);
        }
    }
    std::vector<resource_outcome> out;
    for (const auto& ch : changes) out.push_back(done[ch.first]);
    return out;
}

result<std::vector<resource_outcome>> admin::alter_configs(
    const std::vector<std::pair<config_resource, std::vector<std::pair<std::string, std::optional<std::string>>>>>&
        configs,
    bool validate_only) {
    using protocol::alter_configs_request;
    using protocol::alter_configs_response;
    time_point until = deadline();
    using change = std::pair<config_resource, std::vector<std::pair<std::string, std::optional<std::string>>>>;
    std::map<int32_t, std::vector<const change*>> by_node;
    for (const change& c : configs) by_node[broker_of(c.first).value_or(kAnyNode)].push_back(&c);
    std::map<config_resource, resource_outcome> done;
    for (const auto& group : by_node) {
        // Named copies: lambdas below capture them (clang 14 cannot capture bindings).
        const auto& node_id = group.first;
        const auto& list = group.second;
        call_fn<alter_configs_response> fn = [&](connection& c, time_point d) -> result<alter_configs_response> {
            ODRADEK_TRY_ASSIGN(int16_t v, c.version_for<alter_configs_request>());
            alter_configs_request req;
            req.validate_only = validate_only;
            for (const change* ch : list) {
                alter_configs_request::alter_configs_resource res;
                res.resource_type = int8_t(ch->first.type);
                res.resource_name = ch->first.name;
                for (const auto& [k, val] : ch->second) res.configs.push_back({k, val, {}});
                req.resources.push_back(std::move(res));
            }
            ODRADEK_TRY_ASSIGN(auto resp, (c.call<alter_configs_response>(req, v, d)));
            return resp.body;
        };
        ODRADEK_TRY_ASSIGN(alter_configs_response resp, cluster_->call<alter_configs_response>(node_id, until, fn));
        for (const change* ch : list) {
            auto it = std::find_if(resp.responses.begin(), resp.responses.end(), [&](const auto& x) {
                return x.resource_name == ch->first.name && x.resource_type == int8_t(ch->first.type);
            });
            resource_outcome o{ch->first, ok()};
            if (it == resp.responses.end())
                o.result = error(errc::bad_response, "no result for resource " + ch->first.name);
            else
                o.result = outcome_of(it->error_code, it->error_message);
            done[ch->first] = std::move(o);
        }
    }
    std::vector<resource_outcome> out;
    for (const change& c : configs) out.push_back(done[c.first]);
    return out;
}

result<std::map<int32_t, std::vector<topic_partition>>> admin::group_by_leader(const std::vector<topic_partition>& tps,
                                                                              std::map<topic_partition, status>& failed,
                                                                              time_point until) {
    std::set<std::string> topic_set;
    for (const topic_partition& tp : tps) topic_set.insert(tp.topic);
    ODRADEK_TRY_ASSIGN(cluster_metadata md,
                       cluster_->refresh(std::vector<std::string>(topic_set.begin(), topic_set.end()), false, until));
    std::map<int32_t, std::vector<topic_partition>> out;
    for (const topic_partition& tp : tps) {
        const topic_metadata* t = md.find_topic(tp.topic);
        if (t == nullptr || t->error_code != 0) {
            failed[tp] = kafka_error(t == nullptr ? int16_t(ec::unknown_topic_or_partition) : t->error_code);
            continue;
        }
        auto p = std::find_if(t->partitions.begin(), t->partitions.end(),
                              [&](const partition_metadata& pm) { return pm.partition == tp.partition; });
        if (p == t->partitions.end()) {
            failed[tp] = kafka_error(ec::unknown_topic_or_partition);
            continue;
        }
        if (p->leader < 0) {
            failed[tp] = kafka_error(ec::leader_not_available);
            continue;
        }
        out[p->leader].push_back(tp);
    }
    return out;
}

result<std::vector<offset_result>> admin::list_offsets(const std::vector<std::pair<topic_partition, int64_t>>& requests,
                                                       isolation_level isolation) {
    using protocol::list_offsets_request;
    using protocol::list_offsets_response;
    time_point until = deadline();
    std::map<topic_partition, int64_t> wanted(requests.begin(), requests.end());
    std::map<topic_partition, offset_result> done;
    std::vector<topic_partition> pending;
    for (const auto& [tp, ts] : wanted) pending.push_back(tp);
    while (!pending.empty()) {
        std::map<topic_partition, status> failed;
        ODRADEK_TRY_ASSIGN(auto by_leader, group_by_leader(pending, failed, until));
        std::vector<topic_partition> retry;
        for (const auto& [tp, st] : failed) {
            auto code = kafka_code(st.err());
            if (code && is_retriable(*code) && clock::now() < until)
                retry.push_back(tp);
            else
                done[tp] = offset_result{tp, st};
        }
        for (const auto& group : by_leader) {
            // Named copies: lambdas below capture them (clang 14 cannot capture bindings).
            const auto& leader = group.first;
            const auto& tps = group.second;
            call_fn<list_offsets_response> fn = [&](connection& c, time_point d) -> result<list_offsets_response> {
                int16_t cap = list_offsets_request::kMaxVersion;
                int16_t floor = 0;
                if (isolation == isolation_level::read_committed) floor = 2;
                for (const topic_partition& tp : tps)
                    if (wanted[tp] == kMaxTimestamp) floor = 7;
                ODRADEK_TRY_ASSIGN(int16_t v, c.pick_version(list_offsets_request::kApiKey, floor, cap));
                list_offsets_request req;
                req.replica_id = -1;
                req.isolation_level = int8_t(isolation);
                for (const topic_partition& tp : tps) {
                    auto t = std::find_if(req.topics.begin(), req.topics.end(),
                                          [&](const auto& x) { return x.name == tp.topic; });
                    if (t == req.topics.end()) {
                        req.topics.push_back({tp.topic, {}, {}});
                        t = req.topics.end() - 1;
                    }
                    list_offsets_request::list_offsets_partition p;
                    p.partition_index = tp.partition;
                    p.timestamp = wanted[tp];
                    t->partitions.push_back(p);
                }
                ODRADEK_TRY_ASSIGN(auto resp, (c.call<list_offsets_response>(req, v, d)));
                if (v == 0) {
                    for (auto& t : resp.body.topics)
                        for (auto& p : t.partitions)
                            p.offset = p.old_style_offsets.empty() ? -1 : p.old_style_offsets.front();
                }
                return resp.body;
            };
            auto resp = cluster_->call<list_offsets_response>(leader, until, fn);
            if (!resp) {
                if (!cluster::is_transport_error(resp.err()) && !is_kafka_error(resp.err(), ec::not_leader_or_follower))
                    return std::move(resp).err();
                for (const topic_partition& tp : tps) retry.push_back(tp);
                continue;
            }
            for (const topic_partition& tp : tps) {
                const list_offsets_response::list_offsets_partition_response* pr = nullptr;
                for (const auto& t : resp->topics)
                    if (t.name == tp.topic)
                        for (const auto& p : t.partitions)
                            if (p.partition_index == tp.partition) pr = &p;
                if (pr == nullptr) {
                    done[tp] = offset_result{tp, error(errc::bad_response, "no offset for " + tp.topic)};
                    continue;
                }
                if (pr->error_code != 0 && is_retriable(ec(pr->error_code)) && clock::now() < until) {
                    retry.push_back(tp);
                    continue;
                }
                done[tp] = offset_result{tp, outcome_of(pr->error_code, std::nullopt), pr->offset, pr->timestamp,
                                         pr->leader_epoch};
            }
        }
        pending = std::move(retry);
        if (!pending.empty()) {
            if (clock::now() >= until) {
                for (const topic_partition& tp : pending)
                    done[tp] = offset_result{tp, error(errc::timeout, "listing offsets of " + tp.topic)};
                break;
            }
            cluster_->sleep_for(cluster_->config().retry_backoff, until);
        }
    }
    std::vector<offset_result> out;
    for (const auto& [tp, ts] : requests) out.push_back(done[tp]);
    return out;
}

result<std::vector<delete_records_result>> admin::delete_records(
    const std::vector<std::pair<topic_partition, int64_t>>& before) {
    using protocol::delete_records_request;
    using protocol::delete_records_response;
    time_point until = deadline();
    std::map<topic_partition, int64_t> wanted(before.begin(), before.end());
    std::map<topic_partition, delete_records_result> done;
    std::vector<topic_partition> pending;
    for (const auto& [tp, o] : wanted) pending.push_back(tp);
    while (!pending.empty()) {
        std::map<topic_partition, status> failed;
        ODRADEK_TRY_ASSIGN(auto by_leader, group_by_leader(pending, failed, until));
        std::vector<topic_partition> retry;
        for (const auto& [tp, st] : failed) {
            auto code = kafka_code(st.err());
            if (code && is_retriable(*code) && *code != ec::unknown_topic_or_partition && clock::now() < until)
                retry.push_back(tp);
            else
                done[tp] = delete_records_result{tp, st};
        }
        for (const auto& group : by_leader) {
            // Named copies: lambdas below capture them (clang 14 cannot capture bindings).
            const auto& leader = group.first;
            const auto& tps = group.second;
            call_fn<delete_records_response> fn = [&](connection& c, time_point d) -> result<delete_records_response> {
                ODRADEK_TRY_ASSIGN(int16_t v, c.version_for<delete_records_request>());
                delete_records_request req;
                req.timeout_ms = int32_t(std::min(cluster_->config().request_timeout, api_timeout_).count());
                for (const topic_partition& tp : tps) {
                    auto t = std::find_if(req.topics.begin(), req.topics.end(),
                                          [&](const auto& x) { return x.name == tp.topic; });
                    if (t == req.topics.end()) {
                        req.topics.push_back({tp.topic, {}, {}});
                        t = req.topics.end() - 1;
                    }
                    t->partitions.push_back({tp.partition, wanted[tp], {}});
                }
                ODRADEK_TRY_ASSIGN(auto resp, (c.call<delete_records_response>(req, v, d)));
                return resp.body;
            };
            auto resp = cluster_->call<delete_records_response>(leader, until, fn);
            if (!resp) {
                if (!cluster::is_transport_error(resp.err())) return std::move(resp).err();
                for (const topic_partition& tp : tps) retry.push_back(tp);
                continue;
            }
            for (const topic_partition& tp : tps) {
                const delete_records_response::delete_records_partition_result* pr = nullptr;
                for (const auto& t : resp->topics)
                    if (t.name == tp.topic)
                        for (const auto& p : t.partitions)
                            if (p.partition_index == tp.partition) pr = &p;
                if (pr == nullptr) {
                    done[tp] = delete_records_result{tp, error(errc::bad_response, "no result for " + tp.topic)};
                    continue;
                }
                if (pr->error_code != 0 && admin_retriable(pr->error_code) && clock::now() < until) {
                    retry.push_back(tp);
                    continue;
                }
                done[tp] = delete_records_result{tp, outcome_of(pr->error_code, std::nullopt), pr->low_watermark};
            }
        }
        pending = std::move(retry);
        if (!pending.empty()) {
            if (clock::now() >= until) {
                for (const topic_partition& tp : pending)
                    done[tp] = delete_records_result{tp, error(errc::timeout, "deleting records of " + tp.topic)};
                break;
            }
            cluster_->sleep_for(cluster_->config().retry_backoff, until);
        }
    }
    std::vector<delete_records_result> out;
    for (const auto& [tp, o] : before) out.push_back(done[tp]);
    return out;
}

result<std::vector<log_dir_description>> admin::describe_log_dirs(const std::vector<int32_t>& brokers) {
    using protocol::describe_log_dirs_request;
    using protocol::describe_log_dirs_response;
    time_point until = deadline();
    std::vector<int32_t> targets = brokers;
    if (targets.empty()) {
        ODRADEK_TRY_ASSIGN(cluster_description cd, describe_cluster());
        for (const broker_node& b : cd.brokers) targets.push_back(b.id);
    } else if (cluster_->metadata().brokers.empty()) {
        ODRADEK_TRY(describe_cluster());
    }
    std::vector<log_dir_description> out;
    for (int32_t b : targets) {
        if (cluster_->metadata().find_broker(b) == nullptr) {
            log_dir_description d;
            d.broker = b;
            d.result = error(errc::invalid_config, "Broker " + std::to_string(b) + " is not in the cluster");
            out.push_back(std::move(d));
            continue;
        }
        call_fn<describe_log_dirs_response> fn = [&](connection& c, time_point d) -> result<describe_log_dirs_response> {
            ODRADEK_TRY_ASSIGN(int16_t v, c.version_for<describe_log_dirs_request>());
            describe_log_dirs_request req;
            req.topics = std::nullopt;  // every partition
            ODRADEK_TRY_ASSIGN(auto resp, (c.call<describe_log_dirs_response>(req, v, d)));
            return resp.body;
        };
        auto resp = cluster_->call<describe_log_dirs_response>(b, until, fn);
        if (!resp) {
            log_dir_description d;
            d.broker = b;
            d.result = std::move(resp).err();
            out.push_back(std::move(d));
            continue;
        }
        if (resp->error_code != 0) {
            log_dir_description d;
            d.broker = b;
            d.result = kafka_error(resp->error_code);
            out.push_back(std::move(d));
            continue;
        }
        for (const auto& r : resp->results) {
            log_dir_description d;
            d.broker = b;
            d.path = r.log_dir;
            d.result = outcome_of(r.error_code, std::nullopt);
            d.total_bytes = r.total_bytes;
            d.usable_bytes = r.usable_bytes;
            for (const auto& t : r.topics)
                for (const auto& p : t.partitions)
                    d.replicas.push_back({{t.name, p.partition_index}, p.partition_size, p.offset_lag, p.is_future_key});
            out.push_back(std::move(d));
        }
    }
    return out;
}

result<std::vector<election_result>> admin::elect_leaders(election_type type,
                                                          const std::optional<std::vector<topic_partition>>& partitions) {
    using protocol::elect_leaders_request;
    using protocol::elect_leaders_response;
    time_point until = deadline();
    for (;;) {
        ODRADEK_TRY(ensure_controller(until));
        call_fn<elect_leaders_response> fn = [&](connection& c, time_point d) -> result<elect_leaders_response> {
            ODRADEK_TRY_ASSIGN(int16_t v, c.version_for<elect_leaders_request>());
            if (v < 1 && type != election_type::preferred)
                return error(errc::unsupported_version, "the broker does not support unclean leader elections");
            elect_leaders_request req;
            req.election_type = int8_t(type);
            req.timeout_ms = int32_t(std::min(cluster_->config().request_timeout, api_timeout_).count());
            if (partitions) {
                req.topic_partitions.emplace();
                for (const auto& tp : *partitions) {
                    auto& ts = *req.topic_partitions;
                    auto it = std::find_if(ts.begin(), ts.end(), [&](const auto& t) { return t.topic == tp.topic; });
                    if (it == ts.end()) it = ts.insert(ts.end(), {tp.topic, {}, {}});
                    it->partitions.push_back(tp.partition);
                }
            } else {
                req.topic_partitions = std::nullopt;
            }
            ODRADEK_TRY_ASSIGN(auto resp, (c.call<elect_leaders_response>(req, v, d)));
            return resp.body;
        };
        ODRADEK_TRY_ASSIGN(elect_leaders_response resp, cluster_->call<elect_leaders_response>(kControllerNode, until, fn));
        bool moved = resp.error_code == int16_t(ec::not_controller);
        for (const auto& t : resp.replica_election_results)
            for (const auto& p : t.partition_result)
                if (p.error_code == int16_t(ec::not_controller)) moved = true;
        if (moved && clock::now() < until) {
            ODRADEK_TRY(cluster_->refresh(std::vector<std::string>{}, false, until));
            cluster_->sleep_for(cluster_->config().retry_backoff, until);
            continue;
        }
        if (resp.error_code != 0) return kafka_error(resp.error_code, std::nullopt);
        std::vector<election_result> out;
        for (const auto& t : resp.replica_election_results)
            for (const auto& p : t.partition_result)
                out.push_back({{t.topic, p.partition_id}, outcome_of(p.error_code, p.error_message)});
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.partition < b.partition; });
        return out;
    }
}

}  // namespace odradek::client
