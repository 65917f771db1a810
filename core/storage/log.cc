#include "storage/log.h"

#include <algorithm>
#include <set>

#include "record/batch_view.h"

namespace odradek::storage {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}


// One validated batch of an append, as found while walking the record set.
struct batch_ref {
    size_t pos;
    record::batch_header h;
};

}  // namespace

// ---------------------------------------------------------------- opening

result<std::unique_ptr<log>> log::open(file_system& fs, std::string dir, topic_partition tp, log_config config,
                                       const clock& clk, log_open_options opts) {
    ODRADEK_TRY(config.validate());
    ODRADEK_TRY(fs.make_dirs(dir));
    ODRADEK_TRY_ASSIGN(auto epochs, leader_epoch_cache::open(fs, dir));
    std::unique_ptr<log> l(new log(fs, std::move(dir), std::move(tp), config, clk, std::move(epochs)));
    ODRADEK_TRY(l->load(opts));
    return l;
}

status log::load(const log_open_options& opts) {
    const int64_t now = clock_.now_ms();
    ODRADEK_TRY_ASSIGN(auto entries, fs_.list_dir(dir_));

    // 1. Stray files of interrupted deletes and cleanings (Kafka's LogLoader).
    std::vector<std::string> swap_logs;
    std::set<std::string> names;
    for (const auto& e : entries) {
        if (e.is_dir) continue;
        const std::string path = join_path(dir_, e.name);
        if (ends_with(e.name, kDeletedFileSuffix) || ends_with(e.name, kCleanedFileSuffix)) {
            ODRADEK_TRY(fs_.remove(path));
        } else if (ends_with(e.name, kSwapFileSuffix)) {
            std::string plain = e.name.substr(0, e.name.size() - std::string_view(kSwapFileSuffix).size());
            if (ends_with(plain, kLogFileSuffix)) {
                swap_logs.push_back(plain);
            } else {
                ODRADEK_TRY(fs_.remove(path));  // index swaps are rebuilt from the log
            }
        } else {
            names.insert(e.name);
        }
    }
    // 2. A .log.swap is a finished replacement whose rename was interrupted:
    //    complete it, dropping the stale indexes of that base offset.
    for (const auto& plain : swap_logs) {
        std::string stem = plain.substr(0, plain.size() - std::string_view(kLogFileSuffix).size());
        for (const char* sfx : {kIndexFileSuffix, kTimeIndexFileSuffix}) {
            if (names.erase(stem + sfx)) ODRADEK_TRY(fs_.remove(join_path(dir_, stem + sfx)));
        }
        ODRADEK_TRY(fs_.rename(join_path(dir_, plain + kSwapFileSuffix), join_path(dir_, plain)));
        names.insert(plain);
    }
    // 3. Index files without their log are orphans.
    for (auto it = names.begin(); it != names.end();) {
        std::string_view n = *it;
        const char* found = nullptr;
        for (const char* sfx : {kIndexFileSuffix, kTimeIndexFileSuffix, kTxnIndexFileSuffix}) {
            if (ends_with(n, sfx)) found = sfx;
        }
        if (found) {
            std::string stem(n.substr(0, n.size() - std::string_view(found).size()));
            if (!names.count(stem + kLogFileSuffix)) {
                ODRADEK_TRY(fs_.remove(join_path(dir_, *it)));
                it = names.erase(it);
                continue;
            }
        }
        ++it;
    }

    // 4. Load segments; rebuild missing or corrupt indexes right away.
    status epoch_status;
    auto on_batch = [&](const record::batch_header& h) {
        if (h.partition_leader_epoch >= 0 && epoch_status) {
            epoch_status = epochs_.assign(h.partition_leader_epoch, h.base_offset);
        }
    };
    std::set<int64_t> recovered;
    for (const auto& n : names) {
        if (!ends_with(n, kLogFileSuffix)) continue;
        auto base = parse_offset_file_stem(std::string_view(n).substr(0, n.size() - 4));
        if (!base) continue;
        ODRADEK_TRY_ASSIGN(auto seg, segment::open(fs_, dir_, *base, seg_opts(), now));
        if (seg->needs_recovery()) {
            ODRADEK_TRY_ASSIGN(int64_t cut, seg->recover(on_batch));
            recovered_truncated_ += cut;
            recovered.insert((*base)());
        }
        segments_.emplace((*base)(), std::move(seg));
    }
    // A completed swap may cover segments that were being replaced.
    for (const auto& plain : swap_logs) {
        auto base = parse_offset_file_stem(std::string_view(plain).substr(0, plain.size() - 4));
        if (!base || !segments_.count((*base)())) continue;
        int64_t next = segments_[(*base)()]->next_offset()();
        std::vector<int64_t> covered;
        for (auto it = segments_.upper_bound((*base)()); it != segments_.end() && it->first < next; ++it) {
            covered.push_back(it->first);
        }
        for (int64_t b : covered) {
            ODRADEK_TRY(segments_[b]->remove_files(fs_));
            segments_.erase(b);
        }
    }

    // 5. After an unclean stop, validate everything from the recovery point on.
    if (!opts.had_clean_shutdown && !segments_.empty()) {
        auto it = segments_.upper_bound(opts.recovery_point);
        if (it != segments_.begin()) --it;
        for (; it != segments_.end(); ++it) {
            if (recovered.count(it->first)) continue;
            ODRADEK_TRY_ASSIGN(int64_t cut, it->second->recover(on_batch));
            recovered.insert(it->first);
            recovered_truncated_ += cut;
            if (cut > 0) {
                // Everything after a tear is unreachable: delete later segments.
                for (auto later = std::next(it); later != segments_.end();) {
                    ODRADEK_TRY(later->second->remove_files(fs_));
                    later = segments_.erase(later);
                }
                break;
            }
        }
    }
    ODRADEK_TRY(epoch_status);

    // 6. Always have an active segment, with room in its indexes.
    if (segments_.empty()) {
        ODRADEK_TRY_ASSIGN(auto seg, segment::create(fs_, dir_, offset(opts.log_start_offset), seg_opts(), now));
        segments_.emplace(opts.log_start_offset, std::move(seg));
        ODRADEK_TRY(fs_.sync_dir(dir_));
    }
    ODRADEK_TRY(active_segment().resize_indexes(config_.segment_index_bytes));

    log_start_offset_ = std::max(opts.log_start_offset, segments_.begin()->first);
    recovery_point_ = log_end_offset();
    if (!recovered.empty()) {
        for (int64_t b : recovered) {
            auto it = segments_.find(b);
            if (it != segments_.end()) ODRADEK_TRY(it->second->flush());
        }
        ODRADEK_TRY(fs_.sync_dir(dir_));
    }
    if (log_start_offset_ > log_end_offset()) {
        ODRADEK_TRY(truncate_fully_and_start_at(log_start_offset_));
    }
    ODRADEK_TRY(epochs_.truncate_from_end(log_end_offset()));
    ODRADEK_TRY(epochs_.truncate_from_start(log_start_offset_));
    last_flush_ms_ = now;
    active_jitter_ms_ = roll_jitter();
    return ok();
}

