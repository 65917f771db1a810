// Unclean stops: torn tails, crashes dropping unsynced bytes, and I/O errors.

#include <doctest/doctest.h>

#include "record/batch_header.h"
#include "storage/fault_file_system.h"
#include "storage/log.h"
#include "storage/posix_file_system.h"
#include "storage/test_util.h"

using namespace odradek;
using namespace odradek::storage;
using testing::make_batch;

namespace {

// Base offsets of all batches the log serves from its start.
std::vector<int64_t> served_bases(log& l) {
    auto r = l.read(l.log_start_offset(), 1 << 30, -1, true);
    REQUIRE(r);
    std::vector<int64_t> out;
    for (const auto& s : r->slices) {
        byte_buffer buf(size_t(s.size));
        REQUIRE(read_exact(*s.f, uint64_t(s.position()), buf));
        size_t pos = 0;
        while (pos < buf.size()) {
            auto h = record::parse_batch_header(byte_span(buf).subspan(pos));
            REQUIRE(h);
            REQUIRE(pos + h->size_bytes() <= buf.size());
            REQUIRE(record::batch_crc_valid(byte_span(buf).subspan(pos, h->size_bytes())));
            out.push_back(h->base_offset);
            pos += h->size_bytes();
        }
    }
    return out;
}

}  // namespace

TEST_CASE("recovery: cutting the active segment at every byte serves exactly the whole batches before the cut") {
    testing::temp_dir td;
    posix_file_system real_fs;
    fault_file_system pfs(real_fs);
    pfs.set_simulated_sync(true);
    manual_clock clk;
    log_config cfg;
    cfg.index_interval_bytes = 64;  // so index entries exist near every batch
    const std::string dir = join_path(td.path(), "t-0");
    const std::string log_file = join_path(dir, "00000000000000000000.log");
    // Reference log: 5 batches of different sizes; remember batch boundaries.
    std::vector<uint64_t> ends;  // byte end of each batch
    std::vector<int64_t> bases;
    {
        auto l = log::open(pfs, dir, {"t", 0}, cfg, clk, {0, 0, true});
        REQUIRE(l);
        for (int i = 0; i < 5; ++i) {
            byte_buffer b = make_batch(1 + i, 1000 + i, 10 + 7 * size_t(i));
            auto a = (*l)->append_as_leader(b, -1);
            REQUIRE(a);
            bases.push_back(a->first_offset);
            ends.push_back((*l)->active_segment().size());
        }
        REQUIRE((*l)->close());
    }
    auto original = read_whole_file(pfs, log_file);
    REQUIRE(original);
    REQUIRE(original->size() == ends.back());

    for (uint64_t cut = 0; cut <= original->size(); ++cut) {
        CAPTURE(cut);
        // Restore the full file, then tear it at `cut`, as if the machine
        // stopped mid-write; no clean-shutdown information.
        {
            auto f = pfs.open(log_file, open_mode::create);
            REQUIRE(f);
            // (No truncate to 0: on ext4 that forces a writeback on close.)
            REQUIRE((*f)->write_at(0, *original));
            REQUIRE((*f)->truncate(cut));
        }
        auto l = log::open(pfs, dir, {"t", 0}, cfg, clk, {0, 0, false});
        REQUIRE(l);
        size_t whole = 0;
        while (whole < ends.size() && ends[whole] <= cut) ++whole;
        const int64_t expected_leo = whole == 0 ? 0 : bases[whole - 1] + int64_t(whole);
        CHECK((*l)->log_end_offset() == expected_leo);
        CHECK((*l)->recovered_bytes_truncated() == int64_t(cut - (whole == 0 ? 0 : ends[whole - 1])));
        std::vector<int64_t> want(bases.begin(), bases.begin() + ptrdiff_t(whole));
        CHECK(served_bases(**l) == want);
        // Appends continue at the right offset.
        byte_buffer b = make_batch(2, 5000, 8);
        auto a = (*l)->append_as_leader(b, -1);
        REQUIRE(a);
        CHECK(a->first_offset == expected_leo);
        want.push_back(expected_leo);
        CHECK(served_bases(**l) == want);
        REQUIRE((*l)->close());
    }
}

TEST_CASE("recovery: a clean close skips recovery; garbage after it would be found by an unclean open") {
    testing::temp_dir td;
    posix_file_system pfs;
    manual_clock clk;
    const std::string dir = join_path(td.path(), "t-0");
    {
        auto l = log::open(pfs, dir, {"t", 0}, {}, clk, {0, 0, true});
        REQUIRE(l);
        byte_buffer b = make_batch(3, 1);
        REQUIRE((*l)->append_as_leader(b, 0));
        REQUIRE((*l)->close());
    }
    {
        auto f = pfs.open(join_path(dir, "00000000000000000000.log"), open_mode::read_write);
        auto size = *(*f)->size();
        byte_buffer junk(100, 0xab);
        REQUIRE((*f)->write_at(size, junk));
    }
    auto l = log::open(pfs, dir, {"t", 0}, {}, clk, {3, 0, false});
    REQUIRE(l);
    CHECK((*l)->log_end_offset() == 3);
    CHECK((*l)->recovered_bytes_truncated() == 100);
}

