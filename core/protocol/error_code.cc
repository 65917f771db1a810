#include "protocol/error_code.h"

#include <array>
#include <iterator>

namespace odradek::protocol {

namespace {
struct entry {
    error_code code;
    std::string_view name;
};

// Ascending by code.
constexpr entry kEntries[] = {
    {error_code::unknown_server_error, "UNKNOWN_SERVER_ERROR"},
    {error_code::none, "NONE"},
    {error_code::offset_out_of_range, "OFFSET_OUT_OF_RANGE"},
    {error_code::corrupt_message, "CORRUPT_MESSAGE"},
    {error_code::unknown_topic_or_partition, "UNKNOWN_TOPIC_OR_PARTITION"},
    {error_code::invalid_fetch_size, "INVALID_FETCH_SIZE"},
    {error_code::leader_not_available, "LEADER_NOT_AVAILABLE"},
    {error_code::not_leader_or_follower, "NOT_LEADER_OR_FOLLOWER"},
    {error_code::request_timed_out, "REQUEST_TIMED_OUT"},
    {error_code::broker_not_available, "BROKER_NOT_AVAILABLE"},
    {error_code::replica_not_available, "REPLICA_NOT_AVAILABLE"},
    {error_code::message_too_large, "MESSAGE_TOO_LARGE"},
    {error_code::stale_controller_epoch, "STALE_CONTROLLER_EPOCH"},
    {error_code::offset_metadata_too_large, "OFFSET_METADATA_TOO_LARGE"},
    {error_code::network_exception, "NETWORK_EXCEPTION"},
    {error_code::coordinator_load_in_progress, "COORDINATOR_LOAD_IN_PROGRESS"},
    {error_code::coordinator_not_available, "COORDINATOR_NOT_AVAILABLE"},
    {error_code::not_coordinator, "NOT_COORDINATOR"},
    {error_code::invalid_topic_exception, "INVALID_TOPIC_EXCEPTION"},
    {error_code::record_list_too_large, "RECORD_LIST_TOO_LARGE"},
    {error_code::not_enough_replicas, "NOT_ENOUGH_REPLICAS"},
    {error_code::not_enough_replicas_after_append, "NOT_ENOUGH_REPLICAS_AFTER_APPEND"},
    {error_code::invalid_required_acks, "INVALID_REQUIRED_ACKS"},
    {error_code::illegal_generation, "ILLEGAL_GENERATION"},
    {error_code::inconsistent_group_protocol, "INCONSISTENT_GROUP_PROTOCOL"},
    {error_code::invalid_group_id, "INVALID_GROUP_ID"},
    {error_code::unknown_member_id, "UNKNOWN_MEMBER_ID"},
    {error_code::invalid_session_timeout, "INVALID_SESSION_TIMEOUT"},
    {error_code::rebalance_in_progress, "REBALANCE_IN_PROGRESS"},
    {error_code::invalid_commit_offset_size, "INVALID_COMMIT_OFFSET_SIZE"},
    {error_code::topic_authorization_failed, "TOPIC_AUTHORIZATION_FAILED"},
    {error_code::group_authorization_failed, "GROUP_AUTHORIZATION_FAILED"},
    {error_code::cluster_authorization_failed, "CLUSTER_AUTHORIZATION_FAILED"},
    {error_code::invalid_timestamp, "INVALID_TIMESTAMP"},
    {error_code::unsupported_sasl_mechanism, "UNSUPPORTED_SASL_MECHANISM"},
    {error_code::illegal_sasl_state, "ILLEGAL_SASL_STATE"},
    {error_code::unsupported_version, "UNSUPPORTED_VERSION"},
    {error_code::topic_already_exists, "TOPIC_ALREADY_EXISTS"},
    {error_code::invalid_partitions, "INVALID_PARTITIONS"},
    {error_code::invalid_replication_factor, "INVALID_REPLICATION_FACTOR"},
    {error_code::invalid_replica_assignment, "INVALID_REPLICA_ASSIGNMENT"},
    {error_code::invalid_config, "INVALID_CONFIG"},
    {error_code::not_controller, "NOT_CONTROLLER"},
    {error_code::invalid_request, "INVALID_REQUEST"},
    {error_code::unsupported_for_message_format, "UNSUPPORTED_FOR_MESSAGE_FORMAT"},
    {error_code::policy_violation, "POLICY_VIOLATION"},
    {error_code::out_of_order_sequence_number, "OUT_OF_ORDER_SEQUENCE_NUMBER"},
    {error_code::duplicate_sequence_number, "DUPLICATE_SEQUENCE_NUMBER"},
    {error_code::invalid_producer_epoch, "INVALID_PRODUCER_EPOCH"},
    {error_code::invalid_txn_state, "INVALID_TXN_STATE"},
    {error_code::invalid_producer_id_mapping, "INVALID_PRODUCER_ID_MAPPING"},
    {error_code::invalid_transaction_timeout, "INVALID_TRANSACTION_TIMEOUT"},
    {error_code::concurrent_transactions, "CONCURRENT_TRANSACTIONS"},
    {error_code::transaction_coordinator_fenced, "TRANSACTION_COORDINATOR_FENCED"},
    {error_code::transactional_id_authorization_failed, "TRANSACTIONAL_ID_AUTHORIZATION_FAILED"},
    {error_code::security_disabled, "SECURITY_DISABLED"},
    {error_code::operation_not_attempted, "OPERATION_NOT_ATTEMPTED"},
    {error_code::kafka_storage_error, "KAFKA_STORAGE_ERROR"},
    {error_code::log_dir_not_found, "LOG_DIR_NOT_FOUND"},
    {error_code::sasl_authentication_failed, "SASL_AUTHENTICATION_FAILED"},
    {error_code::unknown_producer_id, "UNKNOWN_PRODUCER_ID"},
    {error_code::reassignment_in_progress, "REASSIGNMENT_IN_PROGRESS"},
    {error_code::delegation_token_auth_disabled, "DELEGATION_TOKEN_AUTH_DISABLED"},
    {error_code::delegation_token_not_found, "DELEGATION_TOKEN_NOT_FOUND"},
    {error_code::delegation_token_owner_mismatch, "DELEGATION_TOKEN_OWNER_MISMATCH"},
    {error_code::delegation_token_request_not_allowed, "DELEGATION_TOKEN_REQUEST_NOT_ALLOWED"},
    {error_code::delegation_token_authorization_failed, "DELEGATION_TOKEN_AUTHORIZATION_FAILED"},
    {error_code::delegation_token_expired, "DELEGATION_TOKEN_EXPIRED"},
    {error_code::invalid_principal_type, "INVALID_PRINCIPAL_TYPE"},
    {error_code::non_empty_group, "NON_EMPTY_GROUP"},
    {error_code::group_id_not_found, "GROUP_ID_NOT_FOUND"},
    {error_code::fetch_session_id_not_found, "FETCH_SESSION_ID_NOT_FOUND"},
    {error_code::invalid_fetch_session_epoch, "INVALID_FETCH_SESSION_EPOCH"},
    {error_code::listener_not_found, "LISTENER_NOT_FOUND"},
    {error_code::topic_deletion_disabled, "TOPIC_DELETION_DISABLED"},
    {error_code::fenced_leader_epoch, "FENCED_LEADER_EPOCH"},
    {error_code::unknown_leader_epoch, "UNKNOWN_LEADER_EPOCH"},
    {error_code::unsupported_compression_type, "UNSUPPORTED_COMPRESSION_TYPE"},
    {error_code::stale_broker_epoch, "STALE_BROKER_EPOCH"},
    {error_code::offset_not_available, "OFFSET_NOT_AVAILABLE"},
    {error_code::member_id_required, "MEMBER_ID_REQUIRED"},
    {error_code::preferred_leader_not_available, "PREFERRED_LEADER_NOT_AVAILABLE"},
    {error_code::group_max_size_reached, "GROUP_MAX_SIZE_REACHED"},
    {error_code::fenced_instance_id, "FENCED_INSTANCE_ID"},
    {error_code::eligible_leaders_not_available, "ELIGIBLE_LEADERS_NOT_AVAILABLE"},
    {error_code::election_not_needed, "ELECTION_NOT_NEEDED"},
    {error_code::no_reassignment_in_progress, "NO_REASSIGNMENT_IN_PROGRESS"},
    {error_code::group_subscribed_to_topic, "GROUP_SUBSCRIBED_TO_TOPIC"},
    {error_code::invalid_record, "INVALID_RECORD"},
    {error_code::unstable_offset_commit, "UNSTABLE_OFFSET_COMMIT"},
    {error_code::throttling_quota_exceeded, "THROTTLING_QUOTA_EXCEEDED"},
    {error_code::producer_fenced, "PRODUCER_FENCED"},
    {error_code::resource_not_found, "RESOURCE_NOT_FOUND"},
    {error_code::duplicate_resource, "DUPLICATE_RESOURCE"},
    {error_code::unacceptable_credential, "UNACCEPTABLE_CREDENTIAL"},
    {error_code::inconsistent_voter_set, "INCONSISTENT_VOTER_SET"},
    {error_code::invalid_update_version, "INVALID_UPDATE_VERSION"},
    {error_code::feature_update_failed, "FEATURE_UPDATE_FAILED"},
    {error_code::principal_deserialization_failure, "PRINCIPAL_DESERIALIZATION_FAILURE"},
    {error_code::snapshot_not_found, "SNAPSHOT_NOT_FOUND"},
    {error_code::unknown_topic_id, "UNKNOWN_TOPIC_ID"},
    {error_code::duplicate_broker_registration, "DUPLICATE_BROKER_REGISTRATION"},
    {error_code::broker_id_not_registered, "BROKER_ID_NOT_REGISTERED"},
    {error_code::inconsistent_topic_id, "INCONSISTENT_TOPIC_ID"},
    {error_code::inconsistent_cluster_id, "INCONSISTENT_CLUSTER_ID"},
    {error_code::transactional_id_not_found, "TRANSACTIONAL_ID_NOT_FOUND"},
    {error_code::fetch_session_topic_id_error, "FETCH_SESSION_TOPIC_ID_ERROR"},
    {error_code::ineligible_replica, "INELIGIBLE_REPLICA"},
    {error_code::new_leader_elected, "NEW_LEADER_ELECTED"},
    {error_code::offset_moved_to_tiered_storage, "OFFSET_MOVED_TO_TIERED_STORAGE"},
    {error_code::fenced_member_epoch, "FENCED_MEMBER_EPOCH"},
    {error_code::unreleased_instance_id, "UNRELEASED_INSTANCE_ID"},
    {error_code::unsupported_assignor, "UNSUPPORTED_ASSIGNOR"},
    {error_code::stale_member_epoch, "STALE_MEMBER_EPOCH"},
    {error_code::mismatched_endpoint_type, "MISMATCHED_ENDPOINT_TYPE"},
    {error_code::unsupported_endpoint_type, "UNSUPPORTED_ENDPOINT_TYPE"},
    {error_code::unknown_controller_id, "UNKNOWN_CONTROLLER_ID"},
    {error_code::unknown_subscription_id, "UNKNOWN_SUBSCRIPTION_ID"},
    {error_code::telemetry_too_large, "TELEMETRY_TOO_LARGE"},
    {error_code::invalid_registration, "INVALID_REGISTRATION"},
    {error_code::transaction_abortable, "TRANSACTION_ABORTABLE"},
    {error_code::invalid_record_state, "INVALID_RECORD_STATE"},
    {error_code::share_session_not_found, "SHARE_SESSION_NOT_FOUND"},
    {error_code::invalid_share_session_epoch, "INVALID_SHARE_SESSION_EPOCH"},
    {error_code::fenced_state_epoch, "FENCED_STATE_EPOCH"},
    {error_code::invalid_voter_key, "INVALID_VOTER_KEY"},
    {error_code::duplicate_voter, "DUPLICATE_VOTER"},
    {error_code::voter_not_found, "VOTER_NOT_FOUND"},
    {error_code::invalid_regular_expression, "INVALID_REGULAR_EXPRESSION"},
};

constexpr auto make_codes() {
    std::array<error_code, std::size(kEntries)> codes{};
    for (size_t i = 0; i < std::size(kEntries); ++i) codes[i] = kEntries[i].code;
    return codes;
}
constexpr auto kCodes = make_codes();
}  // namespace

std::string_view error_code_name(error_code e) noexcept {
    // Codes run densely from -1, so index directly; verify in case of a gap.
    size_t i = size_t(int32_t(e) + 1);
    if (int32_t(e) >= -1 && i < std::size(kEntries) && kEntries[i].code == e) return kEntries[i].name;
    for (const auto& x : kEntries)
        if (x.code == e) return x.name;
    return {};
}

bool error_code_from_name(std::string_view name, error_code& out) noexcept {
    for (const auto& x : kEntries) {
        if (x.name == name) {
            out = x.code;
            return true;
        }
    }
    return false;
}

std::span<const error_code> all_error_codes() noexcept { return kCodes; }

}  // namespace odradek::protocol
