#include "broker/dir_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "broker/errc.h"

namespace odradek::broker {

result<dir_lock> dir_lock::acquire(const std::string& dir) {
    const std::string path = dir + "/" + kLockFile;
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return error(errc::io, path + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        ::close(fd);
        if (e == EWOULDBLOCK) {
            return error(errc::log_dir_locked, "Failed to acquire lock on file .lock in " + dir +
                                                   ". A Kafka instance in another process or thread is using "
                                                   "this directory.");
        }
        return error(errc::io, path + ": " + std::strerror(e));
    }
    return dir_lock(dir, fd);
}

dir_lock& dir_lock::operator=(dir_lock&& o) noexcept {
    if (this != &o) {
        release();
        dir_ = std::move(o.dir_);
        fd_ = o.fd_;
        o.fd_ = -1;
    }
    return *this;
}

void dir_lock::release() noexcept {
    if (fd_ >= 0) {
        ::flock(fd_, LOCK_UN);
        ::close(fd_);
        fd_ = -1;
    }
}

}  // namespace odradek::broker
