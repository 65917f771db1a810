#include "storage/file.h"

namespace odradek::storage {

status read_exact(file& f, uint64_t pos, mutable_byte_span out) {
    ODRADEK_TRY_ASSIGN(size_t n, f.read_at(pos, out));
    if (n != out.size()) return error(errc::io, "short read of " + f.path());
    return ok();
}

status write_file_atomic(file_system& fs, const std::string& dir, const std::string& name,
                         byte_span data) {
    const std::string path = join_path(dir, name);
    const std::string tmp = path + ".tmp";
    {
        ODRADEK_TRY_ASSIGN(auto f, fs.open(tmp, open_mode::create));
        ODRADEK_TRY(f->truncate(0));
        ODRADEK_TRY(f->write_at(0, data));
        ODRADEK_TRY(f->sync());
    }
    ODRADEK_TRY(fs.rename(tmp, path));
    return fs.sync_dir(dir);
}

result<byte_buffer> read_whole_file(file_system& fs, const std::string& path) {
    ODRADEK_TRY_ASSIGN(auto f, fs.open(path, open_mode::read_only));
    ODRADEK_TRY_ASSIGN(uint64_t size, f->size());
    byte_buffer buf(size);
    ODRADEK_TRY(read_exact(*f, 0, buf));
    return buf;
}

status remove_recursive(file_system& fs, const std::string& dir) {
    ODRADEK_TRY_ASSIGN(auto entries, fs.list_dir(dir));
    for (const auto& e : entries) {
        const std::string p = join_path(dir, e.name);
        if (e.is_dir) {
            ODRADEK_TRY(remove_recursive(fs, p));
        } else {
            ODRADEK_TRY(fs.remove(p));
        }
    }
    return fs.remove(dir);
}

}  // namespace odradek::storage
