#pragma once
// partition: one partition hosted by this broker (Kafka's Partition plus the
// parts of UnifiedLog above storage: high watermark, producer state, the
// produce-path validation). Every method answers with Kafka's error codes as
// data (kafka_error), never with a failure of its own.
//
// Replication: the leader tracks each follower's log end offset from its
// fetches (read() with a replica id, update_follower_fetch_state); the high
// watermark is the smallest log end offset in the ISR. Followers append the
// leader's batches as they are (append_records_as_follower, driven by
// replica_fetcher.h), take the leader's high watermark, and truncate a tail
// the leader never had (truncate_to_diverging_epoch). The leader proposes ISR
// shrinks (a follower not caught up for replica.lag.time.max.ms) and
// expansions (a live follower at the high watermark in this epoch) with
// wanted_isr_change; the broker writes them to ZooKeeper and reports back
// with isr_updated. An acks=-1 append is answered once the high watermark
// passed it (replication_outcome, waited for by the produce handler).

// Transactions are out of scope. Kafka 3.7 verifies each transactional
// batch with the transaction coordinator first; without one, produce.cc
// answers transactional batches as a broker whose coordinator is unavailable
// does, and a transactional batch reaching append_records_as_leader gets
// INVALID_TXN_STATE. So no transactional data is ever written here, and the
// last stable offset is always the high watermark (read_committed reads and
// lists exactly what read_uncommitted does).
//
// Threading: every method locks the hosted_log's mutex (shared with the log
// manager's periodic tasks), so any thread may call any method. File slices
// from read() stay valid after the lock is released (they share the
// segment's descriptor).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "broker/kafka_error.h"
#include "broker/log_manager.h"
#include "broker/log_validator.h"
#include "broker/producer_state.h"
#include "broker/topic_settings.h"
#include "protocol/types.h"
#include "storage/leader_epoch_cache.h"
#include "storage/log.h"

namespace odradek::broker {

// ListOffsets / Fetch isolation_level.
enum class isolation_level : int8_t { read_uncommitted = 0, read_committed = 1 };

// How far a read may go (Kafka's FetchIsolation).
enum class fetch_isolation {
    log_end,         // followers
    high_watermark,  // consumers, read_uncommitted
    txn_committed,   // consumers, read_committed (= high_watermark here)
};

// The replica assignment and leadership of a partition (LeaderAndIsr).
struct partition_state {
    protocol::uuid topic_id;  // zero: unknown, not checked
    int32_t leader = -1;
    int32_t leader_epoch = 0;
    std::vector<int32_t> replicas;
    std::vector<int32_t> isr;
    int32_t partition_epoch = -1;  // the state znode's zkVersion
    int32_t controller_epoch = 0;
};

struct append_result {
    kafka_error error;
    int64_t base_offset = -1;
    int64_t last_offset = -1;
    int64_t log_append_time = -1;  // LogAppendTime topics (and duplicates: the batch's time)
    int64_t log_start_offset = -1;
    std::vector<record_error> record_errors;
    bool duplicate = false;  // an idempotent retry: nothing was written
};

struct read_options {
    int64_t fetch_offset = 0;
    int64_t max_bytes = 0;
    fetch_isolation isolation = fetch_isolation::high_watermark;
    bool min_one_message = true;
    std::optional<int32_t> current_leader_epoch;  // -> FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH
    std::optional<int32_t> last_fetched_epoch;    // divergence check (KIP-320, Fetch v12+)
    bool fetch_only_leader = true;                // false only for debugging consumers
    int32_t replica_id = -1;                      // >= 0: a follower fetching (updates its state)
};

struct read_result {
    kafka_error error;
    std::vector<storage::file_slice> slices;
    int64_t bytes = 0;
    // As of before the read, as Kafka reports them.
    int64_t high_watermark = -1;
    int64_t last_stable_offset = -1;
    int64_t log_start_offset = -1;
    int64_t log_end_offset = -1;
    std::optional<storage::epoch_entry> diverging_epoch;
};

struct offset_lookup_result {
    kafka_error error;
    // Nothing found (no record at or after the timestamp): nullopt, no error.
    std::optional<storage::timestamp_lookup> found;
};

struct legacy_offsets_result {
    kafka_error error;
    std::vector<int64_t> offsets;  // descending
};

struct delete_records_result {
    kafka_error error;
    int64_t low_watermark = -1;
};

struct epoch_end_offset_result {
    kafka_error error;
    int32_t leader_epoch = storage::kUndefinedEpoch;
    int64_t end_offset = storage::kUndefinedEpochOffset;
};

class partition {
public:
    // `log` comes from the log manager and must have a log; fs and clk outlive
    // the partition.
    partition(topic_partition tp, int32_t local_broker_id, std::shared_ptr<hosted_log> log,
              storage::file_system& fs, const storage::clock& clk);

