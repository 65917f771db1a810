#include "storage/offset_index.h"

#include <limits>

namespace odradek::storage {

result<offset_index> offset_index::open(file_system& fs, const std::string& path, offset base,
                                        int64_t max_index_bytes) {
    ODRADEK_TRY_ASSIGN(auto f, index_file::open(fs, path, kOffsetIndexEntrySize, max_index_bytes));
    return offset_index(std::move(f), base);
}

offset_position offset_index::entry(size_t i) const noexcept {
    const uint8_t* p = file_.entry(i);
    return {base_ + load_be<int32_t>(p), file_position(load_be<int32_t>(p + 4))};
}

offset_position offset_index::last_entry() const noexcept {
    if (entries() == 0) return {base_, file_position(0)};
    return entry(entries() - 1);
}

ptrdiff_t offset_index::lower_slot(offset target) const noexcept {
    ptrdiff_t lo = 0, hi = ptrdiff_t(entries()) - 1, found = -1;
    while (lo <= hi) {
        ptrdiff_t mid = lo + (hi - lo) / 2;
        if (entry(size_t(mid)).off <= target) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}

offset_position offset_index::lookup(offset target) const noexcept {
    ptrdiff_t slot = lower_slot(target);
    if (slot < 0) return {base_, file_position(0)};
    return entry(size_t(slot));
}

status offset_index::append(offset off, file_position pos) {
    if (is_full()) return error(errc::index_full, file_.path());
    int64_t rel = off - base_;
    if (rel < 0 || rel > std::numeric_limits<int32_t>::max() || pos() < 0 ||
        pos() > std::numeric_limits<int32_t>::max()) {
        return error(errc::invalid_argument, "offset index entry out of range in " + file_.path());
    }
    if (entries() != 0 && off <= last_entry().off) {
        return error(errc::invalid_argument, "offset index entries must increase in " + file_.path());
    }
    uint8_t buf[kOffsetIndexEntrySize];
    store_be<int32_t>(buf, int32_t(rel));
    store_be<int32_t>(buf + 4, int32_t(pos()));
    return file_.append(buf);
}

void offset_index::truncate_to(offset off) noexcept {
    ptrdiff_t slot = lower_slot(off);
    size_t keep = 0;
    if (slot >= 0) keep = entry(size_t(slot)).off == off ? size_t(slot) : size_t(slot) + 1;
    file_.truncate_entries(keep);
}

status offset_index::sanity_check() const {
    if (file_.length() % kOffsetIndexEntrySize != 0) {
        return error(errc::corrupt_index, file_.path() + ": length is not a multiple of 8");
    }
    for (size_t i = 0; i < entries(); ++i) {
        auto e = entry(i);
        if (e.off < base_ || e.pos() < 0) return error(errc::corrupt_index, file_.path() + ": entry below base");
        if (i > 0) {
            auto prev = entry(i - 1);
            if (e.off <= prev.off || e.pos <= prev.pos) {
                return error(errc::corrupt_index, file_.path() + ": entries out of order");
            }
        }
    }
    return ok();
}

result<std::vector<offset_position>> read_offset_index_file(file_system& fs, const std::string& path, offset base) {
    ODRADEK_TRY_ASSIGN(auto bytes, read_whole_file(fs, path));
    std::vector<offset_position> out;
    for (size_t i = 0; i + kOffsetIndexEntrySize <= bytes.size(); i += kOffsetIndexEntrySize) {
        out.push_back({base + load_be<int32_t>(bytes.data() + i), file_position(load_be<int32_t>(bytes.data() + i + 4))});
    }
    return out;
}

}  // namespace odradek::storage
