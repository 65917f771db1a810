#pragma once
// kafka-delete-records and kafka-log-dirs, as Kafka 3.7's DeleteRecordsCommand
// and LogDirsCommand.
//
// kafka-delete-records --offset-json-file f: deletes the records of each
// partition before its offset ({"partitions": [{"topic": "foo", "partition":
// 1, "offset": 1}], "version": 1}) and prints
//   Executing records delete operation
//   Records delete operation completed:
//   partition: foo-1<TAB>low_watermark: 1
//
// kafka-log-dirs --describe: prints "Querying brokers for log directories
// information", "Received log directory information from brokers 0,1" and one
// line of JSON with Jackson's field order (Java HashMap iteration order):
//   {"brokers":[{"broker":0,"logDirs":[{"partitions":[{"partition":"t-0",
//   "size":0,"offsetLag":0,"isFuture":false}],"error":null,"logDir":"/d"}]}],"version":1}

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "tools/topics.h"  // admin_factory

namespace odradek::tools {

struct delete_records_options {
    std::string bootstrap_server;
    std::string offset_json_file;
    std::optional<std::string> command_config;
};

int run_delete_records(const delete_records_options& o, std::ostream& out, std::ostream& err);
// `json` is the offset file's contents.
int run_delete_records_with(const std::string& json, const admin_factory& make_admin, std::ostream& out,
                            std::ostream& err);

struct log_dirs_options {
    std::string bootstrap_server;
    std::optional<std::string> command_config;
    std::string topic_list;   // "t1,t2"; empty: all topics
    std::string broker_list;  // "0,1"; empty: all brokers
};

int run_log_dirs(const log_dirs_options& o, std::ostream& out, std::ostream& err);
int run_log_dirs_with(const log_dirs_options& o, const admin_factory& make_admin, std::ostream& out,
                      std::ostream& err);

// Java's HashMap iteration order for keys with the given Java hash codes,
// inserted in this order: the permutation of indexes (exposed for tests).
std::vector<size_t> java_hash_map_order(const std::vector<int32_t>& hashes);
int32_t java_string_hash(const std::string& s);

}  // namespace odradek::tools
