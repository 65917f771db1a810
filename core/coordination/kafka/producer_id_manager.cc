#include "coordination/kafka/producer_id_manager.h"

namespace odradek::coordination::kafka {

result<int64_t> producer_id_manager::generate_producer_id() {
    std::lock_guard lk(mu_);
    if (!block_ || next_ > block_->last_producer_id()) {
        ODRADEK_TRY_ASSIGN(auto block, zk_.allocate_producer_id_block(broker_id_));
        block_ = block;
        next_ = block.first_producer_id;
    }
    return next_++;
}

std::optional<producer_id_block> producer_id_manager::current_block() const {
    std::lock_guard lk(mu_);
    return block_;
}

}  // namespace odradek::coordination::kafka