TEST_CASE("recovery: missing and corrupt index files are rebuilt on open") {
    testing::temp_dir td;
    posix_file_system pfs;
    manual_clock clk;
    log_config cfg;
    cfg.index_interval_bytes = 100;
    cfg.segment_bytes = 500;
    const std::string dir = join_path(td.path(), "t-0");
    std::vector<int64_t> want;
    {
        auto l = log::open(pfs, dir, {"t", 0}, cfg, clk, {0, 0, true});
        REQUIRE(l);
        for (int i = 0; i < 8; ++i) {
            byte_buffer b = make_batch(2, 100 + i, 60);
            want.push_back((*l)->append_as_leader(b, 0)->first_offset);
        }
        REQUIRE((*l)->segment_count() > 2);
        REQUIRE((*l)->close());
    }
    REQUIRE(pfs.remove(join_path(dir, "00000000000000000000.index")));
    {
        auto f = pfs.open(join_path(dir, "00000000000000000000.timeindex"), open_mode::read_write);
        REQUIRE((*f)->truncate(5));
    }
    // Stray files Kafka would leave: removed on open.
    REQUIRE(write_file_atomic(pfs, dir, "00000000000000000099.log.deleted", as_bytes("x")));
    REQUIRE(write_file_atomic(pfs, dir, "00000000000000000077.index", as_bytes("orphan")));
    REQUIRE(write_file_atomic(pfs, dir, "00000000000000000000.log.cleaned", as_bytes("x")));
    auto l = log::open(pfs, dir, {"t", 0}, cfg, clk, {100, 0, true});
    REQUIRE(l);
    CHECK(served_bases(**l) == want);
    CHECK(*pfs.exists(join_path(dir, "00000000000000000000.index")));
    CHECK(!*pfs.exists(join_path(dir, "00000000000000000099.log.deleted")));
    CHECK(!*pfs.exists(join_path(dir, "00000000000000000077.index")));
    CHECK(!*pfs.exists(join_path(dir, "00000000000000000000.log.cleaned")));
    auto first = (*l)->segments().front();
    CHECK(first->offsets().entries() > 0);
    CHECK(first->times().entries() > 0);
}

TEST_CASE("recovery: an interrupted swap (.log.swap) is completed, replacing the segments it covers") {
    testing::temp_dir td;
    posix_file_system pfs;
    manual_clock clk;
    log_config cfg;
    cfg.segment_bytes = 500;
    const std::string dir = join_path(td.path(), "t-0");
    std::vector<int64_t> want;
    byte_buffer merged;
    {
        auto l = log::open(pfs, dir, {"t", 0}, cfg, clk, {0, 0, true});
        REQUIRE(l);
        for (int i = 0; i < 6; ++i) {
            byte_buffer b = make_batch(2, 100 + i, 60);
            want.push_back((*l)->append_as_leader(b, 0)->first_offset);
        }
        REQUIRE((*l)->segment_count() >= 2);
        REQUIRE((*l)->close());
        // A cleaner merged all but the active segment into one swap file.
        auto segs = (*l)->segments();
        for (size_t i = 0; i + 1 < segs.size(); ++i) {
            auto bytes = read_whole_file(pfs, segs[i]->log_path());
            merged.insert(merged.end(), bytes->begin(), bytes->end());
        }
    }
    REQUIRE(write_file_atomic(pfs, dir, "00000000000000000000.log.swap", merged));
    REQUIRE(write_file_atomic(pfs, dir, "00000000000000000000.index.swap", as_bytes("junk")));
    auto l = log::open(pfs, dir, {"t", 0}, cfg, clk, {0, 0, true});
    REQUIRE(l);
    CHECK((*l)->segment_count() == 2);
    CHECK(served_bases(**l) == want);
    CHECK(!*pfs.exists(join_path(dir, "00000000000000000000.log.swap")));
    CHECK(!*pfs.exists(join_path(dir, "00000000000000000000.index.swap")));
}

TEST_CASE("recovery: a crash keeps everything fsynced (flush.messages=1) and loses only unsynced bytes") {
    testing::temp_dir td;
    posix_file_system pfs;
    fault_file_system fs(pfs);
    manual_clock clk;
    log_config cfg;
    cfg.flush_messages = 1;
    const std::string dir = join_path(td.path(), "t-0");
    int64_t recovery_point = 0;
    {
        auto l = log::open(fs, dir, {"t", 0}, cfg, clk, {0, 0, true});
        REQUIRE(l);
        for (int i = 0; i < 4; ++i) {
            byte_buffer b = make_batch(2, 100 + i);
            REQUIRE((*l)->append_as_leader(b, 0));
        }
        recovery_point = (*l)->recovery_point();
        CHECK(recovery_point == 8);
        // One more append whose flush is lost: the process dies before fsync.
        (*l)->set_config([&] { auto c = cfg; c.flush_messages = 1000; return c; }());
        byte_buffer b = make_batch(2, 200);
        REQUIRE((*l)->append_as_leader(b, 0));
    }  // no close
    REQUIRE(fs.crash());
    auto l = log::open(fs, dir, {"t", 0}, cfg, clk, {recovery_point, 0, false});
    REQUIRE(l);
    CHECK((*l)->log_end_offset() == 8);
    CHECK(served_bases(**l) == std::vector<int64_t>{0, 2, 4, 6});
}

