#include "config/properties.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace odradek::config {
namespace {

properties parse_ok(std::string_view text) {
    auto r = parse_properties(text);
    REQUIRE(r.has_value());
    return *r;
}

std::string get(const properties& p, std::string_view key) {
    const std::string* v = p.find(key);
    REQUIRE_MESSAGE(v != nullptr, "missing key ", std::string(key));
    return *v;
}

TEST_CASE("separators: '=', ':' and blanks, with blanks around them") {
    auto p = parse_ok("a=1\nb:2\nc 3\nd = 4\ne\t:\t5\nf   =6\ng  :  = 7\n");
    CHECK(get(p, "a") == "1");
    CHECK(get(p, "b") == "2");
    CHECK(get(p, "c") == "3");
    CHECK(get(p, "d") == "4");
    CHECK(get(p, "e") == "5");
    CHECK(get(p, "f") == "6");
    // Only one separator is skipped; a second becomes part of the value.
    CHECK(get(p, "g") == "= 7");
    CHECK(p.size() == 7);
}

TEST_CASE("comments, blank lines and leading whitespace") {
    auto p = parse_ok("# comment=1\n  ! bang comment\n\n   \t\f\n   key=value # not a comment\n#\n");
    CHECK(p.size() == 1);
    CHECK(get(p, "key") == "value # not a comment");
}

TEST_CASE("a key alone has an empty value; trailing blanks stay in the value") {
    auto p = parse_ok("lonely\nkey2=\nkey3 = v  \n");
    CHECK(get(p, "lonely").empty());
    CHECK(get(p, "key2").empty());
    CHECK(get(p, "key3") == "v  ");
}

TEST_CASE("continuation lines join and drop the next line's leading blanks") {
    auto p = parse_ok("list = a,\\\n      b,\\\n\t c\nnext=1\n");
    CHECK(get(p, "list") == "a,b,c");
    CHECK(get(p, "next") == "1");
}

TEST_CASE("an even number of trailing backslashes does not continue the line") {
    auto p = parse_ok("path=C:\\\\\nnext=1\n");
    CHECK(get(p, "path") == "C:\\");
    CHECK(get(p, "next") == "1");
}

TEST_CASE("a comment line ending in a backslash does not continue") {
    auto p = parse_ok("# comment \\\nkey=1\n");
    CHECK(get(p, "key") == "1");
    CHECK(p.size() == 1);
}

TEST_CASE("a continued line may look like a comment without being one") {
    auto p = parse_ok("key=a\\\n   #b\n");
    CHECK(get(p, "key") == "a#b");
}

TEST_CASE("a continuation followed by an empty line ends the value") {
    auto p = parse_ok("key=a\\\n\nother=2");
    CHECK(get(p, "key") == "a");
    CHECK(get(p, "other") == "2");
}

TEST_CASE("a trailing backslash at end of input is dropped") {
    auto p = parse_ok("key=abc\\");
    CHECK(get(p, "key") == "abc");
}

TEST_CASE("escapes: \\t \\n \\r \\f, escaped separators, other chars") {
    auto p = parse_ok("k\\=ey\\:x\\ y=v\\tw\\nx\\ry\\fz\\q\\\\\n");
    CHECK(get(p, "k=ey:x y") == "v\tw\nx\ry\fzq\\");
}

TEST_CASE("unicode escapes become UTF-8, surrogate pairs combine") {
    auto p = parse_ok("a=\\u0041\\u00e9\\u20AC\nb=\\uD83D\\uDE00\nc=\\uDE00x\n");
    CHECK(get(p, "a") == "A\xC3\xA9\xE2\x82\xAC");
    CHECK(get(p, "b") == "\xF0\x9F\x98\x80");
    CHECK(get(p, "c") == "\xEF\xBF\xBDx");
}

TEST_CASE("malformed unicode escape names source and line") {
    auto r = parse_properties("a=1\n\n# c\nb=\\u12G4\n", "server.properties");
    REQUIRE(!r.has_value());
    CHECK(r.err().code == errc::malformed);
    CHECK(r.err().detail == "server.properties:4: Malformed \\uxxxx encoding.");

    auto short_escape = parse_properties("x=\\u12");
    REQUIRE(!short_escape.has_value());
    CHECK(short_escape.err().detail == "<input>:1: Malformed \\uxxxx encoding.");
}

TEST_CASE("line numbers count CRLF and CR terminators once") {
    auto r = parse_properties("a=1\r\n\r\nb=2\rc=\\u\r\n", "f");
    REQUIRE(!r.has_value());
    CHECK(r.err().detail == "f:4: Malformed \\uxxxx encoding.");
    auto p = parse_ok("a=1\r\nb=2\rc=3\r\n");
    CHECK(get(p, "a") == "1");
    CHECK(get(p, "b") == "2");
    CHECK(get(p, "c") == "3");
}

TEST_CASE("the last duplicate wins") {
    auto p = parse_ok("num.partitions=1\nnum.partitions=3\n");
    CHECK(get(p, "num.partitions") == "3");
}

TEST_CASE("bytes above 0x7f pass through") {
    auto p = parse_ok("dir=/tmp/caf\xC3\xA9\n");
    CHECK(get(p, "dir") == "/tmp/caf\xC3\xA9");
}

TEST_CASE("load_properties reads a file and reports an unreadable one") {
    auto dir = std::filesystem::temp_directory_path() /
               ("odradek-config-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto file = dir / "server.properties";
    {
        std::ofstream out(file);
        out << "broker.id=7\nlog.dirs=/a,/b\n";
    }
    auto r = load_properties(file.string());
    REQUIRE(r.has_value());
    CHECK(get(*r, "broker.id") == "7");
    CHECK(get(*r, "log.dirs") == "/a,/b");

    auto missing = load_properties((dir / "absent.properties").string());
    REQUIRE(!missing.has_value());
    CHECK(missing.err().code == errc::io);
    CHECK(missing.err().detail.find("absent.properties") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("--override arguments") {
    std::vector<std::string> args = {"--override", "broker.id=2", "--override=log.dirs=/x=y", "--override", "flag"};
    auto r = parse_override_args(args);
    REQUIRE(r.has_value());
    CHECK(get(*r, "broker.id") == "2");
    CHECK(get(*r, "log.dirs") == "/x=y");
    CHECK(get(*r, "flag").empty());

    std::vector<std::string> stray = {"--override", "a=1", "oops", "again"};
    auto s = parse_override_args(stray);
    REQUIRE(!s.has_value());
    CHECK(s.err().detail == "Found non argument parameters: oops,again");

    std::vector<std::string> dangling = {"--override"};
    auto d = parse_override_args(dangling);
    REQUIRE(!d.has_value());
    CHECK(d.err().detail == "Option override requires an argument");

    std::vector<std::string> unknown = {"--bogus", "x"};
    auto u = parse_override_args(unknown);
    REQUIRE(!u.has_value());
    CHECK(u.err().detail == "bogus is not a recognized option");
}

TEST_CASE("merge: the other side wins") {
    properties a;
    a.set("x", "1");
    a.set("y", "1");
    properties b;
    b.set("y", "2");
    a.merge(b);
    CHECK(get(a, "x") == "1");
    CHECK(get(a, "y") == "2");
}

}  // namespace
}  // namespace odradek::config
