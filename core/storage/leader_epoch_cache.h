#pragma once
// leader_epoch_cache: the partition's leader-epoch-checkpoint, Kafka's
// LeaderEpochFileCache. Maps each leader epoch to the first offset written in
// it, for OffsetsForLeaderEpoch and for truncating a follower correctly.
//
// File (in the partition directory), checkpoint format (checkpoint_file.h):
//
//   0
//   2
//   0 0          epoch start_offset
//   3 1520
//
// Entries ascend in both epoch and start offset. Every change is written
// through to the file at once (temp, fsync, rename, fsync dir), as Kafka does.
// One thread at a time (the partition's owner).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/file.h"

namespace odradek::storage {

inline constexpr const char* kLeaderEpochCheckpointFile = "leader-epoch-checkpoint";
inline constexpr int32_t kUndefinedEpoch = -1;
inline constexpr int64_t kUndefinedEpochOffset = -1;

struct epoch_entry {
    int32_t epoch;
    int64_t start_offset;
    friend bool operator==(const epoch_entry&, const epoch_entry&) = default;
};

class leader_epoch_cache {
public:
    // Loads `<dir>/leader-epoch-checkpoint` (missing = empty).
    static result<leader_epoch_cache> open(file_system& fs, std::string dir);

    const std::vector<epoch_entry>& entries() const noexcept { return entries_; }
    std::optional<epoch_entry> latest() const noexcept;

    // Records that `epoch` starts at `start_offset`. No-op when it matches the
    // latest entry or the epoch is negative; otherwise removes entries that
    // conflict (epoch >= new epoch or start >= new start) and appends.
    status assign(int32_t epoch, int64_t start_offset);
    // Removes entries with start_offset >= end_offset (log truncated to end_offset).
    status truncate_from_end(int64_t end_offset);
    // Removes entries wholly below start_offset; the last removed one is kept
    // with its start moved up to start_offset (log start advanced).
    status truncate_from_start(int64_t start_offset);
    // Drops everything (the log was truncated fully).
    status clear();

    // OffsetsForLeaderEpoch: {epoch, end offset} for the requested epoch:
    // the latest epoch ends at log_end_offset; an older one ends where the next
    // higher epoch starts (and reports the largest known epoch <= requested);
    // unknown -> {kUndefinedEpoch, kUndefinedEpochOffset}.
    epoch_entry end_offset_for(int32_t requested_epoch, int64_t log_end_offset) const noexcept;
    // The epoch in which `offset` was written (largest entry starting at or
    // below it), or kUndefinedEpoch.
    int32_t epoch_for_offset(int64_t offset) const noexcept;

private:
    leader_epoch_cache(file_system& fs, std::string dir, std::vector<epoch_entry> e)
        : fs_(&fs), dir_(std::move(dir)), entries_(std::move(e)) {}
    status flush();

    file_system* fs_;
    std::string dir_;
    std::vector<epoch_entry> entries_;
};

}  // namespace odradek::storage