// ---------------------------------------------------------------- accessors

int64_t log::log_end_offset() const noexcept { return active_segment().next_offset()(); }

int64_t log::size_bytes() const noexcept {
    int64_t total = 0;
    for (const auto& [b, s] : segments_) total += int64_t(s->size());
    return total;
}

std::vector<const segment*> log::segments() const {
    std::vector<const segment*> out;
    out.reserve(segments_.size());
    for (const auto& [b, s] : segments_) out.push_back(s.get());
    return out;
}

segment* log::floor_segment(int64_t off) const {
    auto it = segments_.upper_bound(off);
    if (it == segments_.begin()) return nullptr;
    return std::prev(it)->second.get();
}

status log::check_online() const {
    if (offline_) return error(errc::log_offline, dir_);
    return ok();
}

error log::go_offline(error e) {
    offline_ = true;
    return e;
}

int64_t log::roll_jitter() {
    if (config_.segment_jitter_ms <= 0) return 0;
    // xorshift64: no need for a good generator, only for spread.
    jitter_state_ ^= jitter_state_ << 13;
    jitter_state_ ^= jitter_state_ >> 7;
    jitter_state_ ^= jitter_state_ << 17;
    int64_t bound = std::min(config_.segment_jitter_ms, config_.segment_ms);
    return bound > 0 ? int64_t(jitter_state_ % uint64_t(bound)) : 0;
}

