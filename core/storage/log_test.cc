#include <doctest/doctest.h>

#include "record/batch_builder.h"
#include "record/batch_header.h"
#include "storage/log.h"
#include "storage/posix_file_system.h"
#include "storage/test_util.h"

using namespace odradek;
using namespace odradek::storage;
using testing::make_batch;

namespace {

struct fixture {
    testing::temp_dir td;
    posix_file_system fs;
    manual_clock clk;
    log_config cfg;
    std::unique_ptr<log> l;

    std::string dir() const { return join_path(td.path(), "t-0"); }
    void open(log_open_options o = {0, 0, true}) {
        auto r = log::open(fs, dir(), {"t", 0}, cfg, clk, o);
        REQUIRE(r);
        l = std::move(*r);
    }
    append_info append(int count, int64_t ts, size_t value_size = 100, int32_t epoch = 0) {
        byte_buffer b = make_batch(count, ts, value_size);
        auto r = l->append_as_leader(b, epoch);
        REQUIRE(r);
        return *r;
    }
    // Reads everything from `start` and returns the base offsets of the batches served.
    std::vector<int64_t> batch_bases(int64_t start, int64_t upper = -1) {
        auto r = l->read(start, 1 << 30, upper, true);
        REQUIRE(r);
        std::vector<int64_t> out;
        for (const auto& s : r->slices) {
            byte_buffer buf(size_t(s.size));
            REQUIRE(read_exact(*s.f, uint64_t(s.position()), buf));
            size_t pos = 0;
            while (pos + record::kBatchHeaderSize <= buf.size()) {
                auto h = record::parse_batch_header(byte_span(buf).subspan(pos));
                REQUIRE(h);
                REQUIRE(pos + h->size_bytes() <= buf.size());
                CHECK(record::batch_crc_valid(byte_span(buf).subspan(pos, h->size_bytes())));
                out.push_back(h->base_offset);
                pos += h->size_bytes();
            }
        }
        return out;
    }
};

int count_deleted(file_system& fs, const std::string& dir) {
    auto list = fs.list_dir(dir);
    if (!list.has_value()) return -1;
    int n = 0;
    const std::vector<dir_entry>& entries = list.value();
    for (size_t i = 0; i < entries.size(); ++i) n += entries[i].name.find(".deleted") != std::string::npos;
    return n;
}

}  // namespace

TEST_CASE("log: leader append stamps offsets and epoch, reads them back") {
    fixture f;
    f.open();
    auto a = f.append(3, 1000, 10, 5);
    CHECK(a.first_offset == 0);
    CHECK(a.last_offset == 2);
    CHECK(a.max_timestamp == 1002);
    CHECK(a.offset_of_max_timestamp == 2);
    CHECK(a.record_count == 3);
    auto b = f.append(2, 2000, 10, 5);
    CHECK(b.first_offset == 3);
    CHECK(f.l->log_end_offset() == 5);
    CHECK(f.batch_bases(0) == std::vector<int64_t>{0, 3});
    CHECK(f.batch_bases(4) == std::vector<int64_t>{3});
    // Stamped epoch, in the file and in the cache.
    auto r = f.l->read(0, 100000, -1, true);
    REQUIRE(r);
    uint8_t hdr[record::kBatchHeaderSize];
    REQUIRE(read_exact(*r->slices[0].f, 0, hdr));
    CHECK(record::parse_batch_header(hdr)->partition_leader_epoch == 5);
    CHECK(f.l->epochs().entries() == std::vector<epoch_entry>{{5, 0}});
    CHECK(*read_whole_file(f.fs, join_path(f.dir(), "leader-epoch-checkpoint")) ==
          byte_buffer{'0', '\n', '1', '\n', '5', ' ', '0', '\n'});
    // Out of range and upper bound.
    auto oor = f.l->read(6, 100, -1, true);
    REQUIRE(!oor);
    CHECK(oor.err().code == make_error_code(errc::offset_out_of_range));
    CHECK(f.l->read(5, 100, -1, true)->slices.empty());
    CHECK(f.batch_bases(0, 3) == std::vector<int64_t>{0});
    CHECK(f.batch_bases(0, 4) == std::vector<int64_t>{0});  // batch 3..4 is not wholly below 4
    CHECK(f.batch_bases(0, 0).empty());
}

