#include "storage/segment.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "record/batch_view.h"

namespace odradek::storage {

std::string offset_file_stem(offset base) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%020lld", static_cast<long long>(base()));
    return buf;
}

std::optional<offset> parse_offset_file_stem(std::string_view stem) {
    if (stem.size() != 20) return std::nullopt;
    int64_t v = 0;
    for (char c : stem) {
        if (c < '0' || c > '9') return std::nullopt;
        if (v > (std::numeric_limits<int64_t>::max() - (c - '0')) / 10) return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return offset(v);
}

result<uint64_t> for_each_batch(file& f, const std::function<bool(const record::batch_header&, uint64_t)>& fn) {
    ODRADEK_TRY_ASSIGN(uint64_t size, f.size());
    uint64_t pos = 0;
    while (pos + record::kBatchHeaderSize <= size) {
        uint8_t hdr[record::kBatchHeaderSize];
        ODRADEK_TRY(read_exact(f, pos, hdr));
        auto h = record::parse_batch_header(hdr);
        if (!h || pos + h->size_bytes() > size) break;
        if (!fn(*h, pos)) break;
        pos += h->size_bytes();
    }
    return pos;
}

namespace {
std::string segment_path(const std::string& dir, offset base, const char* suffix) {
    return join_path(dir, offset_file_stem(base) + suffix);
}
}  // namespace

std::string segment::log_path() const { return segment_path(dir_, base_, kLogFileSuffix); }
std::string segment::index_path() const { return segment_path(dir_, base_, kIndexFileSuffix); }
std::string segment::time_index_path() const { return segment_path(dir_, base_, kTimeIndexFileSuffix); }

result<std::unique_ptr<segment>> segment::create(file_system& fs, const std::string& dir, offset base,
                                                 const segment_options& opts, int64_t now_ms) {
    ODRADEK_TRY_ASSIGN(auto log, fs.open(segment_path(dir, base, kLogFileSuffix), open_mode::create_new));
    // Leftover index files of an earlier segment at this offset are stale.
    for (const char* suffix : {kIndexFileSuffix, kTimeIndexFileSuffix}) {
        auto p = segment_path(dir, base, suffix);
        ODRADEK_TRY_ASSIGN(bool present, fs.exists(p));
        if (present) ODRADEK_TRY(fs.remove(p));
    }
    ODRADEK_TRY_ASSIGN(auto oi, offset_index::open(fs, segment_path(dir, base, kIndexFileSuffix), base,
                                                   opts.max_index_bytes));
    ODRADEK_TRY_ASSIGN(auto ti, time_index::open(fs, segment_path(dir, base, kTimeIndexFileSuffix), base,
                                                 opts.max_index_bytes));
    return std::unique_ptr<segment>(
        new segment(dir, base, opts, std::move(log), 0, std::move(oi), std::move(ti), now_ms));
}

result<std::unique_ptr<segment>> segment::open(file_system& fs, const std::string& dir, offset base,
                                               const segment_options& opts, int64_t now_ms) {
    ODRADEK_TRY_ASSIGN(auto log, fs.open(segment_path(dir, base, kLogFileSuffix), open_mode::read_write));
    ODRADEK_TRY_ASSIGN(uint64_t size, log->size());
    const auto ipath = segment_path(dir, base, kIndexFileSuffix);
    const auto tpath = segment_path(dir, base, kTimeIndexFileSuffix);
    ODRADEK_TRY_ASSIGN(bool have_index, fs.exists(ipath));
    ODRADEK_TRY_ASSIGN(bool have_time_index, fs.exists(tpath));
    ODRADEK_TRY_ASSIGN(auto oi, offset_index::open(fs, ipath, base, opts.max_index_bytes));
    ODRADEK_TRY_ASSIGN(auto ti, time_index::open(fs, tpath, base, opts.max_index_bytes));
    std::unique_ptr<segment> s(new segment(dir, base, opts, std::move(log), size, std::move(oi), std::move(ti), now_ms));
    if (!have_index || !have_time_index || !s->offset_index_.sanity_check() || !s->time_index_.sanity_check()) {
        s->needs_recovery_ = true;
        s->offset_index_.reset();
        s->time_index_.reset();
        return s;
    }
    if (s->time_index_.entries() > 0) s->max_ts_ = s->time_index_.last_entry();
    ODRADEK_TRY(s->load_next_offset());
    return s;
}

result<std::optional<record::batch_header>> segment::header_at(uint64_t pos) {
    if (pos + record::kBatchHeaderSize > size_) return std::optional<record::batch_header>();
    uint8_t buf[record::kBatchHeaderSize];
    ODRADEK_TRY_ASSIGN(size_t n, log_->read_at(pos, buf));
    if (n != sizeof buf) return std::optional<record::batch_header>();
    auto h = record::parse_batch_header(buf);
    if (!h || pos + h->size_bytes() > size_) return std::optional<record::batch_header>();
    return std::optional<record::batch_header>(*h);
}

// next offset = one past the last batch; scan from the last index entry. Also
// picks up a max timestamp written after the last time index entry, and the
// first batch's timestamp for time-based rolling.
status segment::load_next_offset() {
    next_offset_ = base_;
    if (size_ == 0) return ok();
    ODRADEK_TRY_ASSIGN(auto first, header_at(0));
    if (first) rolling_based_timestamp_ = first->max_timestamp;
    uint64_t pos = uint64_t(offset_index_.last_entry().pos());
    while (true) {
        ODRADEK_TRY_ASSIGN(auto h, header_at(pos));
        if (!h) break;
        next_offset_ = offset(h->next_offset());
        if (h->max_timestamp > max_ts_.timestamp) max_ts_ = {h->max_timestamp, offset(h->last_offset())};
        pos += h->size_bytes();
    }
    return ok();
}

result<int64_t> segment::largest_timestamp(file_system& fs) {
    if (max_ts_.timestamp >= 0) return max_ts_.timestamp;
    return fs.modified_ms(deleted_ ? log_path() + kDeletedFileSuffix : log_path());
}

bool segment::can_convert_to_relative(offset o) const noexcept {
    int64_t rel = o - base_;
    return rel >= 0 && rel <= std::numeric_limits<int32_t>::max();
}

bool segment::should_roll(const roll_check& c) const noexcept {
    int64_t waited = (rolling_based_timestamp_ && *rolling_based_timestamp_ >= 0)
                         ? c.max_timestamp - *rolling_based_timestamp_
                         : c.now_ms - created_ms_;
    bool reached_roll_ms = waited > c.roll_ms;
    return int64_t(size_) > c.segment_bytes - c.bytes || (size_ > 0 && reached_roll_ms) ||
           offset_index_.is_full() || time_index_.is_full() || !can_convert_to_relative(c.last_offset);
}

status segment::append(offset largest_offset, int64_t largest_timestamp, offset offset_of_max_timestamp,
                       byte_span records) {
    if (records.empty()) return ok();
    if (!can_convert_to_relative(largest_offset)) {
        return error(errc::invalid_argument, "offset does not fit segment " + log_path());
    }
    const uint64_t pos = size_;
    if (auto st = log_->write_at(pos, records); !st) {
        (void)log_->truncate(pos);  // best effort: cut a partial write
        return st;
    }
    if (pos == 0) rolling_based_timestamp_ = largest_timestamp;
    size_ += records.size();
    next_offset_ = largest_offset + 1;
    if (largest_timestamp > max_ts_.timestamp) max_ts_ = {largest_timestamp, offset_of_max_timestamp};
    if (bytes_since_last_index_entry_ > opts_.index_interval_bytes) {
        ODRADEK_TRY(offset_index_.append(largest_offset, file_position(int64_t(pos))));
        ODRADEK_TRY(time_index_.maybe_append(max_ts_.timestamp, max_ts_.off));
        bytes_since_last_index_entry_ = 0;
    }
    bytes_since_last_index_entry_ += int64_t(records.size());
    return ok();
}

result<std::optional<batch_location>> segment::translate_offset(offset target, file_position from) {
    uint64_t pos = uint64_t(std::max(offset_index_.lookup(target).pos, from)());
    while (true) {
        ODRADEK_TRY_ASSIGN(auto h, header_at(pos));
        if (!h) return std::optional<batch_location>();
        if (h->last_offset() >= target()) {
            return std::optional<batch_location>(batch_location{offset(h->base_offset), offset(h->last_offset()),
                                                                file_position(int64_t(pos)),
                                                                int32_t(h->size_bytes())});
        }
        pos += h->size_bytes();
    }
}

result<std::optional<file_slice>> segment::read(offset start, int64_t max_bytes,
                                                std::optional<file_position> max_position, bool min_one_batch) {
    if (max_bytes < 0) return error(errc::invalid_argument, "negative max_bytes");
    ODRADEK_TRY_ASSIGN(auto loc, translate_offset(start));
    if (!loc) return std::optional<file_slice>();
    int64_t limit = max_position ? std::min<int64_t>((*max_position)(), int64_t(size_)) : int64_t(size_);
    int64_t adjusted = min_one_batch ? std::max<int64_t>(max_bytes, loc->size) : max_bytes;
    file_slice s;
    s.f = log_;
    s.position = loc->position;
    s.first_offset = loc->base;
    s.size = std::max<int64_t>(0, std::min(limit - loc->position(), adjusted));
    s.first_batch_incomplete = adjusted < loc->size;
    return std::optional<file_slice>(std::move(s));
}

result<std::optional<timestamp_offset>> segment::find_offset_by_timestamp(int64_t ts, offset starting_offset,
                                                                          int32_t* leader_epoch) {
    auto by_time = time_index_.lookup(ts);
    uint64_t pos = uint64_t(offset_index_.lookup(std::max(by_time.off, starting_offset)).pos());
    while (true) {
        ODRADEK_TRY_ASSIGN(auto h, header_at(pos));
        if (!h) return std::optional<timestamp_offset>();
        if (h->max_timestamp >= ts && h->last_offset() >= starting_offset()) {
            scratch_.resize(h->size_bytes());
            ODRADEK_TRY(read_exact(*log_, pos, scratch_));
            auto view = record::batch_view::parse(scratch_);
            if (!view) return error(errc::corrupt_message, "batch at " + std::to_string(pos) + " in " + log_path());
            auto it = view->records(decompress_scratch_);
            if (!it) return error(errc::corrupt_message, it.err().message());
            record::record_view r;
            const bool append_time = h->ts_type() == record::timestamp_type::log_append_time;
            while (it->next(r)) {
                int64_t rts = append_time ? h->max_timestamp : r.timestamp(h->base_timestamp);
                int64_t roff = r.offset(h->base_offset);
                if (rts >= ts && roff >= starting_offset()) {
                    if (leader_epoch) *leader_epoch = h->partition_leader_epoch;
                    return std::optional<timestamp_offset>(timestamp_offset{rts, offset(roff)});
                }
            }
            if (auto st = it->result(); !st) return error(errc::corrupt_message, st.err().message());
        }
        pos += h->size_bytes();
    }
}

result<int64_t> segment::truncate_to(offset off, int64_t now_ms) {
    ODRADEK_TRY_ASSIGN(auto loc, translate_offset(off));
    offset_index_.truncate_to(off);
    time_index_.truncate_to(off);
    ODRADEK_TRY(offset_index_.resize(opts_.max_index_bytes));
    ODRADEK_TRY(time_index_.resize(opts_.max_index_bytes));
    int64_t removed = 0;
    if (loc) {
        removed = int64_t(size_) - loc->position();
        ODRADEK_TRY(log_->truncate(uint64_t(loc->position())));
        size_ = uint64_t(loc->position());
        next_offset_ = loc->base;
    }
    bytes_since_last_index_entry_ = 0;
    if (size_ == 0) {
        rolling_based_timestamp_.reset();
        if (now_ms >= 0) created_ms_ = now_ms;
    }
    // The max timestamp may have been in the removed part: reload it.
    max_ts_ = time_index_.entries() > 0 ? time_index_.last_entry() : timestamp_offset{no_timestamp, base_};
    uint64_t pos = uint64_t(offset_index_.lookup(max_ts_.off).pos());
    while (true) {
        ODRADEK_TRY_ASSIGN(auto h, header_at(pos));
        if (!h) break;
        if (h->max_timestamp > max_ts_.timestamp) max_ts_ = {h->max_timestamp, offset(h->last_offset())};
        pos += h->size_bytes();
    }
    return removed;
}

result<int64_t> segment::recover(const std::function<void(const record::batch_header&)>& on_batch) {
    offset_index_.reset();
    time_index_.reset();
    ODRADEK_TRY(offset_index_.resize(opts_.max_index_bytes));
    ODRADEK_TRY(time_index_.resize(opts_.max_index_bytes));
    max_ts_ = {no_timestamp, base_};
    rolling_based_timestamp_.reset();
    uint64_t valid = 0;
    uint64_t last_index_entry = 0;
    offset expected = base_;
    while (valid + record::kBatchHeaderSize <= size_) {
        uint8_t hdr[record::kBatchHeaderSize];
        ODRADEK_TRY(read_exact(*log_, valid, hdr));
        auto h = record::parse_batch_header(hdr);
        if (!h || valid + h->size_bytes() > size_) break;
        if (h->base_offset < expected() || !can_convert_to_relative(offset(h->last_offset()))) break;
        scratch_.resize(h->size_bytes());
        ODRADEK_TRY(read_exact(*log_, valid, scratch_));
        if (!record::batch_crc_valid(scratch_)) break;
        if (valid == 0) rolling_based_timestamp_ = h->max_timestamp;
        if (h->max_timestamp > max_ts_.timestamp) max_ts_ = {h->max_timestamp, offset(h->last_offset())};
        if (valid - last_index_entry > uint64_t(std::max<int64_t>(opts_.index_interval_bytes, 0)) &&
            !offset_index_.is_full() && !time_index_.is_full()) {
            ODRADEK_TRY(offset_index_.append(offset(h->last_offset()), file_position(int64_t(valid))));
            ODRADEK_TRY(time_index_.maybe_append(max_ts_.timestamp, max_ts_.off));
            last_index_entry = valid;
        }
        if (on_batch) on_batch(*h);
        valid += h->size_bytes();
        expected = offset(h->next_offset());
    }
    int64_t truncated = int64_t(size_ - valid);
    if (truncated > 0) {
        ODRADEK_TRY(log_->truncate(valid));
        size_ = valid;
    }
    next_offset_ = expected;
    bytes_since_last_index_entry_ = int64_t(valid - last_index_entry);
    ODRADEK_TRY(offset_index_.trim());
    ODRADEK_TRY(time_index_.maybe_append(max_ts_.timestamp, max_ts_.off, true));
    ODRADEK_TRY(time_index_.trim());
    needs_recovery_ = false;
    return truncated;
}

status segment::on_become_inactive() {
    ODRADEK_TRY(time_index_.maybe_append(max_ts_.timestamp, max_ts_.off, true));
    ODRADEK_TRY(offset_index_.trim());
    return time_index_.trim();
}

status segment::resize_indexes(int64_t max_index_bytes) {
    ODRADEK_TRY(offset_index_.resize(max_index_bytes));
    return time_index_.resize(max_index_bytes);
}

status segment::flush() {
    ODRADEK_TRY(log_->sync());
    ODRADEK_TRY(offset_index_.sync());
    return time_index_.sync();
}

status segment::close() {
    ODRADEK_TRY(on_become_inactive());
    return flush();
}

status segment::mark_deleted(file_system& fs) {
    ODRADEK_TRY(fs.rename(log_path(), log_path() + kDeletedFileSuffix));
    ODRADEK_TRY(offset_index_.rename(fs, index_path() + kDeletedFileSuffix));
    ODRADEK_TRY(time_index_.rename(fs, time_index_path() + kDeletedFileSuffix));
    deleted_ = true;
    return ok();
}

status segment::remove_files(file_system& fs) {
    const std::string tail = deleted_ ? kDeletedFileSuffix : "";
    for (const auto& p : {log_path(), index_path(), time_index_path()}) {
        auto st = fs.remove(p + tail);
        if (!st && st.err().code != make_error_code(errc::not_found)) return st;
    }
    return ok();
}

}  // namespace odradek::storage