// ---------------------------------------------------------------- append

result<append_info> log::append_as_leader(mutable_byte_span records, int32_t leader_epoch) {
    ODRADEK_TRY(check_online());
    const int64_t now = clock_.now_ms();
    append_info info;
    info.first_offset = log_end_offset();
    std::vector<batch_ref> batches;
    size_t pos = 0;
    while (pos < records.size()) {
        byte_span rest = byte_span(records).subspan(pos);
        auto frame = record::peek_batch_frame(rest);
        if (!frame) return error(errc::corrupt_message, "batch at byte " + std::to_string(pos) + ": " + frame.err().message());
        if (frame->magic != record::kMagicV2) return error(errc::unsupported_magic, "magic " + std::to_string(frame->magic));
        if (frame->size_bytes > rest.size()) return error(errc::corrupt_message, "batch at byte " + std::to_string(pos) + " is truncated");
        if (int64_t(frame->size_bytes) > config_.max_message_bytes) {
            return error(errc::record_too_large, std::to_string(frame->size_bytes) + " bytes");
        }
        byte_span whole = rest.first(frame->size_bytes);
        auto view = record::batch_view::parse(whole);
        if (!view) return error(errc::corrupt_message, view.err().message());
        record::validate_options vo;
        vo.require_contiguous = true;
        // validate() checks the CRC first (once per batch on this hot path); a
        // mismatch is CORRUPT_MESSAGE, anything else about the records INVALID_RECORD.
        if (auto st = view->validate(scratch_, vo); !st) {
            if (st.err().code == record::errc::crc_mismatch) {
                return error(errc::corrupt_message, "CRC mismatch in batch at byte " + std::to_string(pos));
            }
            return error(errc::invalid_record, st.err().message());
        }
        const auto& h = view->header();
        if (h.is_control()) return error(errc::invalid_record, "clients may not write control batches");
        if (h.records_count <= 0 || int64_t(h.last_offset_delta) + 1 != h.records_count) {
            return error(errc::invalid_record, "records_count does not match last_offset_delta");
        }
        if (h.producer_id >= 0 && h.base_sequence < 0) {
            return error(errc::invalid_record, "invalid sequence number " + std::to_string(h.base_sequence) +
                                                   " with producerId " + std::to_string(h.producer_id));
        }
        batches.push_back({pos, h});
        pos += frame->size_bytes;
    }
    if (batches.empty()) return error(errc::invalid_record, "empty record set");
    if (int64_t(records.size()) > config_.segment_bytes) {
        return error(errc::record_set_too_large, std::to_string(records.size()) + " bytes");
    }
    // Everything checked: stamp offsets, epoch and (maybe) LogAppendTime in place.
    const bool append_time = config_.message_timestamp_type == record::timestamp_type::log_append_time;
    int64_t cursor = info.first_offset;
    for (auto& b : batches) {
        mutable_byte_span whole = records.subspan(b.pos, b.h.size_bytes());
        record::stamp_base_offset(whole, cursor);
        record::stamp_partition_leader_epoch(whole, leader_epoch);
        if (append_time) {
            record::stamp_log_append_time(whole, now);
            b.h.max_timestamp = now;
        }
        b.h.base_offset = cursor;
        b.h.partition_leader_epoch = leader_epoch;
        if (b.h.max_timestamp > info.max_timestamp) {
            info.max_timestamp = b.h.max_timestamp;
            info.offset_of_max_timestamp = b.h.last_offset();
        }
        info.record_count += b.h.records_count;
        cursor = b.h.next_offset();
    }
    if (info.offset_of_max_timestamp < 0) info.offset_of_max_timestamp = batches.front().h.last_offset();
    info.last_offset = cursor - 1;
    info.batch_count = int32_t(batches.size());
    info.bytes = int64_t(records.size());
    if (append_time) info.log_append_time = now;
    if (leader_epoch >= 0) {
        if (auto st = epochs_.assign(leader_epoch, info.first_offset); !st) return go_offline(std::move(st).err());
    }
    return append_validated(records, info);
}

