#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "coordination/data_dir.h"
#include "coordination/durable_log.h"
#include "coordination/errc.h"
#include "coordination/file_format.h"
#include "coordination/snapshot.h"
#include "coordination/test_client.h"
#include "coordination/txn_log.h"

using namespace odradek;
using namespace odradek::coordination;
using namespace odradek::coordination::testing;
namespace fs = std::filesystem;

namespace {

struct temp_dir {
    fs::path path;
    temp_dir() {
        std::random_device rd;
        path = fs::temp_directory_path() / ("odradek-coord-test-" + std::to_string(rd()) + std::to_string(rd()));
        fs::create_directories(path);
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// Writes the txns of `log` into log files (one per `per_file` txns).
void write_logs(const fs::path& dir, const capture_log& log, size_t per_file = 1000) {
    txn_log_writer w;
    for (size_t i = 0; i < log.txns.size(); ++i) {
        if (i % per_file == 0) REQUIRE(w.open(dir, log.txns[i].first));
        byte_buffer framed;
        append_log_entry(framed, log.txns[i].second);
        REQUIRE(w.write(framed));
    }
    REQUIRE(w.sync());
}

struct source {
    capture_sink sink;
    capture_log log;
    engine e{engine_options{}, sink, {1000, 0}};
    client c{e, sink, 1};
    source() {
        e.set_txn_sink(&log);
        c.connect();
    }
};

void check_same_tree(const engine& a, const engine& b) {
    REQUIRE(a.tree().nodes().size() == b.tree().nodes().size());
    for (const auto& [path, n] : a.tree().nodes()) {
        const znode* m = b.tree().find(path);
        const std::string name = path;
        REQUIRE_MESSAGE(m != nullptr, name);
        CHECK(m->data == n.data);
        CHECK(m->acl == n.acl);
        CHECK(data_tree::stat_of(*m) == data_tree::stat_of(n));
    }
    CHECK(a.last_zxid() == b.last_zxid());
}

}  // namespace

TEST_CASE("log files round-trip and a torn tail is truncated") {
    temp_dir d;
    source s;
    for (int i = 0; i < 5; ++i) CHECK(s.c.create("/n" + std::to_string(i), "data") == 0);
    write_logs(d.path, s.log);
    fs::path file = d.path / "log.1";
    REQUIRE(fs::exists(file));
    auto whole = fs::file_size(file);

    SUBCASE("clean") {
        auto r = read_log_file(file);
        REQUIRE(r);
        CHECK(r->payloads.size() == s.log.txns.size());
        CHECK_FALSE(r->torn);
    }
    SUBCASE("torn in the last entry") {
        fs::resize_file(file, whole - 3);
        capture_sink sink;
        engine e(engine_options{}, sink, {});
        auto rep = recover(d.path, d.path, e);
        REQUIRE(rep);
        CHECK(rep->warnings.size() == 1);
        CHECK(e.last_zxid() == s.e.last_zxid() - 1);
        CHECK(e.tree().find("/n3") != nullptr);
        CHECK(e.tree().find("/n4") == nullptr);
        CHECK(fs::file_size(file) < whole - 3);
    }
    SUBCASE("flipped byte in the last entry") {
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(std::streamoff(whole - 2));
        f.put('X');
        f.close();
        auto r = read_log_file(file);
        REQUIRE(r);
        CHECK(r->torn);
        CHECK(r->payloads.size() == s.log.txns.size() - 1);
    }
    SUBCASE("a header cut short") {
        fs::resize_file(file, 7);
        auto r = read_log_file(file);
        REQUIRE(r);
        CHECK(r->payloads.empty());
    }
    SUBCASE("Apache ZooKeeper's files are refused") {
        std::ofstream(d.path / "log.100", std::ios::binary) << "ZKLG\0\0\0\2";
        capture_sink sink;
        engine e(engine_options{}, sink, {});
        auto rep = recover(d.path, d.path, e);
        REQUIRE_FALSE(rep);
        CHECK(rep.err().code == make_error_code(errc::foreign_format));
    }
}

TEST_CASE("damage before newer logs refuses recovery") {
    temp_dir d;
    source s;
    for (int i = 0; i < 4; ++i) CHECK(s.c.create("/n" + std::to_string(i)) == 0);
    write_logs(d.path, s.log, 2);
    fs::path first = d.path / "log.1";
    fs::resize_file(first, fs::file_size(first) - 1);
    capture_sink sink;
    engine e(engine_options{}, sink, {});
    auto rep = recover(d.path, d.path, e);
    REQUIRE_FALSE(rep);
    CHECK(rep.err().code == make_error_code(errc::corrupt));
}

TEST_CASE("snapshot plus later log rebuilds the tree, sessions and zxid") {
    temp_dir d;
    source s;
    CHECK(s.c.create("/a", "1") == 0);
    CHECK(s.c.create("/a/e", "", create_mode::ephemeral) == 0);
    CHECK(s.c.create("/c", "", create_mode::container) == 0);
    auto snap = encode_snapshot(s.e.tree(), s.e.sessions(), s.e.last_zxid());
    int64_t snap_zxid = s.e.last_zxid();
    REQUIRE(write_snapshot_file(d.path, snap_zxid, snap));
    CHECK(s.c.set("/a", "2") == 0);
    CHECK(s.c.create("/b") == 0);
    write_logs(d.path, s.log);  // the whole log: recovery must skip what the snapshot holds

    capture_sink sink;
    engine e(engine_options{}, sink, {});
    auto rep = recover(d.path, d.path, e);
    REQUIRE(rep);
    CHECK(rep->snapshot_zxid == snap_zxid);
    CHECK(rep->txns_replayed == 2);
    check_same_tree(s.e, e);
    CHECK(e.sessions().all().size() == 1);
    CHECK(e.tree().ephemerals(s.e.sessions().all().begin()->first).size() == 1);

    SUBCASE("a corrupt newest snapshot falls back to the log") {
        auto newer = encode_snapshot(s.e.tree(), s.e.sessions(), s.e.last_zxid());
        newer[newer.size() / 2] ^= 0xff;
        REQUIRE(write_snapshot_file(d.path, s.e.last_zxid(), newer));
        capture_sink sink2;
        engine e2(engine_options{}, sink2, {});
        auto rep2 = recover(d.path, d.path, e2);
        REQUIRE(rep2);
        CHECK(rep2->warnings.size() == 1);
        CHECK(rep2->snapshot_zxid == snap_zxid);
        check_same_tree(s.e, e2);
    }
    SUBCASE("an unfinished snapshot is removed") {
        std::ofstream(d.path / "snapshot.99.tmp") << "partial";
        capture_sink sink2;
        engine e2(engine_options{}, sink2, {});
        auto rep2 = recover(d.path, d.path, e2);
        REQUIRE(rep2);
        CHECK_FALSE(fs::exists(d.path / "snapshot.99.tmp"));
        check_same_tree(s.e, e2);
    }
    SUBCASE("restored sessions expire after a full timeout; their ephemerals go") {
        e.start({0, 100000});
        e.tick({0, 100000 + 29999});
        CHECK(e.tree().find("/a/e") != nullptr);
        e.tick({0, 100000 + 30000});
        CHECK(e.tree().find("/a/e") == nullptr);
    }
}

TEST_CASE("snapshot decoding rejects bad input") {
    source s;
    auto snap = encode_snapshot(s.e.tree(), s.e.sessions(), 5);
    auto ok = decode_snapshot(snap);
    REQUIRE(ok);
    CHECK(ok->zxid == 5);
    CHECK(ok->nodes.size() == 4);
    byte_buffer cut(snap.begin(), snap.end() - 1);
    CHECK_FALSE(decode_snapshot(cut));
    CHECK_FALSE(decode_snapshot(byte_buffer{}));
}

TEST_CASE("purge keeps the newest snapshots and the logs they need") {
    temp_dir d;
    auto touch = [&](const std::string& name) { std::ofstream(d.path / name) << "x"; };
    for (auto n : {"snapshot.0", "snapshot.10", "snapshot.20", "snapshot.30", "snapshot.40"}) touch(n);
    for (auto n : {"log.1", "log.11", "log.15", "log.25", "log.31", "log.41"}) touch(n);
    auto removed = purge(d.path, d.path, 3);
    REQUIRE(removed);
    CHECK(removed->size() == 4);
    for (auto gone : {"snapshot.0", "snapshot.10", "log.1", "log.11"}) CHECK_FALSE(fs::exists(d.path / gone));
    for (auto kept : {"snapshot.20", "snapshot.30", "snapshot.40", "log.15", "log.25", "log.31", "log.41"})
        CHECK(fs::exists(d.path / kept));
}

TEST_CASE("durable_log group-commits, rolls on snapshot, and reports the durable zxid") {
    temp_dir d;
    std::mutex mu;
    int64_t durable = 0;
    {
        durable_log log(
            d.path, d.path,
            [&](int64_t z, const status& st) {
                REQUIRE(st);
                std::lock_guard lock(mu);
                durable = std::max(durable, z);
            },
            nullptr);
        source s;
        s.e.set_txn_sink(&log);
        CHECK(s.c.create("/x") == 0);
        CHECK(s.c.create("/y") == 0);
        log.snapshot(s.e.last_zxid(), encode_snapshot(s.e.tree(), s.e.sessions(), s.e.last_zxid()));
        CHECK(s.c.set("/x", "1") == 0);
        log.stop();
        std::lock_guard lock(mu);
        CHECK(durable == s.e.last_zxid());
    }
    CHECK(fs::exists(d.path / "log.2"));
    CHECK(fs::exists(d.path / "snapshot.3"));
    CHECK(fs::exists(d.path / "log.4"));
    capture_sink sink;
    engine e(engine_options{}, sink, {});
    auto rep = recover(d.path, d.path, e);
    REQUIRE(rep);
    CHECK(e.last_zxid() == 4);
    REQUIRE(e.tree().find("/x") != nullptr);
    CHECK(e.tree().find("/x")->data == byte_buffer{'1'});
}
