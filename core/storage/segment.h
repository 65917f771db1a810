#pragma once
// segment: one slice of a partition log, Kafka's LogSegment. Three files named
// by the segment's base offset (the first offset it may hold), zero-padded to
// 20 digits:
//
//   00000000000000368769.log        record batches, stored exactly as appended
//   00000000000000368769.index      offset_index (offset -> position)
//   00000000000000368769.timeindex  time_index (timestamp -> offset)
//
// The .log file is a plain concatenation of magic v2 record batches (see
// record/batch_header.h); there is no framing of our own, so the bytes of a
// range of batches can go to a consumer with sendfile(2) unchanged.
//
// Contracts:
//  - append() takes batches that were already validated and stamped, with
//    offsets above everything in the segment. Nothing is fsynced until flush().
//  - read() returns a file_slice that shares ownership of the .log descriptor,
//    so a fetch in flight survives the segment being deleted; it may see fewer
//    bytes if the segment is truncated meanwhile.
//  - The destructor only closes descriptors; it never writes. A clean close is
//    close() (trims the indexes, fsyncs everything).
//  - One thread at a time (the partition's owner).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "base/types.h"
#include "record/batch_header.h"
#include "storage/file.h"
#include "storage/offset_index.h"
#include "storage/time_index.h"

namespace odradek::storage {

inline constexpr const char* kLogFileSuffix = ".log";
inline constexpr const char* kIndexFileSuffix = ".index";
inline constexpr const char* kTimeIndexFileSuffix = ".timeindex";
inline constexpr const char* kTxnIndexFileSuffix = ".txnindex";
inline constexpr const char* kDeletedFileSuffix = ".deleted";
inline constexpr const char* kCleanedFileSuffix = ".cleaned";
inline constexpr const char* kSwapFileSuffix = ".swap";

// "%020d" of the base offset: 5 -> "00000000000000000005".
std::string offset_file_stem(offset base);
// Parses a 20-digit stem back; nullopt when the name is not one.
std::optional<offset> parse_offset_file_stem(std::string_view stem);

// A byte range of a segment's .log file: what a fetch sends with sendfile.
struct file_slice {
    std::shared_ptr<file> f;
    file_position position;
    int64_t size = 0;
    offset first_offset;          // base offset of the first batch in the range
    bool first_batch_incomplete = false;  // size < the first batch (max_bytes too small)
};

// Where one batch is in the .log file.
struct batch_location {
    offset base;
    offset last;
    file_position position;
    int32_t size;
};

// Walks the batches of a .log file read-only, in file order, calling
// fn(header, position) for each whole batch whose header parses (the CRC is
// not checked: a dump tool reports it). Stops at the first bytes that are not
// a whole magic v2 batch, or when fn returns false. Returns the position
// where the walk stopped (== file size when every byte was a batch).
result<uint64_t> for_each_batch(file& f, const std::function<bool(const record::batch_header&, uint64_t)>& fn);

struct segment_options {
    int64_t index_interval_bytes = 4096;
    int64_t max_index_bytes = 10 * 1024 * 1024;
};

class segment {
public:
    // Creates the three files of a new, empty segment in `dir` (the .log must
    // not exist). now_ms is its creation time for segment.ms rolling.
    static result<std::unique_ptr<segment>> create(file_system& fs, const std::string& dir, offset base,
                                                   const segment_options& opts, int64_t now_ms);
    // Opens an existing segment. Missing index files are created empty and
    // needs_recovery() is then true; so is it when an index fails its sanity
    // check (the caller runs recover()). Computes next_offset() by scanning
    // from the last index entry.
    static result<std::unique_ptr<segment>> open(file_system& fs, const std::string& dir, offset base,
                                                 const segment_options& opts, int64_t now_ms);

    ~segment() = default;
    segment(const segment&) = delete;
    segment& operator=(const segment&) = delete;

    offset base_offset() const noexcept { return base_; }
    // One past the last offset held; base_offset() when empty.
    offset next_offset() const noexcept { return next_offset_; }
    uint64_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    bool needs_recovery() const noexcept { return needs_recovery_; }
    const std::string& dir() const noexcept { return dir_; }
    std::string log_path() const;
    std::string index_path() const;
    std::string time_index_path() const;
    const offset_index& offsets() const noexcept { return offset_index_; }
    const time_index& times() const noexcept { return time_index_; }
    std::shared_ptr<file> log_file() const noexcept { return log_; }

