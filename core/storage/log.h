#pragma once
// log: one partition's log, Kafka's UnifiedLog + LocalLog + LogLoader for local
// storage. A directory `<log.dir>/<topic>-<partition>/` holding segments (see
// segment.h) and leader-epoch-checkpoint (leader_epoch_cache.h).
//
// Offsets:  log_start_offset <= first kept offset ... recovery_point <= log_end_offset
//   - log_end_offset (LEO): the next offset to assign.
//   - recovery_point: everything below it is fsynced (and was validated).
//   - log_start_offset: the first offset clients may read (advanced by
//     retention and DeleteRecords); segments wholly below it are deleted.
//
// Durability (Kafka's model): an append is acknowledged when written to the
// page cache; it is fsynced when LEO - recovery_point reaches flush.messages,
// when flush.ms passed (maybe_flush), on roll (the rolled segments and the
// directory), and on close(). Replication, not fsync, is what makes an
// acknowledged write survive a machine failure.
//
// Errors: any I/O error while changing the log takes it offline (errc::log_offline
// from every later call but close()), like Kafka marking a log dir offline; the
// bytes acknowledged before are untouched and come back on the next open.
//
// Threading: not thread-safe. A log belongs to one thread (the broker's
// partition owner); file_slices returned by read() may be sent from another.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "storage/checkpoint_file.h"
#include "storage/clock.h"
#include "storage/file.h"
#include "storage/leader_epoch_cache.h"
#include "storage/log_config.h"
#include "storage/segment.h"

namespace odradek::storage {

// ListOffsets special timestamps (Kafka's ListOffsetsRequest constants).
inline constexpr int64_t kLatestTimestamp = -1;
inline constexpr int64_t kEarliestTimestamp = -2;
inline constexpr int64_t kMaxTimestamp = -3;
inline constexpr int64_t kEarliestLocalTimestamp = -4;

struct log_open_options {
    int64_t recovery_point = 0;    // from recovery-point-offset-checkpoint
    int64_t log_start_offset = 0;  // from log-start-offset-checkpoint
    bool had_clean_shutdown = false;
};

// What an append did (Kafka's LogAppendInfo).
struct append_info {
    int64_t first_offset = -1;
    int64_t last_offset = -1;
    int64_t max_timestamp = no_timestamp;
    int64_t offset_of_max_timestamp = -1;  // last offset of the batch holding max_timestamp
    int64_t log_append_time = no_timestamp; // set when the topic uses LogAppendTime
    int64_t log_start_offset = 0;
    int32_t batch_count = 0;
    int64_t record_count = 0;
    int64_t bytes = 0;
};

struct read_result {
    std::vector<file_slice> slices;  // consecutive ranges, in offset order
    int64_t bytes = 0;               // sum of slice sizes
};

// ListOffsets answer: {timestamp, offset, leader epoch of that offset or -1}.
struct timestamp_lookup {
    int64_t timestamp = no_timestamp;
    int64_t offset = -1;
    int32_t leader_epoch = -1;
};

class log {
public:
    // Opens (creating if needed) the log in `dir`: removes stray .deleted,
    // .cleaned and .swap files and orphan indexes, loads segments (rebuilding
    // missing or corrupt indexes), and after an unclean shutdown recovers every
    // segment from the recovery point on (truncating a torn tail and deleting
    // segments after it). The clock and file system must outlive the log.
    static result<std::unique_ptr<log>> open(file_system& fs, std::string dir, topic_partition tp,
                                             log_config config, const clock& clk, log_open_options opts = {});

    ~log() = default;
    log(const log&) = delete;
    log& operator=(const log&) = delete;

    const topic_partition& tp() const noexcept { return tp_; }
    const std::string& dir() const noexcept { return dir_; }
    const log_config& config() const noexcept { return config_; }
    void set_config(const log_config& c) { config_ = c; }
    int64_t log_start_offset() const noexcept { return log_start_offset_; }
    int64_t log_end_offset() const noexcept;
    int64_t recovery_point() const noexcept { return recovery_point_; }
    int64_t size_bytes() const noexcept;
    size_t segment_count() const noexcept { return segments_.size(); }
    // Segments in offset order (for tools and tests); valid until the next mutation.
    std::vector<const segment*> segments() const;
    segment& active_segment() const { return *segments_.rbegin()->second; }
    bool offline() const noexcept { return offline_; }
    // Bytes cut by recovery when the log was opened (0 after a clean stop).
    int64_t recovered_bytes_truncated() const noexcept { return recovered_truncated_; }
    leader_epoch_cache& epochs() noexcept { return epochs_; }

