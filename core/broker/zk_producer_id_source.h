#pragma once
// Producer ids for InitProducerId, in blocks of 1000 claimed from
// /latest_producer_id_block (Kafka's ZkProducerIdManager), so ids are unique
// across the cluster and across restarts.

#include <mutex>

#include "broker/producer_id_source.h"
#include "broker/zk_metadata.h"

namespace odradek::broker {

class zk_producer_id_source final : public producer_id_source {
public:
    zk_producer_id_source(zk_metadata& zk, int32_t broker_id) : zk_(zk), broker_id_(broker_id) {}

    result<int64_t> next_producer_id() override {
        std::lock_guard lock(mu_);
        if (next_ > last_) {
            ODRADEK_TRY_ASSIGN(auto block, zk_.client()->allocate_producer_id_block(broker_id_));
            next_ = block.first_producer_id;
            last_ = block.last_producer_id();
        }
        return next_++;
    }

private:
    zk_metadata& zk_;
    int32_t broker_id_;
    std::mutex mu_;
    int64_t next_ = 0;
    int64_t last_ = -1;
};

}  // namespace odradek::broker
