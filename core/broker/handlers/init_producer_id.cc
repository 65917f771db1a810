#include "broker/handlers/init_producer_id.h"

#include "protocol/error_code.h"

namespace odradek::broker {

protocol::init_producer_id_response handle_init_producer_id(const protocol::init_producer_id_request& req, int16_t,
                                                            const init_producer_id_env& env) {
    using protocol::error_code;
    protocol::init_producer_id_response resp;
    resp.producer_id = -1;
    resp.producer_epoch = -1;
    auto fail = [&](error_code c) {
        resp.error_code = int16_t(c);
        return resp;
    };
    const bool no_id = req.producer_id == -1;
    const bool no_epoch = req.producer_epoch == -1;
    if (no_id != no_epoch) return fail(error_code::invalid_request);
    if (req.transactional_id) {
        if (req.transactional_id->empty()) return fail(error_code::invalid_request);
        if (req.transaction_timeout_ms <= 0 || req.transaction_timeout_ms > env.transaction_max_timeout_ms) {
            return fail(error_code::invalid_transaction_timeout);
        }
        return fail(error_code::not_coordinator);
    }
    auto id = env.ids.next_producer_id();
    if (!id) return fail(error_code::coordinator_load_in_progress);
    resp.error_code = 0;
    resp.producer_id = *id;
    resp.producer_epoch = 0;
    return resp;
}

}  // namespace odradek::broker
