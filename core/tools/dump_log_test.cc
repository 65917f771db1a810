#include "tools/dump_log.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "record/batch_builder.h"
#include "record/batch_header.h"

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
