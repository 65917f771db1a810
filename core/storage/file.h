#pragma once
// file and file_system: everything storage does with the disk goes through
// these two interfaces, so tests can swap in fault_file_system (failing writes
// and syncs, "crashing" by dropping unsynced bytes) and a benchmark could swap
// in something else. The production implementation is posix_file_system.
//
// Contracts:
//  - Paths are plain strings; a directory path never ends in '/'.
//  - write_at/append write all bytes or return an error; a failed write may
//    have written a prefix (the caller decides whether to truncate it away).
//  - Nothing is durable until sync()/datasync() on the file AND, for a newly
//    created or renamed name, sync_dir() on its directory.
//  - A file object is used from one thread at a time. Read-only handles to the
//    same file may be held by fetch slices after the owner closed or deleted it:
//    POSIX keeps the inode alive while a descriptor is open.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "storage/errc.h"

namespace odradek::storage {

class file {
public:
    virtual ~file() = default;

    // Reads up to out.size() bytes at `pos`; returns the count read, which is
    // short only at end of file.
    virtual result<size_t> read_at(uint64_t pos, mutable_byte_span out) = 0;
    // Writes all of `data` at `pos` (extending the file if needed).
    virtual status write_at(uint64_t pos, byte_span data) = 0;
    // Writes all parts, in order, at `pos` (one pwritev where possible).
    virtual status writev_at(uint64_t pos, std::span<const byte_span> parts) = 0;
    virtual status truncate(uint64_t size) = 0;
    virtual result<uint64_t> size() = 0;
    virtual status sync() = 0;       // fsync: data and metadata (size)
    virtual status datasync() = 0;   // fdatasync
    // The OS descriptor for sendfile(2), or -1 when there is none.
    virtual int native_handle() const noexcept = 0;
    virtual const std::string& path() const noexcept = 0;
};

enum class open_mode {
    read_only,      // must exist
    read_write,     // must exist
    create,         // read-write, created if missing
    create_new,     // read-write, errc::already_exists if present
};

struct dir_entry {
    std::string name;  // base name, no directory part
    bool is_dir = false;
};

class file_system {
public:
    virtual ~file_system() = default;

    virtual result<std::shared_ptr<file>> open(const std::string& path, open_mode mode) = 0;
    virtual result<bool> exists(const std::string& path) = 0;
    // Entries of a directory except "." and "..", in no particular order.
    virtual result<std::vector<dir_entry>> list_dir(const std::string& dir) = 0;
    // Creates a directory and any missing parents; fine if it exists.
    virtual status make_dirs(const std::string& dir) = 0;
    // rename(2): atomically replaces `to` if present.
    virtual status rename(const std::string& from, const std::string& to) = 0;
    // Removes a file or an empty directory; errc::not_found if absent.
    virtual status remove(const std::string& path) = 0;
    // fsync on the directory itself: makes creates, renames and removes durable.
    virtual status sync_dir(const std::string& dir) = 0;
    // Last modification time in milliseconds since the epoch.
    virtual result<int64_t> modified_ms(const std::string& path) = 0;
};

// "<dir>/<name>"
inline std::string join_path(const std::string& dir, const std::string& name) {
    return dir.empty() ? name : dir + "/" + name;
}

// Reads exactly out.size() bytes at `pos`, or errc::io ("short read") if the
// file ends first.
status read_exact(file& f, uint64_t pos, mutable_byte_span out);

// Writes `data` to `<path>.tmp`, fsyncs it, renames it over `path` and fsyncs
// the directory: after success the new contents are durable, after a crash at
// any point either the old or the new contents are found.
status write_file_atomic(file_system& fs, const std::string& dir, const std::string& name,
                         byte_span data);
// Reads a whole (small) file.
result<byte_buffer> read_whole_file(file_system& fs, const std::string& path);

// Removes every file under `dir` and then `dir` itself.
status remove_recursive(file_system& fs, const std::string& dir);

}  // namespace odradek::storage
