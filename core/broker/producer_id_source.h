#pragma once
// producer_id_source: where InitProducerId gets new producer ids (Kafka's
// ProducerIdManager). The broker's implementation claims blocks of 1000 ids
// from ZooKeeper's /latest_producer_id_block; tests use the in-memory one.

#include <atomic>
#include <cstdint>

#include "base/result.h"

namespace odradek::broker {

class producer_id_source {
public:
    virtual ~producer_id_source() = default;
    // A producer id never handed out before in this cluster. Any thread. An
    // error is answered COORDINATOR_LOAD_IN_PROGRESS (retriable), as Kafka's
    // RPC producer id manager answers while it waits for a block.
    virtual result<int64_t> next_producer_id() = 0;
};

// Ids first, first + 1, ... from memory (tests, single-process tools).
class in_memory_producer_id_source final : public producer_id_source {
public:
    explicit in_memory_producer_id_source(int64_t first = 0) : next_(first) {}
    result<int64_t> next_producer_id() override { return next_.fetch_add(1); }

private:
    std::atomic<int64_t> next_;
};

}  // namespace odradek::broker