result<append_info> log::append_as_follower(byte_span records) {
    ODRADEK_TRY(check_online());
    append_info info;
    std::vector<batch_ref> batches;
    size_t pos = 0;
    int64_t prev_last = log_end_offset() - 1;
    while (pos < records.size()) {
        byte_span rest = records.subspan(pos);
        auto frame = record::peek_batch_frame(rest);
        if (!frame) return error(errc::corrupt_message, frame.err().message());
        if (frame->magic != record::kMagicV2) return error(errc::unsupported_magic, "magic " + std::to_string(frame->magic));
        if (frame->size_bytes > rest.size()) return error(errc::corrupt_message, "truncated batch");
        byte_span whole = rest.first(frame->size_bytes);
        auto h = record::parse_batch_header(whole);
        if (!h) return error(errc::corrupt_message, h.err().message());
        if (!record::batch_crc_valid(whole)) return error(errc::corrupt_message, "CRC mismatch");
        if (h->base_offset <= prev_last) {
            return error(errc::non_monotonic_offset, "batch base offset " + std::to_string(h->base_offset) +
                                                         " not above " + std::to_string(prev_last));
        }
        if (batches.empty()) info.first_offset = h->base_offset;
        if (h->max_timestamp > info.max_timestamp) {
            info.max_timestamp = h->max_timestamp;
            info.offset_of_max_timestamp = h->last_offset();
        }
        info.record_count += h->records_count;
        prev_last = h->last_offset();
        batches.push_back({pos, *h});
        pos += frame->size_bytes;
    }
    if (batches.empty()) return error(errc::invalid_record, "empty record set");
    if (int64_t(records.size()) > config_.segment_bytes) {
        return error(errc::record_set_too_large, std::to_string(records.size()) + " bytes");
    }
    if (info.offset_of_max_timestamp < 0) info.offset_of_max_timestamp = batches.front().h.last_offset();
    info.last_offset = prev_last;
    info.batch_count = int32_t(batches.size());
    info.bytes = int64_t(records.size());
    for (const auto& b : batches) {
        if (b.h.partition_leader_epoch < 0) continue;
        if (auto st = epochs_.assign(b.h.partition_leader_epoch, b.h.base_offset); !st) {
            return go_offline(std::move(st).err());
        }
    }
    return append_validated(records, info);
}

result<append_info> log::append_validated(byte_span records, append_info info) {
    if (auto st = maybe_roll(info.bytes, info.max_timestamp, info.first_offset, info.last_offset); !st) {
        return go_offline(std::move(st).err());
    }
    if (auto st = active_segment().append(offset(info.last_offset), info.max_timestamp,
                                          offset(info.offset_of_max_timestamp), records);
        !st) {
        return go_offline(std::move(st).err());
    }
    info.log_start_offset = log_start_offset_;
    if (log_end_offset() - recovery_point_ >= config_.flush_messages) {
        if (auto st = flush(); !st) return std::move(st).err();
    }
    return info;
}

// ---------------------------------------------------------------- rolling and flushing

status log::maybe_roll(int64_t bytes, int64_t max_timestamp, int64_t first_offset, int64_t last_offset) {
    segment& seg = active_segment();
    segment::roll_check c{config_.segment_bytes, config_.segment_ms - active_jitter_ms_, clock_.now_ms(),
                          bytes, max_timestamp, offset(last_offset)};
    if (!seg.should_roll(c)) return ok();
    return roll_at(std::max(first_offset, log_end_offset()));
}

status log::roll() {
    ODRADEK_TRY(check_online());
    if (auto st = roll_at(log_end_offset()); !st) return go_offline(std::move(st).err());
    return ok();
}

