#include "storage/log_dir.h"

#include <cstdio>
#include <limits>

namespace odradek::storage {

namespace {
bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
}  // namespace

std::optional<topic_partition> parse_partition_dir_name(std::string_view name) {
    size_t dash = name.rfind('-');
    if (dash == std::string_view::npos || dash == 0 || dash + 1 == name.size()) return std::nullopt;
    int64_t p = 0;
    if (!parse_int64(name.substr(dash + 1), p) || p < 0 || p > std::numeric_limits<int32_t>::max()) {
        return std::nullopt;
    }
    if (name[dash + 1] == '+' || (name.size() - dash - 1 > 1 && name[dash + 1] == '0')) return std::nullopt;
    return topic_partition{std::string(name.substr(0, dash)), int32_t(p)};
}

result<std::unique_ptr<log_dir>> log_dir::open(file_system& fs, std::string path, log_config defaults,
                                               const clock& clk, config_fn topic_config) {
    ODRADEK_TRY(fs.make_dirs(path));
    std::unique_ptr<log_dir> d(new log_dir(fs, std::move(path), defaults, clk, std::move(topic_config)));
    ODRADEK_TRY(d->load());
    return d;
}

status log_dir::load() {
    const std::string marker = join_path(path_, kCleanShutdownFile);
    ODRADEK_TRY_ASSIGN(had_clean_shutdown_, fs_.exists(marker));
    // Kafka resets unreadable checkpoints to "nothing known" (full recovery).
    auto rp = read_offset_checkpoint(fs_, join_path(path_, kRecoveryPointCheckpointFile));
    offset_map recovery_points = rp ? std::move(*rp) : offset_map{};
    auto ls = read_offset_checkpoint(fs_, join_path(path_, kLogStartOffsetCheckpointFile));
    offset_map log_starts = ls ? std::move(*ls) : offset_map{};
    const bool clean = had_clean_shutdown_ && rp.has_value();

    ODRADEK_TRY_ASSIGN(auto entries, fs_.list_dir(path_));
    for (const auto& e : entries) {
        if (!e.is_dir) continue;
        const std::string dir = join_path(path_, e.name);
        if (ends_with(e.name, "-delete")) {
            ODRADEK_TRY(remove_recursive(fs_, dir));
            continue;
        }
        if (ends_with(e.name, "-future") || ends_with(e.name, "-stray")) continue;
        auto tp = parse_partition_dir_name(e.name);
        if (!tp) continue;
        log_open_options o;
        o.had_clean_shutdown = clean;
        if (auto it = recovery_points.find(*tp); it != recovery_points.end()) o.recovery_point = it->second;
        if (auto it = log_starts.find(*tp); it != log_starts.end()) o.log_start_offset = it->second;
        ODRADEK_TRY_ASSIGN(auto l, log::open(fs_, dir, *tp, config_for(tp->topic), clock_, o));
        logs_.emplace(*tp, std::move(l));
    }
    if (had_clean_shutdown_) {
        ODRADEK_TRY(fs_.remove(marker));
        ODRADEK_TRY(fs_.sync_dir(path_));
    }
    return ok();
}

std::vector<topic_partition> log_dir::partitions() const {
    std::vector<topic_partition> out;
    for (const auto& [tp, l] : logs_) out.push_back(tp);
    return out;
}

log* log_dir::get(const topic_partition& tp) const {
    auto it = logs_.find(tp);
    return it == logs_.end() ? nullptr : it->second.get();
}

result<log*> log_dir::get_or_create(const topic_partition& tp) {
    if (log* l = get(tp)) return l;
    if (tp.topic.empty() || tp.partition < 0) return error(errc::invalid_argument, "bad topic partition");
    ODRADEK_TRY_ASSIGN(auto l, log::open(fs_, join_path(path_, tp.dir_name()), tp, config_for(tp.topic), clock_,
                                         log_open_options{0, 0, true}));
    ODRADEK_TRY(fs_.sync_dir(path_));
    log* raw = l.get();
    logs_.emplace(tp, std::move(l));
    return raw;
}

status log_dir::delete_log(const topic_partition& tp) {
    auto it = logs_.find(tp);
    if (it == logs_.end()) return error(errc::not_found, tp.dir_name());
    const std::string dir = it->second->dir();
    (void)it->second->close();  // a failing close must not keep a deleted topic alive
    logs_.erase(it);
    char suffix[48];
    std::snprintf(suffix, sizeof suffix, ".%016llx-delete",
                  static_cast<unsigned long long>(clock_.now_ms()) ^ (++delete_counter_ << 48));
    const std::string doomed = dir + suffix;
    ODRADEK_TRY(fs_.rename(dir, doomed));
    ODRADEK_TRY(fs_.sync_dir(path_));
    return remove_recursive(fs_, doomed);
}

status log_dir::checkpoint() {
    offset_map recovery, starts;
    for (const auto& [tp, l] : logs_) {
        if (l->offline()) continue;
        recovery[tp] = l->recovery_point();
        if (l->log_start_offset() > l->segments().front()->base_offset()()) starts[tp] = l->log_start_offset();
    }
    ODRADEK_TRY(write_offset_checkpoint(fs_, path_, kRecoveryPointCheckpointFile, recovery));
    return write_offset_checkpoint(fs_, path_, kLogStartOffsetCheckpointFile, starts);
}

status log_dir::write_replication_offsets(const offset_map& high_watermarks) {
    return write_offset_checkpoint(fs_, path_, kReplicationOffsetCheckpointFile, high_watermarks);
}

result<offset_map> log_dir::read_replication_offsets() {
    return read_offset_checkpoint(fs_, join_path(path_, kReplicationOffsetCheckpointFile));
}

status log_dir::flush_dirty_logs() {
    status first;
    for (auto& [tp, l] : logs_) {
        if (l->offline()) continue;
        if (auto st = l->maybe_flush(); !st && first) first = std::move(st);
    }
    return first;
}

result<int> log_dir::cleanup_logs(const std::function<int64_t(const topic_partition&)>& hw) {
    int total = 0;
    status first;
    for (auto& [tp, l] : logs_) {
        if (l->offline()) continue;
        auto n = l->delete_old_segments(hw ? hw(tp) : l->log_end_offset());
        if (n) {
            total += *n;
        } else if (first) {
            first = std::move(n).err();
        }
        if (auto st = l->remove_deleted_segments(); !st && first) first = std::move(st);
    }
    if (!first) return std::move(first).err();
    return total;
}

status log_dir::close() {
    status first;
    bool all_clean = true;
    for (auto& [tp, l] : logs_) {
        if (auto st = l->close(); !st) {
            all_clean = false;
            if (first) first = std::move(st);
        }
    }
    if (auto st = checkpoint(); !st) {
        all_clean = false;
        if (first) first = std::move(st);
    }
    // Only a fully clean close earns the marker; otherwise the next open recovers.
    if (all_clean) {
        if (auto st = write_file_atomic(fs_, path_, kCleanShutdownFile, {}); !st && first) first = std::move(st);
    }
    logs_.clear();
    return first;
}

}  // namespace odradek::storage
