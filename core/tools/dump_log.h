#pragma once
// kafka-dump-log: prints log segments (.log), offset indexes (.index) and time
// indexes (.timeindex) in the shape of Kafka 3.7's DumpLogSegments, so output
// people compare against Kafka's, or parse with scripts, reads the same.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace odradek::tools {

struct dump_log_options {
    std::vector<std::string> files;
    bool print_data_log = false;   // print keys and payloads (implies deep iteration)
    bool deep_iteration = false;   // print every record, not only batches
    bool verify_index_only = false;
    bool index_sanity_check = false;
    bool skip_record_metadata = false;
    int32_t max_message_size = 5 * 1024 * 1024;
    int32_t max_bytes = INT32_MAX;  // bytes of each .log to read; trailing-byte check only when unlimited
    std::string key_decoder = "kafka.serializer.StringDecoder";
    std::string value_decoder = "kafka.serializer.StringDecoder";
};

// Splits --files on commas, as Kafka does (no trimming, empty items dropped).
std::vector<std::string> split_file_list(const std::string& list);

// Returns the process exit code: 0 when every file was read (problems found
// inside files are reported on `err`, as Kafka does), 1 when an option is
// invalid or a file cannot be opened.
int run_dump_log(const dump_log_options& options, std::ostream& out, std::ostream& err);

}  // namespace odradek::tools
