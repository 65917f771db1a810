#pragma once
// fetch_session: the client half of incremental fetch sessions (KIP-227),
// as Kafka's FetchSessionHandler — one per broker node a consumer fetches
// from.
//
// The first request is full (SessionId 0, epoch 0) and names every
// partition; a broker with room answers with a SessionId. Later requests
// carry that id and the next epoch (1, 2, ... wrapping to 1) and name only
// what changed since the last request: partitions added or asked for
// differently (a new fetch offset, ...), and forgotten ones (no longer
// wanted from this node). The broker answers them with only the partitions
// that have news; the others are implied.
//
// Recovery, as Kafka: FETCH_SESSION_ID_NOT_FOUND starts over with a new
// session (id 0, epoch 0); any other top-level error, a request that got no
// answer, or an incremental answer naming a partition outside the session
// sends the next request full with the old id and epoch 0, which closes the
// old session and opens a new one. An answer with SessionId 0 means the
// broker kept or closed no session: the next request is full again. A full
// answer that does not carry exactly the requested partitions is not used.
//
// Brokers below Fetch v7 never answer with a SessionId, so every request to
// them stays full. Topic ids (Fetch v13+) are not used: partitions are keyed
// by topic name.
//
// Not thread-safe: owned by the consumer's poll loop, one request in flight
// per node.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "client/cluster.h"

namespace odradek::client {

// FetchMetadata's epochs and "no session" id.
inline constexpr int32_t kFetchInitialEpoch = 0;
inline constexpr int32_t kFetchFinalEpoch = -1;
inline constexpr int32_t kFetchInvalidSessionId = 0;

// What a Fetch asks of one partition (FetchRequest.PartitionData); a change
// in any field makes the partition part of the next incremental request.
struct fetch_partition {
    int64_t fetch_offset = 0;
    int32_t max_bytes = 0;
    int32_t current_leader_epoch = -1;
    int32_t last_fetched_epoch = -1;
    int64_t log_start_offset = -1;
    bool operator==(const fetch_partition&) const = default;
};

class fetch_session {
public:
    using partition_list = std::vector<std::pair<topic_partition, fetch_partition>>;

    // The next request to send.
    struct request {
        int32_t session_id = kFetchInvalidSessionId;
        int32_t epoch = kFetchInitialEpoch;
        partition_list to_send;                // full: every partition; incremental: added, then altered
        std::vector<topic_partition> to_forget;  // incremental only
        bool full() const { return epoch == kFetchInitialEpoch || epoch == kFetchFinalEpoch; }
    };

    // `wanted`: every partition to fetch from this node now, in order (each
    // once). The session's partitions become `wanted`.
    request build(const partition_list& wanted);

    // The answer to the last built request: its top-level error, SessionId,
    // throttle time and the partitions it carries. True when those
    // partitions may be used; false when the answer must be ignored (the
    // next request is then full).
    bool handle_response(int16_t error_code, int32_t session_id, int32_t throttle_time_ms,
                         const std::vector<topic_partition>& partitions);
    // Why the last answer was not used when its partitions were wrong, in
    // Kafka's words ("omittedPartitions=(t-1), response=(t-0)"); else empty.
    const std::string& problem() const noexcept { return problem_; }

    // The last built request got no answer (disconnected, timed out).
    void handle_error();

    // The next build() closes the session: epoch -1, no partitions (what
    // KafkaConsumer.close sends). Call build({}) after it.
    void notify_close();

    int32_t session_id() const noexcept { return session_id_; }
    int32_t epoch() const noexcept { return epoch_; }
    // FetchMetadata.toString for log lines: "(sessionId=INVALID, epoch=INITIAL)".
    std::string metadata_text() const;

private:
    int32_t session_id_ = kFetchInvalidSessionId;
    int32_t epoch_ = kFetchInitialEpoch;
    std::map<topic_partition, fetch_partition> partitions_;  // what the broker's session holds
    std::string problem_;
};

}  // namespace odradek::client