TEST_CASE("log: invalid appends are rejected and write nothing") {
    fixture f;
    f.open();
    f.append(1, 1000);
    const uint64_t size_before = f.l->size_bytes();
    auto check_rejected = [&](byte_buffer b, errc want) {
        auto r = f.l->append_as_leader(b, 0);
        REQUIRE(!r);
        CHECK(r.err().code == make_error_code(want));
        CHECK(f.l->size_bytes() == size_before);
        CHECK(f.l->log_end_offset() == 1);
        CHECK(!f.l->offline());
    };
    byte_buffer good = make_batch(2, 5000);
    byte_buffer bad_crc = good;
    bad_crc.back() ^= 1;
    check_rejected(bad_crc, errc::corrupt_message);
    byte_buffer truncated(good.begin(), good.end() - 1);
    check_rejected(truncated, errc::corrupt_message);
    byte_buffer two = good;
    two.insert(two.end(), bad_crc.begin(), bad_crc.end());  // second batch bad: first not written either
    check_rejected(two, errc::corrupt_message);
    byte_buffer magic1 = good;
    magic1[record::kMagicPos] = 1;
    check_rejected(magic1, errc::unsupported_magic);
    check_rejected(make_batch(1, 1, 2000000), errc::record_too_large);
    check_rejected(byte_buffer{}, errc::invalid_record);
    {
        record::batch_options o;
        o.producer_id = 7;  // idempotent producer id without a sequence: Kafka refuses it
        record::batch_builder bb(o);
        bb.add(1, std::nullopt, std::nullopt);
        check_rejected(*bb.build(), errc::invalid_record);
        o.control = true;
        o.producer_id = -1;
        record::batch_builder cb(o);
        cb.add(1, std::nullopt, std::nullopt);
        check_rejected(*cb.build(), errc::invalid_record);
    }
}

TEST_CASE("log: rolls on segment.bytes, segment.ms and a full index") {
    SUBCASE("size") {
        fixture f;
        f.cfg.segment_bytes = 1000;
        f.open();
        for (int i = 0; i < 10; ++i) f.append(2, 1000 + i, 150);  // ~350-byte batches
        CHECK(f.l->segment_count() == 5);
        auto segs = f.l->segments();
        for (size_t i = 0; i + 1 < segs.size(); ++i) {
            CHECK(segs[i]->size() <= 1000);
            CHECK(segs[i + 1]->base_offset() == segs[i]->next_offset());
        }
        CHECK(segs[1]->base_offset() == offset(4));
        CHECK(*f.fs.exists(join_path(f.dir(), "00000000000000000004.log")));
        // Rolled segments are fsynced: the recovery point moved to the active base.
        CHECK(f.l->recovery_point() == segs.back()->base_offset()());
        // Rolled segments' indexes were trimmed to their entries.
        CHECK(*f.fs.open(segs[0]->index_path(), open_mode::read_only).value()->size() % 8 == 0);
        CHECK(f.batch_bases(0).size() == 10);
    }
    SUBCASE("time, measured by record timestamps") {
        fixture f;
        f.cfg.segment_ms = 60000;
        f.open();
        f.append(1, 1'000'000);
        f.append(1, 1'030'000);
        CHECK(f.l->segment_count() == 1);
        f.append(1, 1'060'001);  // 60001 ms after the first batch's timestamp
        CHECK(f.l->segment_count() == 2);
        CHECK(f.l->active_segment().base_offset() == offset(2));
    }
    SUBCASE("time, by the clock when the segment has no timestamps") {
        fixture f;
        f.cfg.segment_ms = 60000;
        f.open();
        f.append(1, -1);
        f.clk.advance(60001);
        f.append(1, -1);
        CHECK(f.l->segment_count() == 2);
    }
    SUBCASE("offset index full") {
        fixture f;
        f.cfg.segment_index_bytes = 8 * 3;
        f.cfg.index_interval_bytes = 1;
        f.open();
        for (int i = 0; i < 10; ++i) f.append(1, 1000 + i);
        CHECK(f.l->segment_count() >= 3);
        CHECK(f.batch_bases(0).size() == 10);
    }
    SUBCASE("explicit roll and reopen keeps every batch") {
        fixture f;
        f.open();
        f.append(2, 1000);
        REQUIRE(f.l->roll());
        f.append(2, 2000);
        REQUIRE(f.l->close());
        f.l.reset();
        f.open();
        CHECK(f.l->segment_count() == 2);
        CHECK(f.l->log_end_offset() == 4);
        CHECK(f.batch_bases(0) == std::vector<int64_t>{0, 2});
        f.append(1, 3000);
        CHECK(f.l->log_end_offset() == 5);
    }
}

