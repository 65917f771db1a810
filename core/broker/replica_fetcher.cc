#include "broker/replica_fetcher.h"

#include <set>
#include <vector>

#include "broker/partition.h"
#include "broker/replica_manager.h"
#include "client/connection.h"
#include "protocol/error_code.h"
#include "protocol/messages/fetch.h"
#include "protocol/messages/list_offsets.h"

namespace odradek::broker {

using protocol::error_code;
using clock_type = std::chrono::steady_clock;

class replica_fetcher_manager::fetcher {
public:
    fetcher(int32_t leader, replica_fetcher_manager& m) : leader_(leader), m_(m) {
        thread_ = std::thread([this] { run(); });
    }
    ~fetcher() {
        {
            std::lock_guard lock(mu_);
            stopping_ = true;
        }
        cv_.notify_all();
        stop_flag_ = true;
        if (thread_.joinable()) thread_.join();
    }

    void set(std::set<storage::topic_partition> parts) {
        {
            std::lock_guard lock(mu_);
            parts_ = std::move(parts);
        }
        cv_.notify_all();
    }

private:
    // Waits `d` unless stopping or the partition set changes; false when stopping.
    bool pause(std::chrono::milliseconds d) {
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, d, [&] { return stopping_; });
        return !stopping_;
    }

    std::string name() const {
        return "[ReplicaFetcher replicaId=" + std::to_string(m_.opts_.broker_id) +
               ", leaderId=" + std::to_string(leader_) + ", fetcherId=0]";
    }

    bool connect() {
        if (conn_ && conn_->usable()) return true;
        conn_.reset();
        auto snap = m_.cache_.snapshot();
        auto it = snap->brokers.find(leader_);
        const broker_endpoint* ep = it == snap->brokers.end() ? nullptr : it->second.endpoint_for(m_.opts_.listener);
        if (!ep) return false;  // not registered (yet): the metadata will tell
        client::connection_options co;
        co.client_id = "broker-" + std::to_string(m_.opts_.broker_id) + "-fetcher-0";
        co.cancel = &stop_flag_;
        auto c = client::connection::open(leader_, ep->host, ep->port, co,
                                          clock_type::now() + std::chrono::milliseconds(m_.opts_.request_timeout_ms));
        if (!c) {
            m_.log_->warn("{} Error in response for fetch request: connection to node {} ({}:{}) failed: {}", name(),
                          leader_, ep->host, ep->port, c.err().message());
            return false;
        }
        conn_ = std::move(*c);
        return true;
    }

    // The leader's earliest offset for `tp` (ListOffsets -2 as a replica).
    std::optional<int64_t> leader_log_start(const storage::topic_partition& tp) {
        protocol::list_offsets_request req;
        req.replica_id = m_.opts_.broker_id;
        auto& t = req.topics.emplace_back();
        t.name = tp.topic;
        auto& p = t.partitions.emplace_back();
        p.partition_index = tp.partition;
        p.timestamp = -2;
        auto v = conn_->version_for<protocol::list_offsets_request>(7);
        if (!v) return std::nullopt;
        auto r = conn_->call<protocol::list_offsets_response>(
            req, *v, clock_type::now() + std::chrono::milliseconds(m_.opts_.request_timeout_ms));
        if (!r) return std::nullopt;
        for (const auto& rt : r->body.topics)
            for (const auto& rp : rt.partitions)
                if (rp.error_code == 0) return rp.offset;
        return std::nullopt;
    }

    void run() {
        while (!stop_flag_) {
            std::set<storage::topic_partition> parts;
            {
                std::lock_guard lock(mu_);
                parts = parts_;
            }
            if (parts.empty()) {
                if (!pause(std::chrono::milliseconds(1000))) return;
                continue;
            }
            if (!connect()) {
                if (!pause(m_.opts_.backoff)) return;
                continue;
            }
            if (!fetch_once(parts) && !pause(m_.opts_.backoff)) return;
        }
    }

    // One Fetch round; false when nothing could progress (back off).
    bool fetch_once(const std::set<storage::topic_partition>& parts) {
        auto v = conn_->version_for<protocol::fetch_request>(12);
        if (!v) {
            m_.log_->error("{} The leader serves no Fetch version this follower speaks: {}", name(), v.err().message());
            return false;
        }
        protocol::fetch_request req;
        req.replica_id = m_.opts_.broker_id;
        req.max_wait_ms = m_.opts_.max_wait_ms;
        req.min_bytes = m_.opts_.min_bytes;
        req.max_bytes = m_.opts_.max_bytes;
        req.session_id = 0;
        req.session_epoch = -1;  // no session
        std::map<storage::topic_partition, std::shared_ptr<partition>> asked;
        for (const auto& tp : parts) {
            auto p = m_.replicas_.get(tp);
            if (!p) continue;
            auto pos = p->follower_fetch_position();
            if (pos.log_end_offset < 0 || pos.leader != leader_) continue;
            if (req.topics.empty() || req.topics.back().topic != tp.topic) req.topics.emplace_back().topic = tp.topic;
            auto& fp = req.topics.back().partitions.emplace_back();
            fp.partition = tp.partition;
            fp.current_leader_epoch = pos.leader_epoch;
            fp.fetch_offset = pos.log_end_offset;
            fp.last_fetched_epoch = pos.last_fetched_epoch;
            fp.log_start_offset = p->log_start_offset();
            fp.partition_max_bytes = m_.opts_.partition_max_bytes;
            asked[tp] = p;
        }
        if (asked.empty()) return false;
        auto deadline = clock_type::now() + std::chrono::milliseconds(m_.opts_.max_wait_ms + m_.opts_.request_timeout_ms);
        auto resp = conn_->call<protocol::fetch_response>(req, *v, deadline);
        if (!resp) {
            if (!stop_flag_)
                m_.log_->warn("{} Error sending fetch request to node {}: {}", name(), leader_, resp.err().message());
            conn_.reset();
            return false;
        }
        if (resp->body.error_code != 0) {
            m_.log_->warn("{} Fetch failed with error code {}", name(), resp->body.error_code);
            return false;
        }
        bool progressed = false;
        for (const auto& rt : resp->body.responses) {
            for (const auto& pd : rt.partitions) {
                storage::topic_partition tp{rt.topic, pd.partition_index};
                auto it = asked.find(tp);
                if (it == asked.end()) continue;
                progressed |= handle(tp, *it->second, pd);
            }
        }
        return progressed;
    }

