#include <doctest/doctest.h>

#include "storage/fault_file_system.h"
#include "storage/posix_file_system.h"
#include "storage/test_util.h"

using namespace odradek;
using namespace odradek::storage;

namespace {
byte_buffer bytes_of(std::string_view s) { return byte_buffer(s.begin(), s.end()); }
}  // namespace

TEST_CASE("posix file: write, read, writev, truncate, size") {
    testing::temp_dir td;
    posix_file_system fs;
    auto f = fs.open(join_path(td.path(), "a"), open_mode::create_new);
    REQUIRE(f);
    auto data = bytes_of("hello");
    REQUIRE((*f)->write_at(0, data));
    byte_buffer p1 = bytes_of(" big"), p2 = bytes_of(" world");
    byte_span parts[] = {p1, p2};
    REQUIRE((*f)->writev_at(5, parts));
    CHECK(*(*f)->size() == 15);
    byte_buffer out(32);
    auto n = (*f)->read_at(0, out);
    REQUIRE(n);
    CHECK(*n == 15);
    CHECK(as_chars(byte_span(out).first(15)) == "hello big world");
    REQUIRE((*f)->truncate(5));
    CHECK(*(*f)->size() == 5);
    REQUIRE((*f)->sync());
    REQUIRE((*f)->datasync());
    CHECK((*f)->native_handle() >= 0);
    // create_new on an existing file fails; read_only on a missing one too.
    auto again = fs.open(join_path(td.path(), "a"), open_mode::create_new);
    REQUIRE(!again);
    CHECK(again.err().code == make_error_code(errc::already_exists));
    auto missing = fs.open(join_path(td.path(), "nope"), open_mode::read_only);
    REQUIRE(!missing);
    CHECK(missing.err().code == make_error_code(errc::not_found));
}

TEST_CASE("posix file system: dirs, rename, remove, list, atomic write") {
    testing::temp_dir td;
    posix_file_system fs;
    std::string d = join_path(td.path(), "x/y/z");
    REQUIRE(fs.make_dirs(d));
    REQUIRE(fs.make_dirs(d));
    CHECK(*fs.exists(d));
    REQUIRE(write_file_atomic(fs, d, "meta", as_bytes("v1")));
    REQUIRE(write_file_atomic(fs, d, "meta", as_bytes("version2")));
    auto content = read_whole_file(fs, join_path(d, "meta"));
    REQUIRE(content);
    CHECK(as_chars(*content) == "version2");
    CHECK(!*fs.exists(join_path(d, "meta.tmp")));
    REQUIRE(fs.rename(join_path(d, "meta"), join_path(d, "meta2")));
    auto list = fs.list_dir(d);
    REQUIRE(list);
    REQUIRE(list->size() == 1);
    CHECK((*list)[0].name == "meta2");
    CHECK(!(*list)[0].is_dir);
    REQUIRE(fs.sync_dir(d));
    CHECK(*fs.modified_ms(join_path(d, "meta2")) > 0);
    REQUIRE(remove_recursive(fs, join_path(td.path(), "x")));
    CHECK(!*fs.exists(join_path(td.path(), "x")));
}

TEST_CASE("fault file system: nth write fails, short write leaves a prefix") {
    testing::temp_dir td;
    posix_file_system base;
    fault_file_system fs(base);
    auto f = fs.open(join_path(td.path(), "a.log"), open_mode::create);
    REQUIRE(f);
    fs.fail_write(2, "", /*short_write=*/true);
    REQUIRE((*f)->write_at(0, as_bytes("abcd")));
    auto st = (*f)->write_at(4, as_bytes("efgh"));
    REQUIRE(!st);
    CHECK(st.err().code == make_error_code(errc::injected_fault));
    CHECK(*(*f)->size() == 6);  // half of the failed write landed
    REQUIRE((*f)->write_at(6, as_bytes("ij")));  // not sticky
    CHECK(fs.write_count() == 3);

    fs.fail_write(1, "other");
    REQUIRE((*f)->write_at(8, as_bytes("k")));  // filter does not match
    fs.fail_sync(1, "", /*sticky=*/true);
    CHECK(!(*f)->sync());
    CHECK(!(*f)->sync());
    fs.clear_faults();
    CHECK((*f)->sync());
}

TEST_CASE("fault file system: crash drops unsynced bytes, cut tears a file") {
    testing::temp_dir td;
    posix_file_system base;
    fault_file_system fs(base);
    std::string path = join_path(td.path(), "a.log");
    {
        auto f = fs.open(path, open_mode::create);
        REQUIRE(f);
        REQUIRE((*f)->write_at(0, as_bytes("durable")));
        REQUIRE((*f)->sync());
        REQUIRE((*f)->write_at(7, as_bytes("-lost")));
    }
    REQUIRE(fs.crash());
    auto content = read_whole_file(base, path);
    REQUIRE(content);
    CHECK(as_chars(*content) == "durable");
    REQUIRE(fs.cut(path, 3));
    CHECK(as_chars(*read_whole_file(base, path)) == "dur");
}
