#include "client/partitioner.h"

#include <algorithm>

namespace odradek::client {

int32_t murmur2(byte_span data) noexcept {
    const uint32_t m = 0x5bd1e995;
    const int r = 24;
    const uint32_t length = uint32_t(data.size());
    uint32_t h = 0x9747b28cu ^ length;
    const uint32_t length4 = length / 4;
    for (uint32_t i = 0; i < length4; ++i) {
        const uint32_t i4 = i * 4;
        uint32_t k = uint32_t(data[i4]) | (uint32_t(data[i4 + 1]) << 8) | (uint32_t(data[i4 + 2]) << 16) |
                     (uint32_t(data[i4 + 3]) << 24);
        k *= m;
        k ^= k >> r;
        k *= m;
        h *= m;
        h ^= k;
    }
    const uint32_t tail = length & ~3u;
    switch (length % 4) {
        case 3: h ^= uint32_t(data[tail + 2]) << 16; [[fallthrough]];
        case 2: h ^= uint32_t(data[tail + 1]) << 8; [[fallthrough]];
        case 1:
            h ^= uint32_t(data[tail]);
            h *= m;
    }
    h ^= h >> 13;
    h *= m;
    h ^= h >> 15;
    return int32_t(h);
}

int32_t partition_for_key(byte_span key, int32_t num_partitions) noexcept {
    if (num_partitions <= 0) return 0;
    return int32_t(uint32_t(murmur2(key)) & 0x7fffffffu) % num_partitions;
}

int32_t sticky_partitioner::next(const std::string& topic, int32_t num_partitions,
                                 const std::vector<int32_t>& available, size_t bytes) {
    state& s = topics_[topic];
    bool valid = s.partition >= 0 && s.partition < num_partitions &&
                 (available.empty() || std::find(available.begin(), available.end(), s.partition) != available.end());
    if (!valid || s.produced >= size_t(batch_size_)) {
        int32_t previous = s.partition;
        std::vector<int32_t> choices = available;
        if (choices.empty())
            for (int32_t p = 0; p < num_partitions; ++p) choices.push_back(p);
        // Move to a different partition when there is one.
        if (choices.size() > 1) choices.erase(std::remove(choices.begin(), choices.end(), previous), choices.end());
        s.partition = choices.empty() ? 0 : choices[std::uniform_int_distribution<size_t>(0, choices.size() - 1)(rng_)];
        s.produced = 0;
    }
    s.produced += bytes;
    return s.partition;
}

}  // namespace odradek::client
