#pragma once
// fault_file_system: a file_system for tests that forwards to another one (the
// POSIX one over a temp directory) and can
//   - fail the Nth write or sync (optionally only on paths containing a
//     substring, optionally a short write that leaves half the bytes behind,
//     optionally "sticky": every later matching operation fails too);
//   - "crash": cut every file written through it back to the length it had at
//     its last sync (sync, datasync or creation-time size), which is what a
//     power loss does to appended data;
//   - cut one file at a byte position (a torn write anywhere).
// The crash model covers appends and truncations, not in-place overwrites
// inside the synced length, and not unsynced directory entries.
//
// Counting starts when a fault is armed: fail_write(1) fails the very next
// matching write. Not thread-safe (tests are single-threaded).

#include <map>
#include <memory>
#include <string>

#include "storage/file.h"

namespace odradek::storage {

class fault_file_system final : public file_system {
public:
    explicit fault_file_system(file_system& base);

    void fail_write(int nth, std::string path_contains = {}, bool short_write = false, bool sticky = false);
    void fail_sync(int nth, std::string path_contains = {}, bool sticky = false);
    void clear_faults();

    // Drops unsynced bytes of every file this instance has seen. Open file
    // objects keep working against the cut files; tests drop them first.
    status crash();
    // Truncates `path` to `size` bytes behind the back of whoever has it open.
    status cut(const std::string& path, uint64_t size);

    // When on, sync()/datasync()/sync_dir() only update the crash model and
    // skip the real fsync: tests that open and close logs thousands of times
    // stay fast (durability is simulated by crash() anyway).
    void set_simulated_sync(bool on) noexcept { state_->simulated_sync = on; }

    int64_t write_count() const noexcept;
    int64_t sync_count() const noexcept;

    result<std::shared_ptr<file>> open(const std::string& path, open_mode mode) override;
    result<bool> exists(const std::string& path) override;
    result<std::vector<dir_entry>> list_dir(const std::string& dir) override;
    status make_dirs(const std::string& dir) override;
    status rename(const std::string& from, const std::string& to) override;
    status remove(const std::string& path) override;
    status sync_dir(const std::string& dir) override;
    result<int64_t> modified_ms(const std::string& path) override;

    struct rule {
        int remaining = -1;  // matching operations until it fires; -1 = disarmed
        std::string path_contains;
        bool short_write = false;
        bool sticky = false;
        bool fired = false;
    };
    struct state {
        rule write_rule;
        rule sync_rule;
        int64_t writes = 0;
        int64_t syncs = 0;
        bool simulated_sync = false;
        std::map<std::string, uint64_t> durable;  // path -> bytes that survive a crash
    };

private:
    file_system& base_;
    std::shared_ptr<state> state_;
};

}  // namespace odradek::storage
