#include "storage/time_index.h"

#include <limits>

namespace odradek::storage {

result<time_index> time_index::open(file_system& fs, const std::string& path, offset base,
                                    int64_t max_index_bytes) {
    ODRADEK_TRY_ASSIGN(auto f, index_file::open(fs, path, kTimeIndexEntrySize, max_index_bytes));
    return time_index(std::move(f), base);
}

timestamp_offset time_index::entry(size_t i) const noexcept {
    const uint8_t* p = file_.entry(i);
    return {load_be<int64_t>(p), base_ + load_be<int32_t>(p + 8)};
}

timestamp_offset time_index::last_entry() const noexcept {
    if (entries() == 0) return {no_timestamp, base_};
    return entry(entries() - 1);
}

timestamp_offset time_index::lookup(int64_t target) const noexcept {
    ptrdiff_t lo = 0, hi = ptrdiff_t(entries()) - 1, found = -1;
    while (lo <= hi) {
        ptrdiff_t mid = lo + (hi - lo) / 2;
        if (entry(size_t(mid)).timestamp <= target) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    if (found < 0) return {no_timestamp, base_};
    return entry(size_t(found));
}

status time_index::maybe_append(int64_t ts, offset off, bool skip_full_check) {
    if (!skip_full_check && is_full()) return error(errc::index_full, file_.path());
    if (entries() >= max_entries()) return error(errc::index_full, file_.path());
    auto last = last_entry();
    if (entries() != 0 && off < last.off) {
        return error(errc::invalid_argument, "time index offset goes backwards in " + file_.path());
    }
    if (entries() != 0 && ts < last.timestamp) {
        return error(errc::invalid_argument, "time index timestamp goes backwards in " + file_.path());
    }
    if (ts <= last.timestamp) return ok();
    int64_t rel = off - base_;
    if (rel < 0 || rel > std::numeric_limits<int32_t>::max()) {
        return error(errc::invalid_argument, "time index offset out of range in " + file_.path());
    }
    uint8_t buf[kTimeIndexEntrySize];
    store_be<int64_t>(buf, ts);
    store_be<int32_t>(buf + 8, int32_t(rel));
    return file_.append(buf);
}

void time_index::truncate_to(offset off) noexcept {
    // Entries ascend in offset: keep those below `off`.
    size_t keep = entries();
    while (keep > 0 && entry(keep - 1).off >= off) --keep;
    file_.truncate_entries(keep);
}

status time_index::sanity_check() const {
    if (file_.length() % kTimeIndexEntrySize != 0) {
        return error(errc::corrupt_index, file_.path() + ": length is not a multiple of 12");
    }
    for (size_t i = 0; i < entries(); ++i) {
        auto e = entry(i);
        if (e.off < base_) return error(errc::corrupt_index, file_.path() + ": entry below base");
        if (i > 0) {
            auto prev = entry(i - 1);
            if (e.off < prev.off || e.timestamp <= prev.timestamp) {
                return error(errc::corrupt_index, file_.path() + ": entries out of order");
            }
        }
    }
    return ok();
}

result<std::vector<timestamp_offset>> read_time_index_file(file_system& fs, const std::string& path, offset base) {
    ODRADEK_TRY_ASSIGN(auto bytes, read_whole_file(fs, path));
    std::vector<timestamp_offset> out;
    for (size_t i = 0; i + kTimeIndexEntrySize <= bytes.size(); i += kTimeIndexEntrySize) {
        out.push_back({load_be<int64_t>(bytes.data() + i), base + load_be<int32_t>(bytes.data() + i + 8)});
    }
    return out;
}

}  // namespace odradek::storage
