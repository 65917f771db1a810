// Feeds arbitrary bytes as a segment's .log file to log open (with and without
// recovery) and then reads, translates offsets and looks up timestamps. Nothing
// may crash, hang or read out of bounds; after recovery every served batch
// must have a valid CRC.

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "record/batch_header.h"
#include "storage/log.h"
#include "storage/posix_file_system.h"

using namespace odradek;
using namespace odradek::storage;

namespace {
// Intentionally leaked so the atexit cleanup can still read it.
const std::string& work_dir() {
    static const std::string* dir = [] {
        std::string tmpl = (std::filesystem::temp_directory_path() / "odradek-storage-fuzz-XXXXXX").string();
        char* p = ::mkdtemp(tmpl.data());
        if (!p) std::abort();
        auto* d = new std::string(p);
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(*dir, ec);
        });
        return d;
    }();
    return *dir;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const bool clean = data[0] & 1;
    byte_span body(data + 1, size - 1);
    posix_file_system fs;
    manual_clock clk;
    const std::string dir = work_dir() + "/t-0";
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    if (!fs.make_dirs(dir)) return 0;
    {
        auto f = fs.open(dir + "/00000000000000000000.log", open_mode::create);
        if (!f || !(*f)->write_at(0, body)) return 0;
        if (clean) {
            // Empty index files pass the sanity check: the segment is served
            // without recovery, as after a clean shutdown.
            (void)fs.open(dir + "/00000000000000000000.index", open_mode::create);
            (void)fs.open(dir + "/00000000000000000000.timeindex", open_mode::create);
        }
    }
    log_config cfg;
    cfg.index_interval_bytes = 64;
    cfg.segment_index_bytes = 4096;  // small preallocation keeps runs fast
    auto l = log::open(fs, dir, {"t", 0}, cfg, clk, {0, 0, clean});
    if (!l) return 0;
    const int64_t leo = (*l)->log_end_offset();
    for (int64_t start : {int64_t(0), leo / 2, leo}) {
        auto r = (*l)->read(start, 1 << 16, -1, true);
        if (!r || clean) continue;
        for (const auto& s : r->slices) {
            byte_buffer buf(size_t(s.size));
            if (!read_exact(*s.f, uint64_t(s.position()), buf)) std::abort();
            size_t pos = 0;
            while (pos < buf.size()) {
                auto h = record::parse_batch_header(byte_span(buf).subspan(pos));
                if (!h || pos + h->size_bytes() > buf.size()) break;  // max_bytes may cut the last batch
                if (!record::batch_crc_valid(byte_span(buf).subspan(pos, h->size_bytes()))) std::abort();
                pos += h->size_bytes();
            }
        }
    }
    (void)(*l)->offset_for_timestamp(0);
    (void)(*l)->offset_for_timestamp(int64_t(1) << 40);
    (void)(*l)->offset_for_timestamp(kMaxTimestamp);
    if (leo > 0) (void)(*l)->truncate_to(leo / 2);
    return 0;
}
