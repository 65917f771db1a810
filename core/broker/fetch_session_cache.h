#pragma once
// fetch_session_cache: incremental fetch sessions (KIP-227), Kafka's
// FetchSessionCache and FetchSession (core/.../server/FetchSession.scala).
//
// A client opens a session with a full fetch (SessionId 0, epoch 0); the
// broker remembers its partitions with what it last told the client about
// each (high watermark and log start offset). Later requests (same id, the
// next epoch) name only what changed — partitions added or refetched from a
// new offset, and forgotten ones — and the answer carries only partitions
// with something new: records, a moved high watermark or log start offset,
// an error, a diverging epoch. A session emptied by its forgotten partitions
// is closed and that request answered without a session (SessionId 0).
//
// Sessions opened with Fetch v13+ name topics by id and take only v13+
// requests; those opened below v13 name topics and take only requests below
// v13 (FETCH_SESSION_TOPIC_ID_ERROR otherwise).
//
// The cache holds at most max.incremental.fetch.session.cache.slots sessions.
// When it is full, a new session first evicts the least recently used one if
// that is unused for longer than the eviction time (120 s, Kafka's
// MIN_INCREMENTAL_FETCH_SESSION_EVICTION_MS). Otherwise it may evict the
// least valuable evictable session — ordered by (follower?, partitions at its
// last use, id) — when the new one is worth more (follower beats consumer,
// then more partitions beat fewer; a tie keeps the old one). A follower's new
// session may evict any consumer session, and any session that had already
// lived for the eviction time when last used; a consumer's only the latter.
// Otherwise no session is created and the client keeps sending full requests.
//
// Thread-safety: every member function locks the cache. Network threads
// answer requests of one session one at a time in practice (a client waits
// for an answer before sending the next epoch); a request whose session moved
// on while it was being read is answered INVALID_FETCH_SESSION_EPOCH, as
// Kafka's IncrementalFetchContext does.

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

// FetchMetadata's epochs and its "no session" id.
inline constexpr int32_t kInitialFetchEpoch = 0;
inline constexpr int32_t kFinalFetchEpoch = -1;
inline constexpr int32_t kInvalidSessionId = 0;

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
    // with its answer); kInvalidSessionId when there is no room (nothing
    // evictable). `privileged`: a follower's fetch.
    int32_t create(bool privileged, bool uses_topic_ids, std::vector<cached_partition> partitions, int64_t now_ms);

    // Drops a session (FINAL_EPOCH, or a full fetch naming an old id).
    void remove(int32_t session_id);

    struct forgotten {
        std::string topic;
        protocol::uuid topic_id;
        int32_t partition = 0;
    };
    // An incremental fetch (FetchManager.newContext): checks id, epoch and
    // the topic-id mode, applies the request's changes (upserts, then
    // removals; keyed by topic id in a topic-id session, else by name) and,
    // unless that empties the session, advances the epoch and returns the
    // session's partitions in session order.
    struct incremental {
        // FETCH_SESSION_ID_NOT_FOUND, INVALID_FETCH_SESSION_EPOCH or
        // FETCH_SESSION_TOPIC_ID_ERROR; the session is left as it was.
        protocol::error_code error = protocol::error_code::none;
        // The session is now empty and was closed: answer the request's own
        // partitions without a session (SessionlessFetchContext).
        bool closed = false;
        int32_t next_epoch = 0;  // what finish_incremental expects
        std::vector<cached_partition> partitions;
    };
    incremental begin_incremental(int32_t session_id, int32_t epoch, bool uses_topic_ids,
                                  const std::vector<cached_partition>& upserts, const std::vector<forgotten>& removals,
                                  int64_t now_ms);

    // After the read: records each answer (parallel to begin_incremental's
    // partitions) and says which must be sent. Partitions that returned
    // records move to the end of the session order, so a later request
    // limited by MaxBytes starts with the others (Kafka's round robin).
    // INVALID_FETCH_SESSION_EPOCH when another request of the session came in
    // meanwhile; a session removed meanwhile gets every partition sent.
    struct finished {
        protocol::error_code error = protocol::error_code::none;
        std::vector<bool> send;
    };
    finished finish_incremental(int32_t session_id, int32_t next_epoch, const std::vector<partition_answer>& answers);

    size_t size() const;
    size_t partitions_cached() const;

private:
    struct session {
        int32_t id = 0;
        bool privileged = false;
        bool uses_topic_ids = false;
        int32_t epoch = 1;  // the epoch the next request must carry
        int64_t created_ms = 0;
        int64_t last_used_ms = 0;
        // Set at each use (FetchSessionCache.touch): the size eviction compares
        // and whether a new session may evict this one.
        size_t cached_size = 0;
        bool evictable_by_all = false;
        bool evictable_by_privileged = false;
        std::vector<cached_partition> partitions;  // session order
    };
    // The caller holds mu_.
    void touch(session& s, int64_t now_ms) const;
    bool try_evict(bool privileged, size_t wanted_partitions, int64_t now_ms);
    int32_t new_session_id();

    const size_t max_slots_;
    const int64_t eviction_ms_;
    mutable std::mutex mu_;
    std::map<int32_t, session> sessions_;
    std::mt19937 rng_;
};

}  // namespace odradek::broker
