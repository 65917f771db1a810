#pragma once
// Choosing a partition for a record, as Kafka 3.7's producer does
// (BuiltInPartitioner):
//  - a record with an explicit partition goes there;
//  - a keyed record goes to toPositive(murmur2(key)) % partition count, over
//    all partitions, so the same key lands where Java and librdkafka's
//    murmur2_random partitioner put it;
//  - a record without a key sticks to one partition (chosen at random among
//    those with a leader) until batch.size bytes went to it, then moves on.

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "base/bytes.h"

namespace odradek::client {

// Kafka's Utils.murmur2 (seed 0x9747b28c), as a signed 32-bit value.
int32_t murmur2(byte_span data) noexcept;
// Utils.toPositive(murmur2(key)) % num_partitions.
int32_t partition_for_key(byte_span key, int32_t num_partitions) noexcept;

class sticky_partitioner {
public:
    explicit sticky_partitioner(int32_t batch_size, uint64_t seed = std::random_device{}())
        : batch_size_(batch_size), rng_(seed) {}

    // The partition for a keyless record of `bytes` bytes on `topic`;
    // `available` lists the partitions with a leader (may be empty: any of
    // 0..num_partitions-1 is then used).
    int32_t next(const std::string& topic, int32_t num_partitions, const std::vector<int32_t>& available, size_t bytes);

private:
    struct state {
        int32_t partition = -1;
        size_t produced = 0;
    };
    int32_t batch_size_;
    std::mt19937_64 rng_;
    std::map<std::string, state> topics_;
};

}  // namespace odradek::client