status log::roll_at(int64_t new_base) {
    const int64_t now = clock_.now_ms();
    segment& old = active_segment();
    if (old.empty()) {
        if (old.base_offset()() == new_base) return ok();
        // An empty active segment below new_base holds nothing: replace it.
        ODRADEK_TRY(old.remove_files(fs_));
        segments_.erase(old.base_offset()());
    } else {
        ODRADEK_TRY(old.on_become_inactive());
    }
    ODRADEK_TRY_ASSIGN(auto seg, segment::create(fs_, dir_, offset(new_base), seg_opts(), now));
    // Kafka flushes the rolled segments; we do it now, so the recovery point
    // can move to the new segment.
    for (auto& [b, s] : segments_) {
        if (s->next_offset()() > recovery_point_ || b >= recovery_point_) ODRADEK_TRY(s->flush());
    }
    segments_.emplace(new_base, std::move(seg));
    ODRADEK_TRY(fs_.sync_dir(dir_));
    recovery_point_ = std::max(recovery_point_, new_base);
    last_flush_ms_ = now;
    active_jitter_ms_ = roll_jitter();
    return ok();
}

status log::flush() {
    ODRADEK_TRY(check_online());
    const int64_t leo = log_end_offset();
    for (auto& [b, s] : segments_) {
        if (s->next_offset()() > recovery_point_ || s.get() == &active_segment()) {
            if (auto st = s->flush(); !st) return go_offline(std::move(st).err());
        }
    }
    recovery_point_ = leo;
    last_flush_ms_ = clock_.now_ms();
    return ok();
}

status log::maybe_flush() {
    ODRADEK_TRY(check_online());
    if (clock_.now_ms() - last_flush_ms_ >= config_.flush_ms && log_end_offset() > recovery_point_) return flush();
    return ok();
}

status log::close() {
    if (offline_) {
        segments_.clear();
        pending_deletes_.clear();
        return error(errc::log_offline, dir_);
    }
    if (auto st = active_segment().close(); !st) return go_offline(std::move(st).err());
    ODRADEK_TRY(flush());
    ODRADEK_TRY(remove_deleted_segments(true));
    return ok();
}

// ---------------------------------------------------------------- reading

result<read_result> log::read(int64_t start, int64_t max_bytes, int64_t upper_bound, bool min_one_batch) {
    ODRADEK_TRY(check_online());
    const int64_t leo = log_end_offset();
    const int64_t bound = upper_bound < 0 ? leo : std::min(upper_bound, leo);
    if (start < log_start_offset_ || start > leo) {
        return error(errc::offset_out_of_range, "offset " + std::to_string(start) + " not in [" +
                                                    std::to_string(log_start_offset_) + ", " + std::to_string(leo) + "]");
    }
    read_result out;
    if (start >= bound) return out;
    auto it = segments_.upper_bound(start);
    if (it != segments_.begin()) --it;
    int64_t cursor = start;
    int64_t remaining = max_bytes;
    for (; it != segments_.end(); ++it) {
        segment& seg = *it->second;
        if (seg.base_offset()() >= bound) break;
        std::optional<file_position> max_pos;
        if (bound < seg.next_offset()()) {
            ODRADEK_TRY_ASSIGN(auto loc, seg.translate_offset(offset(bound)));
            if (loc) max_pos = loc->position;
        }
        ODRADEK_TRY_ASSIGN(auto slice, seg.read(offset(cursor), std::max<int64_t>(remaining, 0), max_pos,
                                                min_one_batch && out.slices.empty()));
        cursor = std::max(cursor, seg.next_offset()());
        if (!slice) continue;
        const int64_t end = slice->position() + slice->size;
        const int64_t seg_end = max_pos ? (*max_pos)() : int64_t(seg.size());
        if (slice->size > 0) {
            remaining -= slice->size;
            out.bytes += slice->size;
            out.slices.push_back(std::move(*slice));
        }
        if (max_pos || end < seg_end || remaining <= 0) break;
    }
    return out;
}

