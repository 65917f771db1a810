#pragma once
// ZkProducerIdManager: hands out producer ids (InitProducerId) from blocks of
// kProducerIdBlockSize that this broker claims in /latest_producer_id_block,
// so no two brokers ever give out the same id. A new block is claimed when the
// current one is used up (the first on the first call). Thread-safe: calls are
// serialized by a mutex (a block claim is a few ZooKeeper round trips).

#include <cstdint>
#include <mutex>
#include <optional>

#include "base/result.h"
#include "coordination/kafka/kafka_zk_client.h"

namespace odradek::coordination::kafka {

class producer_id_manager {
public:
    // `zk` must outlive this object.
    producer_id_manager(int32_t broker_id, kafka_zk_client& zk) : broker_id_(broker_id), zk_(zk) {}

    // The next unused id; an error only when a new block cannot be claimed
    // (the id is then not consumed).
    result<int64_t> generate_producer_id();

    // The block ids currently come from (nullopt before the first call).
    std::optional<producer_id_block> current_block() const;

private:
    const int32_t broker_id_;
    kafka_zk_client& zk_;
    mutable std::mutex mu_;
    std::optional<producer_id_block> block_;
    int64_t next_ = 0;
};

}  // namespace odradek::coordination::kafka
