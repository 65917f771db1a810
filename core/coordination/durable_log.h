#pragma once
// The sync thread: makes transactions durable with group commit, and writes
// snapshots and purges old files in order with them.
//
// The engine's thread calls append() for each txn (cheap: a queue push). The sync
// thread takes everything queued, writes it with one write() and one
// fdatasync(), then reports the highest durable zxid through `on_durable` (called
// on the sync thread; the server posts it back to its io thread). Txns that
// arrive during an fsync form the next group. snapshot() rolls to a new log file
// (log.<next zxid>) and writes the snapshot after every txn queued before it is
// durable. After an I/O error nothing more is written and on_durable reports the
// error: the server must stop, as ZooKeeper does.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "base/result.h"
#include "coordination/engine.h"
#include "coordination/txn_log.h"

namespace odradek::coordination {

class durable_log final : public txn_sink {
public:
    using durable_fn = std::function<void(int64_t zxid, const status& st)>;
    using note_fn = std::function<void(const std::string& msg)>;

    durable_log(std::filesystem::path snap_dir, std::filesystem::path log_dir, durable_fn on_durable, note_fn note);
    ~durable_log() override;

    void append(int64_t zxid, byte_buffer txn_bytes) override;
    void snapshot(int64_t zxid, byte_buffer bytes);
    void purge(int retain);
    // Writes and syncs everything queued, then joins the thread.
    void stop();

private:
    struct item {
        enum kind_t { append, snapshot, purge } kind = append;
        int64_t zxid = 0;
        byte_buffer bytes;
        int retain = 3;
    };
    void run();
    status flush(byte_buffer& pending, int64_t first_zxid);

    std::filesystem::path snap_dir_, log_dir_;
    durable_fn on_durable_;
    note_fn note_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<item> queue_;
    bool stopping_ = false;
    bool failed_ = false;
    txn_log_writer writer_;
    std::thread thread_;
};

}  // namespace odradek::coordination
