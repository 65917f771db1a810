#pragma once
// partition.metadata: the topic id of a partition's log, in the partition
// directory (Kafka's PartitionMetadataFile), so a log left behind by a deleted
// topic is never mistaken for a new topic of the same name:
//
//   version: 0
//   topic_id: LsfhJ0lRQk-9PHrdJ2P_Hw        (no newline at the end)
//
// Topic ids print as Kafka's Uuid.toString does (base/uuid_text.h).

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "protocol/types.h"
#include "storage/file.h"

namespace odradek::broker {

inline constexpr const char* kPartitionMetadataFile = "partition.metadata";


// The topic id on disk; nullopt when the file is absent. A malformed file is
// storage errc::corrupt_checkpoint. Comparing it with the expected id (and
// failing with errc::inconsistent_topic_id) is the caller's job.
result<std::optional<protocol::uuid>> read_partition_metadata(storage::file_system& fs, const std::string& dir);
status write_partition_metadata(storage::file_system& fs, const std::string& dir, const protocol::uuid& id);

}  // namespace odradek::broker
