#pragma once
// consumer: Kafka's consumer without groups — the assign() half of
// KafkaConsumer, blocking and single-threaded. The caller assigns partitions
// with a start position (earliest, latest or an offset); poll() fetches from
// each partition's leader (fetch.max.wait.ms long polls, fetch.min.bytes,
// fetch.max.bytes, max.partition.fetch.bytes), decodes batches of every
// codec and both legacy formats, skips control batches and, under
// read_committed, the records of aborted transactions, and returns records in
// offset order per partition.
//
// Positions: an out-of-range position is reset per auto.offset.reset
// (earliest / latest; none gives an error); leaders are re-resolved after
// NOT_LEADER_OR_FOLLOWER and friends. Fetch is used up to v12 (topic names).
//
// Fetch sessions (KIP-227, fetch_session.h), as Kafka's consumer: one session
// per broker node; the first request to a node is full and later ones name
// only the partitions whose fetch position changed, were added or are
// forgotten; the broker answers with only the partitions that have news.
// Session errors (FETCH_SESSION_ID_NOT_FOUND, INVALID_FETCH_SESSION_EPOCH)
// and lost requests fall back to a full fetch with a new session. close()
// (also run by the destructor) tells the brokers to drop the sessions.
//
// Cancellation: when client_config::cancel is raised, a blocked poll() ends
// with errc::cancelled (the console consumer's Ctrl-C path).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/admin.h"
#include "client/cluster.h"
#include "client/config.h"
#include "client/fetch_session.h"

namespace odradek::client {

enum class offset_reset { earliest, latest, none };

struct consumer_config {
    isolation_level isolation = isolation_level::read_uncommitted;  // isolation.level
    millis fetch_max_wait{500};                                     // fetch.max.wait.ms
    int32_t fetch_min_bytes = 1;                                    // fetch.min.bytes
    int32_t fetch_max_bytes = 52428800;                             // fetch.max.bytes
    int32_t max_partition_fetch_bytes = 1048576;                    // max.partition.fetch.bytes
    int32_t max_poll_records = 500;                                 // max.poll.records
    offset_reset reset = offset_reset::latest;                      // auto.offset.reset
    bool check_crcs = true;                                         // check.crcs
    bool allow_auto_create_topics = true;                           // allow.auto.create.topics
};

// Where consumption of an assigned partition starts.
struct start_position {
    enum class kind { earliest, latest, offset } where = kind::latest;
    int64_t offset = 0;  // kind::offset
    static start_position earliest() { return {kind::earliest, 0}; }
    static start_position latest() { return {kind::latest, 0}; }
    static start_position at(int64_t o) { return {kind::offset, o}; }
};

// Kafka's TimestampType.
enum class timestamp_kind : int8_t { none = -1, create_time = 0, log_append_time = 1 };

struct consumer_header {
    std::string key;
    std::optional<std::string> value;
};

struct consumer_record {
    std::string topic;
    int32_t partition = 0;
    int64_t offset = 0;
    int64_t timestamp = -1;
    timestamp_kind timestamp_type = timestamp_kind::create_time;
    int32_t leader_epoch = -1;
    std::optional<std::string> key;
    std::optional<std::string> value;
    std::vector<consumer_header> headers;
};

class consumer {
public:
    static result<std::unique_ptr<consumer>> create(client_config config, consumer_config cconfig);

    // The partitions of `topic`, waiting (until the API timeout) for its
    // metadata; with allow_auto_create_topics a missing topic is created by
    // the broker, as for Kafka's consumer. UNKNOWN_TOPIC_OR_PARTITION when it
    // does not appear.
    result<std::vector<int32_t>> partitions_for(const std::string& topic, millis timeout);
    // All topic names (for --include patterns), internal ones included.
    result<std::vector<std::string>> list_topics(millis timeout);

    // Replaces the assignment. Positions are resolved lazily, in poll().
    void assign(const std::vector<std::pair<topic_partition, start_position>>& assignment);
    std::vector<topic_partition> assignment() const;
    // The next offset to fetch per partition (nullopt while not yet resolved).
    std::optional<int64_t> position(const topic_partition& tp) const;
    void seek(const topic_partition& tp, int64_t offset);

    // Returns the records available within `timeout` (an empty vector when
    // none arrived), at most max_poll_records at a time.
    result<std::vector<consumer_record>> poll(millis timeout);

    cluster& cluster_ref() noexcept { return *cluster_; }

    // Closes the fetch sessions: a Fetch with epoch -1 and no partitions to
    // each broker holding one, within `timeout` (best effort, as
    // KafkaConsumer.close; skipped once cancelled). Idempotent.
    void close(millis timeout = millis(5000));
    ~consumer();

private:
    struct partition_state {
        start_position start;
        std::optional<int64_t> position;  // next offset to fetch
        int32_t leader_epoch = -1;
        bool reset_pending = true;        // position must be looked up (earliest/latest)
        bool reset_to_earliest = false;
        time_point retry_at{};
    };

    consumer(std::unique_ptr<cluster> c, consumer_config cc) : cluster_(std::move(c)), config_(cc) {}

    // Looks up positions that are not known yet (ListOffsets to leaders).
    status resolve_positions(time_point deadline);
    // One round of Fetch requests (one per leader); appends records to buffer_.
    status fetch_round(time_point deadline);
    int32_t leader_of(const topic_partition& tp) const;
    status refresh_assigned(time_point deadline);
    void decode_partition(const topic_partition& tp, partition_state& st, byte_span records,
                          const std::vector<std::pair<int64_t, int64_t>>& aborted, int64_t high_watermark);

    std::unique_ptr<cluster> cluster_;
    consumer_config config_;
    std::map<topic_partition, partition_state> assigned_;
    std::map<int32_t, fetch_session> sessions_;  // by broker node id
    std::vector<consumer_record> buffer_;
    size_t buffer_pos_ = 0;
    bool metadata_stale_ = true;
};

}  // namespace odradek::client
