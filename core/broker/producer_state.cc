#include "broker/producer_state.h"

#include <limits>
#include <vector>

#include "storage/segment.h"

namespace odradek::broker {

namespace {
constexpr int32_t kIntMax = std::numeric_limits<int32_t>::max();

bool in_sequence(int32_t last_seq, int32_t next_seq) {
    return int64_t(next_seq) == int64_t(last_seq) + 1 || (next_seq == 0 && last_seq == kIntMax);
}

void add_batch(producer_entry& e, int16_t epoch, const batch_metadata& m) {
    if (e.producer_epoch != epoch) {
        e.batches.clear();
        e.producer_epoch = epoch;
    }
    if (e.batches.size() == size_t(kNumBatchesToRetain)) e.batches.pop_front();
    e.batches.push_back(m);
    e.last_timestamp = m.timestamp;
}
}  // namespace

int32_t increment_sequence(int32_t seq, int32_t increment) noexcept {
    if (seq > kIntMax - increment) return increment - (kIntMax - seq) - 1;
    return seq + increment;
}

int32_t decrement_sequence(int32_t seq, int32_t decrement) noexcept {
    if (seq < decrement) return kIntMax - (decrement - seq) + 1;
    return seq - decrement;
}

producer_batch producer_batch::from_header(const record::batch_header& h) {
    producer_batch b;
    b.producer_id = h.producer_id;
    b.producer_epoch = h.producer_epoch;
    b.base_sequence = h.base_sequence;
    b.last_offset_delta = h.last_offset_delta;
    b.base_offset = h.base_offset;
    b.max_timestamp = h.max_timestamp;
    b.control = h.is_control();
    return b;
}

const producer_entry* producer_state_manager::entry(int64_t producer_id) const {
    auto it = producers_.find(producer_id);
    return it == producers_.end() ? nullptr : &it->second;
}

producer_check producer_state_manager::check_client_batch(const producer_batch& b) const {
    using protocol::error_code;
    producer_check out;
    const producer_entry* cur = entry(b.producer_id);
    const int32_t first_seq = b.base_sequence;
    const int32_t last_seq = b.last_sequence();
    if (cur && cur->producer_epoch == b.producer_epoch) {
        for (const auto& m : cur->batches) {
            if (m.first_seq() == first_seq && m.last_seq == last_seq) {
                out.what = producer_check::outcome::duplicate;
                out.duplicate = m;
                return out;
            }
        }
    }
    const int16_t cur_epoch = cur ? cur->producer_epoch : record::kNoProducerEpoch;
    const std::string pid = std::to_string(b.producer_id);
    const std::string off = std::to_string(b.base_offset);
    auto reject = [&](error_code c, std::string msg) {
        out.what = producer_check::outcome::reject;
        out.error = kafka_error(c, std::move(msg));
        return out;
    };
    if (b.producer_epoch < cur_epoch) {
        return reject(error_code::invalid_producer_epoch,
                      "Epoch of producer " + pid + " at offset " + off + " in " + name_ + " is " +
                          std::to_string(b.producer_epoch) + ", which is smaller than the last seen epoch " +
                          std::to_string(cur_epoch));
    }
    if (b.producer_epoch != cur_epoch) {
        if (first_seq != 0 && cur_epoch != record::kNoProducerEpoch) {
            // Kafka's text, missing space included.
            return reject(error_code::out_of_order_sequence_number,
                          "Invalid sequence number for new epoch of producer " + pid + "at offset " + off +
                              " in partition " + name_ + ": " + std::to_string(b.producer_epoch) +
                              " (request epoch), " + std::to_string(first_seq) + " (seq. number), " +
                              std::to_string(cur_epoch) + " (current producer epoch)");
        }
    } else {
        // No known epoch (a new producer, or all its batches are gone): any
        // sequence is accepted.
        const int32_t current_last_seq = cur ? cur->last_seq() : record::kNoSequence;
        if (cur_epoch != record::kNoProducerEpoch && !in_sequence(current_last_seq, first_seq)) {
            return reject(error_code::out_of_order_sequence_number,
                          "Out of order sequence number for producer " + pid + " at offset " + off +
                              " in partition " + name_ + ": " + std::to_string(first_seq) +
                              " (incoming seq. number), " + std::to_string(current_last_seq) +
                              " (current end sequence number)");
        }
    }
    return out;
}

void producer_state_manager::update(const producer_batch& b) {
    if (b.producer_id < 0) return;
    auto [it, inserted] = producers_.try_emplace(b.producer_id);
    producer_entry& e = it->second;
    if (inserted) e.producer_id = b.producer_id;
    if (b.control) {
        // A transaction marker: the epoch moves, the batches stay.
        if (e.producer_epoch != b.producer_epoch) {
            e.batches.clear();
            e.producer_epoch = b.producer_epoch;
        }
        e.last_timestamp = b.max_timestamp;
        return;
    }
    add_batch(e, b.producer_epoch,
              batch_metadata{b.last_sequence(), b.last_offset(), b.last_offset_delta, b.max_timestamp});
}

void producer_state_manager::remove_expired(int64_t now_ms, int64_t expiration_ms) {
    for (auto it = producers_.begin(); it != producers_.end();) {
        if (now_ms - it->second.last_timestamp >= expiration_ms) {
            it = producers_.erase(it);
        } else {
            ++it;
        }
    }
}

status producer_state_manager::rebuild_from_log(const storage::log& log) {
    producers_.clear();
    const auto segs = log.segments();
    size_t first = segs.size();
    int64_t budget = kProducerStateScanBytes;
    while (first > 0) {
        const int64_t size = int64_t(segs[first - 1]->size());
        if (first < segs.size() && size > budget) break;
        budget -= size;
        --first;
    }
    const int64_t start = log.log_start_offset();
    for (size_t i = first; i < segs.size(); ++i) {
        auto f = segs[i]->log_file();
        auto walked = storage::for_each_batch(*f, [&](const record::batch_header& h, uint64_t) {
            if (h.producer_id >= 0 && h.last_offset() >= start) update(producer_batch::from_header(h));
            return true;
        });
        if (!walked) return std::move(walked).err();
    }
    return ok();
}

}  // namespace odradek::broker
