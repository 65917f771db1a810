#pragma once
// index_file: the storage shared by offset_index and time_index — a file of
// fixed-size big-endian entries, preallocated like Kafka's AbstractIndex.
//
// Life of an index file (Kafka's behaviour):
//   - created for a new segment with its length set to segment.index.bytes
//     rounded down to a whole number of entries (a sparse file, all zeros);
//   - entries are written one at a time at entries*entry_size;
//   - trimmed to exactly its entries when the segment is rolled or closed, so a
//     cleanly closed index has length == entries*entry_size;
//   - reopened with entries = length / entry_size. After an unclean stop the
//     active segment's index still has its preallocated length (zeros after
//     the real entries); recovery resets and rebuilds it.
//
// Why pread/pwrite and an in-memory copy instead of mmap: every write then goes
// through the file interface, so fault injection and crash simulation cover
// index files too, and a damaged file can never fault the process (SIGBUS on a
// truncated mapping). The cost is memory: one 8-byte (12-byte) entry per
// index.interval.bytes of log, i.e. 2 MiB (3 MiB) per full 1 GiB segment.
//
// Not thread-safe; owned by one segment.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "storage/file.h"

namespace odradek::storage {

class index_file {
public:
    // Opens `path`, creating and preallocating it to max_index_bytes when it
    // does not exist (or is empty).
    static result<index_file> open(file_system& fs, const std::string& path, size_t entry_size,
                                   int64_t max_index_bytes);

    size_t entry_size() const noexcept { return entry_size_; }
    size_t entries() const noexcept { return data_.size() / entry_size_; }
    size_t max_entries() const noexcept { return size_t(length_ / entry_size_); }
    uint64_t length() const noexcept { return length_; }
    const uint8_t* entry(size_t i) const noexcept { return data_.data() + i * entry_size_; }
    const std::string& path() const noexcept { return file_->path(); }

    // Writes one entry after the last. The caller checked capacity.
    status append(byte_span entry_bytes);
    // Forgets entries from `n` on (the file keeps stale bytes until trim()).
    void truncate_entries(size_t n) { data_.resize(std::min(data_.size(), n * entry_size_)); }
    // Sets the file length to exactly the entries.
    status trim();
    // Sets the file length to max_bytes rounded down (never below the entries).
    status resize(int64_t max_bytes);
    status sync() { return file_->sync(); }
    // Renames the file (e.g. to add ".deleted"); the handle stays valid.
    status rename(file_system& fs, const std::string& to);

private:
    index_file(std::shared_ptr<file> f, size_t entry_size, uint64_t length, byte_buffer data)
        : file_(std::move(f)), entry_size_(entry_size), length_(length), data_(std::move(data)) {}

    std::shared_ptr<file> file_;
    size_t entry_size_;
    uint64_t length_;     // current file length
    byte_buffer data_;    // the valid entries, as on disk
};

}  // namespace odradek::storage
