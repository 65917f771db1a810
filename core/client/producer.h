#pragma once
// producer: Kafka's producer, reduced to what tools need, with the Java
// client's model: send() queues a record and returns at once; one background
// sender thread owns the cluster connections, batches records per partition
// (batch.size, linger.ms), compresses batches, sends one Produce request per
// leader and completes each record through its callback — on the sender
// thread — with its offset or its error.
//
// Retries (retries, retry.backoff.ms, bounded by delivery.timeout.ms) cover
// what Kafka retries: lost connections, leaders moving, topics still being
// auto-created. A record whose topic has no metadata after max.block.ms
// fails with Kafka's "Topic <t> not present in metadata after <n> ms.".
// When no broker accepts a connection for client_config::unreachable_timeout
// every queued record fails with errc::connection_failed.
//
// Not implemented: idempotence/transactions (batches carry no producer id),
// splitting a batch the broker rejects as MESSAGE_TOO_LARGE.
//
// Thread-safety: send(), flush() and close() may be called from any thread;
// callbacks must not call flush() or close() (they run on the sender thread).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "base/result.h"
#include "client/cluster.h"
#include "client/config.h"
#include "client/partitioner.h"
#include "record/batch_builder.h"

namespace odradek::client {

struct producer_config {
    int16_t acks = -1;                                        // acks: 0, 1 or -1 (all)
    record::compression compression = record::compression::none;  // compression.type
    int32_t batch_size = 16384;                               // batch.size
    millis linger{0};                                         // linger.ms
    int32_t retries = INT32_MAX;                              // retries
    millis delivery_timeout{120000};                          // delivery.timeout.ms
    millis max_block{60000};                                  // max.block.ms (waiting for metadata)
    int32_t max_request_size = 1048576;                       // max.request.size
    bool allow_auto_create_topics = true;                     // allow.auto.create.topics
};

struct producer_header {
    std::string key;
    std::optional<std::string> value;
};

struct producer_record {
    std::string topic;
    std::optional<int32_t> partition;  // nullopt: chosen by the partitioner
    std::optional<std::string> key;
    std::optional<std::string> value;
    std::vector<producer_header> headers;
    int64_t timestamp = -1;  // CreateTime in ms; -1: now
};

struct record_metadata {
    std::string topic;
    int32_t partition = -1;
    int64_t offset = -1;     // -1 with acks=0
    int64_t timestamp = -1;  // CreateTime, or the broker's LogAppendTime
};

using delivery_callback = std::function<void(const record_metadata&, const status&)>;

class producer {
public:
    static result<std::unique_ptr<producer>> create(client_config config, producer_config pconfig);
    ~producer();
    producer(const producer&) = delete;
    producer& operator=(const producer&) = delete;

    // Queues a record. Fails at once (the callback is not called) for a
    // record larger than max.request.size (errc::record_too_large with
    // Kafka's message) or after close().
    status send(producer_record rec, delivery_callback cb = {});
    // Makes every queued record ready to send and waits until all are
    // completed (acknowledged or failed).
    void flush();
    // flush(), then stops the sender thread. Idempotent.
    void close();

    uint64_t acknowledged() const { return acked_.load(); }
    uint64_t failed() const { return failed_.load(); }

private:
    struct queued_record {
        producer_record rec;
        delivery_callback cb;
        time_point enqueued;
    };
    struct batch_record {
        delivery_callback cb;
        int64_t timestamp;
    };
    struct batch {
        topic_partition tp;
        record::batch_builder builder;
        std::vector<batch_record> records;
        byte_buffer built;  // set once the batch is closed
        bool closed = false;
        time_point created;
        time_point retry_at{};
        int attempts = 0;
        explicit batch(const producer_config& c) : builder(record::batch_options{0, c.compression}) {}
    };
    using batch_ptr = std::unique_ptr<batch>;

    producer(std::unique_ptr<cluster> c, producer_config pconfig);

    void run();  // the sender thread
    bool assign(queued_record& q, time_point now);
    void append(const topic_partition& tp, queued_record& q);
    void refresh_metadata(time_point now);
    void expire(time_point now);
    void send_ready(time_point now, bool drain);
    void send_to_leader(int32_t leader, std::vector<batch_ptr> ready);
    void requeue(batch_ptr b, const error& why);
    void complete_batch(batch& b, int64_t base_offset, int64_t append_time, const status& outcome);
    void complete_record(const delivery_callback& cb, const record_metadata& md, const status& outcome);
    void fail_everything(const error& why);
    time_point next_wakeup(time_point now, bool drain) const;

    std::unique_ptr<cluster> cluster_;  // sender thread only
    producer_config config_;

    // Sender-thread state.
    std::vector<queued_record> waiting_;  // records whose topic has no usable metadata yet
    std::map<topic_partition, std::deque<batch_ptr>> batches_;
    sticky_partitioner sticky_;
    time_point next_metadata_attempt_{};
    bool metadata_stale_ = false;

    // Shared state.
    std::mutex mu_;
    std::condition_variable work_cv_;
    std::condition_variable done_cv_;
    std::deque<queued_record> incoming_;
    uint64_t outstanding_ = 0;  // queued and not yet completed
    int flush_requests_ = 0;
    bool closing_ = false;
    bool closed_ = false;
    std::atomic<uint64_t> acked_{0};
    std::atomic<uint64_t> failed_{0};
    std::thread sender_;
};

}  // namespace odradek::client
