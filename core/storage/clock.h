#pragma once
// clock: where storage gets "now" for segment.ms rolling, retention.ms,
// flush.ms and file.delete.delay.ms. Injected so tests never sleep.

#include <chrono>
#include <cstdint>

namespace odradek::storage {

class clock {
public:
    virtual ~clock() = default;
    // Milliseconds since the Unix epoch (Kafka timestamps use the same scale).
    virtual int64_t now_ms() const = 0;
};

class system_clock final : public clock {
public:
    int64_t now_ms() const override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

// A clock tests move by hand.
class manual_clock final : public clock {
public:
    explicit manual_clock(int64_t start_ms = 1'700'000'000'000) : now_(start_ms) {}
    int64_t now_ms() const override { return now_; }
    void advance(int64_t ms) { now_ += ms; }
    void set(int64_t ms) { now_ = ms; }

private:
    int64_t now_;
};

}  // namespace odradek::storage
