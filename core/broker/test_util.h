#pragma once
// Helpers for the broker's unit tests: a broker-shaped set of objects over a
// temp directory and the real POSIX file system, and record sets to produce.

#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/crc32c.h"
#include "broker/log_manager.h"
#include "broker/replica_manager.h"
#include "broker/topic_lookup.h"
#include "record/batch_builder.h"
#include "record/batch_view.h"
#include "storage/posix_file_system.h"
#include "storage/test_util.h"

namespace odradek::broker::testing {

using storage::testing::temp_dir;

inline constexpr int32_t kBroker = 0;
inline constexpr const char* kCluster = "LsfhJ0lRQk-9PHrdJ2P_Hw";

struct batch_spec {
    int count = 1;
    int64_t ts = 1'700'000'000'000;
    int64_t producer_id = -1;
    int16_t producer_epoch = -1;
    int32_t base_sequence = -1;
    bool transactional = false;
    record::compression codec = record::compression::none;
    bool keys = true;
    std::string value = "value";
};

inline byte_buffer make_batch(const batch_spec& s) {
    record::batch_options o;
    o.codec = s.codec;
    o.producer_id = s.producer_id;
    o.producer_epoch = s.producer_epoch;
    o.base_sequence = s.base_sequence;
    o.transactional = s.transactional;
    record::batch_builder b(o);
    for (int i = 0; i < s.count; ++i) {
        std::string key = "k" + std::to_string(i);
        std::optional<byte_span> k;
        if (s.keys) k = as_bytes(key);
        b.add(s.ts + i, k, as_bytes(s.value));
    }
    auto r = b.build();
    return r ? std::move(r).value() : byte_buffer();
}

inline byte_buffer idempotent_batch(int64_t pid, int16_t epoch, int32_t seq, int count = 1) {
    batch_spec s;
    s.producer_id = pid;
    s.producer_epoch = epoch;
    s.base_sequence = seq;
    s.count = count;
    return make_batch(s);
}

// One legacy v0/v1 message (layout in record/legacy.h).
inline void append_legacy(byte_buffer& out, int8_t magic, int64_t offset, uint8_t attributes, int64_t timestamp,
                          std::optional<std::string> key, std::optional<std::string> value) {
    byte_buffer body;
    body.push_back(uint8_t(magic));
    body.push_back(attributes);
    if (magic == 1) append_be<int64_t>(body, timestamp);
    for (const auto& f : {key, value}) {
        if (!f) {
            append_be<int32_t>(body, -1);
        } else {
            append_be<int32_t>(body, int32_t(f->size()));
            body.insert(body.end(), f->begin(), f->end());
        }
    }
    append_be<int64_t>(out, offset);
    append_be<int32_t>(out, int32_t(4 + body.size()));
    append_be<uint32_t>(out, crc32_ieee(body));
    out.insert(out.end(), body.begin(), body.end());
}

// The bytes of a read, copied out of the segment files.
inline byte_buffer slurp(const std::vector<storage::file_slice>& slices) {
    byte_buffer out;
    for (const auto& s : slices) {
        size_t at = out.size();
        out.resize(at + size_t(s.size));
        auto n = s.f->read_at(uint64_t(s.position()), mutable_byte_span(out).subspan(at));
        if (!n || *n != size_t(s.size)) return {};
    }
    return out;
}

// Headers of the batches in `bytes`.
inline std::vector<record::batch_header> batch_headers(byte_span bytes) {
    std::vector<record::batch_header> out;
    size_t pos = 0;
    while (pos < bytes.size()) {
        auto h = record::parse_batch_header(bytes.subspan(pos));
        if (!h || pos + h->size_bytes() > bytes.size()) break;
        out.push_back(*h);
        pos += h->size_bytes();
    }
    return out;
}

class set_lookup final : public topic_lookup {
public:
    std::set<std::pair<std::string, int32_t>> known;
    bool partition_exists(std::string_view topic, int32_t p) const override {
        return known.count({std::string(topic), p}) > 0;
    }
};

// A log manager and replica manager over one or more temp log dirs.
struct broker_fixture {
    explicit broker_fixture(int dirs = 1) {
        for (int i = 0; i < dirs; ++i) dir_holders.push_back(std::make_unique<temp_dir>());
        REQUIRE(open());
    }

    log_manager_options options() const {
        log_manager_options o;
        for (const auto& d : dir_holders) o.log_dirs.push_back(d->path() + "/logs");
        o.broker_id = kBroker;
        o.cluster_id = kCluster;
        return o;
    }
    bool open() {
        auto lm = log_manager::open(fs, clock, options());
        if (!lm) {
            last_error = lm.err().message();
            return false;
        }
        logs = std::move(*lm);
        replicas = std::make_unique<replica_manager>(kBroker, *logs);
        return true;
    }
    // Clean shutdown and start again.
    bool restart() {
        replicas.reset();
        REQUIRE(logs->close());
        logs.reset();
        return open();
    }
    std::shared_ptr<partition> lead(const std::string& topic, int32_t p, const topic_settings& s = {},
                                    int32_t epoch = 0) {
        partition_state st;
        st.leader = kBroker;
        st.leader_epoch = epoch;
        st.replicas = {kBroker};
        st.isr = {kBroker};
        auto r = replicas->become_leader({topic, p}, st, s);
        REQUIRE(r);
        lookup.known.insert({topic, p});
        return *r;
    }

    std::vector<std::unique_ptr<temp_dir>> dir_holders;
    storage::posix_file_system fs;
    storage::manual_clock clock{1'700'000'000'000};
    std::unique_ptr<log_manager> logs;
    std::unique_ptr<replica_manager> replicas;
    set_lookup lookup;
    std::string last_error;
};

}  // namespace odradek::broker::testing
