#pragma once
// replica_manager: the partitions this broker hosts (Kafka's ReplicaManager,
// the local half): become leader/follower as the cluster metadata says, stop
// hosting, look partitions up, and append with a hook the Fetch long poll
// waits on.
//
// A partition that is not hosted here gets UNKNOWN_TOPIC_OR_PARTITION or
// NOT_LEADER_OR_FOLLOWER depending on whether the cluster knows it; that
// needs the metadata cache, so the handlers decide it (topic_lookup.h).
//
// Threading: any thread. The partition map is behind a shared_mutex (lookups
// share it); partitions lock themselves (partition.h). Lock order: this
// map's mutex, the log manager's, a partition's; the map's mutex is never held
// while a partition works or a hook runs.

#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "base/result.h"
#include "broker/log_manager.h"
#include "broker/partition.h"
#include "broker/topic_settings.h"

namespace odradek::broker {

class replica_manager {
public:
    // Called after every successful append (a duplicate retry included), on
    // the appending thread, with no lock held; it must be quick (wake fetch
    // waiters and return).
    using append_hook = std::function<void(const topic_partition&)>;

    // `logs` outlives the replica manager.
    replica_manager(int32_t local_broker_id, log_manager& logs) : broker_id_(local_broker_id), logs_(logs) {}

    int32_t broker_id() const noexcept { return broker_id_; }
    log_manager& logs() noexcept { return logs_; }

    // Hosts tp (creating its log if needed, with settings.log) and makes this
    // broker its leader with st (st.leader should be broker_id()). Errors:
    // storage errors creating the log, errc::inconsistent_topic_id.
    result<std::shared_ptr<partition>> become_leader(const topic_partition& tp, const partition_state& st,
                                                     const topic_settings& settings);
    // The same as a follower (no fetcher yet: the log only holds what it had).
    result<std::shared_ptr<partition>> become_follower(const topic_partition& tp, const partition_state& st,
                                                       const topic_settings& settings);
    // Stops hosting tp; with delete_log its log directory goes too (topic
    // deletion). Not hosted and no log: ok.
    status stop_replica(const topic_partition& tp, bool delete_log);

    // nullptr when tp is not hosted here.
    std::shared_ptr<partition> get(const topic_partition& tp) const;
    std::vector<std::shared_ptr<partition>> partitions() const;
    // A topic config change for every hosted partition of `topic`.
    void update_topic_settings(const std::string& topic, const topic_settings& settings);

    void set_on_append(append_hook hook);
    // partition::append_records_as_leader, then the hook on success.
    append_result append_records(partition& p, mutable_byte_span records, int16_t required_acks);

    // producer.id.expiration.ms, for the broker's timer
    // (producer.id.expiration.check.interval.ms).
    void remove_expired_producers(int64_t now_ms, int64_t expiration_ms);

private:
    result<std::shared_ptr<partition>> become(const topic_partition& tp, const partition_state& st,
                                              const topic_settings& settings);

    const int32_t broker_id_;
    log_manager& logs_;
    mutable std::shared_mutex mu_;  // guards the members below
    std::map<topic_partition, std::shared_ptr<partition>> partitions_;
    std::shared_ptr<const append_hook> on_append_;
};

}  // namespace odradek::broker
