#pragma once
// log_manager: every log directory of this broker (Kafka's LogManager).
//
// Opening (open()), for each entry of log.dirs, made absolute:
//   1. create it if missing and take <dir>/.lock (dir_lock.h): a directory in
//      use by another broker fails the start before anything is written;
//   2. read meta.properties and check it against broker.id, the cluster id and
//      the other directories (meta_properties.h, Kafka's wording);
//   3. only when every directory passed: write meta.properties where it is
//      missing or incomplete, then load every log (storage::log_dir: clean
//      shutdown marker, checkpoints, recovery) and each log's high watermark
//      from replication-offset-checkpoint.
//
// Threading. Any thread may call any method. The maps are guarded by one
// mutex; each log is guarded by the mutex of its hosted_log, which is also its
// partition's mutex (partition.h), so that the periodic tasks here and the
// produce/fetch paths there never touch a storage::log at the same time. Lock
// order: log_manager's map mutex, then a hosted_log's mutex; never the reverse
// (the periodic tasks copy the list of logs and release the map mutex before
// locking a log).
//
// The periodic tasks are plain methods the broker calls from its timers:
// flush_dirty_logs (log.flush.scheduler.interval.ms), cleanup_logs
// (log.retention.check.interval.ms), checkpoint_recovery_points
// (log.flush.offset.checkpoint.interval.ms, also log start offsets),
// checkpoint_high_watermarks (replica.high.watermark.checkpoint.interval.ms).
//
// Not implemented: taking one failed directory offline while the others keep
// serving (an I/O error fails open(); at run time only the affected log goes
// offline, see storage/log.h), future (-future) logs and moving logs between
// directories, compaction.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "broker/dir_lock.h"
#include "storage/clock.h"
#include "storage/file.h"
#include "storage/log.h"
#include "storage/log_config.h"
#include "storage/log_dir.h"

namespace odradek::broker {

using storage::topic_partition;

// One partition's log as the log manager hands it out.
struct hosted_log {
    hosted_log(topic_partition t, std::string d) : tp(std::move(t)), dir(std::move(d)) {}

    const topic_partition tp;
    const std::string dir;  // the log.dirs entry (absolute) holding the log

    // Guards everything below and every use of *log.
    mutable std::mutex mu;
    // Owned by the log_dir; nullptr once the log was deleted or closed.
    storage::log* log = nullptr;
    // The partition's high watermark (Kafka keeps it in UnifiedLog too):
    // log_start_offset <= high_watermark <= log_end_offset. Bounds retention
    // and is what replication-offset-checkpoint records.
    int64_t high_watermark = 0;
};

struct log_manager_options {
    std::vector<std::string> log_dirs;  // log.dirs (or log.dir), at least one
    int32_t broker_id = 0;              // broker.id, >= 0
    // The cluster id from ZooKeeper (/cluster/id). Empty: not known; not
    // checked and not written.
    std::string cluster_id;
    // Settings for the logs found on disk at open(), by topic; nullptr means
    // `defaults` for all.
    storage::log_config defaults;
    std::function<storage::log_config(const std::string& topic)> topic_config;
};

// DescribeLogDirs for one directory.
struct log_dir_description {
    std::string path;          // absolute
    bool online = true;
    int64_t total_bytes = -1;  // statvfs of the file system holding it
    int64_t usable_bytes = -1;
    struct partition_entry {
        topic_partition tp;
        int64_t size_bytes = 0;
        int64_t offset_lag = 0;  // max(high watermark - log end offset, 0)
    };
    std::vector<partition_entry> partitions;
};

class log_manager {
public:
    // fs and clk must outlive the log manager. Errors: broker errc
    // log_dir_locked / inconsistent_broker_id / inconsistent_cluster_id /
    // bad_meta_properties (with Kafka's text), errc::invalid_argument for an
    // empty or duplicated log.dirs ("Duplicate log directory found: ..."),
    // storage errors from loading the logs. On error every lock taken is
    // released again.
    static result<std::unique_ptr<log_manager>> open(storage::file_system& fs, const storage::clock& clk,
                                                     log_manager_options opts);

    // Releases the directory locks. Without close() first the next start
    // recovers the logs (as after a crash); nothing is written here.
    ~log_manager();
    log_manager(const log_manager&) = delete;
    log_manager& operator=(const log_manager&) = delete;

    storage::file_system& fs() const noexcept { return fs_; }
    const storage::clock& clock() const noexcept { return clock_; }
    // The log directories, absolute, in log.dirs order.
    const std::vector<std::string>& dirs() const noexcept { return dir_paths_; }
    // True when every directory was shut down cleanly last time.
    bool had_clean_shutdown() const noexcept { return had_clean_shutdown_; }

    // nullptr when there is no log for tp.
    std::shared_ptr<hosted_log> get(const topic_partition& tp) const;
    // The log of tp, created empty with `config` in the directory holding the
    // fewest logs (ties: log.dirs order) when missing. An existing log keeps
    // its settings (see update_config).
    result<std::shared_ptr<hosted_log>> get_or_create(const topic_partition& tp, const storage::log_config& config);
    // Closes the log and removes its directory. Later uses of the
    // hosted_log see log == nullptr.
    status delete_log(const topic_partition& tp);
    std::vector<topic_partition> partitions() const;
    // New settings for every log of `topic` (a topic config change). Fails
    // with storage errc::invalid_argument when the config is out of range.
    status update_config(const std::string& topic, const storage::log_config& config);

    // --- periodic tasks; each returns the first error but visits every log.
    status flush_dirty_logs();
    // Retention (time, size, log start offset), bounded by each log's high
    // watermark, then removal of expired *.deleted files. Returns the number
    // of segments deleted.
    result<int> cleanup_logs();
    // recovery-point-offset-checkpoint and log-start-offset-checkpoint.
    status checkpoint_recovery_points();
    // replication-offset-checkpoint: the high watermark of every log.
    status checkpoint_high_watermarks();

    // DescribeLogDirs: every directory; partitions limited to `filter` when given.
    std::vector<log_dir_description> describe(const std::set<topic_partition>* filter = nullptr) const;

    // Clean shutdown: high watermarks, then every log closed, the checkpoints
    // and .kafka_cleanshutdown written (storage::log_dir::close), then the
    // locks released. No other method may run concurrently or afterwards.
    status close();

private:
    struct dir_state {
        std::string path;
        dir_lock lock;
        std::unique_ptr<storage::log_dir> dir;
    };

    log_manager(storage::file_system& fs, const storage::clock& clk) : fs_(fs), clock_(clk) {}
    std::vector<std::shared_ptr<hosted_log>> snapshot() const;
    dir_state* dir_for(const std::string& path);
    status write_offsets_checkpoints(bool high_watermarks);

    storage::file_system& fs_;
    const storage::clock& clock_;
    std::vector<std::string> dir_paths_;
    bool had_clean_shutdown_ = true;

    mutable std::mutex mu_;  // guards the members below
    std::vector<dir_state> dirs_;
    std::map<topic_partition, std::shared_ptr<hosted_log>> logs_;
    storage::log_config defaults_;
    std::function<storage::log_config(const std::string&)> topic_config_;
    // The settings of the log being created by get_or_create, read by the
    // log_dir's config callback (under mu_).
    std::optional<storage::log_config> creating_config_;
    bool closed_ = false;
};

}  // namespace odradek::broker