TEST_CASE("log: retention by time, by size, and -1 keeps everything") {
    SUBCASE("time") {
        fixture f;
        f.cfg.segment_bytes = 600;
        f.cfg.retention_ms = 10000;
        f.cfg.file_delete_delay_ms = 0;
        f.open();
        const int64_t now = f.clk.now_ms();
        for (int i = 0; i < 6; ++i) f.append(2, now - 20000 + i * 1000, 100);  // old
        for (int i = 0; i < 4; ++i) f.append(2, now - 1000 + i, 100);          // recent
        const size_t before = f.l->segment_count();
        auto n = f.l->delete_old_segments(f.l->log_end_offset());
        REQUIRE(n);
        CHECK(*n > 0);
        CHECK(f.l->segment_count() == before - size_t(*n));
        CHECK(f.l->log_start_offset() == f.l->segments().front()->base_offset()());
        for (auto* s : f.l->segments()) CHECK(s->max_timestamp_so_far().timestamp >= now - 20000 + 5000);
        // The high watermark bounds deletion.
        fixture g;
        g.cfg = f.cfg;
        g.open();
        for (int i = 0; i < 6; ++i) g.append(2, now - 20000 + i, 100);
        CHECK(*g.l->delete_old_segments(0) == 0);
    }
    SUBCASE("time: the only segment is replaced by an empty one, never left without one") {
        fixture f;
        f.cfg.retention_ms = 1000;
        f.cfg.file_delete_delay_ms = 0;
        f.open();
        f.append(3, f.clk.now_ms() - 5000);
        auto n = f.l->delete_old_segments(f.l->log_end_offset());
        REQUIRE(n);
        CHECK(*n == 1);
        CHECK(f.l->segment_count() == 1);
        CHECK(f.l->active_segment().base_offset() == offset(3));
        CHECK(f.l->log_start_offset() == 3);
        CHECK(f.l->log_end_offset() == 3);
        CHECK(*f.l->delete_old_segments(3) == 0);  // an empty active segment stays
    }
    SUBCASE("size") {
        fixture f;
        f.cfg.segment_bytes = 600;
        f.cfg.retention_bytes = 1500;
        f.cfg.retention_ms = -1;
        f.open();
        for (int i = 0; i < 12; ++i) f.append(2, 1000 + i, 100);
        auto n = f.l->delete_old_segments(f.l->log_end_offset());
        REQUIRE(n);
        CHECK(*n > 0);
        // Kafka's rule: drop oldest segments while the excess still covers them.
        CHECK(f.l->size_bytes() >= 1500);
        CHECK(f.l->size_bytes() - 1500 < int64_t(f.l->segments().front()->size()));
        // Deleted segments linger as *.deleted until file.delete.delay.ms passes.
        CHECK(count_deleted(f.fs, f.dir()) > 0);
        f.clk.advance(f.cfg.file_delete_delay_ms);
        REQUIRE(f.l->remove_deleted_segments());
        CHECK(count_deleted(f.fs, f.dir()) == 0);
    }
    SUBCASE("-1 keeps everything") {
        fixture f;
        f.cfg.segment_bytes = 600;
        f.cfg.retention_ms = -1;
        f.cfg.retention_bytes = -1;
        f.open();
        for (int i = 0; i < 8; ++i) f.append(2, 1, 100);
        const size_t before = f.l->segment_count();
        f.clk.advance(int64_t(1) << 40);
        CHECK(*f.l->delete_old_segments(f.l->log_end_offset()) == 0);
        CHECK(f.l->segment_count() == before);
    }
}

