#include "broker/partition.h"

#include <algorithm>

#include "base/uuid_text.h"
#include "broker/errc.h"
#include "broker/partition_metadata.h"
#include "record/batch_header.h"
#include "storage/errc.h"
#include "storage/segment.h"

namespace odradek::broker {

namespace {

using protocol::error_code;

// Errors after which Kafka reports log_start_offset -1 (ReplicaManager's
// "known exceptions" in appendToLocalLog); every other error carries the
// log start offset.
bool hides_log_start_offset(error_code c) {
    return c == error_code::unknown_topic_or_partition || c == error_code::not_leader_or_follower ||
           c == error_code::message_too_large || c == error_code::record_list_too_large ||
           c == error_code::corrupt_message || c == error_code::kafka_storage_error;
}

std::string set_string(const std::vector<int32_t>& ids) {
    std::string s = "Set(";
    for (size_t i = 0; i < ids.size(); ++i) s += (i ? ", " : "") + std::to_string(ids[i]);
    return s + ")";
}

}  // namespace

partition::partition(topic_partition tp, int32_t local_broker_id, std::shared_ptr<hosted_log> log,
                     storage::file_system& fs, const storage::clock& clk)
    : tp_(std::move(tp)), name_(tp_.topic + "-" + std::to_string(tp_.partition)), local_broker_id_(local_broker_id),
      log_(std::move(log)), fs_(fs), clock_(clk), producers_(name_) {
    state_.leader_epoch = -1;  // Kafka's LeaderAndIsr.InitialLeaderEpoch - 1
}

// ---------------------------------------------------------------- state changes

status partition::make_leader(const partition_state& st, const topic_settings& settings) {
    return become(st, settings);
}

status partition::make_follower(const partition_state& st, const topic_settings& settings) {
    return become(st, settings);
}

status partition::become(const partition_state& st, const topic_settings& settings) {
    std::lock_guard lk(log_->mu);
    storage::log* l = log_->log;
    if (!l) return error(storage::errc::log_offline, "no log for " + name_);
    if (!st.topic_id.is_zero()) {
        ODRADEK_TRY_ASSIGN(auto on_disk, read_partition_metadata(fs_, l->dir()));
        if (on_disk && *on_disk != st.topic_id) {
            return error(errc::inconsistent_topic_id, "Tried to assign topic ID " + uuid_to_base64(st.topic_id.bytes) +
                                                          " to log for topic partition " + name_ +
                                                          ",but log already contained topic ID " +
                                                          uuid_to_base64(on_disk->bytes));
        }
        if (!on_disk) ODRADEK_TRY(write_partition_metadata(fs_, l->dir(), st.topic_id));
    }
    const bool new_epoch = st.leader_epoch > state_.leader_epoch;
    state_ = st;
    settings_ = settings;
    l->set_config(settings.log);
    if (!producers_loaded_) {
        ODRADEK_TRY(producers_.rebuild_from_log(*l));
        producers_loaded_ = true;
    }
    if (state_.leader == local_broker_id_) {
        const bool starts_epoch = new_epoch || !leader_epoch_start_offset_;
        if (starts_epoch) {
            const int64_t start = l->log_end_offset();
            ODRADEK_TRY(l->epochs().assign(state_.leader_epoch, start));
            leader_epoch_start_offset_ = start;
        }
        // Followers' positions are unknown in a new epoch; an assignment
        // change within an epoch keeps those of the replicas that stay.
        std::map<int32_t, int64_t> followers;
        for (int32_t r : state_.replicas) {
            if (r == local_broker_id_) continue;
            auto it = follower_leo_.find(r);
            followers[r] = starts_epoch || it == follower_leo_.end() ? -1 : it->second;
        }
        follower_leo_ = std::move(followers);
        // ISR members count as caught up when leadership starts (Kafka resets
        // lastCaughtUpTime to now for them); others must catch up first.
        if (starts_epoch) {
            catch_up_.clear();
            const int64_t now = clock_.now_ms();
            for (int32_t r : state_.isr)
                if (r != local_broker_id_) catch_up_[r] = {now, -1, now};
        }
    } else {
        leader_epoch_start_offset_.reset();
        follower_leo_.clear();
        catch_up_.clear();
    }
    log_->high_watermark = std::max(log_->high_watermark, l->log_start_offset());
    maybe_increment_high_watermark();
    return ok();
}

void partition::update_settings(const topic_settings& settings) {
    std::lock_guard lk(log_->mu);
    settings_ = settings;
    if (log_->log) log_->log->set_config(settings.log);
}

// ---------------------------------------------------------------- accessors

bool partition::is_leader() const {
    std::lock_guard lk(log_->mu);
    return state_.leader == local_broker_id_;
}

int32_t partition::leader_id() const {
    std::lock_guard lk(log_->mu);
    return state_.leader;
}

int32_t partition::leader_epoch() const {
    std::lock_guard lk(log_->mu);
    return state_.leader_epoch;
}

protocol::uuid partition::topic_id() const {
    std::lock_guard lk(log_->mu);
    return state_.topic_id;
}

partition_state partition::state() const {
    std::lock_guard lk(log_->mu);
    return state_;
}

topic_settings partition::settings() const {
    std::lock_guard lk(log_->mu);
    return settings_;
}

int64_t partition::high_watermark() const {
    std::lock_guard lk(log_->mu);
    return log_->high_watermark;
}

int64_t partition::log_start_offset() const {
    std::lock_guard lk(log_->mu);
    return log_->log ? log_->log->log_start_offset() : -1;
}

int64_t partition::log_end_offset() const {
    std::lock_guard lk(log_->mu);
    return log_->log ? log_->log->log_end_offset() : -1;
}

size_t partition::producer_count() const {
    std::lock_guard lk(log_->mu);
    return producers_.producer_count();
}

kafka_error partition::check_leader_epoch(std::optional<int32_t> current) const {
    if (!current) return {};
    if (state_.leader_epoch > *current) return kafka_error(error_code::fenced_leader_epoch);
    if (state_.leader_epoch < *current) return kafka_error(error_code::unknown_leader_epoch);
    return {};
}

kafka_error partition::check_local_log(std::optional<int32_t> current_leader_epoch, bool require_leader) const {
    if (auto e = check_leader_epoch(current_leader_epoch); !e.ok()) return e;
    if ((require_leader && state_.leader != local_broker_id_) || !log_->log) {
        return kafka_error(error_code::not_leader_or_follower,
                           "Leader not local for partition " + name_ + " on broker " + std::to_string(local_broker_id_));
    }
    if (log_->log->offline()) return kafka_error(error_code::kafka_storage_error, "log of " + name_ + " is offline");
    return {};
}

int32_t partition::effective_min_isr() const {
    // Partition.effectiveMinIsr: never more than the replicas there are.
    const int32_t replicas = int32_t(follower_leo_.size()) + 1;
    return std::min(settings_.min_insync_replicas, replicas);
}

bool partition::maybe_increment_high_watermark() {
    storage::log* l = log_->log;
    if (state_.leader != local_broker_id_ || !l) return false;
    int64_t hw = l->log_end_offset();
    for (int32_t r : state_.isr) {
        if (r == local_broker_id_) continue;
        auto it = follower_leo_.find(r);
        hw = std::min(hw, it == follower_leo_.end() ? int64_t(-1) : it->second);
    }
    if (hw <= log_->high_watermark) return false;
    log_->high_watermark = hw;
    return true;
}

void partition::update_follower_fetch_state(int32_t replica_id, int64_t log_end_offset) {
    std::lock_guard lk(log_->mu);
    auto it = follower_leo_.find(replica_id);
    if (it == follower_leo_.end()) return;
    it->second = log_end_offset;
    maybe_increment_high_watermark();
}

std::optional<partition_state> partition::wanted_isr_change(int64_t lag_ms,
                                                             const std::function<bool(int32_t)>& alive) const {
    std::lock_guard lk(log_->mu);
    if (state_.leader != local_broker_id_ || !log_->log) return std::nullopt;
    const int64_t now = clock_.now_ms();
    std::vector<int32_t> isr;
    for (int32_t r : state_.isr) {
        if (r == local_broker_id_) {
            isr.push_back(r);
            continue;
        }
        auto c = catch_up_.find(r);
        if (c != catch_up_.end() && now - c->second.caught_up_ms <= lag_ms) isr.push_back(r);
    }
    for (int32_t r : state_.replicas) {
        if (r == local_broker_id_ || std::find(isr.begin(), isr.end(), r) != isr.end()) continue;
        if (std::find(state_.isr.begin(), state_.isr.end(), r) != state_.isr.end()) continue;  // just shrunk
        auto leo = follower_leo_.find(r);
        if (leo == follower_leo_.end() || leo->second < 0 || !alive(r)) continue;
        // isFollowerInSync: at the high watermark and in this leader epoch.
        if (leo->second >= log_->high_watermark && leader_epoch_start_offset_ &&
            leo->second >= *leader_epoch_start_offset_)
            isr.push_back(r);
    }
    if (isr == state_.isr) return std::nullopt;
    partition_state next = state_;
    next.isr = std::move(isr);
    return next;
}

bool partition::isr_updated(const std::vector<int32_t>& isr, int32_t partition_epoch) {
    std::lock_guard lk(log_->mu);
    state_.isr = isr;
    state_.partition_epoch = partition_epoch;
    const int64_t now = clock_.now_ms();
    for (int32_t r : isr)
        if (r != local_broker_id_ && !catch_up_.count(r)) catch_up_[r] = {now, -1, now};
    return maybe_increment_high_watermark();
}

std::optional<protocol::error_code> partition::replication_outcome(int64_t required_offset) const {
    std::lock_guard lk(log_->mu);
    if (state_.leader != local_broker_id_ || !log_->log) return error_code::not_leader_or_follower;
    if (log_->high_watermark < required_offset) return std::nullopt;
    if (int32_t(state_.isr.size()) < effective_min_isr()) return error_code::not_enough_replicas_after_append;
    return error_code::none;
}

partition::fetch_position partition::follower_fetch_position() const {
    std::lock_guard lk(log_->mu);
    fetch_position out;
    out.leader = state_.leader;
    out.leader_epoch = state_.leader_epoch;
    storage::log* l = log_->log;
    if (!l || state_.leader == local_broker_id_) return out;
    out.log_end_offset = l->log_end_offset();
    if (auto e = l->epochs().latest()) out.last_fetched_epoch = e->epoch;
    return out;
}

namespace {

// Our high watermark as a follower: the leader's, but never past what we hold.
void set_follower_high_watermark(hosted_log& h, int64_t leader_hw) {
    if (!h.log) return;
    h.high_watermark = std::max<int64_t>(0, std::min(leader_hw, h.log->log_end_offset()));
}

}  // namespace

status partition::append_records_as_follower(byte_span records, int64_t leader_high_watermark,
                                             int64_t leader_log_start_offset) {
    std::lock_guard lk(log_->mu);
    storage::log* l = log_->log;
    if (!l) return error(storage::errc::log_offline, "no log for " + name_);
    if (state_.leader == local_broker_id_)
        return error(errc::invalid_argument, name_ + " is led by this broker; it appends as leader");
    // Leader epochs first: each batch opening a newer epoch starts it. The
    // idempotent producers' batches are noted for the producer state.
    std::vector<producer_batch> producer_batches;
    for (size_t pos = 0; pos + record::kLogOverhead <= records.size();) {
        auto h = record::parse_batch_header(records.subspan(pos));
        if (!h) break;  // the log's own validation reports it
        auto latest = l->epochs().latest();
        if (h->partition_leader_epoch >= 0 && (!latest || h->partition_leader_epoch > latest->epoch))
            ODRADEK_TRY(l->epochs().assign(h->partition_leader_epoch, h->base_offset));
        if (h->producer_id > record::kNoProducerId) producer_batches.push_back(producer_batch::from_header(*h));
        pos += h->size_bytes();
    }
    ODRADEK_TRY_ASSIGN(auto info, l->append_as_follower(records));
    (void)info;
    // As a leader would have (no checks: the leader made them), so this
    // replica can lead with the producers' sequences.
    for (const auto& b : producer_batches) producers_.update(b);
    if (leader_log_start_offset > l->log_start_offset() && leader_log_start_offset <= l->log_end_offset())
        ODRADEK_TRY(l->delete_records(leader_log_start_offset, l->log_end_offset()));
    set_follower_high_watermark(*log_, leader_high_watermark);
    return ok();
}

void partition::update_follower_high_watermark(int64_t leader_high_watermark, int64_t leader_log_start_offset) {
    std::lock_guard lk(log_->mu);
    storage::log* l = log_->log;
    if (!l || state_.leader == local_broker_id_) return;
    if (leader_log_start_offset > l->log_start_offset() && leader_log_start_offset <= l->log_end_offset())
        (void)l->delete_records(leader_log_start_offset, l->log_end_offset());
    set_follower_high_watermark(*log_, leader_high_watermark);
}

result<int64_t> partition::truncate_to_diverging_epoch(int32_t epoch, int64_t end_offset) {
    std::lock_guard lk(log_->mu);
    storage::log* l = log_->log;
    if (!l) return error(storage::errc::log_offline, "no log for " + name_);
    storage::epoch_entry ours = l->end_offset_for_epoch(epoch);
    int64_t target = std::min(end_offset, l->log_end_offset());
    if (ours.epoch != storage::kUndefinedEpoch && ours.start_offset != storage::kUndefinedEpochOffset)
        target = std::min(target, ours.start_offset);  // end offset of our copy of that epoch
    target = std::max<int64_t>(target, 0);
    ODRADEK_TRY(l->truncate_to(target));
    ODRADEK_TRY(producers_.rebuild_from_log(*l));
    log_->high_watermark = std::min(log_->high_watermark, l->log_end_offset());
    return l->log_end_offset();
}

status partition::truncate_fully_and_start_at(int64_t offset) {
    std::lock_guard lk(log_->mu);
    storage::log* l = log_->log;
    if (!l) return error(storage::errc::log_offline, "no log for " + name_);
    ODRADEK_TRY(l->truncate_fully_and_start_at(offset));
    ODRADEK_TRY(producers_.rebuild_from_log(*l));
    log_->high_watermark = offset;
    return ok();
}

void partition::remove_expired_producers(int64_t now_ms, int64_t expiration_ms) {
    std::lock_guard lk(log_->mu);
    producers_.remove_expired(now_ms, expiration_ms);
}

// ---------------------------------------------------------------- produce

append_result partition::append_records_as_leader(mutable_byte_span records, int16_t required_acks) {
    std::lock_guard lk(log_->mu);
    append_result out;
    auto fail = [&](kafka_error e) {
        if (!hides_log_start_offset(e.code) && log_->log) out.log_start_offset = log_->log->log_start_offset();
        out.error = std::move(e);
        return out;
    };
    if (auto e = check_local_log(std::nullopt, true); !e.ok()) return fail(std::move(e));
    storage::log& l = *log_->log;
    if (required_acks == -1) {
        const int32_t min_isr = effective_min_isr();
        if (int32_t(state_.isr.size()) < min_isr) {
            return fail(kafka_error(error_code::not_enough_replicas,
                                    "The size of the current ISR " + set_string(state_.isr) +
                                        " is insufficient to satisfy the min.isr requirement of " +
                                        std::to_string(min_isr) + " for partition " + name_));
        }
    }
    validated_batch batch;
    auto v = validate_client_records(records, settings_, clock_.now_ms(), name_, batch, scratch_);
    if (!v.ok()) {
        out.record_errors = std::move(v.record_errors);
        return fail(std::move(v.error));
    }
    const record::batch_header& h = batch.header;
    if (h.is_transactional()) {
        return fail(kafka_error(error_code::invalid_txn_state, "Record was not part of an ongoing transaction"));
    }
    std::optional<producer_batch> pb;
    if (h.producer_id > record::kNoProducerId) {
        pb = producer_batch::from_header(h);
        pb->base_offset = l.log_end_offset();
        producer_check c = producers_.check_client_batch(*pb);
        if (c.what == producer_check::outcome::duplicate) {
            out.duplicate = true;
            out.base_offset = c.duplicate.first_offset();
            out.last_offset = c.duplicate.last_offset;
            out.log_append_time = c.duplicate.timestamp;
            out.log_start_offset = l.log_start_offset();
            return out;
        }
        if (c.what == producer_check::outcome::reject) return fail(std::move(c.error));
    }
    auto info = l.append_as_leader(batch.bytes, state_.leader_epoch);
    if (!info) return fail(to_kafka_error(info.err()));
    if (pb) {
        pb->base_offset = info->first_offset;
        pb->max_timestamp = info->max_timestamp;
        producers_.update(*pb);
    }
    maybe_increment_high_watermark();
    out.base_offset = info->first_offset;
    out.last_offset = info->last_offset;
    out.log_append_time = info->log_append_time;
    out.log_start_offset = info->log_start_offset;
    return out;
}

// ---------------------------------------------------------------- fetch

read_result partition::read(const read_options& o) {
    std::lock_guard lk(log_->mu);
    read_result out;
    if (auto e = check_local_log(o.current_leader_epoch, o.fetch_only_leader); !e.ok()) {
        out.error = std::move(e);
        return out;
    }
    storage::log& l = *log_->log;
    out.high_watermark = log_->high_watermark;
    out.last_stable_offset = log_->high_watermark;  // no transactions: LSO = HW
    out.log_start_offset = l.log_start_offset();
    out.log_end_offset = l.log_end_offset();

    if (o.last_fetched_epoch) {
        // Partition.readRecords: the fetcher's last epoch must end where it thinks.
        storage::epoch_entry end = l.end_offset_for_epoch(*o.last_fetched_epoch);
        if (end.start_offset == storage::kUndefinedEpochOffset || end.epoch == storage::kUndefinedEpoch) {
            out.error = kafka_error(error_code::offset_out_of_range,
                                    "Could not determine the end offset of the last fetched epoch " +
                                        std::to_string(*o.last_fetched_epoch) + " from the request");
            return out;
        }
        if (o.fetch_offset < out.log_start_offset) {
            out.error = kafka_error(error_code::offset_out_of_range);
            return out;
        }
        if (end.epoch < *o.last_fetched_epoch || end.start_offset < o.fetch_offset) {
            out.diverging_epoch = end;  // {epoch, end offset}
            return out;
        }
    }

    const int64_t upper = o.isolation == fetch_isolation::log_end ? -1 : out.high_watermark;
    auto r = l.read(o.fetch_offset, o.max_bytes, upper, o.min_one_message);
    if (!r) {
        out.error = to_kafka_error(r.err());
        if (out.error.code == error_code::offset_out_of_range) {
            out.error.message = "Received request for offset " + std::to_string(o.fetch_offset) + " for partition " +
                                name_ + ", but we only have log segments in the range " +
                                std::to_string(out.log_start_offset) + " to " + std::to_string(out.log_end_offset) +
                                ".";
        }
        return out;
    }
    out.slices = std::move(r->slices);
    out.bytes = r->bytes;
    if (o.replica_id >= 0) {
        if (auto it = follower_leo_.find(o.replica_id); it != follower_leo_.end()) {
            it->second = o.fetch_offset;
            // Replica.updateFetchState: caught up when the fetch reached the
            // log end, or the log end the previous fetch saw.
            const int64_t now = clock_.now_ms();
            catch_up& c = catch_up_[o.replica_id];
            if (o.fetch_offset >= out.log_end_offset)
                c.caught_up_ms = std::max(c.caught_up_ms, now);
            else if (c.last_fetch_leader_leo >= 0 && o.fetch_offset >= c.last_fetch_leader_leo)
                c.caught_up_ms = std::max(c.caught_up_ms, c.last_fetch_ms);
            c.last_fetch_leader_leo = out.log_end_offset;
            c.last_fetch_ms = now;
            // The follower learns the high watermark its own fetch moved.
            if (maybe_increment_high_watermark()) out.high_watermark = out.last_stable_offset = log_->high_watermark;
        }
    }
    return out;
}

// ---------------------------------------------------------------- list offsets

offset_lookup_result partition::fetch_offset_for_timestamp(int64_t timestamp,
                                                           std::optional<isolation_level> isolation,
                                                           std::optional<int32_t> current_leader_epoch,
                                                           bool fetch_only_leader) {
    std::lock_guard lk(log_->mu);
    offset_lookup_result out;
    if (auto e = check_local_log(current_leader_epoch, fetch_only_leader); !e.ok()) {
        out.error = std::move(e);
        return out;
    }
    storage::log& l = *log_->log;
    const int64_t hw = log_->high_watermark;
    const int64_t last_fetchable = isolation ? hw : l.log_end_offset();  // LSO = HW
    kafka_error not_available;
    if (leader_epoch_start_offset_ && isolation && *leader_epoch_start_offset_ > hw) {
        not_available = kafka_error(error_code::offset_not_available,
                                    "Failed to fetch offsets for partition " + name_ + " with leader epoch " +
                                        std::to_string(state_.leader_epoch) + " as this partition's high watermark (" +
                                        std::to_string(hw) +
                                        ") is lagging behind the start offset from the beginning of this epoch (" +
                                        std::to_string(*leader_epoch_start_offset_) + ").");
    }
    if (timestamp == storage::kLatestTimestamp) {
        if (!not_available.ok()) {
            out.error = std::move(not_available);
        } else {
            out.found = storage::timestamp_lookup{no_timestamp, last_fetchable, state_.leader_epoch};
        }
        return out;
    }
    // Other negative values are not special: Kafka searches with them, which
    // finds the first record; so does a search for 0 here, records without a
    // timestamp aside.
    const bool special = timestamp == storage::kEarliestTimestamp || timestamp == storage::kEarliestLocalTimestamp ||
                         timestamp == storage::kMaxTimestamp;
    auto r = l.offset_for_timestamp(special || timestamp >= 0 ? timestamp : 0);
    if (!r) {
        out.error = to_kafka_error(r.err());
        return out;
    }
    std::optional<storage::timestamp_lookup> found = *r;
    if (timestamp == storage::kEarliestTimestamp || timestamp == storage::kEarliestLocalTimestamp) {
        out.found = found;
        return out;
    }
    if (timestamp == storage::kMaxTimestamp && found) {
        auto latest = l.epochs().latest();
        found->leader_epoch = latest ? latest->epoch : storage::kUndefinedEpoch;
    }
    if (found && found->offset >= 0 && found->offset < last_fetchable) {
        out.found = found;
    } else if (!not_available.ok()) {
        out.error = std::move(not_available);
    }
    return out;
}

legacy_offsets_result partition::legacy_fetch_offsets_before(int64_t timestamp, int32_t max_num_offsets,
                                                             bool from_consumer, bool fetch_only_leader) {
    std::lock_guard lk(log_->mu);
    legacy_offsets_result out;
    if (auto e = check_local_log(std::nullopt, fetch_only_leader); !e.ok()) {
        out.error = std::move(e);
        return out;
    }
    storage::log& l = *log_->log;
    std::vector<std::pair<int64_t, int64_t>> offset_time;  // (offset, mtime)
    const auto segs = l.segments();
    for (const storage::segment* s : segs) {
        auto mtime = fs_.modified_ms(s->log_path());
        if (!mtime) {
            out.error = to_kafka_error(mtime.err());
            return out;
        }
        offset_time.emplace_back(std::max(s->base_offset()(), l.log_start_offset()), *mtime);
    }
    if (!segs.empty() && segs.back()->size() > 0) offset_time.emplace_back(l.log_end_offset(), clock_.now_ms());

    int64_t start = -1;
    if (timestamp == storage::kLatestTimestamp) {
        start = int64_t(offset_time.size()) - 1;
    } else if (timestamp == storage::kEarliestTimestamp || timestamp == storage::kEarliestLocalTimestamp) {
        start = 0;
    } else {
        start = int64_t(offset_time.size()) - 1;
        while (start >= 0 && offset_time[size_t(start)].second > timestamp) --start;
    }
    const int64_t n = std::min<int64_t>(max_num_offsets, start + 1);
    for (int64_t j = 0; j < n; ++j) out.offsets.push_back(offset_time[size_t(start - j)].first);
    std::sort(out.offsets.begin(), out.offsets.end(), std::greater<>());
    if (from_consumer) {
        const int64_t hw = log_->high_watermark;
        if (std::any_of(out.offsets.begin(), out.offsets.end(), [&](int64_t o) { return o > hw; })) {
            // hw +: offsets.dropWhile(_ > hw)
            std::vector<int64_t> kept{hw};
            for (int64_t o : out.offsets)
                if (o <= hw) kept.push_back(o);
            out.offsets = std::move(kept);
        }
    }
    return out;
}

// ---------------------------------------------------------------- delete records, epochs

delete_records_result partition::delete_records_on_leader(int64_t offset) {
    std::lock_guard lk(log_->mu);
    delete_records_result out;
    if (auto e = check_local_log(std::nullopt, true); !e.ok()) {
        out.error = std::move(e);
        return out;
    }
    storage::log& l = *log_->log;
    if (!settings_.log.cleanup_delete) {
        out.error = kafka_error(error_code::policy_violation,
                                "Records of partition " + name_ + " can not be deleted due to the configured policy");
        return out;
    }
    const int64_t hw = log_->high_watermark;
    const int64_t target = offset == -1 ? hw : offset;
    if (target < 0) {
        out.error = kafka_error(error_code::offset_out_of_range,
                                "The offset " + std::to_string(target) + " for partition " + name_ + " is not valid");
        return out;
    }
    if (target > hw) {
        out.error = kafka_error(error_code::offset_out_of_range,
                                "Cannot increment the log start offset to " + std::to_string(target) +
                                    " of partition " + name_ + " since it is larger than the high watermark " +
                                    std::to_string(hw));
        return out;
    }
    auto r = l.delete_records(target, hw);
    if (!r) {
        out.error = to_kafka_error(r.err());
        return out;
    }
    out.low_watermark = *r;  // one replica: the low watermark is its log start
    return out;
}

epoch_end_offset_result partition::last_offset_for_leader_epoch(std::optional<int32_t> current_leader_epoch,
                                                                int32_t epoch, bool fetch_only_leader) {
    std::lock_guard lk(log_->mu);
    epoch_end_offset_result out;
    if (auto e = check_local_log(current_leader_epoch, fetch_only_leader); !e.ok()) {
        out.error = std::move(e);
        return out;
    }
    storage::epoch_entry end = log_->log->end_offset_for_epoch(epoch);
    if (end.start_offset != storage::kUndefinedEpochOffset) {
        out.leader_epoch = end.epoch;
        out.end_offset = end.start_offset;
    }
    return out;
}

}  // namespace odradek::broker
