#include "coordination/txn_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "base/crc32c.h"
#include "coordination/errc.h"
#include "coordination/file_format.h"

namespace odradek::coordination {

namespace {
error io_error(const std::string& what, const std::string& path) {
    return error(errc::io, fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}
}  // namespace

void append_log_entry(byte_buffer& out, byte_span payload) {
    append_be(out, int32_t(payload.size()));
    append_be(out, crc32c(payload));
    out.insert(out.end(), payload.begin(), payload.end());
}

txn_log_writer::~txn_log_writer() { close(); }

status txn_log_writer::open(const std::filesystem::path& dir, int64_t first_zxid) {
    close();
    path_ = (dir / fmt::format("log.{:x}", first_zxid)).string();
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) return io_error("cannot create", path_);
    byte_buffer header;
    append_be(header, kLogMagic);
    append_be(header, kFileVersion);
    append_be(header, int64_t(0));
    ODRADEK_TRY(write(header));
    ODRADEK_TRY(sync());
    return sync_dir(dir);
}

status txn_log_writer::write(byte_span data) {
    while (!data.empty()) {
        ssize_t n = ::write(fd_, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return io_error("cannot write", path_);
        }
        data = data.subspan(size_t(n));
    }
    return ok();
}

status txn_log_writer::sync() {
    if (::fdatasync(fd_) != 0) return io_error("cannot fsync", path_);
    return ok();
}

void txn_log_writer::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

result<log_read_result> read_log_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return error(errc::io, fmt::format("cannot open {}", file.string()));
    byte_buffer bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() >= 4 && load_be<int32_t>(bytes.data()) == kZkLogMagic)
        return error(errc::foreign_format, fmt::format("{} is an Apache ZooKeeper transaction log", file.string()));
    if (bytes.size() < kLogHeaderSize || load_be<int32_t>(bytes.data()) != kLogMagic ||
        load_be<int32_t>(bytes.data() + 4) != kFileVersion) {
        // A header cut short by a crash right after creation holds no txn.
        if (bytes.size() < kLogHeaderSize) return log_read_result{{}, 0, !bytes.empty()};
        return error(errc::corrupt, fmt::format("{}: bad log header", file.string()));
    }
    log_read_result out;
    size_t pos = kLogHeaderSize;
    while (pos < bytes.size()) {
        if (bytes.size() - pos < kLogEntryHeaderSize) break;
        int32_t len = load_be<int32_t>(bytes.data() + pos);
        uint32_t crc = load_be<uint32_t>(bytes.data() + pos + 4);
        if (len <= 0 || size_t(len) > bytes.size() - pos - kLogEntryHeaderSize) break;
        byte_span payload(bytes.data() + pos + kLogEntryHeaderSize, size_t(len));
        if (crc32c(payload) != crc) break;
        out.payloads.emplace_back(payload.begin(), payload.end());
        pos += kLogEntryHeaderSize + size_t(len);
    }
    out.valid_bytes = pos;
    out.torn = pos < bytes.size();
    return out;
}

status truncate_file(const std::filesystem::path& file, size_t size) {
    int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return io_error("cannot open", file.string());
    int rc = ::ftruncate(fd, off_t(size));
    if (rc == 0) rc = ::fsync(fd);
    int saved = errno;
    ::close(fd);
    errno = saved;
    if (rc != 0) return io_error("cannot truncate", file.string());
    return ok();
}

status sync_dir(const std::filesystem::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return io_error("cannot open directory", dir.string());
    int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return io_error("cannot fsync directory", dir.string());
    return ok();
}

int64_t zxid_of_file(const std::string& name, const std::string& prefix) {
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return -1;
    int64_t v = 0;
    for (size_t i = prefix.size(); i < name.size(); ++i) {
        char c = name[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0 || i - prefix.size() >= 16) return -1;
        v = int64_t((uint64_t(v) << 4) | uint64_t(d));
    }
    return v;
}

}  // namespace odradek::coordination
