#pragma once
// Recovery and purging of a data directory (FileTxnSnapLog / PurgeTxnLog).
//
// Recovery: load the newest snapshot whose checksum holds (older ones are the
// fallback), then replay every logged txn with a larger zxid, in zxid order. A
// torn tail of the newest log file (a crash mid-write) is truncated, with a
// warning; damage anywhere else refuses the start, since skipping it would
// silently lose committed txns.
//
// Purge: keep the newest `retain` snapshots (at least 3, as ZooKeeper insists)
// and the log files still needed to replay from the oldest kept one.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/result.h"
#include "coordination/engine.h"

namespace odradek::coordination {

struct recovery_report {
    int64_t zxid = 0;              // last zxid restored
    int64_t snapshot_zxid = -1;    // -1: no snapshot used
    size_t txns_replayed = 0;
    std::vector<std::string> warnings;
};

// snap_dir and log_dir are the version-2 directories (created if missing).
result<recovery_report> recover(const std::filesystem::path& snap_dir, const std::filesystem::path& log_dir,
                                engine& e);

// Returns the files removed.
result<std::vector<std::string>> purge(const std::filesystem::path& snap_dir, const std::filesystem::path& log_dir,
                                       int retain);

}  // namespace odradek::coordination
