#include "coordination/kafka/errc.h"

namespace odradek::coordination::kafka {

namespace {
const char* message(int v) {
    switch (errc(v)) {
        case errc::malformed_data: return "malformed znode data";
        case errc::topic_exists: return "topic already exists";
        case errc::invalid_topic: return "invalid topic";
        case errc::unknown_topic: return "unknown topic";
        case errc::topic_already_marked_for_deletion: return "topic already marked for deletion";
        case errc::invalid_partitions: return "invalid partitions";
        case errc::invalid_replication_factor: return "invalid replication factor";
        case errc::invalid_replica_assignment: return "invalid replica assignment";
        case errc::broker_not_available: return "broker not available";
        case errc::reassignment_in_progress: return "reassignment in progress";
        case errc::admin_operation: return "admin operation failed";
        case errc::admin_command_failed: return "admin command failed";
        case errc::number_format: return "not a number";
        case errc::controller_moved: return "controller moved";
        case errc::producer_ids_exhausted: return "producer ids exhausted";
        case errc::cluster_id_missing: return "cluster id missing";
        case errc::invalid_argument: return "invalid argument";
    }
    return "unknown kafka zk error";
}
const simple_category category("kafka-zk", message);
}  // namespace

const std::error_category& kafka_zk_category() noexcept { return category; }

int16_t kafka_error_code(const error& e) noexcept {
    if (e.code.category() != kafka_zk_category()) return -1;
    switch (errc(e.code.value())) {
        case errc::topic_exists: return 36;                  // TOPIC_ALREADY_EXISTS
        case errc::invalid_topic: return 17;                 // INVALID_TOPIC_EXCEPTION
        case errc::unknown_topic: return 3;                  // UNKNOWN_TOPIC_OR_PARTITION
        case errc::invalid_partitions: return 37;            // INVALID_PARTITIONS
        case errc::invalid_replication_factor: return 38;    // INVALID_REPLICATION_FACTOR
        case errc::invalid_replica_assignment: return 39;    // INVALID_REPLICA_ASSIGNMENT
        case errc::broker_not_available: return 8;           // BROKER_NOT_AVAILABLE
        case errc::reassignment_in_progress: return 60;      // REASSIGNMENT_IN_PROGRESS
        case errc::controller_moved: return 41;              // NOT_CONTROLLER
        default: return -1;                                  // UNKNOWN_SERVER_ERROR
    }
}

}  // namespace odradek::coordination::kafka
