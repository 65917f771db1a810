#include <doctest/doctest.h>

#include "record/batch_header.h"
#include "storage/posix_file_system.h"
#include "storage/segment.h"
#include "storage/test_util.h"

using namespace odradek;
using namespace odradek::storage;
using testing::make_batch;

namespace {
// Appends a batch of `count` records at `base` (stamped), timestamps from ts.
byte_buffer append_batch(segment& s, int64_t base, int count, int64_t ts, size_t value_size = 100) {
    byte_buffer b = make_batch(count, ts, value_size);
    record::stamp_base_offset(b, base);
    auto h = record::parse_batch_header(b);
    REQUIRE(h);
    REQUIRE(s.append(offset(h->last_offset()), h->max_timestamp, offset(h->last_offset()), b));
    return b;
}
}  // namespace

TEST_CASE("segment file names are %020d of the base offset") {
    CHECK(offset_file_stem(offset(0)) == "00000000000000000000");
    CHECK(offset_file_stem(offset(368769)) == "00000000000000368769");
    CHECK(*parse_offset_file_stem("00000000000000368769") == offset(368769));
    CHECK(!parse_offset_file_stem("0000000000000036876"));
    CHECK(!parse_offset_file_stem("0000000000000036876x"));
    testing::temp_dir td;
    posix_file_system fs;
    auto s = segment::create(fs, td.path(), offset(42), {}, 0);
    REQUIRE(s);
    CHECK(*fs.exists(join_path(td.path(), "00000000000000000042.log")));
    CHECK(*fs.exists(join_path(td.path(), "00000000000000000042.index")));
    CHECK(*fs.exists(join_path(td.path(), "00000000000000000042.timeindex")));
    // A second create at the same base fails instead of clobbering data.
    CHECK(!segment::create(fs, td.path(), offset(42), {}, 0));
}

TEST_CASE("segment: append, read as byte ranges, translate offsets") {
    testing::temp_dir td;
    posix_file_system fs;
    segment_options opts;
    opts.index_interval_bytes = 300;
    auto s = segment::create(fs, td.path(), offset(10), opts, 0);
    REQUIRE(s);
    std::vector<byte_buffer> batches;
    int64_t next = 10;
    for (int i = 0; i < 20; ++i) {
        batches.push_back(append_batch(**s, next, 3, 1000 + next));
        next += 3;
    }
    CHECK((*s)->next_offset() == offset(70));
    CHECK((*s)->offsets().entries() > 2);  // sparse entries were written
    const int64_t bsize = int64_t(batches[0].size());

    // Every offset maps to the batch holding it.
    for (int64_t o = 10; o < 70; ++o) {
        auto loc = (*s)->translate_offset(offset(o));
        REQUIRE(loc);
        REQUIRE(loc->has_value());
        CHECK((*loc)->base == offset(10 + (o - 10) / 3 * 3));
        CHECK((*loc)->position == file_position((o - 10) / 3 * bsize));
    }
    auto past = (*s)->translate_offset(offset(70));
    REQUIRE(past);
    CHECK(!past->has_value());

    // read(): a slice from the batch holding the offset, capped by max bytes.
    auto r = (*s)->read(offset(16), 2 * bsize, std::nullopt, false);
    REQUIRE(r);
    REQUIRE(r->has_value());
    CHECK((*r)->position == file_position(2 * bsize));
    CHECK((*r)->size == 2 * bsize);
    CHECK((*r)->first_offset == offset(16));
    byte_buffer got(size_t((*r)->size));
    REQUIRE(read_exact(*(*r)->f, uint64_t((*r)->position()), got));
    CHECK(byte_buffer(got.begin(), got.begin() + bsize) == batches[2]);
    // max_bytes smaller than a batch: empty unless min_one_batch.
    auto small = (*s)->read(offset(16), 10, std::nullopt, false);
    REQUIRE(small);
    CHECK((*small)->size == 10);
    CHECK((*small)->first_batch_incomplete);
    auto one = (*s)->read(offset(16), 10, std::nullopt, true);
    REQUIRE(one);
    CHECK((*one)->size == bsize);
    // max_position stops before a batch.
    auto bounded = (*s)->read(offset(10), 1 << 20, file_position(3 * bsize), false);
    REQUIRE(bounded);
    CHECK((*bounded)->size == 3 * bsize);
}