result<std::optional<timestamp_lookup>> log::offset_for_timestamp(int64_t ts) {
    ODRADEK_TRY(check_online());
    using opt = std::optional<timestamp_lookup>;
    if (ts == kEarliestTimestamp || ts == kEarliestLocalTimestamp) {
        return opt(timestamp_lookup{no_timestamp, log_start_offset_, epochs_.epoch_for_offset(log_start_offset_)});
    }
    if (ts == kLatestTimestamp) {
        auto latest = epochs_.latest();
        return opt(timestamp_lookup{no_timestamp, log_end_offset(), latest ? latest->epoch : kUndefinedEpoch});
    }
    if (ts == kMaxTimestamp) {
        // Kafka 3.7: the segment with the largest max timestamp, and its
        // (batch-level) offset of that timestamp.
        const segment* best = nullptr;
        for (const auto& [b, s] : segments_) {
            if (!best || s->max_timestamp_so_far().timestamp > best->max_timestamp_so_far().timestamp) best = s.get();
        }
        auto m = best->max_timestamp_so_far();
        if (m.timestamp < 0) return opt(timestamp_lookup{no_timestamp, -1, kUndefinedEpoch});
        return opt(timestamp_lookup{m.timestamp, m.off(), epochs_.epoch_for_offset(m.off())});
    }
    if (ts < 0) return error(errc::invalid_argument, "timestamp " + std::to_string(ts));
    for (auto& [b, s] : segments_) {
        if (s->max_timestamp_so_far().timestamp < ts) continue;
        int32_t epoch = kUndefinedEpoch;
        ODRADEK_TRY_ASSIGN(auto found, s->find_offset_by_timestamp(ts, offset(log_start_offset_), &epoch));
        if (found) return opt(timestamp_lookup{found->timestamp, found->off(), epoch});
    }
    return opt();
}

// ---------------------------------------------------------------- deleting

status log::delete_segments(const std::vector<int64_t>& bases) {
    const int64_t now = clock_.now_ms();
    for (int64_t b : bases) {
        auto it = segments_.find(b);
        if (it == segments_.end()) continue;
        std::unique_ptr<segment> seg = std::move(it->second);
        segments_.erase(it);
        ODRADEK_TRY(seg->mark_deleted(fs_));
        if (config_.file_delete_delay_ms <= 0) {
            ODRADEK_TRY(seg->remove_files(fs_));
        } else {
            pending_deletes_.push_back({now + config_.file_delete_delay_ms, std::move(seg)});
        }
    }
    return ok();
}

status log::advance_log_start(int64_t new_start) {
    if (new_start <= log_start_offset_) return ok();
    log_start_offset_ = new_start;
    recovery_point_ = std::max(recovery_point_, std::min(new_start, log_end_offset()));
    return epochs_.truncate_from_start(new_start);
}

result<int64_t> log::delete_records(int64_t new_start, int64_t high_watermark) {
    ODRADEK_TRY(check_online());
    if (new_start > high_watermark || new_start > log_end_offset()) {
        return error(errc::offset_out_of_range, "cannot move log start to " + std::to_string(new_start) +
                                                    " beyond the high watermark " + std::to_string(high_watermark));
    }
    if (auto st = advance_log_start(new_start); !st) return go_offline(std::move(st).err());
    std::vector<int64_t> doomed;
    for (auto it = segments_.begin(); it != segments_.end(); ++it) {
        auto next = std::next(it);
        if (next == segments_.end() || next->first > log_start_offset_) break;
        doomed.push_back(it->first);
    }
    if (auto st = delete_segments(doomed); !st) return go_offline(std::move(st).err());
    return log_start_offset_;
}

