#include "client/errc.h"

#include <algorithm>
#include <iterator>

namespace odradek::client {

namespace {

const char* client_message(int v) {
    switch (errc(v)) {
        case errc::invalid_config: return "invalid client configuration";
        case errc::connection_failed: return "could not connect to a broker";
        case errc::disconnected: return "the broker closed the connection";
        case errc::timeout: return "timed out";
        case errc::cancelled: return "cancelled";
        case errc::bad_response: return "malformed response from the broker";
        case errc::unsupported_version: return "the broker does not support a version of this API we can use";
        case errc::record_too_large: return "record too large";
        case errc::not_supported: return "not supported";
    }
    return "unknown client error";
}
const simple_category client_cat("client", client_message);

struct message_entry {
    int code;
    const char* text;
    const char* exception;  // simple name of the Java exception class
};

// Kafka 3.7's default exception messages and exception classes
// (clients/.../protocol/Errors.java), ascending by code.
constexpr message_entry kMessages[] = {
    {-1, "The server experienced an unexpected error when processing the request.", "UnknownServerException"},
    {1, "The requested offset is not within the range of offsets maintained by the server.", "OffsetOutOfRangeException"},
    {2, "This message has failed its CRC checksum, exceeds the valid size, has a null key for a compacted topic, or is otherwise corrupt.", "CorruptRecordException"},
    {3, "This server does not host this topic-partition.", "UnknownTopicOrPartitionException"},
    {4, "The requested fetch size is invalid.", "InvalidFetchSizeException"},
    {5, "There is no leader for this topic-partition as we are in the middle of a leadership election.", "LeaderNotAvailableException"},
    {6, "For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.", "NotLeaderOrFollowerException"},
    {7, "The request timed out.", "TimeoutException"},
    {8, "The broker is not available.", "BrokerNotAvailableException"},
    {9, "The replica is not available for the requested topic-partition. Produce/Fetch requests and other requests intended only for the leader or follower return NOT_LEADER_OR_FOLLOWER if the broker is not a replica of the topic-partition.", "ReplicaNotAvailableException"},
    {10, "The request included a message larger than the max message size the server will accept.", "RecordTooLargeException"},
    {11, "The controller moved to another broker.", "ControllerMovedException"},
    {12, "The metadata field of the offset request was too large.", "OffsetMetadataTooLarge"},
    {13, "The server disconnected before a response was received.", "NetworkException"},
    {14, "The coordinator is loading and hence can't process requests.", "CoordinatorLoadInProgressException"},
    {15, "The coordinator is not available.", "CoordinatorNotAvailableException"},
    {16, "This is not the correct coordinator.", "NotCoordinatorException"},
    {17, "The request attempted to perform an operation on an invalid topic.", "InvalidTopicException"},
    {18, "The request included message batch larger than the configured segment size on the server.", "RecordBatchTooLargeException"},
    {19, "Messages are rejected since there are fewer in-sync replicas than required.", "NotEnoughReplicasException"},
    {20, "Messages are written to the log, but to fewer in-sync replicas than required.", "NotEnoughReplicasAfterAppendException"},
    {21, "Produce request specified an invalid value for required acks.", "InvalidRequiredAcksException"},
    {22, "Specified group generation id is not valid.", "IllegalGenerationException"},
    {23, "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list.", "InconsistentGroupProtocolException"},
    {24, "The configured groupId is invalid.", "InvalidGroupIdException"},
    {25, "The coordinator is not aware of this member.", "UnknownMemberIdException"},
    {26, "The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms).", "InvalidSessionTimeoutException"},
    {27, "The group is rebalancing, so a rejoin is needed.", "RebalanceInProgressException"},
    {28, "The committing offset data size is not valid.", "InvalidCommitOffsetSizeException"},
    {29, "Topic authorization failed.", "TopicAuthorizationException"},
    {30, "Group authorization failed.", "GroupAuthorizationException"},
    {31, "Cluster authorization failed.", "ClusterAuthorizationException"},
    {32, "The timestamp of the message is out of acceptable range.", "InvalidTimestampException"},
    {33, "The broker does not support the requested SASL mechanism.", "UnsupportedSaslMechanismException"},
    {34, "Request is not valid given the current SASL state.", "IllegalSaslStateException"},
    {35, "The version of API is not supported.", "UnsupportedVersionException"},
    {36, "Topic with this name already exists.", "TopicExistsException"},
    {37, "Number of partitions is below 1.", "InvalidPartitionsException"},
    {38, "Replication factor is below 1 or larger than the number of available brokers.", "InvalidReplicationFactorException"},
    {39, "Replica assignment is invalid.", "InvalidReplicaAssignmentException"},
    {40, "Configuration is invalid.", "InvalidConfigurationException"},
    {41, "This is not the correct controller for this cluster.", "NotControllerException"},
    {42, "This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.", "InvalidRequestException"},
    {43, "The message format version on the broker does not support the request.", "UnsupportedForMessageFormatException"},
    {44, "Request parameters do not satisfy the configured policy.", "PolicyViolationException"},
    {45, "The broker received an out of order sequence number.", "OutOfOrderSequenceException"},
    {46, "The broker received a duplicate sequence number.", "DuplicateSequenceException"},
    {47, "Producer attempted to produce with an old epoch.", "InvalidProducerEpochException"},
    {48, "The producer attempted a transactional operation in an invalid state.", "InvalidTxnStateException"},
    {49, "The producer attempted to use a producer id which is not currently assigned to its transactional id.", "InvalidPidMappingException"},
    {50, "The transaction timeout is larger than the maximum value allowed by the broker (as configured by transaction.max.timeout.ms).", "InvalidTxnTimeoutException"},
    {51, "The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing.", "ConcurrentTransactionsException"},
    {52, "Indicates that the transaction coordinator sending a WriteTxnMarker is no longer the current coordinator for a given producer.", "TransactionCoordinatorFencedException"},
    {53, "Transactional Id authorization failed.", "TransactionalIdAuthorizationException"},
    {54, "Security features are disabled.", "SecurityDisabledException"},
    {55, "The broker did not attempt to execute this operation. This may happen for batched RPCs where some operations in the batch failed, causing the broker to respond without trying the rest.", "OperationNotAttemptedException"},
    {56, "Disk error when trying to access log file on the disk.", "KafkaStorageException"},
    {57, "The user-specified log directory is not found in the broker config.", "LogDirNotFoundException"},
    {58, "SASL Authentication failed.", "SaslAuthenticationException"},
    {59, "This exception is raised by the broker if it could not locate the producer metadata associated with the producerId in question. This could happen if, for instance, the producer's records were deleted because their retention time had elapsed. Once the last records of the producerId are removed, the producer's metadata is removed from the broker, and future appends by the producer will return this exception.", "UnknownProducerIdException"},
    {60, "A partition reassignment is in progress.", "ReassignmentInProgressException"},
    {61, "Delegation Token feature is not enabled.", "DelegationTokenDisabledException"},
    {62, "Delegation Token is not found on server.", "DelegationTokenNotFoundException"},
    {63, "Specified Principal is not valid Owner/Renewer.", "DelegationTokenOwnerMismatchException"},
    {64, "Delegation Token requests are not allowed on PLAINTEXT/1-way SSL channels and on delegation token authenticated channels.", "UnsupportedByAuthenticationException"},
    {65, "Delegation Token authorization failed.", "DelegationTokenAuthorizationException"},
    {66, "Delegation Token is expired.", "DelegationTokenExpiredException"},
    {67, "Supplied principalType is not supported.", "InvalidPrincipalTypeException"},
    {68, "The group is not empty.", "GroupNotEmptyException"},
    {69, "The group id does not exist.", "GroupIdNotFoundException"},
    {70, "The fetch session ID was not found.", "FetchSessionIdNotFoundException"},
    {71, "The fetch session epoch is invalid.", "InvalidFetchSessionEpochException"},
    {72, "There is no listener on the leader broker that matches the listener on which metadata request was processed.", "ListenerNotFoundException"},
    {73, "Topic deletion is disabled.", "TopicDeletionDisabledException"},
    {74, "The leader epoch in the request is older than the epoch on the broker.", "FencedLeaderEpochException"},
    {75, "The leader epoch in the request is newer than the epoch on the broker.", "UnknownLeaderEpochException"},
    {76, "The requesting client does not support the compression type of given partition.", "UnsupportedCompressionTypeException"},
    {77, "Broker epoch has changed.", "StaleBrokerEpochException"},
    {78, "The leader high watermark has not caught up from a recent leader election so the offsets cannot be guaranteed to be monotonically increasing.", "OffsetNotAvailableException"},
    {79, "The group member needs to have a valid member id before actually entering a consumer group.", "MemberIdRequiredException"},
    {80, "The preferred leader was not available.", "PreferredLeaderNotAvailableException"},
    {81, "The consumer group has reached its max size.", "GroupMaxSizeReachedException"},
    {82, "The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id.", "FencedInstanceIdException"},
    {83, "Eligible topic partition leaders are not available.", "EligibleLeadersNotAvailableException"},
    {84, "Leader election not needed for topic partition.", "ElectionNotNeededException"},
    {85, "No partition reassignment is in progress.", "NoReassignmentInProgressException"},
    {86, "Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it.", "GroupSubscribedToTopicException"},
    {87, "This record has failed the validation on broker and hence will be rejected.", "InvalidRecordException"},
    {88, "There are unstable offsets that need to be cleared.", "UnstableOffsetCommitException"},
    {89, "The throttling quota has been exceeded.", "ThrottlingQuotaExceededException"},
    {90, "There is a newer producer with the same transactionalId which fences the current one.", "ProducerFencedException"},
    {91, "A request illegally referred to a resource that does not exist.", "ResourceNotFoundException"},
    {92, "A request illegally referred to the same resource twice.", "DuplicateResourceException"},
    {93, "Requested credential would not meet criteria for acceptability.", "UnacceptableCredentialException"},
    {94, "Indicates that the either the sender or recipient of a voter-only request is not one of the expected voters", "InconsistentVoterSetException"},
    {95, "The given update version was invalid.", "InvalidUpdateVersionException"},
    {96, "Unable to update finalized features due to an unexpected server error.", "FeatureUpdateFailedException"},
    {97, "Request principal deserialization failed during forwarding. This indicates an internal error on the broker cluster security setup.", "PrincipalDeserializationException"},
    {98, "Requested snapshot was not found", "SnapshotNotFoundException"},
    {99, "Requested position is not greater than or equal to zero, and less than the size of the snapshot.", "PositionOutOfRangeException"},
    {100, "This server does not host this topic ID.", "UnknownTopicIdException"},
    {101, "This broker ID is already in use.", "DuplicateBrokerRegistrationException"},
    {102, "The given broker ID was not registered.", "BrokerIdNotRegisteredException"},
    {103, "The log's topic ID did not match the topic ID in the request", "InconsistentTopicIdException"},
    {104, "The clusterId in the request does not match that found on the server", "InconsistentClusterIdException"},
    {105, "The transactionalId could not be found", "TransactionalIdNotFoundException"},
    {106, "The fetch session encountered inconsistent topic ID usage", "FetchSessionTopicIdException"},
    {107, "The new ISR contains at least one ineligible replica.", "IneligibleReplicaException"},
    {108, "The AlterPartition request successfully updated the partition state but the leader has changed.", "NewLeaderElectedException"},
    {109, "The requested offset is moved to tiered storage.", "OffsetMovedToTieredStorageException"},
    {110, "The member epoch is fenced by the group coordinator. The member must abandon all its partitions and rejoin.", "FencedMemberEpochException"},
    {111, "The instance ID is still used by another member in the consumer group. That member must leave first.", "UnreleasedInstanceIdException"},
    {112, "The assignor or its version range is not supported by the consumer group.", "UnsupportedAssignorException"},
    {113, "The member epoch is stale. The member must retry after receiving its updated member epoch via the ConsumerGroupHeartbeat API.", "StaleMemberEpochException"},
    {114, "The request was sent to an endpoint of the wrong type.", "MismatchedEndpointTypeException"},
    {115, "This endpoint type is not supported yet.", "UnsupportedEndpointTypeException"},
    {116, "This controller ID is not known.", "UnknownControllerIdException"},
    {117, "Client sent a push telemetry request with an invalid or outdated subscription ID.", "UnknownSubscriptionIdException"},
    {118, "Client sent a push telemetry request larger than the maximum size the broker will accept.", "TelemetryTooLargeException"},
    {119, "The controller has considered the broker registration to be invalid.", "InvalidRegistrationException"},
};

const char* kafka_message(int v) {
    auto it = std::lower_bound(std::begin(kMessages), std::end(kMessages), v,
                               [](const message_entry& e, int c) { return e.code < c; });
    if (it != std::end(kMessages) && it->code == v) return it->text;
    return v == 0 ? "" : "Unexpected error code";
}
const simple_category kafka_cat("kafka", kafka_message);

}  // namespace

const std::error_category& client_category() noexcept { return client_cat; }
const std::error_category& kafka_category() noexcept { return kafka_cat; }

std::string_view kafka_default_message(protocol::error_code e) noexcept {
    auto it = std::lower_bound(std::begin(kMessages), std::end(kMessages), int(e),
                               [](const message_entry& m, int c) { return m.code < c; });
    if (it != std::end(kMessages) && it->code == int(e)) return it->text;
    return {};
}

error kafka_error(protocol::error_code e, const std::optional<std::string>& broker_message) {
    std::string detail;
    if (broker_message && !broker_message->empty())
        detail = *broker_message;
    else
        detail = std::string(kafka_default_message(e));
    return error(make_kafka_error_code(e), std::move(detail));
}

std::string kafka_exception_name(const error& e) {
    if (auto code = kafka_code(e)) {
        auto it = std::lower_bound(std::begin(kMessages), std::end(kMessages), int(*code),
                                   [](const message_entry& m, int c) { return m.code < c; });
        if (it != std::end(kMessages) && it->code == int(*code) && it->exception[0] != '\0')
            return std::string("org.apache.kafka.common.errors.") + it->exception;
        return "org.apache.kafka.common.KafkaException";
    }
    if (e.code == make_error_code(errc::timeout) || e.code == make_error_code(errc::connection_failed))
        return "org.apache.kafka.common.errors.TimeoutException";
    if (e.code == make_error_code(errc::record_too_large))
        return "org.apache.kafka.common.errors.RecordTooLargeException";
    if (e.code == make_error_code(errc::unsupported_version))
        return "org.apache.kafka.common.errors.UnsupportedVersionException";
    if (e.code == make_error_code(errc::cancelled)) return "org.apache.kafka.common.errors.InterruptException";
    if (e.code == make_error_code(errc::disconnected)) return "org.apache.kafka.common.errors.NetworkException";
    if (e.code == make_error_code(errc::invalid_config)) return "org.apache.kafka.common.config.ConfigException";
    return "org.apache.kafka.common.KafkaException";
}

std::optional<protocol::error_code> kafka_code(const error& e) noexcept {
    if (e.code.category() != kafka_category()) return std::nullopt;
    return protocol::error_code(e.code.value());
}

bool is_retriable(protocol::error_code e) noexcept {
    using ec = protocol::error_code;
    switch (e) {
        case ec::corrupt_message:
        case ec::unknown_topic_or_partition:
        case ec::leader_not_available:
        case ec::not_leader_or_follower:
        case ec::request_timed_out:
        case ec::replica_not_available:
        case ec::network_exception:
        case ec::coordinator_load_in_progress:
        case ec::coordinator_not_available:
        case ec::not_coordinator:
        case ec::not_enough_replicas:
        case ec::not_enough_replicas_after_append:
        case ec::not_controller:
        case ec::kafka_storage_error:
        case ec::fetch_session_id_not_found:
        case ec::invalid_fetch_session_epoch:
        case ec::listener_not_found:
        case ec::fenced_leader_epoch:
        case ec::unknown_leader_epoch:
        case ec::offset_not_available:
        case ec::preferred_leader_not_available:
        case ec::eligible_leaders_not_available:
        case ec::unstable_offset_commit:
        case ec::throttling_quota_exceeded:
        case ec::concurrent_transactions:
        case ec::unknown_topic_id:
        case ec::fetch_session_topic_id_error:
            return true;
        default:
            return false;
    }
}

std::string user_message(const error& e) {
    if (!e.detail.empty()) return e.detail;
    return e.code.message();
}

}  // namespace odradek::client
