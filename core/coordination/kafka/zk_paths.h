#pragma once
// Where Kafka (ZooKeeper mode, 3.7) keeps its cluster metadata: the znode paths
// of ZkData.scala. Paths are client paths (the connect string's chroot, if any,
// is added by the ZooKeeper client). Each comment names the znode's kind and the
// decoder in zk_data.h that reads it.
//
//   /cluster/id                                   persistent   cluster_id
//   /controller                                   ephemeral    controller_registration
//   /controller_epoch                             persistent   decimal text
//   /brokers/ids/<id>                             ephemeral    broker_registration
//   /brokers/seqid                                persistent   (version = next id)
//   /brokers/topics/<t>                           persistent   topic_assignment
//   /brokers/topics/<t>/partitions/<p>/state      persistent   partition_state
//   /config/<type>/<name>                         persistent   entity config
//   /config/changes/config_change_<seq>           seq.         config change
//   /admin/delete_topics/<t>                      persistent   (empty marker)
//   /admin/reassign_partitions                    persistent   (legacy, unused)
//   /isr_change_notification/isr_change_<seq>     seq.         isr change
//   /log_dir_event_notification/log_dir_event_<seq> seq.       log dir event
//   /latest_producer_id_block                     persistent   producer_id_block
//   /feature                                      persistent   feature_znode

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace odradek::coordination::kafka {

// ConfigType: the entity types under /config.
namespace config_type {
inline constexpr std::string_view topic = "topics";
inline constexpr std::string_view client = "clients";
inline constexpr std::string_view user = "users";
inline constexpr std::string_view broker = "brokers";
inline constexpr std::string_view ip = "ips";
// ConfigType.all (client-metrics is not stored in ZooKeeper).
inline constexpr std::array<std::string_view, 5> all = {topic, client, user, broker, ip};
}  // namespace config_type

// ConfigEntityName.Default: the entity name of cluster-wide defaults.
inline constexpr std::string_view default_entity_name = "<default>";

namespace paths {

inline std::string brokers() { return "/brokers"; }
inline std::string brokers_ids() { return "/brokers/ids"; }
inline std::string broker(int32_t id) { return "/brokers/ids/" + std::to_string(id); }
inline std::string topics() { return "/brokers/topics"; }
inline std::string topic(std::string_view t) { return "/brokers/topics/" + std::string(t); }
inline std::string partitions(std::string_view t) { return topic(t) + "/partitions"; }
inline std::string partition(std::string_view t, int32_t p) { return partitions(t) + "/" + std::to_string(p); }
inline std::string partition_state(std::string_view t, int32_t p) { return partition(t, p) + "/state"; }
inline std::string seqid() { return "/brokers/seqid"; }

inline std::string controller() { return "/controller"; }
inline std::string controller_epoch() { return "/controller_epoch"; }
inline std::string cluster() { return "/cluster"; }
inline std::string cluster_id() { return "/cluster/id"; }

inline std::string config() { return "/config"; }
inline std::string config_entity_type(std::string_view type) { return "/config/" + std::string(type); }
inline std::string config_entity(std::string_view type, std::string_view name) {
    return config_entity_type(type) + "/" + std::string(name);
}
inline std::string config_changes() { return "/config/changes"; }
inline constexpr std::string_view config_change_prefix = "config_change_";
// The path to create (persistent sequential) for a config change notification.
inline std::string config_change_create() { return config_changes() + "/" + std::string(config_change_prefix); }

inline std::string admin() { return "/admin"; }
inline std::string delete_topics() { return "/admin/delete_topics"; }
inline std::string delete_topic(std::string_view t) { return "/admin/delete_topics/" + std::string(t); }
// Deprecated since Kafka 2.4 (AlterPartitionReassignments replaces it).
inline std::string reassign_partitions() { return "/admin/reassign_partitions"; }
inline std::string preferred_replica_election() { return "/admin/preferred_replica_election"; }

inline std::string isr_change_notification() { return "/isr_change_notification"; }
inline constexpr std::string_view isr_change_prefix = "isr_change_";
inline std::string isr_change(std::string_view seq) {
    return isr_change_notification() + "/" + std::string(isr_change_prefix) + std::string(seq);
}
inline std::string log_dir_event_notification() { return "/log_dir_event_notification"; }
inline constexpr std::string_view log_dir_event_prefix = "log_dir_event_";
inline std::string log_dir_event(std::string_view seq) {
    return log_dir_event_notification() + "/" + std::string(log_dir_event_prefix) + std::string(seq);
}

inline std::string latest_producer_id_block() { return "/latest_producer_id_block"; }
inline std::string feature() { return "/feature"; }
inline std::string consumers() { return "/consumers"; }

// ZkData.PersistentZkPaths: created (with parents) at broker startup.
inline constexpr std::array<std::string_view, 14> persistent_zk_paths = {
    "/consumers",  // the old consumer path
    "/brokers/ids",
    "/brokers/topics",
    "/config/changes",
    "/admin/delete_topics",
    "/brokers/seqid",
    "/isr_change_notification",
    "/latest_producer_id_block",
    "/log_dir_event_notification",
    "/config/topics",
    "/config/clients",
    "/config/users",
    "/config/brokers",
    "/config/ips",
};

// The sequence number of a sequential znode name or path
// ("/isr_change_notification/isr_change_0000000003" -> "0000000003").
inline std::string sequence_number(std::string_view path, std::string_view prefix) {
    auto at = path.rfind(prefix);
    if (at == std::string_view::npos) return std::string(path);
    return std::string(path.substr(at + prefix.size()));
}

}  // namespace paths
}  // namespace odradek::coordination::kafka