TEST_CASE("log: delete_records moves the log start and drops whole segments") {
    fixture f;
    f.cfg.segment_bytes = 600;
    f.open();
    for (int i = 0; i < 10; ++i) f.append(2, 1000 + i, 100);
    const size_t before = f.l->segment_count();
    auto bad = f.l->delete_records(15, 12);
    REQUIRE(!bad);
    CHECK(bad.err().code == make_error_code(errc::offset_out_of_range));
    auto r = f.l->delete_records(9, f.l->log_end_offset());
    REQUIRE(r);
    CHECK(*r == 9);
    CHECK(f.l->log_start_offset() == 9);
    CHECK(f.l->segment_count() < before);
    CHECK(f.l->segments().front()->base_offset() <= offset(9));
    CHECK(!f.l->read(8, 100, -1, true));
    auto bases = f.batch_bases(9);
    REQUIRE(!bases.empty());
    CHECK(bases.front() == 8);  // the batch holding offset 9 starts at 8
    auto earliest = f.l->offset_for_timestamp(kEarliestTimestamp);
    REQUIRE(earliest);
    CHECK((*earliest)->offset == 9);
}

TEST_CASE("log: offset for timestamp and ListOffsets specials") {
    fixture f;
    f.cfg.segment_bytes = 700;
    f.open();
    for (int i = 0; i < 10; ++i) f.append(3, 10000 + i * 100, 50, i < 5 ? 1 : 2);
    auto at = f.l->offset_for_timestamp(10501);
    REQUIRE(at);
    REQUIRE(at->has_value());
    CHECK((*at)->offset == 16);
    CHECK((*at)->timestamp == 10501);
    CHECK((*at)->leader_epoch == 2);
    auto first = f.l->offset_for_timestamp(0);
    CHECK((*first)->offset == 0);
    CHECK(!f.l->offset_for_timestamp(99999)->has_value());
    auto latest = f.l->offset_for_timestamp(kLatestTimestamp);
    CHECK((*latest)->offset == 30);
    CHECK((*latest)->leader_epoch == 2);
    auto maxts = f.l->offset_for_timestamp(kMaxTimestamp);
    CHECK((*maxts)->timestamp == 10902);
    CHECK((*maxts)->offset == 29);
    CHECK(f.l->end_offset_for_epoch(1) == epoch_entry{1, 15});
    CHECK(f.l->end_offset_for_epoch(2) == epoch_entry{2, 30});
    CHECK(f.l->end_offset_for_epoch(7) == epoch_entry{-1, -1});
}

TEST_CASE("log: truncate_to and truncate_fully_and_start_at") {
    fixture f;
    f.cfg.segment_bytes = 600;
    f.open();
    for (int i = 0; i < 10; ++i) f.append(2, 1000 + i, 100, i < 6 ? 3 : 4);
    REQUIRE(f.l->truncate_to(7));  // mid-batch 6..7: the whole batch goes
    CHECK(f.l->log_end_offset() == 6);
    CHECK(f.batch_bases(0).back() == 4);
    CHECK(f.l->epochs().entries() == std::vector<epoch_entry>{{3, 0}});
    CHECK(f.l->recovery_point() <= 6);
    REQUIRE(f.l->truncate_to(100));  // past the end: no-op
    CHECK(f.l->log_end_offset() == 6);
    auto a = f.append(1, 5000, 10, 5);
    CHECK(a.first_offset == 6);
    REQUIRE(f.l->truncate_fully_and_start_at(50));
    CHECK(f.l->segment_count() == 1);
    CHECK(f.l->log_start_offset() == 50);
    CHECK(f.l->log_end_offset() == 50);
    CHECK(f.l->epochs().entries().empty());
    CHECK(f.append(1, 6000).first_offset == 50);
    CHECK(*f.fs.exists(join_path(f.dir(), "00000000000000000050.log")));
}

