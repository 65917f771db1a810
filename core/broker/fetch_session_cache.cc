#include "broker/fetch_session_cache.h"

#include <algorithm>
#include <climits>
#include <tuple>

namespace odradek::broker {

using protocol::error_code;

bool update_from_answer(cached_partition& p, const partition_answer& a) {
    bool must = a.bytes > 0;
    if (p.high_watermark != a.high_watermark) {
        must = true;
        p.high_watermark = a.high_watermark;
    }
    if (p.local_log_start_offset != a.log_start_offset) {
        must = true;
        p.local_log_start_offset = a.log_start_offset;
    }
    if (a.error != error_code::none) {
        // Sent again once the error clears.
        p.high_watermark = -1;
        must = true;
    }
    return must || a.diverging;
}

namespace {

// CachedPartition.equals: by topic id in a topic-id session, else by name.
bool same_partition(const cached_partition& p, bool by_topic_id, const std::string& topic, const protocol::uuid& id,
                    int32_t partition) {
    if (p.partition != partition) return false;
    return by_topic_id ? p.topic_id == id : p.topic == topic;
}

// FetchMetadata.nextEpoch: wraps to 1, never back to the initial 0.
int32_t next_epoch(int32_t e) { return e == INT32_MAX ? 1 : e + 1; }

}  // namespace

fetch_session_cache::fetch_session_cache(size_t max_slots, int64_t eviction_ms)
    : max_slots_(max_slots), eviction_ms_(eviction_ms), rng_(std::random_device{}()) {}

int32_t fetch_session_cache::new_session_id() {
    std::uniform_int_distribution<int32_t> dist(1, INT32_MAX - 1);
    for (;;) {
        int32_t id = dist(rng_);
        if (!sessions_.count(id)) return id;
    }
}

void fetch_session_cache::touch(session& s, int64_t now_ms) const {
    s.last_used_ms = now_ms;
    s.cached_size = s.partitions.size();
    // Recently created sessions are protected from eviction by consumers'
    // new sessions; followers' new sessions may always evict consumer ones.
    const bool mature = now_ms - s.created_ms > eviction_ms_;
    s.evictable_by_privileged = !s.privileged || mature;
    s.evictable_by_all = mature;
}

bool fetch_session_cache::try_evict(bool privileged, size_t wanted_partitions, int64_t now_ms) {
    if (sessions_.empty()) return false;
    auto lru = std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
        return std::tie(a.second.last_used_ms, a.first) < std::tie(b.second.last_used_ms, b.first);
    });
    if (now_ms - lru->second.last_used_ms > eviction_ms_) {
        sessions_.erase(lru);
        return true;
    }
    auto key = [](const session& s) { return std::make_tuple(s.privileged, s.cached_size, s.id); };
    auto victim = sessions_.end();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
        const session& s = it->second;
        if (!(privileged ? s.evictable_by_privileged : s.evictable_by_all)) continue;
        if (victim == sessions_.end() || key(s) < key(victim->second)) victim = it;
    }
    if (victim == sessions_.end()) return false;
    // The new session's key has id 0, below every real id: a tie on
    // (privileged, size) keeps the old session.
    if (std::make_tuple(privileged, wanted_partitions, int32_t(0)) < key(victim->second)) return false;
    sessions_.erase(victim);
    return true;
}

int32_t fetch_session_cache::create(bool privileged, bool uses_topic_ids, std::vector<cached_partition> partitions,
                                    int64_t now_ms) {
    std::lock_guard lock(mu_);
    if (sessions_.size() >= max_slots_ && !try_evict(privileged, partitions.size(), now_ms)) return kInvalidSessionId;
    session s;
    s.id = new_session_id();
    s.privileged = privileged;
    s.uses_topic_ids = uses_topic_ids;
    s.epoch = next_epoch(kInitialFetchEpoch);
    s.created_ms = now_ms;
    s.partitions = std::move(partitions);
    touch(s, now_ms);
    int32_t id = s.id;
    sessions_.emplace(id, std::move(s));
    return id;
}

