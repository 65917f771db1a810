#pragma once
// Errors of Kafka's ZooKeeper layer. Each value stands for one exception class
// Kafka throws from KafkaZkClient / AdminZkClient / AdminUtils, and the error's
// detail carries Kafka's own message ("Topic 'foo' already exists.",
// "Replication factor: 3 larger than available brokers: 1."), so the broker can
// answer with kafka_error_code() and the detail as the error message, and tools
// can print the detail as Kafka would.
//
// ZooKeeper failures (NoNode, BadVersion, ConnectionLoss, ...) are passed
// through unchanged as zk_category() errors (coordination/client/zk_errc.h)
// whose detail is the znode path.

#include <cstdint>
#include <system_error>

#include "base/error_category.h"
#include "base/result.h"

namespace odradek::coordination::kafka {

enum class errc {
    malformed_data = 1,         // a znode's content does not decode (KafkaException)
    topic_exists,               // TopicExistsException
    invalid_topic,              // InvalidTopicException (name collision)
    unknown_topic,              // UnknownTopicOrPartitionException
    topic_already_marked_for_deletion,  // TopicAlreadyMarkedForDeletionException
    invalid_partitions,         // InvalidPartitionsException
    invalid_replication_factor,  // InvalidReplicationFactorException
    invalid_replica_assignment,  // InvalidReplicaAssignmentException
    broker_not_available,       // BrokerNotAvailableException
    reassignment_in_progress,   // ReassignmentInProgressException
    admin_operation,            // AdminOperationException
    admin_command_failed,       // AdminCommandFailedException (TopicCommand)
    number_format,              // NumberFormatException ("For input string: \"x\"")
    controller_moved,           // ControllerMovedException
    producer_ids_exhausted,     // KafkaException("Have exhausted all producerIds.")
    cluster_id_missing,         // KafkaException: /cluster/id went away
    invalid_argument,           // IllegalArgumentException / IllegalStateException
};

const std::error_category& kafka_zk_category() noexcept;
inline std::error_code make_error_code(errc e) noexcept { return {int(e), kafka_zk_category()}; }

// The Kafka protocol error code a broker answers with for this error
// (TOPIC_ALREADY_EXISTS = 36, INVALID_REPLICATION_FACTOR = 38, ...); -1
// (UNKNOWN_SERVER_ERROR) for errors with no code of their own, including every
// ZooKeeper error.
int16_t kafka_error_code(const error& e) noexcept;

}  // namespace odradek::coordination::kafka

ODRADEK_ERRC_ENUM(odradek::coordination::kafka::errc)
