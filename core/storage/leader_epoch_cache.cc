#include "storage/leader_epoch_cache.h"

#include <limits>

#include "storage/checkpoint_file.h"

namespace odradek::storage {

result<leader_epoch_cache> leader_epoch_cache::open(file_system& fs, std::string dir) {
    const std::string path = join_path(dir, kLeaderEpochCheckpointFile);
    ODRADEK_TRY_ASSIGN(auto rows, read_checkpoint(fs, path, 2));
    std::vector<epoch_entry> entries;
    for (const auto& r : rows) {
        int64_t epoch = 0, start = 0;
        if (!parse_int64(r[0], epoch) || epoch < 0 || epoch > std::numeric_limits<int32_t>::max() ||
            !parse_int64(r[1], start) || start < 0) {
            return error(errc::corrupt_checkpoint, path + ": malformed line");
        }
        if (!entries.empty() && (epoch <= entries.back().epoch || start < entries.back().start_offset)) {
            return error(errc::corrupt_checkpoint, path + ": entries out of order");
        }
        entries.push_back({int32_t(epoch), start});
    }
    return leader_epoch_cache(fs, std::move(dir), std::move(entries));
}

std::optional<epoch_entry> leader_epoch_cache::latest() const noexcept {
    if (entries_.empty()) return std::nullopt;
    return entries_.back();
}

status leader_epoch_cache::flush() {
    std::vector<std::string> lines;
    lines.reserve(entries_.size());
    for (const auto& e : entries_) lines.push_back(std::to_string(e.epoch) + " " + std::to_string(e.start_offset));
    return write_checkpoint(*fs_, dir_, kLeaderEpochCheckpointFile, lines);
}

status leader_epoch_cache::assign(int32_t epoch, int64_t start_offset) {
    if (epoch < 0 || start_offset < 0) return ok();
    if (!entries_.empty() && entries_.back().epoch == epoch && entries_.back().start_offset <= start_offset) {
        return ok();
    }
    while (!entries_.empty() && (entries_.back().epoch >= epoch || entries_.back().start_offset >= start_offset)) {
        entries_.pop_back();
    }
    entries_.push_back({epoch, start_offset});
    return flush();
}

status leader_epoch_cache::truncate_from_end(int64_t end_offset) {
    if (end_offset < 0 || entries_.empty() || entries_.back().start_offset < end_offset) return ok();
    while (!entries_.empty() && entries_.back().start_offset >= end_offset) entries_.pop_back();
    return flush();
}

status leader_epoch_cache::truncate_from_start(int64_t start_offset) {
    if (start_offset < 0) return ok();
    size_t removed = 0;
    while (removed < entries_.size() && entries_[removed].start_offset <= start_offset) ++removed;
    if (removed == 0) return ok();
    epoch_entry last = entries_[removed - 1];
    if (removed == 1 && last.start_offset == start_offset) return ok();
    entries_.erase(entries_.begin(), entries_.begin() + ptrdiff_t(removed));
    entries_.insert(entries_.begin(), epoch_entry{last.epoch, start_offset});
    return flush();
}

status leader_epoch_cache::clear() {
    if (entries_.empty()) return ok();
    entries_.clear();
    return flush();
}

epoch_entry leader_epoch_cache::end_offset_for(int32_t requested, int64_t log_end_offset) const noexcept {
    if (requested == kUndefinedEpoch || entries_.empty()) return {kUndefinedEpoch, kUndefinedEpochOffset};
    if (requested == entries_.back().epoch) return {requested, log_end_offset};
    // higher: first entry with epoch > requested; floor: last with epoch <= requested.
    size_t i = 0;
    while (i < entries_.size() && entries_[i].epoch <= requested) ++i;
    if (i == entries_.size()) return {kUndefinedEpoch, kUndefinedEpochOffset};
    if (i == 0) return {requested, entries_[0].start_offset};
    return {entries_[i - 1].epoch, entries_[i].start_offset};
}

int32_t leader_epoch_cache::epoch_for_offset(int64_t offset) const noexcept {
    int32_t epoch = kUndefinedEpoch;
    for (const auto& e : entries_) {
        if (e.start_offset > offset) break;
        epoch = e.epoch;
    }
    return epoch;
}

}  // namespace odradek::storage
