// storage-bench: appends N bytes of records to a partition log through
// core/storage (validation, offset assignment, indexes, roll, final fsync), then
// reads them back through log::read; in the same run it writes and reads the
// same number of bytes with plain write()/read() on one file, the machine's
// own limit for this access pattern. Prints both and the ratios.
//
//   storage-bench [--dir DIR] [--mib 1024] [--record-bytes 1024] [--batch-bytes 16384] [--repeat 3]
//
// Reads are served from the page cache in both cases (the data was just
// written and the machine has the memory); what is compared is the cost of the
// log's work on top of the same system calls.

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "record/batch_builder.h"
#include "storage/log.h"
#include "storage/posix_file_system.h"

using namespace odradek;
namespace fs = std::filesystem;
using steady = std::chrono::steady_clock;

namespace {

struct options {
    std::string dir;
    int64_t mib = 1024;
    int64_t record_bytes = 1024;
    int64_t batch_bytes = 16384;
    int repeat = 3;
};

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "storage-bench: %s\n", what.c_str());
    std::exit(1);
}

double seconds_since(steady::time_point t0) {
    return std::chrono::duration<double>(steady::now() - t0).count();
}

struct sample {
    double write_s, read_s;
};

sample raw_io(const std::string& dir, int64_t total, size_t chunk_write, size_t chunk_read) {
    std::string path = dir + "/raw.bin";
    std::vector<uint8_t> buf(std::max(chunk_write, chunk_read), 'x');
    int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0) die("cannot create " + path);
    auto t0 = steady::now();
    for (int64_t done = 0; done < total; done += int64_t(chunk_write)) {
        if (::write(fd, buf.data(), chunk_write) != ssize_t(chunk_write)) die("write failed");
    }
    if (::fsync(fd) != 0) die("fsync failed");
    double w = seconds_since(t0);
    ::close(fd);
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    t0 = steady::now();
    int64_t got = 0;
    for (;;) {
        ssize_t n = ::read(fd, buf.data(), chunk_read);
        if (n <= 0) break;
        got += n;
    }
    double r = seconds_since(t0);
    ::close(fd);
    fs::remove(path);
    if (got != total) die("raw read returned fewer bytes than written");
    return {w, r};
}

