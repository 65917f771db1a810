#pragma once
// log_dir: one entry of `log.dirs` (Kafka's LogManager, for a single
// directory). Layout:
//
//   <log.dir>/
//     .kafka_cleanshutdown               present only between a clean close and the next open
//     recovery-point-offset-checkpoint   "topic partition offset" per log (checkpoint_file.h)
//     log-start-offset-checkpoint        only logs whose start is above their first segment
//     replication-offset-checkpoint      high watermarks, written for the replica manager
//     <topic>-<partition>/               one log (log.h)
//     <topic>-<partition>.<hex>-delete/  a deleted log on its way out
//
// Opening: a present clean-shutdown marker means every log was closed
// cleanly and recovery is skipped; without it each log is recovered from its
// checkpointed recovery point. The marker is removed once all logs are open
// and written again by close(). Unreadable checkpoints are treated as empty
// (recover everything), as Kafka does.
//
// Threading: no threads inside. The broker calls flush_dirty_logs(),
// cleanup_logs() and checkpoint() from its timers (Kafka's
// log.flush.scheduler.interval.ms, log.retention.check.interval.ms,
// log.flush.offset.checkpoint.interval.ms) on the thread that owns this
// object; all logs of a log_dir belong to that thread.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/checkpoint_file.h"
#include "storage/clock.h"
#include "storage/file.h"
#include "storage/log.h"
#include "storage/log_config.h"

namespace odradek::storage {

inline constexpr const char* kCleanShutdownFile = ".kafka_cleanshutdown";
inline constexpr const char* kRecoveryPointCheckpointFile = "recovery-point-offset-checkpoint";
inline constexpr const char* kLogStartOffsetCheckpointFile = "log-start-offset-checkpoint";
inline constexpr const char* kReplicationOffsetCheckpointFile = "replication-offset-checkpoint";

// "<topic>-<partition>" -> topic_partition; nullopt for other names.
std::optional<topic_partition> parse_partition_dir_name(std::string_view name);

class log_dir {
public:
    // Per-topic configuration; the default returns `defaults` for every topic.
    using config_fn = std::function<log_config(const std::string& topic)>;

    static result<std::unique_ptr<log_dir>> open(file_system& fs, std::string path, log_config defaults,
                                                 const clock& clk, config_fn topic_config = {});

    const std::string& path() const noexcept { return path_; }
    bool had_clean_shutdown() const noexcept { return had_clean_shutdown_; }
    std::vector<topic_partition> partitions() const;
    // nullptr when the partition has no log here.
    log* get(const topic_partition& tp) const;
    // The partition's log, created empty when missing.
    result<log*> get_or_create(const topic_partition& tp);
    // Closes the log and removes its directory (renamed "-delete" first).
    status delete_log(const topic_partition& tp);

    // Writes recovery-point-offset-checkpoint and log-start-offset-checkpoint.
    status checkpoint();
    status write_replication_offsets(const offset_map& high_watermarks);
    result<offset_map> read_replication_offsets();

    // log::maybe_flush on every log (flush.ms).
    status flush_dirty_logs();
    // Retention on every log, bounded by each partition's high watermark
    // (hw(tp); by default the log end), then removal of expired *.deleted
    // files. Returns the number of segments deleted.
    result<int> cleanup_logs(const std::function<int64_t(const topic_partition&)>& hw = {});

    // Closes every log, writes the checkpoints, then the clean-shutdown marker.
    status close();

private:
    log_dir(file_system& fs, std::string path, log_config defaults, const clock& clk, config_fn fn)
        : fs_(fs), path_(std::move(path)), defaults_(defaults), clock_(clk), topic_config_(std::move(fn)) {}
    status load();
    log_config config_for(const std::string& topic) const {
        return topic_config_ ? topic_config_(topic) : defaults_;
    }

    file_system& fs_;
    std::string path_;
    log_config defaults_;
    const clock& clock_;
    config_fn topic_config_;
    std::map<topic_partition, std::unique_ptr<log>> logs_;
    bool had_clean_shutdown_ = false;
    uint64_t delete_counter_ = 0;
};

}  // namespace odradek::storage
