#pragma once
// meta.properties: the file in every log directory that ties it to one
// cluster and one broker (Kafka's MetaProperties, ZooKeeper mode = version 0).
// Written as java.util.Properties.store writes it on Java 11/17 (a blank
// comment, the date, then the keys in ConcurrentHashMap order):
//
//   #
//   #Sun Nov 22 08:52:13 UTC 2026
//   broker.id=0
//   version=0
//   cluster.id=LsfhJ0lRQk-9PHrdJ2P_Hw
//
// Version 0 keeps broker.id (optional) and cluster.id (optional); version 1
// (KRaft) keeps node.id and is refused by a ZooKeeper-mode broker, as Kafka
// does. Written temp file -> fsync -> rename -> fsync dir.

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "storage/file.h"

namespace odradek::broker {

inline constexpr const char* kMetaPropertiesFile = "meta.properties";

struct meta_properties {
    int32_t version = 0;
    std::optional<std::string> cluster_id;
    std::optional<int32_t> broker_id;       // "broker.id" (v0) / "node.id" (v1)
    std::optional<std::string> directory_id;  // kept as read (KRaft migration)

    bool operator==(const meta_properties&) const = default;
};

// Reads <dir>/meta.properties; nullopt when there is none. Malformed content
// is errc::bad_meta_properties with Kafka's wording ("Unable to read broker.id
// as a base-10 number.", "Unknown meta.properties version number 7").
result<std::optional<meta_properties>> read_meta_properties(storage::file_system& fs, const std::string& dir);

// The file's text; now_ms is the date in the second comment line (local time,
// Java's Date.toString format).
std::string format_meta_properties(const meta_properties& m, int64_t now_ms);

status write_meta_properties(storage::file_system& fs, const std::string& dir, const meta_properties& m,
                             int64_t now_ms);

// MetaPropertiesEnsemble.verify for one directory, as a ZooKeeper-mode broker
// runs it: version must be 0 (errc::bad_meta_properties), a cluster.id must
// equal *expected_cluster_id (errc::inconsistent_cluster_id "Invalid
// cluster.id in: <path>. Expected X, but read Y") and a broker.id
// *expected_broker_id (errc::inconsistent_broker_id "Stored node id ...").
// An unset expectation is taken from the file, so that several directories
// are checked against each other.
status verify_meta_properties(const meta_properties& m, const std::string& dir,
                              std::optional<std::string>& expected_cluster_id,
                              std::optional<int32_t>& expected_broker_id);

}  // namespace odradek::broker