sample log_io(const std::string& dir, int64_t total, byte_buffer batch, int64_t records_per_batch, size_t chunk_read,
              int64_t& records_out) {
    storage::posix_file_system pfs;
    storage::system_clock clk;
    std::string log_dir = dir + "/bench-0";
    fs::remove_all(log_dir);
    auto opened = storage::log::open(pfs, log_dir, {"bench", 0}, storage::log_config{}, clk);
    if (!opened) die("cannot open log: " + opened.err().message());
    auto& lg = **opened;
    auto t0 = steady::now();
    int64_t records = 0;
    for (int64_t done = 0; done < total; done += int64_t(batch.size())) {
        // The same buffer is appended again and again: the log stamps its base
        // offset in place, as it does with a producer's request buffer.
        auto info = lg.append_as_leader(batch, 0);
        if (!info) die("append failed: " + info.err().message());
        records += info->record_count;
    }
    if (auto s = lg.flush(); !s) die("flush failed: " + s.err().message());
    double w = seconds_since(t0);

    std::vector<uint8_t> buf(chunk_read + batch.size());
    t0 = steady::now();
    int64_t next = 0, got = 0;
    while (next < lg.log_end_offset()) {
        auto rr = lg.read(next, int64_t(chunk_read));
        if (!rr) die("read failed: " + rr.err().message());
        if (rr->slices.empty()) break;
        for (const auto& s : rr->slices) {
            if (::pread(s.f->native_handle(), buf.data(), size_t(s.size), off_t(s.position())) != ssize_t(s.size))
                die("pread failed");
        }
        // A read may end inside a batch (as a fetch cut at max bytes does); the
        // next read starts at that batch. Every batch has the same size and count.
        int64_t whole = rr->bytes / int64_t(batch.size());
        if (whole == 0) die("log read made no progress");
        got += whole * int64_t(batch.size());
        next = rr->slices.front().first_offset() + whole * records_per_batch;
    }
    double r = seconds_since(t0);
    if (got != lg.size_bytes()) die("log read returned " + std::to_string(got) + " of " + std::to_string(lg.size_bytes()) + " bytes");
    if (auto s = lg.close(); !s) die("close failed: " + s.err().message());
    fs::remove_all(log_dir);
    records_out = records;
    return {w, r};
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) die("option " + a + " requires an argument");
            return argv[++i];
        };
        if (a == "--dir") o.dir = next();
        else if (a == "--mib") o.mib = std::stoll(next());
        else if (a == "--record-bytes") o.record_bytes = std::stoll(next());
        else if (a == "--batch-bytes") o.batch_bytes = std::stoll(next());
        else if (a == "--repeat") o.repeat = std::stoi(next());
        else die("unknown option " + a);
    }
    if (o.mib <= 0 || o.record_bytes <= 0 || o.batch_bytes < o.record_bytes || o.repeat <= 0) die("bad sizes");
    bool own_dir = o.dir.empty();
    if (own_dir) {
        char tmpl[] = "/var/tmp/storage-bench-XXXXXX";
        if (!::mkdtemp(tmpl)) die("cannot create a temp dir");
        o.dir = tmpl;
    }

    // One batch of records_per_batch records; the builder's overhead makes it a
    // little larger than batch_bytes, and the raw baseline writes the same size.
    record::batch_builder builder;
    std::string value(size_t(o.record_bytes), 'v');
    int64_t per_batch = o.batch_bytes / o.record_bytes;
    for (int64_t i = 0; i < per_batch; ++i) builder.add(1'700'000'000'000 + i, std::nullopt, as_bytes(value));
    auto built = builder.build();
    if (!built) die("cannot build a batch: " + built.err().message());
    byte_buffer batch = std::move(built).value();
    int64_t batches = (o.mib << 20) / int64_t(batch.size());
    int64_t total = batches * int64_t(batch.size());
    constexpr size_t kReadChunk = 1 << 20;

    std::vector<double> rw, rr, lw, lr;
    int64_t records = 0;
    for (int i = 0; i < o.repeat; ++i) {
        sample raw = raw_io(o.dir, total, batch.size(), kReadChunk);
        sample lg = log_io(o.dir, total, batch, per_batch, kReadChunk, records);
        rw.push_back(raw.write_s);
        rr.push_back(raw.read_s);
        lw.push_back(lg.write_s);
        lr.push_back(lg.read_s);
    }
    if (own_dir) fs::remove_all(o.dir);

    double mib = double(total) / (1 << 20);
    double raw_w = mib / median(rw), raw_r = mib / median(rr), log_w = mib / median(lw), log_r = mib / median(lr);
    std::printf("storage-bench: %.0f MiB as %lld batches of %lld x %lld-byte records (%zu bytes each), median of %d runs\n",
                mib, (long long)batches, (long long)per_batch, (long long)o.record_bytes, batch.size(), o.repeat);
    std::printf("%-28s %10s %14s %8s\n", "workload", "MiB/s", "records/s", "ratio");
    std::printf("%-28s %10.0f %14s %8s\n", "raw write() + fsync", raw_w, "-", "1.00");
    std::printf("%-28s %10.0f %14.0f %8.2f\n", "log append + flush", log_w, double(records) / median(lw), log_w / raw_w);
    std::printf("%-28s %10.0f %14s %8s\n", "raw read() (page cache)", raw_r, "-", "1.00");
    std::printf("%-28s %10.0f %14.0f %8.2f\n", "log read (page cache)", log_r, double(records) / median(lr), log_r / raw_r);
    return 0;
}
