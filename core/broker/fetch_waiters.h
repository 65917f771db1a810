#pragma once
// fetch_waiters: where long-polling Fetch requests park until data arrives
// (Kafka's delayed fetch purgatory, keyed by partition). A waiting fetch
// registers the partitions it reads and a timer; an append to one of them
// cancels the timer, which wakes the fetch to read again. Waking is cheap
// and may be spurious: the fetch re-checks min_bytes and its deadline.
//
// No lost wake-ups: notify() sets `fired` before posting the cancel to the
// timer's executor (the fetch's strand). The fetch clears `fired`, reads,
// and only waits if `fired` is still clear; a cancel posted meanwhile runs
// on the strand after the fetch is suspended in async_wait, so it lands.

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include <asio.hpp>

#include "storage/log.h"

namespace odradek::broker {

class fetch_waiters {
public:
    struct wait_state {
        explicit wait_state(asio::any_io_executor ex) : timer(std::move(ex)) {}
        asio::steady_timer timer;
        std::atomic<bool> fired{false};
    };
    using timer_ptr = std::shared_ptr<wait_state>;

    // The waiter's timer is cancelled (on its own executor) when one of `tps`
    // gets an append, until remove().
    uint64_t add(const std::vector<storage::topic_partition>& tps, timer_ptr timer) {
        std::lock_guard lock(mu_);
        uint64_t id = next_++;
        waiters_[id] = {tps, std::move(timer)};
        for (const auto& tp : tps) by_tp_[tp].insert(id);
        return id;
    }
    void remove(uint64_t id) {
        std::lock_guard lock(mu_);
        auto it = waiters_.find(id);
        if (it == waiters_.end()) return;
        for (const auto& tp : it->second.tps) {
            auto b = by_tp_.find(tp);
            if (b == by_tp_.end()) continue;
            b->second.erase(id);
            if (b->second.empty()) by_tp_.erase(b);
        }
        waiters_.erase(it);
    }
    // Called after every append (any thread).
    void notify(const storage::topic_partition& tp) {
        std::vector<timer_ptr> wake;
        {
            std::lock_guard lock(mu_);
            auto b = by_tp_.find(tp);
            if (b == by_tp_.end()) return;
            for (uint64_t id : b->second) wake.push_back(waiters_[id].timer);
        }
        for (auto& t : wake) {
            t->fired = true;
            asio::post(t->timer.get_executor(), [t] { t->timer.cancel(); });
        }
    }

private:
    struct waiter {
        std::vector<storage::topic_partition> tps;
        timer_ptr timer;
    };
    std::mutex mu_;
    uint64_t next_ = 1;
    std::map<uint64_t, waiter> waiters_;
    std::map<storage::topic_partition, std::set<uint64_t>> by_tp_;
};

}  // namespace odradek::broker
