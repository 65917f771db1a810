#pragma once
// Writing and reading transaction log files (layout in file_format.h).
//
// txn_log_writer is used by one thread (the server's sync thread). Nothing is
// durable until sync() returns ok; open() makes the new file's header and its
// directory entry durable.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"

namespace odradek::coordination {

// Appends one framed entry (length, crc32c, payload) to out.
void append_log_entry(byte_buffer& out, byte_span payload);

class txn_log_writer {
public:
    txn_log_writer() = default;
    ~txn_log_writer();
    txn_log_writer(const txn_log_writer&) = delete;
    txn_log_writer& operator=(const txn_log_writer&) = delete;

    // Creates <dir>/log.<hex first_zxid> with its header.
    status open(const std::filesystem::path& dir, int64_t first_zxid);
    bool is_open() const noexcept { return fd_ >= 0; }
    status write(byte_span framed_entries);
    status sync();
    void close();

private:
    int fd_ = -1;
    std::string path_;
};

struct log_read_result {
    std::vector<byte_buffer> payloads;  // txn encodings, in file order
    size_t valid_bytes = 0;             // file prefix holding the header and whole entries
    bool torn = false;                  // bytes after valid_bytes that are not a whole entry
};

// Reads a whole log file. errc::foreign_format for an Apache ZooKeeper log,
// errc::corrupt for a bad header.
result<log_read_result> read_log_file(const std::filesystem::path& file);

// Cuts a torn tail off (truncate + fsync).
status truncate_file(const std::filesystem::path& file, size_t size);

// fsync a directory so that created, renamed or removed entries are durable.
status sync_dir(const std::filesystem::path& dir);

// "log.1a" / "snapshot.1a" -> 0x1a; -1 if the name does not match.
int64_t zxid_of_file(const std::string& name, const std::string& prefix);

}  // namespace odradek::coordination
