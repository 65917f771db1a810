#pragma once
// posix_file_system: the production file_system, plain POSIX calls
// (pread/pwrite/pwritev, ftruncate, fsync/fdatasync, rename, a directory fsync
// through an O_RDONLY|O_DIRECTORY descriptor). Descriptors are O_CLOEXEC.
// Stateless: one instance may be shared by every log on every thread.

#include "storage/file.h"

namespace odradek::storage {

class posix_file_system final : public file_system {
public:
    result<std::shared_ptr<file>> open(const std::string& path, open_mode mode) override;
    result<bool> exists(const std::string& path) override;
    result<std::vector<dir_entry>> list_dir(const std::string& dir) override;
    status make_dirs(const std::string& dir) override;
    status rename(const std::string& from, const std::string& to) override;
    status remove(const std::string& path) override;
    status sync_dir(const std::string& dir) override;
    result<int64_t> modified_ms(const std::string& path) override;
};

// A process-wide instance for callers that do not inject one.
file_system& default_file_system();

}  // namespace odradek::storage
