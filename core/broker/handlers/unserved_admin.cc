// Client quotas, feature updates and replica moves between log directories:
// answered with UNSUPPORTED_VERSION in the shape of Kafka's getErrorResponse.

#include "broker/handlers/unserved_detail.h"
#include "protocol/messages/alter_client_quotas.h"
#include "protocol/messages/alter_replica_log_dirs.h"
#include "protocol/messages/describe_client_quotas.h"
#include "protocol/messages/update_features.h"

namespace odradek::broker::unserved_detail {

void add_admin_apis(std::vector<api_handler>& out) {
    using namespace protocol;

    out.push_back(unserved<describe_client_quotas_request>([](const describe_client_quotas_request&, int16_t) {
        describe_client_quotas_response r;
        r.error_code = kUnsupported;
        r.error_message.reset();
        r.entries.reset();  // an error response has no entries at all
        return r;
    }));
    out.push_back(unserved<alter_client_quotas_request>([](const alter_client_quotas_request& req, int16_t) {
        alter_client_quotas_response r;
        for (const auto& e : req.entries) {
            auto& re = r.entries.emplace_back();
            re.error_code = kUnsupported;
            // Kafka fills this one from Errors.message(): the error's default text.
            re.error_message = "The version of API is not supported.";
            for (const auto& ent : e.entity) re.entity.push_back({ent.entity_type, ent.entity_name, {}});
        }
        return r;
    }));
    out.push_back(unserved<update_features_request>([](const update_features_request&, int16_t) {
        update_features_response r;
        r.error_code = kUnsupported;
        r.error_message.reset();
        return r;
    }));
    out.push_back(unserved<alter_replica_log_dirs_request>([](const alter_replica_log_dirs_request& req, int16_t) {
        // One result per directory and topic named, as Kafka's error response.
        alter_replica_log_dirs_response r;
        for (const auto& d : req.dirs)
            for (const auto& t : d.topics) {
                auto& rt = r.results.emplace_back();
                rt.topic_name = t.name;
                for (int32_t p : t.partitions) rt.partitions.push_back({p, kUnsupported, {}});
            }
        return r;
    }));
}

}  // namespace odradek::broker::unserved_detail
