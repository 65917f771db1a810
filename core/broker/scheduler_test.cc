#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <limits>
#include <thread>

#include "broker/scheduler.h"

using namespace odradek::broker;

TEST_CASE("a task with Kafka's Long.MaxValue period never runs (and does not spin)") {
    // log.flush.scheduler.interval.ms defaults to Long.MAX_VALUE: now() + period
    // used to overflow into the past, so the task ran back to back forever.
    std::atomic<int> never{0};
    std::atomic<int> often{0};
    scheduler s;
    s.schedule("never", std::chrono::milliseconds(std::numeric_limits<int64_t>::max()), [&] { ++never; });
    s.schedule("often", std::chrono::milliseconds(1), [&] { ++often; });
    s.start();
    while (often.load() < 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    s.stop();
    CHECK(never.load() == 0);
}
