#pragma once
// Helpers for storage tests: a fresh temp directory removed on scope exit, and
// real record batches made with record::batch_builder.

#include <cstdlib>
#include <filesystem>
#include <string>

#include "base/bytes.h"
#include "record/batch_builder.h"

namespace odradek::storage::testing {

class temp_dir {
public:
    temp_dir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "odradek-storage-XXXXXX").string();
        char* p = ::mkdtemp(tmpl.data());
        path_ = p ? std::string(p) : std::string();
    }
    ~temp_dir() {
        std::error_code ec;
        if (!path_.empty()) std::filesystem::remove_all(path_, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// A batch of `count` records with timestamps ts, ts+1, ...; values of
// `value_size` bytes. base offset 0 unless given (a leader overwrites it).
inline byte_buffer make_batch(int count, int64_t ts, size_t value_size = 16, int64_t base_offset = 0,
                              int32_t leader_epoch = -1, record::compression codec = record::compression::none) {
    record::batch_options o;
    o.base_offset = base_offset;
    o.partition_leader_epoch = leader_epoch;
    o.codec = codec;
    record::batch_builder b(o);
    byte_buffer value(value_size, 'v');
    for (int i = 0; i < count; ++i) b.add(ts + i, std::nullopt, byte_span(value));
    auto r = b.build();
    return r ? std::move(r).value() : byte_buffer();
}

}  // namespace odradek::storage::testing
