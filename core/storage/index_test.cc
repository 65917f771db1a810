#include <doctest/doctest.h>

#include "storage/offset_index.h"
#include "storage/posix_file_system.h"
#include "storage/test_util.h"
#include "storage/time_index.h"

using namespace odradek;
using namespace odradek::storage;

TEST_CASE("offset index: preallocated, lookup by binary search, exact bytes after trim") {
    testing::temp_dir td;
    posix_file_system fs;
    const std::string path = join_path(td.path(), "00000000000000000100.index");
    auto idx = offset_index::open(fs, path, offset(100), 1000);
    REQUIRE(idx);
    CHECK(idx->max_entries() == 125);  // 1000 rounded down to a multiple of 8
    CHECK(*fs.open(path, open_mode::read_only).value()->size() == 1000);
    CHECK(idx->lookup(offset(150)) == offset_position{offset(100), file_position(0)});
    REQUIRE(idx->append(offset(110), file_position(4096)));
    REQUIRE(idx->append(offset(120), file_position(8192)));
    REQUIRE(idx->append(offset(135), file_position(12300)));
    CHECK(idx->lookup(offset(99)) == offset_position{offset(100), file_position(0)});
    CHECK(idx->lookup(offset(110)) == offset_position{offset(110), file_position(4096)});
    CHECK(idx->lookup(offset(119)) == offset_position{offset(110), file_position(4096)});
    CHECK(idx->lookup(offset(134)) == offset_position{offset(120), file_position(8192)});
    CHECK(idx->lookup(offset(1000)) == offset_position{offset(135), file_position(12300)});
    // Not increasing: rejected.
    CHECK(!idx->append(offset(135), file_position(20000)));
    REQUIRE(idx->sanity_check());
    REQUIRE(idx->trim());
    auto bytes = read_whole_file(fs, path);
    REQUIRE(bytes);
    const byte_buffer expected = {0, 0, 0, 10, 0, 0, 0x10, 0x00,  //
                                  0, 0, 0, 20, 0, 0, 0x20, 0x00,  //
                                  0, 0, 0, 35, 0, 0, 0x30, 0x0c};
    CHECK(*bytes == expected);

    // Reopen: entries come back from the trimmed file, which is then full.
    auto again = offset_index::open(fs, path, offset(100), 1000);
    REQUIRE(again);
    CHECK(again->entries() == 3);
    CHECK(again->is_full());
    REQUIRE(again->resize(1000));
    CHECK(!again->is_full());
    again->truncate_to(offset(120));
    CHECK(again->entries() == 1);
    again->truncate_to(offset(111));
    CHECK(again->entries() == 1);
    again->truncate_to(offset(110));
    CHECK(again->entries() == 0);
}

TEST_CASE("offset index: full detection and sanity check") {
    testing::temp_dir td;
    posix_file_system fs;
    const std::string path = join_path(td.path(), "00000000000000000000.index");
    auto idx = offset_index::open(fs, path, offset(0), 16);
    REQUIRE(idx);
    REQUIRE(idx->append(offset(1), file_position(10)));
    CHECK(!idx->is_full());
    REQUIRE(idx->append(offset(2), file_position(20)));
    CHECK(idx->is_full());
    auto st = idx->append(offset(3), file_position(30));
    REQUIRE(!st);
    CHECK(st.err().code == make_error_code(errc::index_full));

    // A length that is not a whole number of entries fails the sanity check.
    {
        auto f = fs.open(path, open_mode::read_write);
        REQUIRE(f);
        REQUIRE((*f)->truncate(13));
    }
    auto torn = offset_index::open(fs, path, offset(0), 16);
    REQUIRE(torn);
    CHECK(!torn->sanity_check());
    // Entries out of order (a zero-filled preallocated tail) fail it too.
    {
        auto f = fs.open(path, open_mode::read_write);
        REQUIRE((*f)->truncate(24));
    }
    auto zeros = offset_index::open(fs, path, offset(0), 16);
    REQUIRE(zeros);
    CHECK(!zeros->sanity_check());
}

TEST_CASE("time index: appends only growing timestamps, lookup, one slot reserved") {
    testing::temp_dir td;
    posix_file_system fs;
    const std::string path = join_path(td.path(), "00000000000000000050.timeindex");
    auto idx = time_index::open(fs, path, offset(50), 12 * 4);
    REQUIRE(idx);
    CHECK(idx->max_entries() == 4);
    CHECK(idx->last_entry() == timestamp_offset{-1, offset(50)});
    REQUIRE(idx->maybe_append(1000, offset(55)));
    REQUIRE(idx->maybe_append(1000, offset(57)));  // same timestamp: no entry
    CHECK(idx->entries() == 1);
    REQUIRE(idx->maybe_append(2000, offset(60)));
    CHECK(!idx->maybe_append(1500, offset(61)));  // going backwards
    REQUIRE(idx->maybe_append(3000, offset(70)));
    CHECK(idx->is_full());  // 3 of 4: the last slot is for the roll
    CHECK(!idx->maybe_append(4000, offset(80)));
    REQUIRE(idx->maybe_append(4000, offset(80), /*skip_full_check=*/true));
    CHECK(idx->lookup(999) == timestamp_offset{-1, offset(50)});
    CHECK(idx->lookup(1000) == timestamp_offset{1000, offset(55)});
    CHECK(idx->lookup(2999) == timestamp_offset{2000, offset(60)});
    CHECK(idx->lookup(99999) == timestamp_offset{4000, offset(80)});
    REQUIRE(idx->sanity_check());
    REQUIRE(idx->trim());
    auto bytes = read_whole_file(fs, path);
    REQUIRE(bytes);
    REQUIRE(bytes->size() == 48);
    const byte_buffer first = {0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0, 0, 0, 5};
    CHECK(byte_buffer(bytes->begin(), bytes->begin() + 12) == first);
    idx->truncate_to(offset(60));
    CHECK(idx->entries() == 1);
}
