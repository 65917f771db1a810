#pragma once
// Snapshots of the coordination database (layout in file_format.h): the whole
// tree and the live sessions at one zxid. encode_snapshot runs on the engine's
// thread (a consistent cut); write_snapshot_file on the sync thread.

#include <cstdint>
#include <filesystem>
#include <map>

#include "base/bytes.h"
#include "base/result.h"
#include "coordination/data_tree.h"
#include "coordination/session_tracker.h"

namespace odradek::coordination {

struct snapshot_data {
    int64_t zxid = 0;
    std::map<int64_t, int32_t> sessions;  // id -> timeout ms
    data_tree::node_map nodes;
};

byte_buffer encode_snapshot(const data_tree& tree, const session_tracker& sessions, int64_t zxid);
// errc::corrupt on a bad magic, version, checksum or structure;
// errc::foreign_format for an Apache ZooKeeper snapshot.
result<snapshot_data> decode_snapshot(byte_span bytes);

// Writes <dir>/snapshot.<hex zxid> durably (temp file, fsync, rename, fsync dir).
status write_snapshot_file(const std::filesystem::path& dir, int64_t zxid, byte_span bytes);

}  // namespace odradek::coordination
