#include "coordination/durable_log.h"

#include <fmt/format.h>

#include "coordination/data_dir.h"
#include "coordination/snapshot.h"

namespace odradek::coordination {

durable_log::durable_log(std::filesystem::path snap_dir, std::filesystem::path log_dir, durable_fn on_durable,
                         note_fn note)
    : snap_dir_(std::move(snap_dir)),
      log_dir_(std::move(log_dir)),
      on_durable_(std::move(on_durable)),
      note_(std::move(note)),
      thread_([this] { run(); }) {}

durable_log::~durable_log() { stop(); }

void durable_log::append(int64_t zxid, byte_buffer txn_bytes) {
    std::lock_guard lock(mu_);
    queue_.push_back({item::append, zxid, std::move(txn_bytes), 0});
    cv_.notify_one();
}

void durable_log::snapshot(int64_t zxid, byte_buffer bytes) {
    std::lock_guard lock(mu_);
    queue_.push_back({item::snapshot, zxid, std::move(bytes), 0});
    cv_.notify_one();
}

void durable_log::purge(int retain) {
    std::lock_guard lock(mu_);
    queue_.push_back({item::purge, 0, {}, retain});
    cv_.notify_one();
}

void durable_log::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        cv_.notify_one();
    }
    if (thread_.joinable()) thread_.join();
    writer_.close();
}

status durable_log::flush(byte_buffer& pending, int64_t first_zxid) {
    if (pending.empty()) return ok();
    if (!writer_.is_open()) ODRADEK_TRY(writer_.open(log_dir_, first_zxid));
    ODRADEK_TRY(writer_.write(pending));
    ODRADEK_TRY(writer_.sync());
    pending.clear();
    return ok();
}

void durable_log::run() {
    byte_buffer pending;
    for (;;) {
        std::deque<item> batch;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty() && stopping_) return;
            batch.swap(queue_);
        }
        if (failed_) continue;
        int64_t first = -1, last = -1;
        status st;
        for (auto& it : batch) {
            if (!st) break;
            switch (it.kind) {
                case item::append:
                    if (first < 0) first = it.zxid;
                    last = it.zxid;
                    append_log_entry(pending, it.bytes);
                    break;
                case item::snapshot:
                    st = flush(pending, first);
                    first = -1;
                    if (!st) break;
                    writer_.close();  // the next txn starts log.<its zxid>
                    st = write_snapshot_file(snap_dir_, it.zxid, it.bytes);
                    if (st && note_) note_(fmt::format("Snapshot saved to {}/snapshot.{:x}", snap_dir_.string(), it.zxid));
                    break;
                case item::purge: {
                    st = flush(pending, first);
                    first = -1;
                    if (!st) break;
                    auto removed = coordination::purge(snap_dir_, log_dir_, it.retain);
                    if (removed && note_)
                        for (const auto& f : *removed) note_(fmt::format("Removing file: {}", f));
                    break;
                }
            }
        }
        if (st) st = flush(pending, first);
        if (!st) failed_ = true;
        on_durable_(last, st);
    }
}

}  // namespace odradek::coordination
