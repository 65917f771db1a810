#include "broker/replica_manager.h"

#include <mutex>

#include "storage/errc.h"

namespace odradek::broker {

result<std::shared_ptr<partition>> replica_manager::become(const topic_partition& tp, const partition_state& st,
                                                           const topic_settings& settings) {
    if (auto existing = get(tp)) {
        ODRADEK_TRY(existing->make_leader(st, settings));
        return existing;
    }
    ODRADEK_TRY_ASSIGN(auto h, logs_.get_or_create(tp, settings.log));
    auto p = std::make_shared<partition>(tp, broker_id_, std::move(h), logs_.fs(), logs_.clock());
    ODRADEK_TRY(p->make_leader(st, settings));
    std::unique_lock lock(mu_);
    auto it = partitions_.try_emplace(tp, p).first;
    return it->second;  // a concurrent become() may have won; it set the same state
}

result<std::shared_ptr<partition>> replica_manager::become_leader(const topic_partition& tp,
                                                                  const partition_state& st,
                                                                  const topic_settings& settings) {
    return become(tp, st, settings);
}

result<std::shared_ptr<partition>> replica_manager::become_follower(const topic_partition& tp,
                                                                    const partition_state& st,
                                                                    const topic_settings& settings) {
    // make_leader and make_follower differ only by st.leader (partition.cc).
    return become(tp, st, settings);
}

status replica_manager::stop_replica(const topic_partition& tp, bool delete_log) {
    {
        std::unique_lock lock(mu_);
        partitions_.erase(tp);
    }
    if (!delete_log) return ok();
    auto st = logs_.delete_log(tp);
    if (!st && st.err().code == storage::errc::not_found) return ok();
    return st;
}

std::shared_ptr<partition> replica_manager::get(const topic_partition& tp) const {
    std::shared_lock lock(mu_);
    auto it = partitions_.find(tp);
    return it == partitions_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<partition>> replica_manager::partitions() const {
    std::shared_lock lock(mu_);
    std::vector<std::shared_ptr<partition>> out;
    out.reserve(partitions_.size());
    for (const auto& [tp, p] : partitions_) out.push_back(p);
    return out;
}

void replica_manager::update_topic_settings(const std::string& topic, const topic_settings& settings) {
    for (const auto& p : partitions()) {
        if (p->tp().topic == topic) p->update_settings(settings);
    }
}

void replica_manager::set_on_append(append_hook hook) {
    auto h = hook ? std::make_shared<const append_hook>(std::move(hook)) : nullptr;
    std::unique_lock lock(mu_);
    on_append_ = std::move(h);
}

append_result replica_manager::append_records(partition& p, mutable_byte_span records, int16_t required_acks) {
    append_result r = p.append_records_as_leader(records, required_acks);
    if (r.error.ok()) {
        std::shared_ptr<const append_hook> hook;
        {
            std::shared_lock lock(mu_);
            hook = on_append_;
        }
        if (hook) (*hook)(p.tp());
    }
    return r;
}

void replica_manager::remove_expired_producers(int64_t now_ms, int64_t expiration_ms) {
    for (const auto& p : partitions()) p->remove_expired_producers(now_ms, expiration_ms);
}

}  // namespace odradek::broker
