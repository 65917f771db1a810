#include "storage/index_file.h"

namespace odradek::storage {

namespace {
uint64_t round_down(int64_t bytes, size_t entry_size) {
    if (bytes <= 0) return 0;
    return uint64_t(bytes) / entry_size * entry_size;
}
}  // namespace

result<index_file> index_file::open(file_system& fs, const std::string& path, size_t entry_size,
                                    int64_t max_index_bytes) {
    ODRADEK_TRY_ASSIGN(auto f, fs.open(path, open_mode::create));
    ODRADEK_TRY_ASSIGN(uint64_t length, f->size());
    byte_buffer data;
    if (length == 0) {
        length = round_down(max_index_bytes, entry_size);
        ODRADEK_TRY(f->truncate(length));
    } else {
        // A torn partial entry at the end is not an entry; sanity checks
        // report a length that is not a multiple of the entry size.
        data.resize(length / entry_size * entry_size);
        ODRADEK_TRY(read_exact(*f, 0, data));
    }
    return index_file(std::move(f), entry_size, length, std::move(data));
}

status index_file::append(byte_span entry_bytes) {
    uint64_t pos = data_.size();
    ODRADEK_TRY(file_->write_at(pos, entry_bytes));
    data_.insert(data_.end(), entry_bytes.begin(), entry_bytes.end());
    if (data_.size() > length_) length_ = data_.size();
    return ok();
}

status index_file::trim() {
    ODRADEK_TRY(file_->truncate(data_.size()));
    length_ = data_.size();
    return ok();
}

status index_file::resize(int64_t max_bytes) {
    uint64_t want = std::max<uint64_t>(round_down(max_bytes, entry_size_), data_.size());
    if (want == length_) return ok();
    ODRADEK_TRY(file_->truncate(want));
    length_ = want;
    return ok();
}

status index_file::rename(file_system& fs, const std::string& to) {
    ODRADEK_TRY(fs.rename(file_->path(), to));
    // Reopen under the new name so path() stays truthful.
    ODRADEK_TRY_ASSIGN(auto f, fs.open(to, open_mode::read_write));
    file_ = std::move(f);
    return ok();
}

}  // namespace odradek::storage
