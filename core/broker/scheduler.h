#pragma once
// scheduler: one thread running periodic tasks (Kafka's KafkaScheduler for
// log flush, retention, checkpoints). A task that runs long delays the
// others; the log tasks are short because they lock one log at a time.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace odradek::broker {

class scheduler {
public:
    scheduler() = default;
    ~scheduler() { stop(); }
    scheduler(const scheduler&) = delete;
    scheduler& operator=(const scheduler&) = delete;

    // Before start(): runs `fn` every `period` (first run one period after start).
    // Periods of a century or more never come (Kafka's Long.MaxValue
    // defaults, e.g. log.flush.scheduler.interval.ms): they are not scheduled,
    // as adding them to now() would overflow into the past and spin.
    void schedule(std::string name, std::chrono::milliseconds period, std::function<void()> fn) {
        if (period >= std::chrono::hours(24 * 365 * 100)) return;
        tasks_.push_back({std::move(name), period, std::move(fn), {}});
    }
    void start() {
        auto now = std::chrono::steady_clock::now();
        for (auto& t : tasks_) t.due = now + t.period;
        thread_ = std::thread([this] { run(); });
    }
    // Waits for a running task to finish; runs nothing after.
    void stop() {
        {
            std::lock_guard lock(mu_);
            stopping_ = true;
        }
        cv_.notify_all();
        if (thread_.joinable()) thread_.join();
    }

private:
    struct task {
        std::string name;
        std::chrono::milliseconds period;
        std::function<void()> fn;
        std::chrono::steady_clock::time_point due;
    };
    void run() {
        std::unique_lock lock(mu_);
        while (!stopping_) {
            auto next = std::chrono::steady_clock::time_point::max();
            for (const auto& t : tasks_) next = std::min(next, t.due);
            if (tasks_.empty()) {
                cv_.wait(lock, [&] { return stopping_; });
                break;
            }
            if (cv_.wait_until(lock, next, [&] { return stopping_; })) break;
            auto now = std::chrono::steady_clock::now();
            for (auto& t : tasks_) {
                if (t.due > now) continue;
                lock.unlock();
                t.fn();
                lock.lock();
                t.due = std::chrono::steady_clock::now() + t.period;
                if (stopping_) break;
            }
        }
    }

    std::vector<task> tasks_;
    std::thread thread_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
};

}  // namespace odradek::broker
