#pragma once
// A fake admin client for the tools' unit tests: an in-memory cluster of one
// broker (id 0) whose topics, configs and offsets a test sets up, recording
// what the tool asked for.

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/admin.h"
#include "client/errc.h"
#include "tools/topics.h"

namespace odradek::tools::testing {

using namespace odradek::client;

// An in-memory cluster of one broker.
class fake_admin final : public admin_api {
public:
    std::vector<topic_metadata> topics;
    std::map<std::string, std::vector<config_entry_info>> configs;
    std::vector<new_topic> created;
    std::vector<std::string> deleted;
    std::vector<partition_increase> increased;
    std::optional<error> fail_all;  // every call fails with this

    void add_topic(const std::string& name, int partitions, std::vector<int32_t> replicas = {0}) {
        topic_metadata t;
        t.name = name;
        t.id.bytes[0] = uint8_t(name.size());
        t.id.bytes[15] = 7;
        for (int p = 0; p < partitions; ++p)
            t.partitions.push_back({p, 0, replicas.front(), 0, replicas, replicas, {}});
        topics.push_back(t);
    }

    result<std::vector<topic_listing>> list_topics(bool include_internal) override {
        if (fail_all) return *fail_all;
        std::vector<topic_listing> out;
        for (const auto& t : topics)
            if (include_internal || !is_internal_topic(t.name)) out.push_back({t.name, t.id, is_internal_topic(t.name)});
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
        return out;
    }
    result<std::vector<topic_metadata>> describe_topics(const std::vector<std::string>& names) override {
        std::vector<topic_metadata> out;
        for (const auto& n : names)
            for (const auto& t : topics)
                if (t.name == n) out.push_back(t);
        return out;
    }
    result<cluster_description> describe_cluster() override {
        return cluster_description{std::string("cid"), 0, {broker_node{0, "localhost", 9092, std::nullopt}}};
    }
    result<std::vector<item_outcome>> create_topics(const std::vector<new_topic>& ts, bool) override {
        if (fail_all) return *fail_all;
        std::vector<item_outcome> out;
        for (const new_topic& t : ts) {
            created.push_back(t);
            bool exists = std::any_of(topics.begin(), topics.end(), [&](const auto& x) { return x.name == t.name; });
            if (exists)
                out.push_back({t.name, {}, kafka_error(protocol::error_code::topic_already_exists,
                                                        std::string("Topic '" + t.name + "' already exists."))});
            else
                out.push_back({t.name, {}, ok()});
        }
        return out;
    }
    result<std::vector<item_outcome>> delete_topics(const std::vector<std::string>& names) override {
        std::vector<item_outcome> out;
        for (const auto& n : names) {
            deleted.push_back(n);
            out.push_back({n, {}, ok()});
        }
        return out;
    }
    result<std::vector<item_outcome>> create_partitions(const std::vector<partition_increase>& incs, bool) override {
        std::vector<item_outcome> out;
        for (const auto& i : incs) {
            increased.push_back(i);
            out.push_back({i.topic, {}, ok()});
        }
        return out;
    }
    result<std::vector<config_description>> describe_configs(const std::vector<config_resource>& rs, bool,
                                                             bool) override {
        if (fail_all) return *fail_all;
        std::vector<config_description> out;
        for (const auto& r : rs) out.push_back({r, ok(), configs[r.name]});
        return out;
    }
    result<std::vector<resource_outcome>> incremental_alter_configs(
        const std::vector<std::pair<config_resource, std::vector<config_alteration>>>& cs, bool) override {
        std::vector<resource_outcome> out;
        for (const auto& c : cs) {
            incremental.push_back(c);
            out.push_back({c.first, ok()});
        }
        return out;
    }
    std::vector<std::pair<config_resource, std::vector<config_alteration>>> incremental;
    std::vector<std::pair<config_resource, std::vector<std::pair<std::string, std::optional<std::string>>>>> replaced;
    result<std::vector<resource_outcome>> alter_configs(
        const std::vector<std::pair<config_resource, std::vector<std::pair<std::string, std::optional<std::string>>>>>&
            cs,
        bool) override {
        std::vector<resource_outcome> out;
        for (const auto& c : cs) {
            replaced.push_back(c);
            out.push_back({c.first, ok()});
        }
        return out;
    }
    std::map<std::pair<topic_partition, int64_t>, offset_result> offsets;  // (tp, timestamp) -> answer
    result<std::vector<offset_result>> list_offsets(const std::vector<std::pair<topic_partition, int64_t>>& rs,
                                                    isolation_level) override {
        std::vector<offset_result> out;
        for (const auto& r : rs) {
            auto it = offsets.find(r);
            if (it != offsets.end())
                out.push_back(it->second);
            else
                out.push_back({r.first, kafka_error(protocol::error_code::unknown_topic_or_partition)});
        }
        return out;
    }
    // Deleting before offset o leaves the low watermark at o (unknown topics fail).
    result<std::vector<delete_records_result>> delete_records(
        const std::vector<std::pair<topic_partition, int64_t>>& before) override {
        std::vector<delete_records_result> out;
        for (const auto& entry : before) {
            const topic_partition& tp = entry.first;
            int64_t o = entry.second;
            bool known = std::any_of(topics.begin(), topics.end(), [&](const auto& t) { return t.name == tp.topic; });
            if (known)
                out.push_back({tp, ok(), o});
            else
                out.push_back({tp, kafka_error(protocol::error_code::unknown_topic_or_partition), -1});
        }
        return out;
    }
    std::vector<log_dir_description> log_dirs;
    result<std::vector<log_dir_description>> describe_log_dirs(const std::vector<int32_t>& brokers) override {
        std::vector<log_dir_description> out;
        for (const auto& d : log_dirs)
            if (std::find(brokers.begin(), brokers.end(), d.broker) != brokers.end()) out.push_back(d);
        return out;
    }
    // elect_leaders answers `elections` and records what it was asked.
    std::vector<election_result> elections;
    std::optional<election_type> asked_election_type;
    std::optional<std::vector<topic_partition>> asked_election_partitions;
    result<std::vector<election_result>> elect_leaders(election_type type,
                                                       const std::optional<std::vector<topic_partition>>& p) override {
        if (fail_all) return *fail_all;
        asked_election_type = type;
        asked_election_partitions = p;
        return elections;
    }
};

// A factory handing the tool a non-owning view of `admin`.
inline admin_factory factory_for(fake_admin& admin) {
    return [&admin](error&) -> std::unique_ptr<admin_api> {
        // A non-owning wrapper around the test's fake.
        struct ref final : admin_api {
            fake_admin& a;
            explicit ref(fake_admin& f) : a(f) {}
            result<std::vector<topic_listing>> list_topics(bool i) override { return a.list_topics(i); }
            result<std::vector<topic_metadata>> describe_topics(const std::vector<std::string>& n) override {
                return a.describe_topics(n);
            }
            result<cluster_description> describe_cluster() override { return a.describe_cluster(); }
            result<std::vector<item_outcome>> create_topics(const std::vector<new_topic>& t, bool v) override {
                return a.create_topics(t, v);
            }
            result<std::vector<item_outcome>> delete_topics(const std::vector<std::string>& n) override {
                return a.delete_topics(n);
            }
            result<std::vector<item_outcome>> create_partitions(const std::vector<partition_increase>& i,
                                                                bool v) override {
                return a.create_partitions(i, v);
            }
            result<std::vector<config_description>> describe_configs(const std::vector<config_resource>& r, bool s,
                                                                     bool d) override {
                return a.describe_configs(r, s, d);
            }
            result<std::vector<resource_outcome>> incremental_alter_configs(
                const std::vector<std::pair<config_resource, std::vector<config_alteration>>>& c, bool v) override {
                return a.incremental_alter_configs(c, v);
            }
            result<std::vector<resource_outcome>> alter_configs(
                const std::vector<
                    std::pair<config_resource, std::vector<std::pair<std::string, std::optional<std::string>>>>>& c,
                bool v) override {
                return a.alter_configs(c, v);
            }
            result<std::vector<offset_result>> list_offsets(const std::vector<std::pair<topic_partition, int64_t>>& r,
                                                            isolation_level l) override {
                return a.list_offsets(r, l);
            }
            result<std::vector<delete_records_result>> delete_records(
                const std::vector<std::pair<topic_partition, int64_t>>& b) override {
                return a.delete_records(b);
            }
            result<std::vector<log_dir_description>> describe_log_dirs(const std::vector<int32_t>& b) override {
                return a.describe_log_dirs(b);
            }
            result<std::vector<election_result>> elect_leaders(
                election_type t, const std::optional<std::vector<topic_partition>>& p) override {
                return a.elect_leaders(t, p);
            }
        };
        return std::make_unique<ref>(admin);
    };
}

}  // namespace odradek::tools::testing
