#pragma once
// offset_index: a segment's ".index" file, Kafka's OffsetIndex. A sparse map
// from offsets to byte positions in the segment's .log file.
//
// Entry (8 bytes, big-endian):
//
//   0  int32  relative_offset   absolute offset - segment base offset
//   4  int32  position          byte position of a batch in the .log file
//
// Entries are strictly increasing in offset and position. The log appends one
// entry when more than index.interval.bytes were written since the last one;
// the entry names the LAST offset of the batch set written at that position
// (Kafka 3.x), so lookup(x) returns a position at or before the batch holding x.
//
// Not thread-safe; owned by one segment.

#include <vector>

#include "base/types.h"
#include "storage/index_file.h"

namespace odradek::storage {

inline constexpr size_t kOffsetIndexEntrySize = 8;

struct offset_position {
    offset off;
    file_position pos;
    friend bool operator==(const offset_position&, const offset_position&) = default;
};

class offset_index {
public:
    static result<offset_index> open(file_system& fs, const std::string& path, offset base,
                                     int64_t max_index_bytes);

    offset base_offset() const noexcept { return base_; }
    size_t entries() const noexcept { return file_.entries(); }
    size_t max_entries() const noexcept { return file_.max_entries(); }
    bool is_full() const noexcept { return entries() >= max_entries(); }
    offset_position entry(size_t i) const noexcept;
    // The last entry, or {base, 0} when empty.
    offset_position last_entry() const noexcept;
    const index_file& raw() const noexcept { return file_; }

    // The largest entry with offset <= target, or {base, 0} when none is.
    offset_position lookup(offset target) const noexcept;

    // Appends (off, pos). errc::index_full when full; errc::invalid_argument
    // when off is not above the last entry or does not fit a relative offset.
    status append(offset off, file_position pos);
    // Removes every entry with offset >= off.
    void truncate_to(offset off) noexcept;
    void reset() noexcept { file_.truncate_entries(0); }

    // Kafka's sanity check: the length is a whole number of entries, the last
    // offset is not below the base; we also check entries ascend.
    status sanity_check() const;

    status trim() { return file_.trim(); }
    status resize(int64_t max_bytes) { return file_.resize(max_bytes); }
    status sync() { return file_.sync(); }
    status rename(file_system& fs, const std::string& to) { return file_.rename(fs, to); }

private:
    offset_index(index_file f, offset base) : file_(std::move(f)), base_(base) {}
    // Slot of the largest entry with offset <= target, or -1.
    ptrdiff_t lower_slot(offset target) const noexcept;

    index_file file_;
    offset base_;
};

// Read-only decode of a whole .index file (for dump tools): every complete
// 8-byte entry, without the checks or side effects of offset_index::open.
result<std::vector<offset_position>> read_offset_index_file(file_system& fs, const std::string& path, offset base);

}  // namespace odradek::storage