TEST_CASE("log: follower append keeps offsets, rejects going backwards") {
    fixture f;
    f.open();
    byte_buffer b = make_batch(3, 100, 10, /*base_offset=*/10, /*epoch=*/7);
    auto r = f.l->append_as_follower(b);
    REQUIRE(r);
    CHECK(r->first_offset == 10);
    CHECK(f.l->log_end_offset() == 13);
    CHECK(f.l->epochs().entries() == std::vector<epoch_entry>{{7, 10}});
    byte_buffer back = make_batch(1, 100, 10, 12, 7);
    auto bad = f.l->append_as_follower(back);
    REQUIRE(!bad);
    CHECK(bad.err().code == make_error_code(errc::non_monotonic_offset));
}

TEST_CASE("log: flush.messages and flush.ms move the recovery point") {
    fixture f;
    f.cfg.flush_messages = 3;
    f.cfg.flush_ms = 1000;
    f.open();
    f.append(1, 1);
    f.append(1, 1);
    CHECK(f.l->recovery_point() == 0);
    f.append(1, 1);
    CHECK(f.l->recovery_point() == 3);
    f.append(1, 1);
    REQUIRE(f.l->maybe_flush());
    CHECK(f.l->recovery_point() == 3);
    f.clk.advance(1000);
    REQUIRE(f.l->maybe_flush());
    CHECK(f.l->recovery_point() == 4);
}

TEST_CASE("log: LogAppendTime topics stamp the broker time; compressed batches are searched by record") {
    fixture f;
    f.cfg.message_timestamp_type = record::timestamp_type::log_append_time;
    f.open();
    byte_buffer b = make_batch(3, 5, 20);
    auto a = f.l->append_as_leader(b, 0);
    REQUIRE(a);
    CHECK(a->log_append_time == f.clk.now_ms());
    CHECK(a->max_timestamp == f.clk.now_ms());
    auto h = record::parse_batch_header(b);  // stamped in the caller's buffer
    CHECK(h->max_timestamp == f.clk.now_ms());
    CHECK(h->ts_type() == record::timestamp_type::log_append_time);
    CHECK(record::batch_crc_valid(b));

    fixture g;
    g.open();
    byte_buffer z = make_batch(50, 1000, 30, 0, -1, record::compression::zstd);
    REQUIRE(!z.empty());
    REQUIRE(g.l->append_as_leader(z, 0));
    auto at = g.l->offset_for_timestamp(1025);
    REQUIRE(at);
    REQUIRE(at->has_value());
    CHECK((*at)->offset == 25);
    CHECK((*at)->timestamp == 1025);
}

TEST_CASE("log: a follower append past the int32 relative-offset range rolls a new segment") {
    fixture f;
    f.open();
    byte_buffer a = make_batch(2, 100, 10, 0, 1);
    REQUIRE(f.l->append_as_follower(a));
    const int64_t far = int64_t(3) << 30;  // 3.2e9: not representable relative to base 0
    byte_buffer b = make_batch(2, 200, 10, far, 1);
    auto r = f.l->append_as_follower(b);
    REQUIRE(r);
    CHECK(f.l->segment_count() == 2);
    CHECK(f.l->active_segment().base_offset() == offset(far));
    CHECK(f.l->log_end_offset() == far + 2);
    CHECK(*f.fs.exists(join_path(f.dir(), "00000000003221225472.log")));
    CHECK(f.batch_bases(0) == std::vector<int64_t>{0, far});
}