void fetch_session_cache::remove(int32_t session_id) {
    std::lock_guard lock(mu_);
    sessions_.erase(session_id);
}

fetch_session_cache::incremental fetch_session_cache::begin_incremental(int32_t session_id, int32_t epoch,
                                                                         bool uses_topic_ids,
                                                                         const std::vector<cached_partition>& upserts,
                                                                         const std::vector<forgotten>& removals,
                                                                         int64_t now_ms) {
    incremental out;
    std::lock_guard lock(mu_);
    auto it = sessions_.find(session_id);
    if (it == sessions_.end()) {
        out.error = error_code::fetch_session_id_not_found;
        return out;
    }
    session& s = it->second;
    if (s.epoch != epoch) {
        out.error = error_code::invalid_fetch_session_epoch;
        return out;
    }
    if (s.uses_topic_ids != uses_topic_ids) {
        out.error = error_code::fetch_session_topic_id_error;
        return out;
    }
    const bool by_id = s.uses_topic_ids;
    for (const cached_partition& u : upserts) {
        auto found = std::find_if(s.partitions.begin(), s.partitions.end(), [&](const cached_partition& p) {
            return same_partition(p, by_id, u.topic, u.topic_id, u.partition);
        });
        if (found == s.partitions.end()) {
            // New: nothing answered yet, so its first answer is sent.
            cached_partition added = u;
            added.high_watermark = -1;
            added.local_log_start_offset = -1;
            s.partitions.push_back(std::move(added));
            continue;
        }
        // What the client asks changes; what we last answered stays.
        if (!u.topic.empty()) found->topic = u.topic;
        found->fetch_offset = u.fetch_offset;
        found->max_bytes = u.max_bytes;
        found->current_leader_epoch = u.current_leader_epoch;
        found->last_fetched_epoch = u.last_fetched_epoch;
        found->log_start_offset = u.log_start_offset;
    }
    for (const forgotten& f : removals) {
        std::erase_if(s.partitions, [&](const cached_partition& p) {
            return same_partition(p, by_id, f.topic, f.topic_id, f.partition);
        });
    }
    if (s.partitions.empty()) {
        sessions_.erase(it);
        out.closed = true;
        return out;
    }
    touch(s, now_ms);
    s.epoch = next_epoch(s.epoch);
    out.next_epoch = s.epoch;
    out.partitions = s.partitions;
    return out;
}

fetch_session_cache::finished fetch_session_cache::finish_incremental(int32_t session_id, int32_t expected_epoch,
                                                                      const std::vector<partition_answer>& answers) {
    finished out;
    out.send.assign(answers.size(), true);
    std::lock_guard lock(mu_);
    auto it = sessions_.find(session_id);
    if (it == sessions_.end()) return out;
    if (it->second.epoch != expected_epoch || it->second.partitions.size() != answers.size()) {
        out.error = error_code::invalid_fetch_session_epoch;
        out.send.clear();
        return out;
    }
    auto& parts = it->second.partitions;
    std::vector<cached_partition> quiet, with_data;
    quiet.reserve(parts.size());
    for (size_t i = 0; i < answers.size(); ++i) {
        out.send[i] = update_from_answer(parts[i], answers[i]);
        (answers[i].bytes > 0 ? with_data : quiet).push_back(std::move(parts[i]));
    }
    parts = std::move(quiet);
    parts.insert(parts.end(), std::make_move_iterator(with_data.begin()), std::make_move_iterator(with_data.end()));
    return out;
}

size_t fetch_session_cache::size() const {
    std::lock_guard lock(mu_);
    return sessions_.size();
}

size_t fetch_session_cache::partitions_cached() const {
    std::lock_guard lock(mu_);
    size_t n = 0;
    for (const auto& [id, s] : sessions_) n += s.partitions.size();
    return n;
}

}  // namespace odradek::broker
