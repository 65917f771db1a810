#pragma once
// The small text files Kafka keeps next to the data (Kafka's CheckpointFile):
//
//   0                      version (always 0 for these files)
//   2                      number of entries
//   my-topic 0 1234        one entry per line, fields separated by a space
//   my-topic 1 99
//
// Offset checkpoints (recovery-point-offset-checkpoint,
// log-start-offset-checkpoint, replication-offset-checkpoint in a log dir) hold
// "topic partition offset"; leader-epoch-checkpoint in a partition dir holds
// "epoch start_offset". Writes go temp file -> fsync -> rename -> fsync dir
// (write_file_atomic), so a reader sees the old or the new file, never a mix.
// A missing file reads as no entries; anything malformed is
// errc::corrupt_checkpoint.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "storage/file.h"

namespace odradek::storage {

inline constexpr int kCheckpointVersion = 0;

struct topic_partition {
    std::string topic;
    int32_t partition = 0;
    auto operator<=>(const topic_partition&) const = default;
    // "<topic>-<partition>": the partition's directory name.
    std::string dir_name() const { return topic + "-" + std::to_string(partition); }
};

using offset_map = std::map<topic_partition, int64_t>;

// Lines without the two header lines; each line is split on single spaces.
status write_checkpoint(file_system& fs, const std::string& dir, const std::string& name,
                        const std::vector<std::string>& lines);
// The entry lines split into fields; `fields` is the required field count.
result<std::vector<std::vector<std::string>>> read_checkpoint(file_system& fs, const std::string& path,
                                                              size_t fields);

status write_offset_checkpoint(file_system& fs, const std::string& dir, const std::string& name,
                               const offset_map& offsets);
result<offset_map> read_offset_checkpoint(file_system& fs, const std::string& path);

// Parses a decimal int64 (optional leading '-'); false on anything else.
bool parse_int64(std::string_view s, int64_t& out) noexcept;

}  // namespace odradek::storage