TEST_CASE("segment: offset for timestamp finds the first record at or after it") {
    testing::temp_dir td;
    posix_file_system fs;
    segment_options opts;
    opts.index_interval_bytes = 200;
    auto s = segment::create(fs, td.path(), offset(0), opts, 0);
    REQUIRE(s);
    for (int i = 0; i < 10; ++i) append_batch(**s, i * 5, 5, 10000 + i * 100);  // ts 10000+100i .. +4
    auto f = (*s)->find_offset_by_timestamp(10302, offset(0));
    REQUIRE(f);
    REQUIRE(f->has_value());
    CHECK((*f)->off == offset(17));
    CHECK((*f)->timestamp == 10302);
    auto gap = (*s)->find_offset_by_timestamp(10350, offset(0));  // between batches
    REQUIRE(gap);
    CHECK((*gap)->off == offset(20));
    CHECK((*gap)->timestamp == 10400);
    auto early = (*s)->find_offset_by_timestamp(0, offset(12));  // starting offset bound
    REQUIRE(early);
    CHECK((*early)->off == offset(12));
    auto none = (*s)->find_offset_by_timestamp(20000, offset(0));
    REQUIRE(none);
    CHECK(!none->has_value());
    CHECK((*s)->max_timestamp_so_far() == timestamp_offset{10904, offset(49)});
}

TEST_CASE("segment: truncate_to cuts at the batch holding the offset") {
    testing::temp_dir td;
    posix_file_system fs;
    segment_options opts;
    opts.index_interval_bytes = 100;
    auto s = segment::create(fs, td.path(), offset(0), opts, 0);
    REQUIRE(s);
    for (int i = 0; i < 10; ++i) append_batch(**s, i * 2, 2, 5000 + i * 10);
    const uint64_t bsize = (*s)->size() / 10;
    auto cut = (*s)->truncate_to(offset(8));
    REQUIRE(cut);
    CHECK(*cut == int64_t(6 * bsize));
    CHECK((*s)->size() == 4 * bsize);
    CHECK((*s)->next_offset() == offset(8));
    CHECK((*s)->max_timestamp_so_far().timestamp == 5031);
    for (size_t i = 0; i < (*s)->offsets().entries(); ++i) CHECK((*s)->offsets().entry(i).off < offset(8));
    // Appending continues at the cut.
    append_batch(**s, 8, 2, 6000);
    CHECK((*s)->next_offset() == offset(10));
}

TEST_CASE("segment: recover rebuilds both indexes identically and cuts a corrupt tail") {
    testing::temp_dir td;
    posix_file_system fs;
    segment_options opts;
    opts.index_interval_bytes = 250;
    byte_buffer index_before, time_before;
    uint64_t size = 0;
    {
        auto s = segment::create(fs, td.path(), offset(0), opts, 0);
        REQUIRE(s);
        for (int i = 0; i < 12; ++i) append_batch(**s, i * 4, 4, 7000 + i * 10);
        REQUIRE((*s)->close());
        index_before = *read_whole_file(fs, (*s)->index_path());
        time_before = *read_whole_file(fs, (*s)->time_index_path());
        size = (*s)->size();
    }
    CHECK(!index_before.empty());
    // Flip a byte inside the 10th batch: it and everything after is cut.
    {
        auto f = fs.open(join_path(td.path(), "00000000000000000000.log"), open_mode::read_write);
        REQUIRE(f);
        uint8_t b = 0;
        REQUIRE(read_exact(**f, size / 12 * 9 + 70, mutable_byte_span(&b, 1)));
        b ^= 0xff;
        REQUIRE((*f)->write_at(size / 12 * 9 + 70, byte_span(&b, 1)));
    }
    REQUIRE(fs.remove(join_path(td.path(), "00000000000000000000.index")));
    auto s = segment::open(fs, td.path(), offset(0), opts, 0);
    REQUIRE(s);
    CHECK((*s)->needs_recovery());
    int batches_seen = 0;
    auto cut = (*s)->recover([&](const record::batch_header&) { ++batches_seen; });
    REQUIRE(cut);
    CHECK(*cut == int64_t(size / 12 * 3));
    CHECK(batches_seen == 9);
    CHECK((*s)->next_offset() == offset(36));
    auto index_after = *read_whole_file(fs, (*s)->index_path());
    // The rebuilt index is the prefix of the original covering the kept batches.
    REQUIRE(index_after.size() <= index_before.size());
    CHECK(std::equal(index_after.begin(), index_after.end(), index_before.begin()));
    CHECK(!index_after.empty());
    // Read-only decoders for dump tools agree with the live indexes.
    auto entries = read_offset_index_file(fs, (*s)->index_path(), offset(0));
    REQUIRE(entries);
    REQUIRE(entries->size() == (*s)->offsets().entries());
    for (size_t i = 0; i < entries->size(); ++i) CHECK((*entries)[i] == (*s)->offsets().entry(i));
    auto times = read_time_index_file(fs, (*s)->time_index_path(), offset(0));
    REQUIRE(times);
    REQUIRE(times->size() == (*s)->times().entries());
    CHECK(times->back() == (*s)->times().last_entry());
    std::vector<uint64_t> positions;
    auto stop = for_each_batch(*(*s)->log_file(), [&](const record::batch_header& h, uint64_t pos) {
        CHECK(h.base_offset == int64_t(positions.size()) * 4);
        positions.push_back(pos);
        return true;
    });
    REQUIRE(stop);
    CHECK(*stop == (*s)->size());
    CHECK(positions.size() == 9);
    (void)time_before;
}
