// ACLs, delegation tokens and SCRAM credentials. Where Kafka 3.7 itself
// answers without the feature on a broker like ours (no authorizer, no SASL
// listener), we give Kafka's answer:
//  - ACLs: SECURITY_DISABLED with its messages (AclApis, authorizer = None);
//  - delegation tokens: DELEGATION_TOKEN_REQUEST_NOT_ALLOWED, since every
//    client of ours is an unauthenticated User:ANONYMOUS (KafkaApis.allowTokenRequests);
// SCRAM credentials, which Kafka serves from ZooKeeper, get UNSUPPORTED_VERSION.

#include <set>
#include <string>

#include "broker/handlers/unserved_detail.h"
#include "protocol/messages/alter_user_scram_credentials.h"
#include "protocol/messages/create_acls.h"
#include "protocol/messages/create_delegation_token.h"
#include "protocol/messages/delete_acls.h"
#include "protocol/messages/describe_acls.h"
#include "protocol/messages/describe_delegation_token.h"
#include "protocol/messages/describe_user_scram_credentials.h"
#include "protocol/messages/expire_delegation_token.h"
#include "protocol/messages/renew_delegation_token.h"

namespace odradek::broker::unserved_detail {

namespace {

constexpr int16_t kSecurityDisabled = int16_t(protocol::error_code::security_disabled);
constexpr int16_t kTokenNotAllowed = int16_t(protocol::error_code::delegation_token_request_not_allowed);

// Kafka's request constructors refuse a filter or binding with an UNKNOWN (0)
// pattern type, resource type, operation or permission type, which closes the
// connection.
bool any_unknown(int8_t pattern_type, int8_t resource_type, int8_t operation, int8_t permission_type) {
    return pattern_type == 0 || resource_type == 0 || operation == 0 || permission_type == 0;
}

}  // namespace

void add_security_apis(std::vector<api_handler>& out) {
    using namespace protocol;

    out.push_back(unserved_or_close<describe_acls_request>(
        [](const describe_acls_request& req, int16_t) -> std::optional<describe_acls_response> {
            if (any_unknown(req.pattern_type_filter, req.resource_type_filter, req.operation, req.permission_type))
                return std::nullopt;
            describe_acls_response r;
            r.error_code = kSecurityDisabled;
            r.error_message = "No Authorizer is configured on the broker";
            return r;
        }));
    out.push_back(unserved_or_close<create_acls_request>(
        [](const create_acls_request& req, int16_t) -> std::optional<create_acls_response> {
            create_acls_response r;
            for (const auto& c : req.creations) {
                if (any_unknown(c.resource_pattern_type, c.resource_type, c.operation, c.permission_type))
                    return std::nullopt;
                r.results.push_back({kSecurityDisabled, "No Authorizer is configured.", {}});
            }
            return r;
        }));
    out.push_back(unserved_or_close<delete_acls_request>(
        [](const delete_acls_request& req, int16_t) -> std::optional<delete_acls_response> {
            delete_acls_response r;
            for (const auto& f : req.filters) {
                if (any_unknown(f.pattern_type_filter, f.resource_type_filter, f.operation, f.permission_type))
                    return std::nullopt;
                auto& fr = r.filter_results.emplace_back();
                fr.error_code = kSecurityDisabled;
                fr.error_message = "No Authorizer is configured.";
            }
            return r;
        }));

    out.push_back(unserved<create_delegation_token_request>([](const create_delegation_token_request& req, int16_t) {
        create_delegation_token_response r;
        r.error_code = kTokenNotAllowed;
        // The owner is the one the request names (v3+), else the requester.
        bool named = req.owner_principal_name && !req.owner_principal_name->empty();
        r.principal_type = named ? req.owner_principal_type.value_or("") : "User";
        r.principal_name = named ? *req.owner_principal_name : "ANONYMOUS";
        r.token_requester_principal_type = "User";
        r.token_requester_principal_name = "ANONYMOUS";
        r.issue_timestamp_ms = -1;
        r.expiry_timestamp_ms = -1;
        r.max_timestamp_ms = -1;
        return r;
    }));
    out.push_back(unserved<renew_delegation_token_request>([](const renew_delegation_token_request&, int16_t) {
        renew_delegation_token_response r;
        r.error_code = kTokenNotAllowed;
        r.expiry_timestamp_ms = -1;
        return r;
    }));
    out.push_back(unserved<expire_delegation_token_request>([](const expire_delegation_token_request&, int16_t) {
        expire_delegation_token_response r;
        r.error_code = kTokenNotAllowed;
        r.expiry_timestamp_ms = -1;
        return r;
    }));
    out.push_back(unserved<describe_delegation_token_request>([](const describe_delegation_token_request&, int16_t) {
        describe_delegation_token_response r;
        r.error_code = kTokenNotAllowed;
        return r;
    }));

    out.push_back(unserved<describe_user_scram_credentials_request>(
        [](const describe_user_scram_credentials_request& req, int16_t) {
            describe_user_scram_credentials_response r;
            r.error_code = kUnsupported;
            r.error_message.reset();
            // Kafka's error response has one result per user named, without the name.
            if (req.users)
                for (size_t i = 0; i < req.users->size(); ++i) {
                    auto& u = r.results.emplace_back();
                    u.error_code = kUnsupported;
                    u.error_message.reset();
                }
            return r;
        }));
    out.push_back(unserved<alter_user_scram_credentials_request>(
        [](const alter_user_scram_credentials_request& req, int16_t) {
            // One result per distinct user, in name order.
            std::set<std::string> users;
            for (const auto& d : req.deletions) users.insert(d.name);
            for (const auto& u : req.upsertions) users.insert(u.name);
            alter_user_scram_credentials_response r;
            for (const auto& u : users) r.results.push_back({u, kUnsupported, std::nullopt, {}});
            return r;
        }));
}

}  // namespace odradek::broker::unserved_detail