    bool handle(const storage::topic_partition& tp, partition& p, const protocol::fetch_response::partition_data& pd) {
        const auto err = error_code(pd.error_code);
        if (err == error_code::none) {
            if (pd.diverging_epoch.epoch >= 0) {
                auto leo = p.truncate_to_diverging_epoch(pd.diverging_epoch.epoch, pd.diverging_epoch.end_offset);
                if (!leo) {
                    m_.log_->error("{} Truncation of {}-{} failed: {}", name(), tp.topic, tp.partition,
                                   leo.err().message());
                    return false;
                }
                m_.log_->info("{} Truncating partition {}-{} with TruncationState(offset={}, completed=true) due to "
                              "leader epoch and offset EpochEndOffset(epoch={}, endOffset={})",
                              name(), tp.topic, tp.partition, *leo, pd.diverging_epoch.epoch,
                              pd.diverging_epoch.end_offset);
                return true;
            }
            const bool has_records = pd.records && !pd.records->empty();
            if (!has_records) {
                p.update_follower_high_watermark(pd.high_watermark, pd.log_start_offset);
                return true;
            }
            if (auto st = p.append_records_as_follower(*pd.records, pd.high_watermark, pd.log_start_offset); !st) {
                m_.log_->error("{} Unexpected error occurred while processing data for partition {}-{}: {}", name(),
                               tp.topic, tp.partition, st.err().message());
                return false;
            }
            return true;
        }
        if (err == error_code::offset_out_of_range) {
            auto start = leader_log_start(tp);
            auto pos = p.follower_fetch_position();
            if (start && pos.log_end_offset < *start) {
                m_.log_->warn("{} Reset fetch offset for partition {}-{} from {} to the leader's log start offset {}",
                              name(), tp.topic, tp.partition, pos.log_end_offset, *start);
                return static_cast<bool>(p.truncate_fully_and_start_at(*start));
            }
            return false;
        }
        // NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, UNKNOWN_*: the metadata
        // will move this partition; nothing to do here.
        return false;
    }

    const int32_t leader_;
    replica_fetcher_manager& m_;
    std::unique_ptr<client::connection> conn_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::atomic<bool> stop_flag_{false};
    std::set<storage::topic_partition> parts_;
    std::thread thread_;
};

replica_fetcher_manager::replica_fetcher_manager(replica_fetcher_options opts, replica_manager& replicas,
                                                 metadata_cache& cache, std::shared_ptr<spdlog::logger> log)
    : opts_(std::move(opts)), replicas_(replicas), cache_(cache), log_(std::move(log)) {}

replica_fetcher_manager::~replica_fetcher_manager() { stop(); }

void replica_fetcher_manager::set_partitions(const std::map<storage::topic_partition, int32_t>& followed) {
    std::map<int32_t, std::set<storage::topic_partition>> by_leader;
    for (const auto& [tp, leader] : followed)
        if (leader >= 0 && leader != opts_.broker_id) by_leader[leader].insert(tp);
    std::vector<std::unique_ptr<fetcher>> retired;
    {
        std::lock_guard lock(mu_);
        if (stopped_) return;
        for (auto it = fetchers_.begin(); it != fetchers_.end();) {
            if (by_leader.count(it->first)) {
                ++it;
                continue;
            }
            retired.push_back(std::move(it->second));
            it = fetchers_.erase(it);
        }
        for (auto& [leader, parts] : by_leader) {
            auto& f = fetchers_[leader];
            if (!f) {
                log_->info("[ReplicaFetcherManager on broker {}] Added fetcher to broker {} for {} partition(s)",
                           opts_.broker_id, leader, parts.size());
                f = std::make_unique<fetcher>(leader, *this);
            }
            f->set(std::move(parts));
        }
    }
    retired.clear();  // joins outside the lock
}

void replica_fetcher_manager::stop() {
    std::map<int32_t, std::unique_ptr<fetcher>> all;
    {
        std::lock_guard lock(mu_);
        stopped_ = true;
        all.swap(fetchers_);
    }
    all.clear();
}

}  // namespace odradek::broker