    const topic_partition& tp() const noexcept { return tp_; }
    // "<topic>-<partition>", as Kafka prints a TopicPartition.
    const std::string& name() const noexcept { return name_; }
    const std::shared_ptr<hosted_log>& log_handle() const noexcept { return log_; }

    // Become leader (or follower) with this state and these settings. The
    // first call rebuilds the producer state from the log. A topic id that
    // differs from the log's partition.metadata is errc::inconsistent_topic_id;
    // a missing file is written. A new leader epoch starts at the log end
    // offset (leader-epoch-checkpoint). Followers do not fetch yet.
    status make_leader(const partition_state& st, const topic_settings& settings);
    status make_follower(const partition_state& st, const topic_settings& settings);
    // A topic config change.
    void update_settings(const topic_settings& settings);

    bool is_leader() const;
    int32_t leader_id() const;
    int32_t leader_epoch() const;
    protocol::uuid topic_id() const;
    partition_state state() const;
    topic_settings settings() const;
    int64_t high_watermark() const;
    int64_t log_start_offset() const;  // -1 when the log is gone
    int64_t log_end_offset() const;    // -1 when the log is gone

    // Produce (Partition.appendRecordsToLeader + UnifiedLog.append for a
    // client). `records` is the request's record set; it is validated
    // (log_validator.h) and, unless converted, stamped in place. Errors:
    // NOT_LEADER_OR_FOLLOWER, NOT_ENOUGH_REPLICAS (acks=-1, ISR below
    // min.insync.replicas), the validation errors, INVALID_PRODUCER_EPOCH,
    // OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_TXN_STATE, KAFKA_STORAGE_ERROR.
    append_result append_records_as_leader(mutable_byte_span records, int16_t required_acks);

    // Fetch: NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH,
    // OFFSET_OUT_OF_RANGE (before the log start or past the log end),
    // KAFKA_STORAGE_ERROR. An offset between the high watermark and the log
    // end reads nothing, without error.
    read_result read(const read_options& o);

    // ListOffsets v1+ (Partition.fetchOffsetForTimestamp). isolation nullopt:
    // a replica, reading up to the log end.
    offset_lookup_result fetch_offset_for_timestamp(int64_t timestamp, std::optional<isolation_level> isolation,
                                                    std::optional<int32_t> current_leader_epoch,
                                                    bool fetch_only_leader);
    // ListOffsets v0 (legacyFetchOffsetsBefore): offsets of segment starts
    // whose file was last modified at or before `timestamp`, newest first.
    legacy_offsets_result legacy_fetch_offsets_before(int64_t timestamp, int32_t max_num_offsets, bool from_consumer,
                                                      bool fetch_only_leader);

    // DeleteRecords: offset -1 means the high watermark. POLICY_VIOLATION when
    // cleanup.policy lacks "delete"; OFFSET_OUT_OF_RANGE below 0 or past the
    // high watermark. low_watermark: the new log start offset.
    delete_records_result delete_records_on_leader(int64_t offset);

    // OffsetsForLeaderEpoch: the end offset of `epoch` (or of the largest
    // epoch below it), or undefined (-1, -1) without error when unknown.
    epoch_end_offset_result last_offset_for_leader_epoch(std::optional<int32_t> current_leader_epoch, int32_t epoch,
                                                         bool fetch_only_leader);

    // DelayedProduce.tryComplete for acks=-1: nullopt while the high watermark
    // is below `required_offset`; then NONE, or NOT_ENOUGH_REPLICAS_AFTER_APPEND
    // when the ISR shrank below min.insync.replicas, or NOT_LEADER_OR_FOLLOWER
    // when leadership moved meanwhile.
    std::optional<protocol::error_code> replication_outcome(int64_t required_offset) const;

