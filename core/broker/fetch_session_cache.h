#pragma once
// fetch_session_cache: incremental fetch sessions (KIP-227), Kafka's
// FetchSessionCache and FetchSession.
//
// A client opens a session with a full fetch (SessionId 0, epoch 0); the
// broker remembers its partitions with what it last told the client about
// each (high watermark and log start offset). Later
// requests (same id, the next epoch) name only what changed — partitions
// added or refetched from a new offset, and forgotten ones — and the answer
// carries only partitions with something new: records, a moved high
// watermark or log start offset, an error, a diverging epoch.
//
// The cache holds at most max.incremental.fetch.session.cache.slots sessions.
// When it is full a new session may evict one unused for the eviction time
// (least recently used first); else the least valuable evictable one if the
// new one is worth more (consumer sessions are worth less than follower
// sessions, then fewer partitions less than more; ties keep the old one). A
// follower may evict consumer sessions and sessions older than the eviction
// time; a consumer only the latter (Kafka's evictableByPrivileged /
// evictableByAll). Otherwise no session is created and the client keeps
// sending full requests, as with Kafka.
//
// Thread-safety: every member function locks the cache; a session is used by
// one request at a time (the epoch check makes a second concurrent request of
// the same session fail with INVALID_FETCH_SESSION_EPOCH).

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "protocol/error_code.h"
#include "protocol/types.h"

namespace odradek::broker {

// FetchMetadata's epochs.
inline constexpr int32_t kInitialFetchEpoch = 0;
inline constexpr int32_t kFinalFetchEpoch = -1;

// What a fetch of one partition asks for, and what the broker last answered.
struct cached_partition {
    std::string topic;  // empty when the topic id is unknown (v13+)
    protocol::uuid topic_id;
    int32_t partition = 0;
    // From the request.
    int64_t fetch_offset = 0;
    int32_t max_bytes = 0;
    int32_t current_leader_epoch = -1;
    int32_t last_fetched_epoch = -1;
    int64_t log_start_offset = -1;  // a follower's
    // From the last response: -1 until a first answer, and after an error so
    // the next good answer is sent.
    int64_t high_watermark = -1;
    int64_t local_log_start_offset = -1;
};

// What an answer for one partition held, to decide whether an incremental
// response must carry it (CachedPartition.maybeUpdateResponseData).
struct partition_answer {
    protocol::error_code error = protocol::error_code::none;
    int64_t bytes = 0;
    int64_t high_watermark = -1;
    int64_t log_start_offset = -1;
    bool diverging = false;
};

// Records `a` in `p`; true when the partition must be in an incremental answer.
bool update_from_answer(cached_partition& p, const partition_answer& a);

class fetch_session_cache {
public:
    explicit fetch_session_cache(size_t max_slots, int64_t eviction_ms = 120000);

    // Creates a session for a full fetch's partitions (each already updated
    // with its answer); 0 when there is no room (nothing evictable).
    int32_t create(bool privileged, std::vector<cached_partition> partitions, int64_t now_ms);

    // Drops a session (FINAL_EPOCH, or a full fetch naming an old id).
    void remove(int32_t session_id);

    // An incremental fetch: checks id and epoch, applies the request's
    // changes (upserts keyed by topic id when `by_topic_id`, else by name;
    // then removals), advances the epoch, and returns the session's partitions
    // in session order. Errors: FETCH_SESSION_ID_NOT_FOUND, INVALID_FETCH_SESSION_EPOCH.
    struct incremental {
        protocol::error_code error = protocol::error_code::none;
        std::vector<cached_partition> partitions;
    };
    struct forgotten {
        std::string topic;
        protocol::uuid topic_id;
        int32_t partition = 0;
    };
    incremental begin_incremental(int32_t session_id, int32_t epoch, bool by_topic_id,
                                  const std::vector<cached_partition>& upserts, const std::vector<forgotten>& removals,
                                  int64_t now_ms);

    // After the read: records each answer (parallel to begin_incremental's
    // partitions) and returns which must be sent. Partitions that returned
    // records move to the end of the session order, so a later request
    // limited by MaxBytes starts with the others (Kafka's round robin). A
    // session evicted meanwhile: every partition is sent.
    std::vector<bool> finish_incremental(int32_t session_id, const std::vector<partition_answer>& answers);

    size_t size() const;
    size_t partitions_cached() const;

private:
    struct session {
        int32_t id = 0;
        bool privileged = false;
        int32_t epoch = 1;  // the epoch the next request must carry
        int64_t created_ms = 0;
        int64_t last_used_ms = 0;
        std::vector<cached_partition> partitions;  // session order
    };
    // The caller holds mu_.
    bool make_room(bool privileged, size_t wanted_partitions, int64_t now_ms);
    int32_t new_session_id();

    const size_t max_slots_;
    const int64_t eviction_ms_;
    mutable std::mutex mu_;
    std::map<int32_t, session> sessions_;
    std::mt19937 rng_;
};

}  // namespace odradek::broker