    // Produce path. `records` is one or more v2 batches from a client; each is
    // fully validated (header, CRC, sizes, records, counts); on any problem
    // nothing is written and the error says why (corrupt_message,
    // invalid_record, record_too_large, record_set_too_large,
    // unsupported_magic). Then base offsets and the leader epoch are stamped
    // in place (LogAppendTime too when configured), the log rolls if needed,
    // and the bytes are appended.
    result<append_info> append_as_leader(mutable_byte_span records, int32_t leader_epoch);
    // Replication path: batches already carry their offsets and epochs; only
    // headers and CRCs are checked, and offsets must be ascending and start at
    // or after the log end (non_monotonic_offset otherwise).
    result<append_info> append_as_follower(byte_span records);

    // Fetch path: batches from the one holding `start` on, at most max_bytes
    // (at least one whole batch when min_one_batch), only batches wholly below
    // `upper_bound` (e.g. the high watermark; -1 = log end).
    // offset_out_of_range when start < log_start_offset or start > log end.
    result<read_result> read(int64_t start, int64_t max_bytes, int64_t upper_bound = -1,
                             bool min_one_batch = true);

    // ListOffsets: a timestamp >= 0 finds the earliest record with timestamp
    // >= it (nullopt when none); kLatestTimestamp / kEarliestTimestamp /
    // kEarliestLocalTimestamp / kMaxTimestamp as Kafka answers them.
    result<std::optional<timestamp_lookup>> offset_for_timestamp(int64_t ts);

    // OffsetsForLeaderEpoch.
    epoch_entry end_offset_for_epoch(int32_t epoch) const noexcept {
        return epochs_.end_offset_for(epoch, log_end_offset());
    }

    // DeleteRecords: moves the log start offset up to new_start (which must
    // not exceed high_watermark: offset_out_of_range) and deletes whole
    // segments below it. Returns the new log start offset.
    result<int64_t> delete_records(int64_t new_start, int64_t high_watermark);

    // Retention (cleanup.policy=delete): deletes segments past retention.ms
    // (their largest timestamp is older than now - retention.ms), over
    // retention.bytes (oldest first), or wholly below the log start offset;
    // only segments wholly below high_watermark. If every segment goes, an
    // empty one is rolled first so the log always has an active segment.
    // Deleted segments are renamed *.deleted and removed after
    // file.delete.delay.ms by remove_deleted_segments(). Returns the count.
    result<int> delete_old_segments(int64_t high_watermark);
    // Removes *.deleted files whose delay has passed (all when force).
    status remove_deleted_segments(bool force = false);

    // Replication: removes everything at and after `offset` (no-op when it is
    // at or past the log end).
    status truncate_to(int64_t offset);
    // Replication: deletes all data and restarts the log at `offset`.
    status truncate_fully_and_start_at(int64_t offset);

    // Starts a new segment at the log end (fsyncing the old ones).
    status roll();
    // fsync everything up to the log end; recovery_point = log end.
    status flush();
    // flush() if flush.ms passed since the last flush.
    status maybe_flush();
    // Clean close: trims indexes, fsyncs everything, forgets pending deletes.
    status close();

private:
    log(file_system& fs, std::string dir, topic_partition tp, log_config config, const clock& clk,
        leader_epoch_cache epochs)
        : fs_(fs), dir_(std::move(dir)), tp_(std::move(tp)), config_(config), clock_(clk),
          epochs_(std::move(epochs)) {}

    segment_options seg_opts() const noexcept {
        return {config_.index_interval_bytes, config_.segment_index_bytes};
    }
    status load(const log_open_options& opts);
    status check_online() const;
    error go_offline(error e);
    // Rolls when the active segment cannot take an append of this shape.
    status maybe_roll(int64_t bytes, int64_t max_timestamp, int64_t first_offset, int64_t last_offset);
    status roll_at(int64_t new_base);
    // Common tail of both append paths.
    result<append_info> append_validated(byte_span records, append_info info);
    // Removes the given segments (which must not include the active one).
    status delete_segments(const std::vector<int64_t>& bases);
    status advance_log_start(int64_t new_start);
    segment* floor_segment(int64_t offset) const;
    int64_t roll_jitter();

    file_system& fs_;
    std::string dir_;
    topic_partition tp_;
    log_config config_;
    const clock& clock_;
    leader_epoch_cache epochs_;
    std::map<int64_t, std::unique_ptr<segment>> segments_;
    struct pending_delete {
        int64_t due_ms;
        std::unique_ptr<segment> seg;
    };
    std::vector<pending_delete> pending_deletes_;
    int64_t log_start_offset_ = 0;
    int64_t recovery_point_ = 0;
    int64_t last_flush_ms_ = 0;
    int64_t active_jitter_ms_ = 0;
    int64_t recovered_truncated_ = 0;
    uint64_t jitter_state_ = 0x9e3779b97f4a7c15ULL;
    bool offline_ = false;
    byte_buffer scratch_;
};

}  // namespace odradek::storage