    // The leader's ISR maintenance (Partition.maybeShrinkIsr / maybeExpandIsr):
    // the ISR this partition should have now — followers that have not
    // caught up with the leader's log end for `lag_ms`
    // (replica.lag.time.max.ms) leave, live replicas that reached the high
    // watermark and this leader epoch join; nullopt when it should stay.
    // The caller writes it (state znode, conditional on partition_epoch)
    // and reports the outcome with isr_updated().
    std::optional<partition_state> wanted_isr_change(int64_t lag_ms, const std::function<bool(int32_t)>& alive) const;
    // The ISR is now `isr` at partition epoch `partition_epoch` (our write,
    // or the controller's at the same leader epoch). True when the high
    // watermark moved.
    bool isr_updated(const std::vector<int32_t>& isr, int32_t partition_epoch);

    // A follower's fetch reached `log_end_offset`: may move the high watermark.
    void update_follower_fetch_state(int32_t replica_id, int64_t log_end_offset);

    // ---- the follower side (the replica fetcher calls these)
    // Where the next Fetch to the leader starts: the log end offset and the
    // epoch of the last batch (LastFetchedEpoch, -1 when none), with the
    // leader and leader epoch this replica follows.
    struct fetch_position {
        int64_t log_end_offset = -1;  // -1: no log, or this replica leads
        int32_t last_fetched_epoch = -1;
        int32_t leader = -1;
        int32_t leader_epoch = -1;
    };
    fetch_position follower_fetch_position() const;
    // UnifiedLog.appendAsFollower: the leader's batches keep their offsets;
    // each new leader epoch they carry starts in the leader-epoch cache. Then
    // the high watermark becomes min(leader's, log end) and the log start
    // offset follows the leader's. Errors when this replica leads or the
    // batches do not continue the log.
    status append_records_as_follower(byte_span records, int64_t leader_high_watermark,
                                      int64_t leader_log_start_offset);
    // A fetch answer without records still moves the follower's high watermark.
    void update_follower_high_watermark(int64_t leader_high_watermark, int64_t leader_log_start_offset);
    // The leader says our log diverged after `epoch` ended at `end_offset`:
    // truncate to min(end_offset, where our own copy of that epoch (or the
    // largest before it) ends). Returns the new log end offset.
    result<int64_t> truncate_to_diverging_epoch(int32_t epoch, int64_t end_offset);
    // The leader no longer has our offsets (OFFSET_OUT_OF_RANGE below its log
    // start): start over at `offset`.
    status truncate_fully_and_start_at(int64_t offset);
    // producer.id.expiration.ms
    void remove_expired_producers(int64_t now_ms, int64_t expiration_ms);
    size_t producer_count() const;

private:
    status become(const partition_state& st, const topic_settings& settings);
    // The caller holds log_->mu.
    kafka_error check_leader_epoch(std::optional<int32_t> current) const;
    kafka_error check_local_log(std::optional<int32_t> current_leader_epoch, bool require_leader) const;
    bool maybe_increment_high_watermark();
    int32_t effective_min_isr() const;

    const topic_partition tp_;
    const std::string name_;
    const int32_t local_broker_id_;
    const std::shared_ptr<hosted_log> log_;  // log_->mu guards every member below
    storage::file_system& fs_;
    const storage::clock& clock_;

    partition_state state_;
    topic_settings settings_;
    std::optional<int64_t> leader_epoch_start_offset_;
    // Followers' log end offsets (-1 unknown), leader excluded.
    std::map<int32_t, int64_t> follower_leo_;
    // Replica.lastCaughtUpTimeMs and what the last fetch saw, per follower.
    struct catch_up {
        int64_t caught_up_ms = 0;
        int64_t last_fetch_leader_leo = -1;
        int64_t last_fetch_ms = 0;
    };
    std::map<int32_t, catch_up> catch_up_;
    producer_state_manager producers_;
    bool producers_loaded_ = false;
    byte_buffer scratch_;
};

}  // namespace odradek::broker
