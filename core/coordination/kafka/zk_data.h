#pragma once
// The JSON (and plain-text) content of Kafka's znodes, as ZkData.scala writes
// and reads it (Kafka 3.7, ZooKeeper mode). Encoders write compact JSON (no
// spaces) with keys in the order Kafka's own brokers happen to write them;
// readers look fields up by name, so any key order decodes (Jackson's order is
// not significant). Decoders never throw: bytes that do not parse, miss a
// required field or have a field of the wrong JSON type are
// errc::malformed_data with Kafka's message where it has one ("Failed to parse
// ZooKeeper registration for broker 1: <json>"). Integer fields accept JSON
// integers only, in the range of the Java type (Jackson's isInt / isLong).
//
// Examples of each layout (from Kafka's docs, tests and a running 3.7 broker):
//   /brokers/ids/0   {"features":{},"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},
//                     "endpoints":["PLAINTEXT://host1:9092"],"jmx_port":-1,"port":9092,
//                     "host":"host1","version":5,"timestamp":"1700000000000"}
//   /brokers/topics/t {"partitions":{"0":[0,1]},"topic_id":"NPmZHyhbR9y00wMglMH2sg",
//                     "adding_replicas":{},"removing_replicas":{},"version":3}
//   .../state        {"controller_epoch":1,"leader":0,"version":1,"leader_epoch":0,"isr":[0,1]}
//   /controller      {"version":2,"brokerid":0,"timestamp":"1700000000000","kraftControllerEpoch":-1}
//   /controller_epoch  1
//   /cluster/id      {"version":"1","id":"NPmZHyhbR9y00wMglMH2sg"}
//   /config/topics/t {"version":1,"config":{"retention.ms":"86400000"}}
//   /config/changes/config_change_0000000000  {"version":2,"entity_path":"topics/t"}
//   /isr_change_notification/isr_change_0000000000
//                    {"version":1,"partitions":[{"topic":"t","partition":0}]}
//   /log_dir_event_notification/log_dir_event_0000000000  {"version":1,"broker":0,"event":1}
//   /latest_producer_id_block {"version":1,"broker":0,"block_start":"0","block_end":"999"}
//   /feature         {"features":{},"version":2,"status":1}

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "coordination/kafka/uuid.h"

namespace odradek::coordination::kafka {

// Properties of a config entity (/config/<type>/<name>); values are strings.
using config_map = std::map<std::string, std::string>;

struct topic_partition {
    std::string topic;
    int32_t partition = 0;
    friend bool operator==(const topic_partition&, const topic_partition&) = default;
    friend auto operator<=>(const topic_partition&, const topic_partition&) = default;
};

// ---------------------------------------------------------------- brokers --

// One advertised listener: "<listener>://<host>:<port>" (IPv6 hosts in
// brackets; an empty host means the default interface and is kept as nullopt).
struct end_point {
    std::string listener_name;      // upper case (ListenerName.normalised)
    std::string security_protocol;  // PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL
    std::optional<std::string> host;
    int32_t port = 0;