result<int> log::delete_old_segments(int64_t high_watermark) {
    ODRADEK_TRY(check_online());
    const int64_t now = clock_.now_ms();
    int deleted = 0;
    // One pass per reason, each deleting a prefix of segments (Kafka's
    // deleteRetentionMs/Size/LogStartOffsetBreachedSegments).
    enum class reason { time, size, start };
    for (reason r : {reason::time, reason::size, reason::start}) {
        if (r != reason::start && !config_.cleanup_delete) continue;
        if (r == reason::time && config_.retention_ms < 0) continue;
        int64_t size_over = 0;
        if (r == reason::size) {
            if (config_.retention_bytes < 0 || size_bytes() < config_.retention_bytes) continue;
            size_over = size_bytes() - config_.retention_bytes;
        }
        std::vector<int64_t> doomed;
        for (auto it = segments_.begin(); it != segments_.end(); ++it) {
            segment& s = *it->second;
            auto next = std::next(it);
            const bool last = next == segments_.end();
            if (last && s.empty()) break;
            const int64_t upper = last ? log_end_offset() : next->first;
            if (high_watermark < upper) break;
            bool ok_to_delete = false;
            if (r == reason::time) {
                auto ts = s.largest_timestamp(fs_);
                if (!ts) return go_offline(std::move(ts).err());
                ok_to_delete = now - *ts > config_.retention_ms;
            } else if (r == reason::size) {
                if (size_over - int64_t(s.size()) >= 0) {
                    size_over -= int64_t(s.size());
                    ok_to_delete = true;
                }
            } else {
                ok_to_delete = !last && next->first <= log_start_offset_;
            }
            if (!ok_to_delete) break;
            doomed.push_back(it->first);
        }
        if (doomed.empty()) continue;
        if (doomed.size() == segments_.size()) {
            // Keep an active segment: roll an empty one at the log end first.
            if (auto st = roll_at(log_end_offset()); !st) return go_offline(std::move(st).err());
        }
        if (auto st = delete_segments(doomed); !st) return go_offline(std::move(st).err());
        deleted += int(doomed.size());
        if (auto st = advance_log_start(segments_.begin()->first); !st) return go_offline(std::move(st).err());
    }
    return deleted;
}

status log::remove_deleted_segments(bool force) {
    const int64_t now = clock_.now_ms();
    std::vector<pending_delete> keep;
    status result_status;
    for (auto& p : pending_deletes_) {
        if (force || p.due_ms <= now) {
            auto st = p.seg->remove_files(fs_);
            if (!st && result_status) result_status = std::move(st);
        } else {
            keep.push_back(std::move(p));
        }
    }
    pending_deletes_ = std::move(keep);
    return result_status;
}

// ---------------------------------------------------------------- truncation

status log::truncate_to(int64_t target) {
    ODRADEK_TRY(check_online());
    if (target < 0) return error(errc::invalid_argument, "negative truncation offset");
    if (target >= log_end_offset()) return ok();
    if (segments_.begin()->first > target) return truncate_fully_and_start_at(target);
    std::vector<int64_t> doomed;
    for (auto it = segments_.upper_bound(target); it != segments_.end(); ++it) doomed.push_back(it->first);
    if (auto st = delete_segments(doomed); !st) return go_offline(std::move(st).err());
    auto cut = active_segment().truncate_to(offset(target), clock_.now_ms());
    if (!cut) return go_offline(std::move(cut).err());
    if (auto st = epochs_.truncate_from_end(log_end_offset()); !st) return go_offline(std::move(st).err());
    log_start_offset_ = std::min(log_start_offset_, log_end_offset());
    recovery_point_ = std::min(recovery_point_, log_end_offset());
    active_jitter_ms_ = roll_jitter();
    return ok();
}

status log::truncate_fully_and_start_at(int64_t start) {
    ODRADEK_TRY(check_online());
    if (start < 0) return error(errc::invalid_argument, "negative start offset");
    std::vector<int64_t> doomed;
    for (const auto& [b, s] : segments_) doomed.push_back(b);
    // Move the old files out of the way before creating the new segment,
    // which may have the same base offset.
    auto st = delete_segments(doomed);
    if (st) {
        auto seg = segment::create(fs_, dir_, offset(start), seg_opts(), clock_.now_ms());
        if (!seg) return go_offline(std::move(seg).err());
        segments_.emplace(start, std::move(*seg));
        st = fs_.sync_dir(dir_);
    }
    if (st) st = epochs_.clear();
    if (!st) return go_offline(std::move(st).err());
    log_start_offset_ = start;
    recovery_point_ = start;
    active_jitter_ms_ = roll_jitter();
    return ok();
}

}  // namespace odradek::storage
