#pragma once
// time_index: a segment's ".timeindex" file, Kafka's TimeIndex. A sparse map
// from timestamps to offsets, used by ListOffsets (offset for a timestamp) and
// time-based retention.
//
// Entry (12 bytes, big-endian):
//
//   0  int64  timestamp         the largest timestamp seen so far in the segment
//   8  int32  relative_offset   offset of that timestamp - segment base offset
//
// Both columns are non-decreasing; an entry is only added when the timestamp
// grows. One slot is kept free (is_full() at max_entries - 1) so that rolling
// can always record the segment's final max timestamp (Kafka does the same).
//
// Not thread-safe; owned by one segment.

#include <vector>

#include "base/types.h"
#include "storage/index_file.h"

namespace odradek::storage {

inline constexpr size_t kTimeIndexEntrySize = 12;

struct timestamp_offset {
    int64_t timestamp;
    offset off;
    friend bool operator==(const timestamp_offset&, const timestamp_offset&) = default;
};

class time_index {
public:
    static result<time_index> open(file_system& fs, const std::string& path, offset base,
                                   int64_t max_index_bytes);

    offset base_offset() const noexcept { return base_; }
    size_t entries() const noexcept { return file_.entries(); }
    size_t max_entries() const noexcept { return file_.max_entries(); }
    bool is_full() const noexcept { return entries() + 1 >= max_entries(); }
    timestamp_offset entry(size_t i) const noexcept;
    // The last entry, or {-1, base} when empty.
    timestamp_offset last_entry() const noexcept;
    const index_file& raw() const noexcept { return file_; }

    // The largest entry with timestamp <= target, or {-1, base} when none is.
    timestamp_offset lookup(int64_t target) const noexcept;

    // Appends (ts, off) if ts is above the last entry's timestamp. Errors:
    // index_full (unless skip_full_check), invalid_argument when ts or off go
    // backwards.
    status maybe_append(int64_t ts, offset off, bool skip_full_check = false);
    // Removes every entry with offset >= off.
    void truncate_to(offset off) noexcept;
    void reset() noexcept { file_.truncate_entries(0); }

    // Length is a whole number of entries, the last timestamp is not below the
    // first, the last offset is not below the base; entries ascend.
    status sanity_check() const;

    status trim() { return file_.trim(); }
    status resize(int64_t max_bytes) { return file_.resize(max_bytes); }
    status sync() { return file_.sync(); }
    status rename(file_system& fs, const std::string& to) { return file_.rename(fs, to); }

private:
    time_index(index_file f, offset base) : file_(std::move(f)), base_(base) {}

    index_file file_;
    offset base_;
};

// Read-only decode of a whole .timeindex file (for dump tools).
result<std::vector<timestamp_offset>> read_time_index_file(file_system& fs, const std::string& path, offset base);

}  // namespace odradek::storage
