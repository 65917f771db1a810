#pragma once
// The identifiers that flow between modules, as strong types.

#include <cstdint>

#include "base/strong_type.h"

namespace odradek {

// An absolute offset in a partition log (Kafka's "offset").
using offset = named_type<int64_t, struct offset_tag>;
// An offset relative to a segment's base offset, as stored in .index entries.
using relative_offset = named_type<int32_t, struct relative_offset_tag>;
// A byte position inside a segment file.
using file_position = named_type<int64_t, struct file_position_tag>;
using partition_id = named_type<int32_t, struct partition_id_tag>;
using broker_id = named_type<int32_t, struct broker_id_tag>;
using leader_epoch = named_type<int32_t, struct leader_epoch_tag>;
using producer_id = named_type<int64_t, struct producer_id_tag>;
// A ZooKeeper transaction id.
using zxid = named_type<int64_t, struct zxid_tag>;
// Milliseconds since the Unix epoch, as Kafka timestamps are.
using timestamp_ms = named_type<int64_t, struct timestamp_ms_tag>;

inline constexpr int64_t no_timestamp = -1;

}  // namespace odradek
