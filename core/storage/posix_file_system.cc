#include "storage/posix_file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace odradek::storage {

namespace {

error sys_error(const std::string& what, const std::string& path, int err) {
    errc code = errc::io;
    if (err == ENOENT) code = errc::not_found;
    if (err == EEXIST) code = errc::already_exists;
    return error(code, what + " " + path + ": " + std::strerror(err));
}

class posix_file final : public file {
public:
    posix_file(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    ~posix_file() override { ::close(fd_); }
    posix_file(const posix_file&) = delete;
    posix_file& operator=(const posix_file&) = delete;

    result<size_t> read_at(uint64_t pos, mutable_byte_span out) override {
        size_t done = 0;
        while (done < out.size()) {
            ssize_t n = ::pread(fd_, out.data() + done, out.size() - done, off_t(pos + done));
            if (n < 0) {
                if (errno == EINTR) continue;
                return sys_error("pread", path_, errno);
            }
            if (n == 0) break;
            done += size_t(n);
        }
        return done;
    }

    status write_at(uint64_t pos, byte_span data) override {
        size_t done = 0;
        while (done < data.size()) {
            ssize_t n = ::pwrite(fd_, data.data() + done, data.size() - done, off_t(pos + done));
            if (n < 0) {
                if (errno == EINTR) continue;
                return sys_error("pwrite", path_, errno);
            }
            done += size_t(n);
        }
        return ok();
    }

    status writev_at(uint64_t pos, std::span<const byte_span> parts) override {
        // pwritev for the common case; any short write falls back to finishing
        // the remaining parts one by one.
        constexpr size_t kMaxIov = 64;
        if (parts.size() <= kMaxIov) {
            iovec iov[kMaxIov];
            size_t total = 0;
            for (size_t i = 0; i < parts.size(); ++i) {
                iov[i].iov_base = const_cast<uint8_t*>(parts[i].data());
                iov[i].iov_len = parts[i].size();
                total += parts[i].size();
            }
            ssize_t n;
            do {
                n = ::pwritev(fd_, iov, int(parts.size()), off_t(pos));
            } while (n < 0 && errno == EINTR);
            if (n < 0) return sys_error("pwritev", path_, errno);
            if (size_t(n) == total) return ok();
            size_t skip = size_t(n);
            for (auto p : parts) {
                if (skip >= p.size()) {
                    skip -= p.size();
                    pos += p.size();
                    continue;
                }
                ODRADEK_TRY(write_at(pos + skip, p.subspan(skip)));
                pos += p.size();
                skip = 0;
            }
            return ok();
        }
        for (auto p : parts) {
            ODRADEK_TRY(write_at(pos, p));
            pos += p.size();
        }
        return ok();
    }

    status truncate(uint64_t size) override {
        if (::ftruncate(fd_, off_t(size)) != 0) return sys_error("ftruncate", path_, errno);
        return ok();
    }
    result<uint64_t> size() override {
        struct stat st;
        if (::fstat(fd_, &st) != 0) return sys_error("fstat", path_, errno);
        return uint64_t(st.st_size);
    }
    status sync() override {
        if (::fsync(fd_) != 0) return sys_error("fsync", path_, errno);
        return ok();
    }
    status datasync() override {
        if (::fdatasync(fd_) != 0) return sys_error("fdatasync", path_, errno);
        return ok();
    }
    int native_handle() const noexcept override { return fd_; }
    const std::string& path() const noexcept override { return path_; }

private:
    int fd_;
    std::string path_;
};

}  // namespace

result<std::shared_ptr<file>> posix_file_system::open(const std::string& path, open_mode mode) {
    int flags = O_CLOEXEC;
    switch (mode) {
        case open_mode::read_only: flags |= O_RDONLY; break;
        case open_mode::read_write: flags |= O_RDWR; break;
        case open_mode::create: flags |= O_RDWR | O_CREAT; break;
        case open_mode::create_new: flags |= O_RDWR | O_CREAT | O_EXCL; break;
    }
    int fd;
    do {
        fd = ::open(path.c_str(), flags, 0644);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) return sys_error("open", path, errno);
    return std::shared_ptr<file>(std::make_shared<posix_file>(fd, path));
}

result<bool> posix_file_system::exists(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) == 0) return true;
    if (errno == ENOENT) return false;
    return sys_error("stat", path, errno);
}

result<std::vector<dir_entry>> posix_file_system::list_dir(const std::string& dir) {
    DIR* d = ::opendir(dir.c_str());
    if (!d) return sys_error("opendir", dir, errno);
    std::vector<dir_entry> out;
    while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name == "." || name == "..") continue;
        bool is_dir = e->d_type == DT_DIR;
        if (e->d_type == DT_UNKNOWN) {
            struct stat st;
            is_dir = ::stat(join_path(dir, name).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
        }
        out.push_back({std::move(name), is_dir});
    }
    ::closedir(d);
    return out;
}

status posix_file_system::make_dirs(const std::string& dir) {
    for (size_t i = 1; i <= dir.size(); ++i) {
        if (i != dir.size() && dir[i] != '/') continue;
        std::string part = dir.substr(0, i);
        if (::mkdir(part.c_str(), 0755) != 0 && errno != EEXIST) return sys_error("mkdir", part, errno);
    }
    return ok();
}

status posix_file_system::rename(const std::string& from, const std::string& to) {
    if (::rename(from.c_str(), to.c_str()) != 0) return sys_error("rename", from + " -> " + to, errno);
    return ok();
}

status posix_file_system::remove(const std::string& path) {
    if (::remove(path.c_str()) != 0) return sys_error("remove", path, errno);
    return ok();
}

status posix_file_system::sync_dir(const std::string& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return sys_error("open dir", dir, errno);
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0) return sys_error("fsync dir", dir, err);
    return ok();
}

result<int64_t> posix_file_system::modified_ms(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return sys_error("stat", path, errno);
    return int64_t(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

file_system& default_file_system() {
    static posix_file_system fs;
    return fs;
}

}  // namespace odradek::storage