    // The largest batch max_timestamp appended and the last offset of its batch
    // (Kafka 3.7's shallow offset), or {-1, base} when none.
    timestamp_offset max_timestamp_so_far() const noexcept { return max_ts_; }
    // Retention clock: max_timestamp_so_far, or the .log mtime when no batch has one.
    result<int64_t> largest_timestamp(file_system& fs);

    // Kafka's LogSegment.shouldRoll for an append of `bytes` bytes whose
    // largest timestamp and last offset are given.
    struct roll_check {
        int64_t segment_bytes;
        int64_t roll_ms;        // segment.ms - jitter
        int64_t now_ms;
        int64_t bytes;
        int64_t max_timestamp;
        offset last_offset;
    };
    bool should_roll(const roll_check& c) const noexcept;
    // True when `o` fits a 32-bit offset relative to the base.
    bool can_convert_to_relative(offset o) const noexcept;

    // Appends validated, stamped batches. largest_offset is the last offset in
    // `records`; (largest_timestamp, offset_of_max_timestamp) its max timestamp
    // and where. On a write error the segment tries to cut the partial write.
    status append(offset largest_offset, int64_t largest_timestamp, offset offset_of_max_timestamp,
                  byte_span records);

    // The first batch whose last offset is >= target, scanning from the index
    // entry for target (or from `from` if later). nullopt when there is none.
    result<std::optional<batch_location>> translate_offset(offset target, file_position from = file_position(0));

    // Batches from the one holding `start` on, at most max_bytes (at least the
    // whole first batch when min_one_batch), not past max_position. nullopt
    // when no batch in the segment holds an offset >= start.
    result<std::optional<file_slice>> read(offset start, int64_t max_bytes, std::optional<file_position> max_position,
                                           bool min_one_batch);

    // The first record (offset >= starting_offset) whose timestamp >= ts, as
    // {timestamp, offset}; nullopt when none. leader_epoch gets that batch's
    // partition leader epoch when non-null.
    result<std::optional<timestamp_offset>> find_offset_by_timestamp(int64_t ts, offset starting_offset,
                                                                     int32_t* leader_epoch = nullptr);

    // Removes batches from the one holding `off` on (Kafka truncates at batch
    // granularity: `off` should be a batch boundary). Returns bytes removed.
    // An emptied segment restarts its segment.ms clock at now_ms (if >= 0).
    result<int64_t> truncate_to(offset off, int64_t now_ms = -1);

    // Rebuilds both indexes from the .log, validating every batch (header,
    // CRC, offsets within the segment and ascending); cuts the file at the
    // first invalid byte. on_batch sees each valid batch (the leader epoch
    // cache uses it). Returns the number of bytes cut.
    result<int64_t> recover(const std::function<void(const record::batch_header&)>& on_batch = {});

    // Called when a newer segment becomes active: records the final max
    // timestamp in the time index and trims both indexes to their entries.
    status on_become_inactive();
    // Grows (or shrinks) the preallocated index files: the active segment
    // after opening gets segment.index.bytes again.
    status resize_indexes(int64_t max_index_bytes);
    // fsync of .log, .index and .timeindex.
    status flush();
    // on_become_inactive + flush: a clean close.
    status close();
    // Renames the three files with ".deleted" appended (Kafka's async delete).
    status mark_deleted(file_system& fs);
    // Removes the files (with or without ".deleted"); missing ones are fine.
    status remove_files(file_system& fs);

private:
    segment(std::string dir, offset base, segment_options opts, std::shared_ptr<file> log, uint64_t size,
            offset_index oi, time_index ti, int64_t created_ms)
        : dir_(std::move(dir)), base_(base), opts_(opts), log_(std::move(log)), size_(size),
          offset_index_(std::move(oi)), time_index_(std::move(ti)), created_ms_(created_ms),
          next_offset_(base), max_ts_{no_timestamp, base} {}

    // Reads and parses the batch header at `pos`; nullopt at end of data or
    // when the bytes there are not a plausible batch.
    result<std::optional<record::batch_header>> header_at(uint64_t pos);
    status load_next_offset();

    std::string dir_;
    offset base_;
    segment_options opts_;
    std::shared_ptr<file> log_;
    uint64_t size_;
    offset_index offset_index_;
    time_index time_index_;
    int64_t created_ms_;
    offset next_offset_;
    timestamp_offset max_ts_;
    std::optional<int64_t> rolling_based_timestamp_;  // max timestamp of the first batch
    int64_t bytes_since_last_index_entry_ = 0;
    bool needs_recovery_ = false;
    bool deleted_ = false;
    byte_buffer scratch_;
    byte_buffer decompress_scratch_;
};

}  // namespace odradek::storage
