#pragma once
// dir_lock: the exclusive lock a broker holds on each of its log directories
// for as long as it runs (Kafka's FileLock on "<log.dir>/.lock"), so a second
// broker pointed at the same directory refuses to start instead of corrupting
// it. flock(2) on an O_CLOEXEC descriptor: released when the holder closes it
// or dies; a second open of the same file, even in this process, is refused.

#include <string>

#include "base/result.h"

namespace odradek::broker {

inline constexpr const char* kLockFile = ".lock";

class dir_lock {
public:
    // Creates <dir>/.lock if needed and locks it without waiting. A held lock
    // is errc::log_dir_locked with Kafka's text: "Failed to acquire lock on
    // file .lock in <dir>. A Kafka instance in another process or thread is
    // using this directory."
    static result<dir_lock> acquire(const std::string& dir);

    dir_lock(dir_lock&& o) noexcept : dir_(std::move(o.dir_)), fd_(o.fd_) { o.fd_ = -1; }
    dir_lock& operator=(dir_lock&& o) noexcept;
    dir_lock(const dir_lock&) = delete;
    dir_lock& operator=(const dir_lock&) = delete;
    ~dir_lock() { release(); }

    const std::string& dir() const noexcept { return dir_; }
    // Unlocks and closes; idempotent.
    void release() noexcept;

private:
    dir_lock(std::string dir, int fd) : dir_(std::move(dir)), fd_(fd) {}

    std::string dir_;
    int fd_ = -1;
};

}  // namespace odradek::broker
