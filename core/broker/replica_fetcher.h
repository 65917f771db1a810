#pragma once
// replica_fetcher: the follower side of replication, Kafka's
// ReplicaFetcherManager with one ReplicaFetcherThread per leader broker.
//
// Each thread sends Fetch requests (ReplicaId = this broker, v12 at most:
// topic names, LastFetchedEpoch) to its leader for every partition this
// broker follows there, starting at the follower's log end offset, and:
//  - appends the records as they are (partition::append_records_as_follower:
//    offsets and leader epochs kept) and takes the leader's high watermark
//    and log start offset;
//  - truncates when the leader answers a DivergingEpoch (KIP-320: a former
//    leader drops the tail the new leader never had);
//  - starts over at the leader's log start when its offset is out of range
//    below it (ListOffsets earliest, as ReplicaFetcherThread does);
//  - leaves a partition alone on NOT_LEADER_OR_FOLLOWER / FENCED_LEADER_EPOCH /
//    UNKNOWN_TOPIC_OR_PARTITION until the metadata moves it.
// The leader's side of the same exchange is partition::read with a replica id:
// each fetch offset is that follower's log end offset and may move the high
// watermark.
//
// Not yet: replica.fetch.response.max.bytes per-request budget beyond
// replica.fetch.max.bytes per partition, throttling, fetch sessions for
// followers, the ISR changes these fetches should cause (the controller's
// part; see partition.h).
//
// Threading: set_partitions() from the metadata thread; each fetcher thread
// owns its connection.

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <spdlog/logger.h>

#include "broker/metadata_cache.h"
#include "storage/log.h"

namespace odradek::broker {

class replica_manager;

struct replica_fetcher_options {
    int32_t broker_id = 0;
    std::string listener;                     // inter.broker.listener.name
    int32_t max_wait_ms = 500;                // replica.fetch.wait.max.ms
    int32_t min_bytes = 1;                    // replica.fetch.min.bytes
    int32_t max_bytes = 10485760;             // replica.fetch.response.max.bytes
    int32_t partition_max_bytes = 1048576;    // replica.fetch.max.bytes
    std::chrono::milliseconds backoff{1000};  // replica.fetch.backoff.ms
    int32_t request_timeout_ms = 30000;       // replica.socket.timeout.ms
};

class replica_fetcher_manager {
public:
    replica_fetcher_manager(replica_fetcher_options opts, replica_manager& replicas, metadata_cache& cache,
                            std::shared_ptr<spdlog::logger> log);
    ~replica_fetcher_manager();

    // The partitions this broker follows, each with its leader: fetchers for
    // leaders no longer named stop, new ones start.
    void set_partitions(const std::map<storage::topic_partition, int32_t>& followed);
    // Stops every fetcher, for good.
    void stop();

private:
    class fetcher;
    replica_fetcher_options opts_;
    replica_manager& replicas_;
    metadata_cache& cache_;
    std::shared_ptr<spdlog::logger> log_;
    std::mutex mu_;
    std::map<int32_t, std::unique_ptr<fetcher>> fetchers_;  // by leader id
    bool stopped_ = false;  // set_partitions is ignored after stop()
};

}  // namespace odradek::broker
