#include "tools/dump_log.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "record/batch_builder.h"
#include "base/crc32c.h"
#include "record/batch_header.h"
#include "storage/log.h"
#include "storage/posix_file_system.h"

using namespace odradek;
namespace fs = std::filesystem;

namespace {

struct temp_dir {
    fs::path path;
    temp_dir() {
        path = fs::temp_directory_path() / fmt::format("dump_log_test_{}_{}", ::getpid(), counter()++);
        fs::create_directories(path);
    }
    ~temp_dir() { fs::remove_all(path); }
    static int& counter() {
        static int c = 0;
        return c;
    }
};

byte_buffer make_batch(int64_t base_offset, record::compression codec, int64_t ts) {
    record::batch_builder b({.base_offset = base_offset, .codec = codec});
    const std::string v1 = "hello", v2 = "world", k2 = "key", hv = "1";
    record::header hdr{"trace", as_bytes(hv)};
    b.add(ts, std::nullopt, as_bytes(v1));
    b.add(ts + 5, as_bytes(k2), as_bytes(v2), std::span(&hdr, 1));
    auto built = b.build();
    REQUIRE(built);
    return std::move(built).value();
}

void write_file(const fs::path& p, const byte_buffer& bytes) {
    std::ofstream f(p, std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

struct run_result {
    int code;
    std::string out, err;
};

run_result run(tools::dump_log_options o) {
    std::ostringstream out, err;
    int code = tools::run_dump_log(o, out, err);
    return {code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("batches and records print in DumpLogSegments' shape") {
    temp_dir dir;
    byte_buffer a = make_batch(0, record::compression::none, 1700000000000);
    byte_buffer b = make_batch(2, record::compression::gzip, 1700000001000);
    byte_buffer log = a;
    log.insert(log.end(), b.begin(), b.end());
    fs::path file = dir.path / "00000000000000000000.log";
    write_file(file, log);

    tools::dump_log_options o;
    o.files = {file.string()};
    o.print_data_log = true;
    auto r = run(o);
    CHECK(r.code == 0);
    CHECK(r.err == "");
    uint32_t crc_a = load_be<uint32_t>(a.data() + record::kCrcPos);
    uint32_t crc_b = load_be<uint32_t>(b.data() + record::kCrcPos);
    std::string expected = fmt::format(
        "Dumping {}\n"
        "Log starting offset: 0\n"
        "baseOffset: 0 lastOffset: 1 count: 2 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 "
        "partitionLeaderEpoch: -1 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty "
        "position: 0 CreateTime: 1700000000005 size: {} magic: 2 compresscodec: none crc: {} isvalid: true\n"
        "| offset: 0 CreateTime: 1700000000000 keySize: -1 valueSize: 5 sequence: -1 headerKeys: [] payload: hello\n"
        "| offset: 1 CreateTime: 1700000000005 keySize: 3 valueSize: 5 sequence: -1 headerKeys: [trace] key: key payload: world\n"
        "baseOffset: 2 lastOffset: 3 count: 2 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 "
        "partitionLeaderEpoch: -1 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty "
        "position: {} CreateTime: 1700000001005 size: {} magic: 2 compresscodec: gzip crc: {} isvalid: true\n"
        "| offset: 2 CreateTime: 1700000001000 keySize: -1 valueSize: 5 sequence: -1 headerKeys: [] payload: hello\n"
        "| offset: 3 CreateTime: 1700000001005 keySize: 3 valueSize: 5 sequence: -1 headerKeys: [trace] key: key payload: world\n",
        file.string(), a.size(), crc_a, a.size(), b.size(), crc_b);
    CHECK(r.out == expected);
}

TEST_CASE("shallow iteration prints batches only; skip-record-metadata keeps Kafka's separators") {
    temp_dir dir;
    byte_buffer a = make_batch(0, record::compression::none, 1000);
    fs::path file = dir.path / "00000000000000000000.log";
    write_file(file, a);
    tools::dump_log_options o;
    o.files = {file.string()};
    auto shallow = run(o);
    CHECK(shallow.out.find("| offset") == std::string::npos);
    CHECK(shallow.out.find("baseOffset: 0 lastOffset: 1") != std::string::npos);

    o.print_data_log = true;
    o.skip_record_metadata = true;
    auto bare = run(o);
    CHECK(bare.out.find("\n payload: hello\n| key: key payload: world\n") != std::string::npos);
}

TEST_CASE("a torn tail and a corrupted batch are reported, not hidden") {
    temp_dir dir;
    byte_buffer a = make_batch(0, record::compression::none, 1000);
    byte_buffer b = make_batch(2, record::compression::none, 2000);
    b.back() ^= 0xFF;  // corrupt the last byte of the second batch: CRC no longer matches
    byte_buffer log = a;
    log.insert(log.end(), b.begin(), b.end());
    log.insert(log.end(), a.begin(), a.begin() + 30);  // a torn third batch
    fs::path file = dir.path / "00000000000000000000.log";
    write_file(file, log);
    tools::dump_log_options o;
    o.files = {file.string()};
    auto r = run(o);
    CHECK(r.code == 0);
    CHECK(r.out.find("baseOffset: 2 lastOffset: 3") != std::string::npos);
    CHECK(r.out.find("isvalid: false") != std::string::npos);
    CHECK(r.out.find("Found 30 invalid bytes at the end of 00000000000000000000.log") != std::string::npos);
}

TEST_CASE("offset index entries are printed and checked against the log") {
    temp_dir dir;
    byte_buffer a = make_batch(100, record::compression::none, 1000);
    byte_buffer b = make_batch(102, record::compression::none, 2000);
    byte_buffer log = a;
    log.insert(log.end(), b.begin(), b.end());
    write_file(dir.path / "00000000000000000100.log", log);
    // Kafka keys an entry by the last offset of the batch at that position.
    byte_buffer index(8 * 4, 0);  // two entries, then preallocated zeros
    store_be<int32_t>(index.data() + 0, 1);
    store_be<int32_t>(index.data() + 4, 0);
    store_be<int32_t>(index.data() + 8, 2);  // wrong on purpose: batch at b's position ends at 103
    store_be<int32_t>(index.data() + 12, int32_t(a.size()));
    fs::path idx = dir.path / "00000000000000000100.index";
    write_file(idx, index);

    tools::dump_log_options o;
    o.files = {idx.string()};
    auto r = run(o);
    CHECK(r.code == 0);
    CHECK(r.out == fmt::format("Dumping {}\noffset: 101 position: 0\noffset: 102 position: {}\n", idx.string(), a.size()));
    CHECK(r.err == fmt::format("Mismatches in :{}\n  Index offset: 102, log offset: 103\n", fs::absolute(idx).string()));

    o.index_sanity_check = true;
    CHECK(run(o).out.find("passed sanity check.") != std::string::npos);
}

TEST_CASE("bad input: missing file, unknown decoder, unknown suffix") {
    tools::dump_log_options o;
    o.files = {"/nonexistent/00000000000000000000.log"};
    auto r = run(o);
    CHECK(r.code == 1);
    CHECK(r.err.find("cannot read /nonexistent/00000000000000000000.log") != std::string::npos);

    o.value_decoder = "com.example.Nope";
    CHECK(run(o).code == 1);

    o = {};
    o.files = {"notes.txt"};
    r = run(o);
    CHECK(r.code == 0);
    CHECK(r.err == "Ignoring unknown file notes.txt\n");
    CHECK(tools::split_file_list("a.log,b.index,,c") == std::vector<std::string>{"a.log", "b.index", "c"});
}

// ---- Files written by the storage engine itself ----------------------------

namespace {

// Appends batches in every codec (two records each) to a fresh log whose index
// gets an entry for every batch after the first, as index.interval.bytes = 1 makes it.
std::unique_ptr<storage::log> write_log(storage::posix_file_system& pfs, const storage::clock& clk, const fs::path& dir,
                                        int rounds) {
    storage::log_config cfg;
    cfg.index_interval_bytes = 1;
    auto opened = storage::log::open(pfs, dir.string(), {"orders", 0}, cfg, clk);
    REQUIRE(opened);
    auto lg = std::move(opened).value();
    int64_t ts = 1700000000000;
    for (int round = 0; round < rounds; ++round) {
        for (auto codec : {record::compression::none, record::compression::gzip, record::compression::snappy,
                           record::compression::lz4, record::compression::zstd}) {
            byte_buffer b = make_batch(0, codec, ts);
            ts += 100;
            auto appended = lg->append_as_leader(b, 3);
            REQUIRE(appended);
        }
    }
    return lg;
}

}  // namespace

TEST_CASE("kafka-dump-log reads segments and indexes the storage engine wrote") {
    temp_dir dir;
    storage::posix_file_system pfs;
    storage::manual_clock clk;
    fs::path part = dir.path / "orders-0";
    auto lg = write_log(pfs, clk, part, 2);
    const int batches = 10;

    auto dump = [&](const char* suffix, bool deep) {
        tools::dump_log_options o;
        o.files = {(part / (std::string("00000000000000000000") + suffix)).string()};
        o.print_data_log = deep;
        return run(o);
    };

    SUBCASE("while the log is open: preallocated indexes end at their last entry") {
        auto log_dump = dump(".log", true);
        CHECK(log_dump.code == 0);
        CHECK(log_dump.err == "");
        int batch_lines = 0, record_lines = 0, valid = 0;
        std::istringstream lines(log_dump.out);
        for (std::string line; std::getline(lines, line);) {
            batch_lines += line.rfind("baseOffset:", 0) == 0;
            record_lines += line.rfind("| offset:", 0) == 0;
            valid += line.find("partitionLeaderEpoch: 3 ") != std::string::npos && line.ends_with("isvalid: true");
        }
        CHECK(batch_lines == batches);
        CHECK(valid == batches);
        CHECK(record_lines == 2 * batches);
        for (const char* codec : {"none", "gzip", "snappy", "lz4", "zstd"})
            CHECK(log_dump.out.find(std::string("compresscodec: ") + codec) != std::string::npos);
        CHECK(log_dump.out.find("| offset: 19 ") != std::string::npos);

        auto index_dump = dump(".index", false);
        CHECK(index_dump.err == "");  // every entry matches the batch at its position
        CHECK(index_dump.out.find("offset: 3 position: ") != std::string::npos);
        auto time_dump = dump(".timeindex", false);
        CHECK(time_dump.err == "");
        CHECK(time_dump.out.find("timestamp: ") != std::string::npos);
    }

    SUBCASE("after a clean close: trimmed indexes pass the sanity check") {
        REQUIRE(lg->close());
        auto index_dump = dump(".index", false);
        CHECK(index_dump.err == "");
        int entries = 0;
        std::istringstream lines(index_dump.out);
        for (std::string line; std::getline(lines, line);) entries += line.rfind("offset: ", 0) == 0;
        CHECK(entries == batches - 1);  // the first batch is never indexed (no bytes before it)
        tools::dump_log_options o;
        o.files = {(part / "00000000000000000000.index").string(), (part / "00000000000000000000.timeindex").string()};
        o.index_sanity_check = true;
        auto sane = run(o);
        CHECK(sane.err == "");
        CHECK(sane.out.find("00000000000000000000.index passed sanity check.") != std::string::npos);
        CHECK(sane.out.find("00000000000000000000.timeindex passed sanity check.") != std::string::npos);
    }
}

TEST_CASE("legacy magic v0/v1 entries print as Kafka prints them") {
    // One uncompressed v1 message: offset 7, key "k", value "v", CreateTime 1234.
    byte_buffer m;
    append_be<int64_t>(m, 7);
    append_be<int32_t>(m, 0);  // size, filled below
    append_be<uint32_t>(m, 0); // crc, filled below
    m.push_back(1);            // magic
    m.push_back(0);            // attributes
    append_be<int64_t>(m, 1234);
    append_be<int32_t>(m, 1);
    m.push_back('k');
    append_be<int32_t>(m, 1);
    m.push_back('v');
    store_be<int32_t>(m.data() + 8, int32_t(m.size() - 12));
    uint32_t crc = crc32_ieee(byte_span(m).subspan(16));
    store_be<uint32_t>(m.data() + 12, crc);

    temp_dir dir;
    fs::path file = dir.path / "00000000000000000000.log";
    write_file(file, m);
    tools::dump_log_options o;
    o.files = {file.string()};
    o.print_data_log = true;
    auto r = run(o);
    CHECK(r.err == "");
    CHECK(r.out == fmt::format("Dumping {}\nLog starting offset: 0\n"
                               "offset: 7 position: 0 CreateTime: 1234 size: {} magic: 1 compresscodec: none crc: {} isvalid: true\n"
                               "| offset: 7 CreateTime: 1234 keySize: 1 valueSize: 1 isValid: true crc: {}}} key: k payload: v\n",
                               file.string(), m.size(), crc, crc));
}
