#pragma once
// partition: one partition hosted by this broker (Kafka's Partition plus the
// parts of UnifiedLog above storage: high watermark, producer state, the
// produce-path validation). Every method answers with Kafka's error codes as
// data (kafka_error), never with a failure of its own.
//
// Replication is single-broker for now, with the structure in place for
// followers: the leader tracks replicas, the ISR and each follower's log end
// offset (update_follower_fetch_state); the high watermark is the smallest
// log end offset in the ISR, i.e. the leader's own after every append while
// the ISR is just the leader. Not implemented: ISR shrink/expand (the ISR is
// whatever become_leader was given), follower fetchers, delayed produce for
// acks=-1 (an append with acks=-1 is complete at once once it passed the
// min.insync.replicas check, which holds while the ISR has no followers).
//
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

    // A follower's fetch reached `log_end_offset`: may move the high watermark.
    void update_follower_fetch_state(int32_t replica_id, int64_t log_end_offset);
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
    producer_state_manager producers_;
    bool producers_loaded_ = false;
    byte_buffer scratch_;
};

}  // namespace odradek::broker
