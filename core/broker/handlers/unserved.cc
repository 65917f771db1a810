#include "broker/handlers/unserved.h"

#include "broker/handlers/unserved_detail.h"
#include "protocol/error_code.h"
#include "protocol/messages/alter_partition_reassignments.h"
#include "protocol/messages/delete_groups.h"
#include "protocol/messages/describe_groups.h"
#include "protocol/messages/describe_producers.h"
#include "protocol/messages/find_coordinator.h"
#include "protocol/messages/heartbeat.h"
#include "protocol/messages/join_group.h"
#include "protocol/messages/leave_group.h"
#include "protocol/messages/list_groups.h"
#include "protocol/messages/list_partition_reassignments.h"
#include "protocol/messages/offset_commit.h"
#include "protocol/messages/offset_delete.h"
#include "protocol/messages/offset_fetch.h"
#include "protocol/messages/sasl_authenticate.h"
#include "protocol/messages/sync_group.h"

namespace odradek::broker {

using unserved_detail::kUnsupported;
using unserved_detail::unserved;
using unserved_detail::unserved_top_level;

std::vector<api_handler> make_unserved_apis() {
    using namespace protocol;
    std::vector<api_handler> out;

    out.push_back(unserved<find_coordinator_request>([](const find_coordinator_request& req, int16_t v) {
        find_coordinator_response r;
        r.node_id = -1;
        r.error_code = kUnsupported;
        r.error_message.reset();
        if (v >= 4)
            for (const auto& key : req.coordinator_keys) {
                auto& c = r.coordinators.emplace_back();
                c.key = key;
                c.node_id = -1;
                c.error_code = kUnsupported;
                c.error_message.reset();
            }
        return r;
    }));
    out.push_back(unserved<offset_commit_request>([](const offset_commit_request& req, int16_t) {
        offset_commit_response r;
        for (const auto& t : req.topics) {
            auto& rt = r.topics.emplace_back();
            rt.name = t.name;
            for (const auto& p : t.partitions) rt.partitions.push_back({p.partition_index, kUnsupported, {}});
        }
        return r;
    }));
    out.push_back(unserved<offset_fetch_request>([](const offset_fetch_request& req, int16_t v) {
        offset_fetch_response r;
        r.error_code = kUnsupported;
        if (v >= 8) {
            for (const auto& g : req.groups) {
                auto& rg = r.groups.emplace_back();
                rg.group_id = g.group_id;
                rg.error_code = kUnsupported;
            }
        } else if (req.topics) {
            for (const auto& t : *req.topics) {
                auto& rt = r.topics.emplace_back();
                rt.name = t.name;
                for (int32_t p : t.partition_indexes) {
                    auto& rp = rt.partitions.emplace_back();
                    rp.partition_index = p;
                    rp.committed_offset = -1;
                    rp.error_code = kUnsupported;
                }
            }
        }
        return r;
    }));
    out.push_back(unserved_top_level<join_group_request, join_group_response>());
    out.push_back(unserved_top_level<heartbeat_request, heartbeat_response>());
    out.push_back(unserved_top_level<leave_group_request, leave_group_response>());
    out.push_back(unserved_top_level<sync_group_request, sync_group_response>());
    out.push_back(unserved<describe_groups_request>([](const describe_groups_request& req, int16_t) {
        describe_groups_response r;
        for (const auto& g : req.groups) {
            auto& rg = r.groups.emplace_back();
            rg.error_code = kUnsupported;
            rg.group_id = g;
        }
        return r;
    }));
    out.push_back(unserved_top_level<list_groups_request, list_groups_response>());
    out.push_back(unserved<delete_groups_request>([](const delete_groups_request& req, int16_t) {
        delete_groups_response r;
        for (const auto& g : req.groups_names) r.results.push_back({g, kUnsupported, {}});
        return r;
    }));
    out.push_back(unserved_top_level<offset_delete_request, offset_delete_response>());
    out.push_back(unserved<alter_partition_reassignments_request>(
        [](const alter_partition_reassignments_request& req, int16_t) {
            alter_partition_reassignments_response r;
            r.error_code = kUnsupported;
            r.error_message.reset();
            for (const auto& t : req.topics) {
                auto& rt = r.responses.emplace_back();
                rt.name = t.name;
                for (const auto& p : t.partitions)
                    rt.partitions.push_back({p.partition_index, kUnsupported, std::nullopt, {}});
            }
            return r;
        }));
    out.push_back(unserved<list_partition_reassignments_request>([](const list_partition_reassignments_request&,
                                                                     int16_t) {
        list_partition_reassignments_response r;
        r.error_code = kUnsupported;
        r.error_message.reset();
        return r;
    }));
    out.push_back(unserved<describe_producers_request>([](const describe_producers_request& req, int16_t) {
        describe_producers_response r;
        for (const auto& t : req.topics) {
            auto& rt = r.topics.emplace_back();
            rt.name = t.name;
            for (int32_t p : t.partition_indexes) {
                auto& rp = rt.partitions.emplace_back();
                rp.partition_index = p;
                rp.error_code = kUnsupported;
            }
        }
        return r;
    }));
    out.push_back(unserved<sasl_authenticate_request>([](const sasl_authenticate_request&, int16_t) {
        sasl_authenticate_response r;
        r.error_code = int16_t(protocol::error_code::illegal_sasl_state);
        // KafkaApis.handleSaslAuthenticateRequest: only reached outside a SASL handshake.
        r.error_message = "SaslAuthenticate request received after successful authentication";
        return r;
    }));
    unserved_detail::add_transaction_apis(out);
    unserved_detail::add_security_apis(out);
    unserved_detail::add_admin_apis(out);
    return out;
}

}  // namespace odradek::broker
