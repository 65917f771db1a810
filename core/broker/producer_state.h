#pragma once
// producer_state: what a partition remembers of each idempotent producer
// (Kafka's ProducerStateManager, ProducerStateEntry and ProducerAppendInfo),
// so that a retried batch is answered with its original offsets instead of
// being written twice, and a gap or a zombie is refused.
//
// Per producer id: its epoch and the metadata of its last 5 batches
// (sequence range, offsets, max timestamp). For a batch from a client, in
// this order:
//   1. duplicate: same epoch and the exact sequence range of a retained batch
//      -> the original batch's offsets are returned, nothing is written;
//   2. epoch older than the producer's -> INVALID_PRODUCER_EPOCH;
//   3. a new epoch must start at sequence 0 (unless the producer was unknown)
//      -> OUT_OF_ORDER_SEQUENCE_NUMBER otherwise;
//   4. same epoch: the first sequence must follow the last one (wrapping
//      from INT32_MAX to 0) -> OUT_OF_ORDER_SEQUENCE_NUMBER otherwise. A
//      producer whose entry is gone (never seen, expired) may start anywhere.
// Kafka 3.7 never answers DUPLICATE_SEQUENCE_NUMBER: a retained duplicate is
// a success with the original offsets, an older one is out of order.
//
// Rebuilding: on open the state is rebuilt by scanning batch headers of the
// log's tail (rebuild_from_log; bounded, see there). Kafka's .snapshot files
// are not written or read; transactions (markers, ongoing-transaction
// tracking, the last stable offset) are out of scope: control batches found in
// a log only update the producer's epoch.
//
// Threading: none; the owning partition's mutex guards it.

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>

#include "base/result.h"
#include "broker/kafka_error.h"
#include "record/batch_header.h"
#include "storage/log.h"

namespace odradek::broker {

inline constexpr int kNumBatchesToRetain = 5;
// Batches of the log's tail rebuild_from_log scans at most (by bytes).
inline constexpr int64_t kProducerStateScanBytes = 256LL * 1024 * 1024;

// Sequence arithmetic with Kafka's wrap at INT32_MAX.
int32_t increment_sequence(int32_t seq, int32_t increment) noexcept;
int32_t decrement_sequence(int32_t seq, int32_t decrement) noexcept;

// Kafka's BatchMetadata.
struct batch_metadata {
    int32_t last_seq = record::kNoSequence;
    int64_t last_offset = -1;
    int32_t offset_delta = 0;
    int64_t timestamp = no_timestamp;  // the batch's max timestamp

    int32_t first_seq() const noexcept { return decrement_sequence(last_seq, offset_delta); }
    int64_t first_offset() const noexcept { return last_offset - offset_delta; }
};

struct producer_entry {
    int64_t producer_id = record::kNoProducerId;
    int16_t producer_epoch = record::kNoProducerEpoch;
    std::deque<batch_metadata> batches;  // oldest first, at most kNumBatchesToRetain
    int64_t last_timestamp = no_timestamp;

    bool empty() const noexcept { return batches.empty(); }
    int32_t last_seq() const noexcept { return batches.empty() ? record::kNoSequence : batches.back().last_seq; }
    int64_t last_data_offset() const noexcept { return batches.empty() ? -1 : batches.back().last_offset; }
};

// One batch as the producer state sees it, with the offsets it gets (or got).
struct producer_batch {
    int64_t producer_id = record::kNoProducerId;
    int16_t producer_epoch = record::kNoProducerEpoch;
    int32_t base_sequence = record::kNoSequence;
    int32_t last_offset_delta = 0;
    int64_t base_offset = 0;
    int64_t max_timestamp = no_timestamp;
    bool control = false;

    static producer_batch from_header(const record::batch_header& h);
    int32_t last_sequence() const noexcept { return increment_sequence(base_sequence, last_offset_delta); }
    int64_t last_offset() const noexcept { return base_offset + last_offset_delta; }
};

// What check_client_batch decided.
struct producer_check {
    enum class outcome { append, duplicate, reject };
    outcome what = outcome::append;
    batch_metadata duplicate;  // outcome::duplicate: the batch already in the log
    kafka_error error;         // outcome::reject
};

class producer_state_manager {
public:
    // `partition_name` ("orders-0") appears in error messages as Kafka prints them.
    explicit producer_state_manager(std::string partition_name) : name_(std::move(partition_name)) {}

    // Nullptr for an unknown producer.
    const producer_entry* entry(int64_t producer_id) const;
    size_t producer_count() const noexcept { return producers_.size(); }

    // The rules above for a client batch (which must have a producer id),
    // whose offsets are already assigned. Changes nothing.
    producer_check check_client_batch(const producer_batch& b) const;
    // Records a batch that is now in the log (after check_client_batch said
    // append, or while rebuilding, or from replication: no checks).
    void update(const producer_batch& b);

    // Drops producers whose last batch is older than expiration_ms
    // (producer.id.expiration.ms, Kafka's removeExpiredProducers).
    void remove_expired(int64_t now_ms, int64_t expiration_ms);
    void clear() { producers_.clear(); }

    // Rebuilds from the log: forgets everything, then replays the headers of
    // the batches at or above the log start offset in the newest segments
    // whose sizes add up to kProducerStateScanBytes (at least the active
    // segment). Producers last seen before that are forgotten, as if expired.
    status rebuild_from_log(const storage::log& log);

private:
    std::string name_;
    std::map<int64_t, producer_entry> producers_;
};

}  // namespace odradek::broker
