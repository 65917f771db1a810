#include "coordination/data_dir.h"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>

#include "coordination/errc.h"
#include "coordination/snapshot.h"
#include "coordination/txn_log.h"

namespace odradek::coordination {

namespace fs = std::filesystem;

namespace {

// (zxid, path) of files named <prefix><hex>, ascending by zxid.
std::vector<std::pair<int64_t, fs::path>> list_files(const fs::path& dir, const std::string& prefix) {
    std::vector<std::pair<int64_t, fs::path>> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        int64_t z = zxid_of_file(entry.path().filename().string(), prefix);
        if (z >= 0 && entry.is_regular_file()) out.emplace_back(z, entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

result<recovery_report> recover(const fs::path& snap_dir, const fs::path& log_dir, engine& e) {
    std::error_code ec;
    fs::create_directories(snap_dir, ec);
    fs::create_directories(log_dir, ec);
    if (ec) return error(errc::io, fmt::format("cannot create {}: {}", log_dir.string(), ec.message()));
    recovery_report rep;
    // A snapshot cut short by a crash before its rename is garbage.
    for (const auto& entry : fs::directory_iterator(snap_dir, ec)) {
        std::string name = entry.path().filename().string();
        if (name.starts_with("snapshot.") && name.ends_with(".tmp")) {
            rep.warnings.push_back(fmt::format("removing unfinished snapshot {}", entry.path().string()));
            fs::remove(entry.path(), ec);
        }
    }

    auto snaps = list_files(snap_dir, "snapshot.");
    for (auto it = snaps.rbegin(); it != snaps.rend(); ++it) {
        std::ifstream in(it->second, std::ios::binary);
        byte_buffer bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto snap = decode_snapshot(bytes);
        if (!snap) {
            if (snap.err().code == make_error_code(errc::foreign_format))
                return error(errc::foreign_format, fmt::format("{} is {}", it->second.string(), snap.err().detail));
            rep.warnings.push_back(fmt::format("skipping snapshot {}: {}", it->second.string(), snap.err().message()));
            continue;
        }
        if (!e.restore(std::move(snap->nodes), snap->sessions, snap->zxid))
            return error(errc::corrupt, fmt::format("{}: a node has no parent", it->second.string()));
        rep.snapshot_zxid = snap->zxid;
        break;
    }

    auto logs = list_files(log_dir, "log.");
    int64_t from = rep.snapshot_zxid < 0 ? 0 : rep.snapshot_zxid;
    // The newest log that starts at or before the snapshot may hold txns after it.
    size_t first = 0;
    for (size_t i = 0; i < logs.size(); ++i)
        if (logs[i].first <= from + 1) first = i;
    for (size_t i = first; i < logs.size(); ++i) {
        ODRADEK_TRY_ASSIGN(auto read, read_log_file(logs[i].second));
        for (const auto& payload : read.payloads) {
            int64_t zxid = 0;
            if (!e.replay(payload, zxid))
                return error(errc::corrupt, fmt::format("{}: undecodable txn", logs[i].second.string()));
            if (zxid > from) ++rep.txns_replayed;
        }
        if (read.torn) {
            if (i + 1 != logs.size())
                return error(errc::corrupt,
                             fmt::format("{} is damaged at byte {} and newer logs follow it", logs[i].second.string(),
                                         read.valid_bytes));
            rep.warnings.push_back(fmt::format("truncating torn tail of {} at byte {}", logs[i].second.string(),
                                               read.valid_bytes));
            ODRADEK_TRY(truncate_file(logs[i].second, read.valid_bytes));
        }
    }
    rep.zxid = e.last_zxid();
    return rep;
}

result<std::vector<std::string>> purge(const fs::path& snap_dir, const fs::path& log_dir, int retain) {
    retain = std::max(retain, 3);
    std::vector<std::string> removed;
    auto snaps = list_files(snap_dir, "snapshot.");
    if (snaps.size() <= size_t(retain)) return removed;
    size_t keep_from = snaps.size() - size_t(retain);
    int64_t oldest_kept = snaps[keep_from].first;
    std::error_code ec;
    for (size_t i = 0; i < keep_from; ++i) {
        if (fs::remove(snaps[i].second, ec)) removed.push_back(snaps[i].second.string());
    }
    // Keep every log starting after the oldest kept snapshot, and the one log that
    // may hold the txns right after it.
    auto logs = list_files(log_dir, "log.");
    int64_t newest_needed = -1;
    for (const auto& [z, p] : logs)
        if (z <= oldest_kept + 1) newest_needed = z;
    for (const auto& [z, p] : logs) {
        if (z < newest_needed && fs::remove(p, ec)) removed.push_back(p.string());
    }
    if (!removed.empty()) {
        (void)sync_dir(snap_dir);
        (void)sync_dir(log_dir);
    }
    return removed;
}

}  // namespace odradek::coordination