TEST_CASE("faults: failed writes and fsyncs return errors and never corrupt acknowledged data") {
    testing::temp_dir td;
    posix_file_system pfs;
    fault_file_system fs(pfs);
    manual_clock clk;
    log_config cfg;
    const std::string dir = join_path(td.path(), "t-0");

    SUBCASE("short write into the .log") {
        auto l = log::open(fs, dir, {"t", 0}, cfg, clk, {0, 0, true});
        REQUIRE(l);
        for (int i = 0; i < 3; ++i) {
            byte_buffer b = make_batch(2, 100 + i);
            REQUIRE((*l)->append_as_leader(b, 0));
        }
        fs.fail_write(1, ".log", /*short_write=*/true);
        byte_buffer b = make_batch(2, 200);
        auto r = (*l)->append_as_leader(b, 0);
        REQUIRE(!r);
        CHECK(r.err().code == make_error_code(errc::injected_fault));
        CHECK((*l)->offline());
        byte_buffer c = make_batch(1, 300);
        auto again = (*l)->append_as_leader(c, 0);
        REQUIRE(!again);
        CHECK(again.err().code == make_error_code(errc::log_offline));
        fs.clear_faults();
        l->reset();
        auto reopened = log::open(fs, dir, {"t", 0}, cfg, clk, {0, 0, false});
        REQUIRE(reopened);
        CHECK((*reopened)->log_end_offset() == 6);
        CHECK(served_bases(**reopened) == std::vector<int64_t>{0, 2, 4});
        byte_buffer d = make_batch(1, 400);
        CHECK((*reopened)->append_as_leader(d, 0)->first_offset == 6);
    }
    SUBCASE("write failure in the .index") {
        cfg.index_interval_bytes = 0;  // an index entry for every append after the first
        auto l = log::open(fs, dir, {"t", 0}, cfg, clk, {0, 0, true});
        REQUIRE(l);
        for (int i = 0; i < 3; ++i) {
            byte_buffer b = make_batch(1, 100 + i);
            REQUIRE((*l)->append_as_leader(b, 0));
        }
        fs.fail_write(1, ".index");
        byte_buffer b = make_batch(1, 200);
        REQUIRE(!(*l)->append_as_leader(b, 0));
        CHECK((*l)->offline());
        fs.clear_faults();
        l->reset();
        auto reopened = log::open(fs, dir, {"t", 0}, cfg, clk, {0, 0, false});
        REQUIRE(reopened);
        // The batch reached the .log before the index failed: it is intact
        // and served (Kafka would too); everything before it certainly is.
        auto bases = served_bases(**reopened);
        REQUIRE(bases.size() >= 3);
        CHECK(std::vector<int64_t>(bases.begin(), bases.begin() + 3) == std::vector<int64_t>{0, 1, 2});
        CHECK((*reopened)->segments().front()->offsets().entries() >= 2);
    }
    SUBCASE("fsync failure on flush.messages") {
        cfg.flush_messages = 2;
        auto l = log::open(fs, dir, {"t", 0}, cfg, clk, {0, 0, true});
        REQUIRE(l);
        byte_buffer a = make_batch(2, 100);
        REQUIRE((*l)->append_as_leader(a, 0));  // flushed
        fs.fail_sync(1, ".log");
        byte_buffer b = make_batch(2, 200);
        auto r = (*l)->append_as_leader(b, 0);
        REQUIRE(!r);
        CHECK((*l)->offline());
        CHECK((*l)->recovery_point() == 2);
        fs.clear_faults();
        l->reset();
        REQUIRE(fs.crash());
        auto reopened = log::open(fs, dir, {"t", 0}, cfg, clk, {2, 0, false});
        REQUIRE(reopened);
        CHECK(served_bases(**reopened) == std::vector<int64_t>{0});
    }
    SUBCASE("write failure while rolling") {
        cfg.segment_bytes = 300;
        auto l = log::open(fs, dir, {"t", 0}, cfg, clk, {0, 0, true});
        REQUIRE(l);
        byte_buffer a = make_batch(2, 100, 100);
        REQUIRE((*l)->append_as_leader(a, 0));
        fs.fail_sync(1, "");
        byte_buffer b = make_batch(2, 200, 100);
        auto r = (*l)->append_as_leader(b, 0);
        REQUIRE(!r);
        fs.clear_faults();
        l->reset();
        auto reopened = log::open(fs, dir, {"t", 0}, cfg, clk, {0, 0, false});
        REQUIRE(reopened);
        CHECK(served_bases(**reopened) == std::vector<int64_t>{0});
        byte_buffer c = make_batch(1, 300, 100);
        CHECK((*reopened)->append_as_leader(c, 0)->first_offset == 2);
    }
}
