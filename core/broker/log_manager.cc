#include "broker/log_manager.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <filesystem>

#include "broker/errc.h"
#include "broker/meta_properties.h"
#include "storage/checkpoint_file.h"

namespace odradek::broker {

namespace {

std::string absolute_dir(const std::string& p) {
    std::error_code ec;
    std::filesystem::path abs = std::filesystem::absolute(p, ec);
    std::string s = (ec ? std::filesystem::path(p) : abs).lexically_normal().string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
}

// First error wins; later ones are dropped (each task still visits every log).
void keep_first(status& first, status st) {
    if (!st && first) first = std::move(st);
}

}  // namespace

result<std::unique_ptr<log_manager>> log_manager::open(storage::file_system& fs, const storage::clock& clk,
                                                       log_manager_options opts) {
    if (opts.log_dirs.empty()) return error(errc::invalid_argument, "no log directory configured");
    if (opts.broker_id < 0) return error(errc::invalid_argument, "broker.id " + std::to_string(opts.broker_id));
    std::vector<std::string> paths;
    for (const auto& d : opts.log_dirs) paths.push_back(absolute_dir(d));
    if (std::set<std::string>(paths.begin(), paths.end()).size() < paths.size()) {
        std::string all;
        for (const auto& p : paths) all += (all.empty() ? "" : ", ") + p;
        return error(errc::invalid_argument, "Duplicate log directory found: " + all);
    }

    std::unique_ptr<log_manager> m(new log_manager(fs, clk));
    m->dir_paths_ = paths;
    m->defaults_ = opts.defaults;
    m->topic_config_ = std::move(opts.topic_config);

    // 1 + 2: lock and check every directory before writing anything.
    std::optional<std::string> cluster_id;
    if (!opts.cluster_id.empty()) cluster_id = opts.cluster_id;
    std::optional<int32_t> broker_id = opts.broker_id;
    std::vector<std::optional<meta_properties>> metas;
    for (const auto& p : paths) {
        ODRADEK_TRY(fs.make_dirs(p));
        ODRADEK_TRY_ASSIGN(auto lock, dir_lock::acquire(p));
        m->dirs_.push_back(dir_state{p, std::move(lock), nullptr});
        auto meta = read_meta_properties(fs, p);
        if (!meta) {
            return error(meta.err().code, "Error while reading meta.properties file " + p + "/" +
                                              kMetaPropertiesFile + ": " + meta.err().detail);
        }
        if (*meta) ODRADEK_TRY(verify_meta_properties(**meta, p, cluster_id, broker_id));
        metas.push_back(std::move(*meta));
    }

    // 3: complete meta.properties, then load the logs.
    for (size_t i = 0; i < paths.size(); ++i) {
        meta_properties want = metas[i].value_or(meta_properties{});
        want.broker_id = opts.broker_id;
        if (cluster_id) want.cluster_id = cluster_id;
        if (!metas[i] || *metas[i] != want) ODRADEK_TRY(write_meta_properties(fs, paths[i], want, clk.now_ms()));
    }
    log_manager* self = m.get();
    auto config_fn = [self](const std::string& topic) {
        if (self->creating_config_) return *self->creating_config_;
        return self->topic_config_ ? self->topic_config_(topic) : self->defaults_;
    };
    for (auto& d : m->dirs_) {
        ODRADEK_TRY_ASSIGN(d.dir, storage::log_dir::open(fs, d.path, m->defaults_, clk, config_fn));
        m->had_clean_shutdown_ = m->had_clean_shutdown_ && d.dir->had_clean_shutdown();
        // Kafka reads an unreadable checkpoint as "nothing known".
        auto hws = d.dir->read_replication_offsets();
        storage::offset_map high_watermarks = hws ? std::move(*hws) : storage::offset_map{};
        for (const auto& tp : d.dir->partitions()) {
            if (auto it = m->logs_.find(tp); it != m->logs_.end()) {
                return error(errc::invalid_argument,
                             "Duplicate log directories for " + tp.dir_name() + " are found in both " +
                                 it->second->dir + "/" + tp.dir_name() + " and " + d.path + "/" + tp.dir_name() +
                                 ". It is likely because log directory failure happened while broker was replacing "
                                 "current replica with future replica. Recover broker from this failure by manually "
                                 "deleting one of the two directories for this partition. It is recommended to "
                                 "delete the partition in the log directory that is known to have failed recently.");
            }
            auto h = std::make_shared<hosted_log>(tp, d.path);
            h->log = d.dir->get(tp);
            auto it = high_watermarks.find(tp);
            int64_t hw = it == high_watermarks.end() ? 0 : it->second;
            h->high_watermark = std::clamp(hw, h->log->log_start_offset(), h->log->log_end_offset());
            m->logs_.emplace(tp, std::move(h));
        }
    }
    return m;
}

log_manager::~log_manager() {
    // Partitions may still hold hosted_logs: make them see the logs gone.
    std::lock_guard lock(mu_);
    for (auto& [tp, h] : logs_) {
        std::lock_guard hl(h->mu);
        h->log = nullptr;
    }
}

std::shared_ptr<hosted_log> log_manager::get(const topic_partition& tp) const {
    std::lock_guard lock(mu_);
    auto it = logs_.find(tp);
    return it == logs_.end() ? nullptr : it->second;
}

log_manager::dir_state* log_manager::dir_for(const std::string& path) {
    for (auto& d : dirs_)
        if (d.path == path) return &d;
    return nullptr;
}

result<std::shared_ptr<hosted_log>> log_manager::get_or_create(const topic_partition& tp,
                                                               const storage::log_config& config) {
    std::lock_guard lock(mu_);
    if (closed_) return error(storage::errc::log_offline, "log manager is closed");
    if (auto it = logs_.find(tp); it != logs_.end()) return it->second;
    ODRADEK_TRY(config.validate());
    // Kafka's nextLogDirs: the directory with the fewest logs.
    std::map<std::string, size_t> counts;
    for (const auto& d : dirs_) counts[d.path] = 0;
    for (const auto& [t, h] : logs_) ++counts[h->dir];
    dir_state* best = nullptr;
    for (auto& d : dirs_) {
        if (!best || counts[d.path] < counts[best->path]) best = &d;
    }
    creating_config_ = config;
    auto created = best->dir->get_or_create(tp);
    creating_config_.reset();
    if (!created) return std::move(created).err();
    auto h = std::make_shared<hosted_log>(tp, best->path);
    h->log = *created;
    h->high_watermark = h->log->log_start_offset();
    logs_.emplace(tp, h);
    return h;
}

status log_manager::delete_log(const topic_partition& tp) {
    std::lock_guard lock(mu_);
    auto it = logs_.find(tp);
    if (it == logs_.end()) return error(storage::errc::not_found, tp.dir_name());
    std::shared_ptr<hosted_log> h = it->second;
    logs_.erase(it);
    std::lock_guard hl(h->mu);
    h->log = nullptr;
    dir_state* d = dir_for(h->dir);
    return d ? d->dir->delete_log(tp) : status(error(errc::invalid_argument, h->dir));
}

std::vector<topic_partition> log_manager::partitions() const {
    std::lock_guard lock(mu_);
    std::vector<topic_partition> out;
    for (const auto& [tp, h] : logs_) out.push_back(tp);
    return out;
}

status log_manager::update_config(const std::string& topic, const storage::log_config& config) {
    ODRADEK_TRY(config.validate());
    for (const auto& h : snapshot()) {
        if (h->tp.topic != topic) continue;
        std::lock_guard hl(h->mu);
        if (h->log) h->log->set_config(config);
    }
    return ok();
}

std::vector<std::shared_ptr<hosted_log>> log_manager::snapshot() const {
    std::lock_guard lock(mu_);
    std::vector<std::shared_ptr<hosted_log>> out;
    out.reserve(logs_.size());
    for (const auto& [tp, h] : logs_) out.push_back(h);
    return out;
}

status log_manager::flush_dirty_logs() {
    status first;
    for (const auto& h : snapshot()) {
        std::lock_guard hl(h->mu);
        if (h->log && !h->log->offline()) keep_first(first, h->log->maybe_flush());
    }
    return first;
}

result<int> log_manager::cleanup_logs() {
    status first;
    int total = 0;
    for (const auto& h : snapshot()) {
        std::lock_guard hl(h->mu);
        if (!h->log || h->log->offline()) continue;
        auto n = h->log->delete_old_segments(h->high_watermark);
        if (n) {
            total += *n;
        } else {
            keep_first(first, std::move(n).err());
        }
        keep_first(first, h->log->remove_deleted_segments());
    }
    if (!first) return std::move(first).err();
    return total;
}

status log_manager::write_offsets_checkpoints(bool high_watermarks) {
    // Gather per directory under each log's lock, write without any lock held
    // but the map's (so that a directory's file is written by one caller at a time).
    std::map<std::string, storage::offset_map> a, b;
    for (const auto& h : snapshot()) {
        std::lock_guard hl(h->mu);
        if (!h->log || h->log->offline()) continue;
        if (high_watermarks) {
            a[h->dir][h->tp] = h->high_watermark;
        } else {
            a[h->dir][h->tp] = h->log->recovery_point();
            if (h->log->log_start_offset() > h->log->segments().front()->base_offset()()) {
                b[h->dir][h->tp] = h->log->log_start_offset();
            }
        }
    }
    std::lock_guard lock(mu_);
    status first;
    for (const auto& d : dirs_) {
        if (high_watermarks) {
            keep_first(first, storage::write_offset_checkpoint(fs_, d.path, storage::kReplicationOffsetCheckpointFile,
                                                               a[d.path]));
        } else {
            keep_first(first, storage::write_offset_checkpoint(fs_, d.path, storage::kRecoveryPointCheckpointFile,
                                                               a[d.path]));
            keep_first(first, storage::write_offset_checkpoint(fs_, d.path, storage::kLogStartOffsetCheckpointFile,
                                                               b[d.path]));
        }
    }
    return first;
}

status log_manager::checkpoint_recovery_points() { return write_offsets_checkpoints(false); }

status log_manager::checkpoint_high_watermarks() { return write_offsets_checkpoints(true); }

std::vector<log_dir_description> log_manager::describe(const std::set<topic_partition>* filter) const {
    std::vector<log_dir_description> out;
    for (const auto& path : dir_paths_) {
        log_dir_description d;
        d.path = path;
        struct statvfs sv {};
        if (::statvfs(path.c_str(), &sv) == 0) {
            d.total_bytes = int64_t(sv.f_blocks) * int64_t(sv.f_frsize);
            d.usable_bytes = int64_t(sv.f_bavail) * int64_t(sv.f_frsize);
        } else {
            d.online = false;
        }
        out.push_back(std::move(d));
    }
    for (const auto& h : snapshot()) {
        if (filter && !filter->count(h->tp)) continue;
        std::lock_guard hl(h->mu);
        if (!h->log) continue;
        for (auto& d : out) {
            if (d.path != h->dir) continue;
            d.partitions.push_back({h->tp, h->log->size_bytes(),
                                    std::max<int64_t>(h->high_watermark - h->log->log_end_offset(), 0)});
        }
    }
    return out;
}

status log_manager::close() {
    status first = checkpoint_high_watermarks();
    std::lock_guard lock(mu_);
    closed_ = true;
    for (auto& [tp, h] : logs_) {
        std::lock_guard hl(h->mu);
        h->log = nullptr;
    }
    for (auto& d : dirs_) {
        if (d.dir) keep_first(first, d.dir->close());
        d.dir.reset();
        d.lock.release();
    }
    return first;
}

}  // namespace odradek::broker
