// The transaction coordinator's APIs and AllocateProducerIds: answered with
// UNSUPPORTED_VERSION in the shape of Kafka's getErrorResponse for each.
// (InitProducerId is served: handlers/init_producer_id.h.)

#include "broker/handlers/unserved_detail.h"
#include "protocol/messages/add_offsets_to_txn.h"
#include "protocol/messages/add_partitions_to_txn.h"
#include "protocol/messages/allocate_producer_ids.h"
#include "protocol/messages/describe_transactions.h"
#include "protocol/messages/end_txn.h"
#include "protocol/messages/list_transactions.h"
#include "protocol/messages/txn_offset_commit.h"
#include "protocol/messages/write_txn_markers.h"

namespace odradek::broker::unserved_detail {

void add_transaction_apis(std::vector<api_handler>& out) {
    using namespace protocol;

    out.push_back(unserved<add_partitions_to_txn_request>([](const add_partitions_to_txn_request& req, int16_t v) {
        add_partitions_to_txn_response r;
        // v4 (brokers verifying) has a top-level error; clients' v0-3 get
        // every partition they named back with the error.
        if (v >= 4) {
            r.error_code = kUnsupported;
        } else {
            for (const auto& t : req.v3_and_below_topics) {
                auto& rt = r.results_by_topic_v3_and_below.emplace_back();
                rt.name = t.name;
                for (int32_t p : t.partitions) rt.results_by_partition.push_back({p, kUnsupported, {}});
            }
        }
        return r;
    }));
    out.push_back(unserved_top_level<add_offsets_to_txn_request, add_offsets_to_txn_response>());
    out.push_back(unserved_top_level<end_txn_request, end_txn_response>());
    out.push_back(unserved<write_txn_markers_request>([](const write_txn_markers_request& req, int16_t) {
        write_txn_markers_response r;
        for (const auto& m : req.markers) {
            auto& rm = r.markers.emplace_back();
            rm.producer_id = m.producer_id;
            for (const auto& t : m.topics) {
                auto& rt = rm.topics.emplace_back();
                rt.name = t.name;
                for (int32_t p : t.partition_indexes) rt.partitions.push_back({p, kUnsupported, {}});
            }
        }
        return r;
    }));
    out.push_back(unserved<txn_offset_commit_request>([](const txn_offset_commit_request& req, int16_t) {
        txn_offset_commit_response r;
        for (const auto& t : req.topics) {
            auto& rt = r.topics.emplace_back();
            rt.name = t.name;
            for (const auto& p : t.partitions) rt.partitions.push_back({p.partition_index, kUnsupported, {}});
        }
        return r;
    }));
    out.push_back(unserved<describe_transactions_request>([](const describe_transactions_request& req, int16_t) {
        describe_transactions_response r;
        for (const auto& id : req.transactional_ids) {
            auto& s = r.transaction_states.emplace_back();
            s.transactional_id = id;
            s.error_code = kUnsupported;
        }
        return r;
    }));
    out.push_back(unserved_top_level<list_transactions_request, list_transactions_response>());
    out.push_back(unserved_top_level<allocate_producer_ids_request, allocate_producer_ids_response>());
}

}  // namespace odradek::broker::unserved_detail