    // EndPoint.connectionString: "PLAINTEXT://host:9092", "SSL://[::1]:9093", "X://:9092".
    std::string connection_string() const;
    friend bool operator==(const end_point&, const end_point&) = default;
};

// EndPoint.createEndPoint: parses a connection string; the listener's security
// protocol comes from `protocol_map` (listener -> protocol) or, without one,
// from the listener name itself. Errors (errc::malformed_data) carry Kafka's
// text: "Unable to parse X to a broker endpoint", "No security protocol defined
// for listener X".
result<end_point> parse_end_point(std::string_view connection_string,
                                  const std::map<std::string, std::string>* protocol_map = nullptr);

struct supported_version_range {
    int16_t min_version = 1;
    int16_t max_version = 1;
    friend bool operator==(const supported_version_range&, const supported_version_range&) = default;
};

// /brokers/ids/<id> (ephemeral). Versions: 1 (host, port only), 2 (+endpoints),
// 3 (+rack), 4 (+listener_security_protocol_map), 5 (+features, what 3.7
// writes). The top-level host and port are those of the first PLAINTEXT
// endpoint (null and -1 without one), kept for old clients.
struct broker_registration {
    int32_t id = 0;  // from the path, not the JSON
    int32_t version = 5;
    std::vector<end_point> endpoints;
    std::optional<std::string> rack;
    int32_t jmx_port = -1;
    int64_t timestamp_ms = 0;  // written as a string of milliseconds
    std::map<std::string, supported_version_range> features;
    friend bool operator==(const broker_registration&, const broker_registration&) = default;
};
byte_buffer encode_broker_registration(const broker_registration& b);
result<broker_registration> decode_broker_registration(int32_t id, byte_span json);

// ----------------------------------------------------------------- topics --

// One partition's replicas, and the replicas being added / removed by an
// in-flight reassignment (both empty otherwise).
struct replica_assignment {
    std::vector<int32_t> replicas;
    std::vector<int32_t> adding_replicas;
    std::vector<int32_t> removing_replicas;
    bool is_being_reassigned() const noexcept { return !adding_replicas.empty() || !removing_replicas.empty(); }
    friend bool operator==(const replica_assignment&, const replica_assignment&) = default;
};

// /brokers/topics/<t>, version 3. Partition ids are string keys in the JSON.
struct topic_assignment {
    std::optional<uuid> topic_id;  // absent for topics created before ids existed
    std::map<int32_t, replica_assignment> partitions;
    friend bool operator==(const topic_assignment&, const topic_assignment&) = default;
};
byte_buffer encode_topic_assignment(const topic_assignment& a);
result<topic_assignment> decode_topic_assignment(byte_span json);

// LeaderRecoveryState.
enum class leader_recovery_state : int8_t { recovered = 0, recovering = 1 };

// /brokers/topics/<t>/partitions/<p>/state, version 1 (LeaderIsrAndControllerEpoch).
// leader_recovery_state is written only when not RECOVERED; leader -1 means
// no leader.
struct partition_state {
    int32_t leader = -1;
    int32_t leader_epoch = 0;
    std::vector<int32_t> isr;
    int32_t controller_epoch = 0;
    leader_recovery_state recovery_state = leader_recovery_state::recovered;
    // The znode's version (partitionEpoch): not in the JSON; filled in by reads
    // and used by conditional updates.
    int32_t zk_version = -1;
    friend bool operator==(const partition_state&, const partition_state&) = default;
};
byte_buffer encode_partition_state(const partition_state& s);
// zk_version is set from `zk_version`.
result<partition_state> decode_partition_state(byte_span json, int32_t zk_version = -1);

// ------------------------------------------------------------- controller --

// /controller (ephemeral), version 2. kraft_controller_epoch is -1 for a ZK
// controller; absent in version 1.
struct controller_registration {
    int32_t broker_id = -1;
    int64_t timestamp_ms = 0;
    std::optional<int32_t> kraft_controller_epoch = -1;
    friend bool operator==(const controller_registration&, const controller_registration&) = default;
};
byte_buffer encode_controller(const controller_registration& c);
result<controller_registration> decode_controller(byte_span json);

// /controller_epoch: the epoch as decimal text, not JSON.
byte_buffer encode_controller_epoch(int32_t epoch);
result<int32_t> decode_controller_epoch(byte_span text);

// -------------------------------------------------------------- cluster id --

// /cluster/id: {"version":"1","id":"<22 chars>"} (version is a string here).
byte_buffer encode_cluster_id(std::string_view id);
result<std::string> decode_cluster_id(byte_span json);

// ---------------------------------------------------------------- configs --

// /config/<type>/<name>: {"version":1,"config":{...}}. Decoding null or empty
// data, or JSON without a "config" object, gives no properties (as Kafka);
// JSON that does not parse, or a non-string value, is an error.
byte_buffer encode_entity_config(const config_map& config);
result<config_map> decode_entity_config(byte_span json);

// /config/changes/config_change_<seq>: {"version":2,"entity_path":"topics/foo"}.
// Decoding also reads version 1 ({"version":1,"entity_type":"topics",
// "entity_name":"foo"}) and returns "<type>/<name>".
byte_buffer encode_config_change(std::string_view entity_path);
result<std::string> decode_config_change(byte_span json);

// ----------------------------------------------------------- notifications --

// /isr_change_notification/isr_change_<seq>, version 1.
byte_buffer encode_isr_change(const std::vector<topic_partition>& partitions);
result<std::vector<topic_partition>> decode_isr_change(byte_span json);

// /log_dir_event_notification/log_dir_event_<seq>: {"version":1,"broker":b,"event":1}.
byte_buffer encode_log_dir_event(int32_t broker_id);
result<int32_t> decode_log_dir_event(byte_span json);

// ------------------------------------------------------------ producer ids --

// ProducerIdsBlock: [first, first + size - 1] assigned to a broker.
struct producer_id_block {
    int32_t broker_id = -1;
    int64_t first_producer_id = 0;
    int32_t size = 0;
    int64_t last_producer_id() const noexcept { return first_producer_id + size - 1; }
    int64_t next_block_first_id() const noexcept { return first_producer_id + size; }
    friend bool operator==(const producer_id_block&, const producer_id_block&) = default;
};
inline constexpr int32_t kProducerIdBlockSize = 1000;  // PRODUCER_ID_BLOCK_SIZE

// /latest_producer_id_block: {"version":1,"broker":0,"block_start":"0","block_end":"999"}.
byte_buffer encode_producer_id_block(const producer_id_block& b);
result<producer_id_block> decode_producer_id_block(byte_span json);

// ----------------------------------------------------------------- feature --

// /feature: version 1 writes {"max_version_level":v,"min_version_level":v} per
// feature, version 2 (IBP >= 3.3, what 3.7 writes) only max_version_level.
// status: 0 disabled, 1 enabled.
struct feature_znode {
    int32_t version = 2;
    int32_t status = 1;
    std::map<std::string, int16_t> features;  // finalized max version level
    friend bool operator==(const feature_znode&, const feature_znode&) = default;
};
byte_buffer encode_feature_znode(const feature_znode& f);
// With FeatureZNode.decode's checks and messages (errc::malformed_data).
result<feature_znode> decode_feature_znode(byte_span json);

}  // namespace odradek::coordination::kafka
