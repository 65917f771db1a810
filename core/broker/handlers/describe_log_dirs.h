#pragma once
// DescribeLogDirs (key 35), versions 0-4, as Kafka 3.7's
// KafkaApis.handleDescribeLogDirsRequest + ReplicaManager.describeLogDirs.
//
// Versions: v1 as v0; v2 flexible; v3 top-level error_code; v4 total_bytes and
// usable_bytes per directory (KIP-827).
//
// Every log directory is listed (absolute path, log.dirs order) with the
// partitions asked for (all when topics is null): size in bytes, offset lag
// max(high watermark - log end offset, 0) (always 0 on a leader), is_future
// false. As in Kafka, every topic with a log in a directory gets an entry,
// possibly with no partitions when none of them was asked for. A directory
// whose file system cannot be queried answers KAFKA_STORAGE_ERROR. Not
// implemented: future logs (replica moves between directories). No
// authorizer: never CLUSTER_AUTHORIZATION_FAILED.

#include <cstdint>

#include "broker/log_manager.h"
#include "protocol/messages/describe_log_dirs.h"

namespace odradek::broker {

protocol::describe_log_dirs_response handle_describe_log_dirs(const protocol::describe_log_dirs_request& req,
                                                              int16_t version, const log_manager& logs);

}  // namespace odradek::broker
