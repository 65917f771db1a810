#include <doctest/doctest.h>

#include "coordination/client/connect_string.h"
#include "coordination/client/shell.h"
#include "coordination/client/sync_client.h"
#include "coordination/client/zk_errc.h"
#include "coordination/jute.h"

using namespace odradek;
using namespace odradek::coordination;

TEST_CASE("connect string: hosts, default port, chroot") {
    auto cs = parse_connect_string("a:1,b,[::1]:3/kafka/x");
    REQUIRE(cs);
    REQUIRE(cs->hosts.size() == 3);
    CHECK(cs->hosts[0].host == "a");
    CHECK(cs->hosts[0].port == 1);
    CHECK(cs->hosts[1].host == "b");
    CHECK(cs->hosts[1].port == 2181);
    CHECK(cs->hosts[2].host == "::1");
    CHECK(cs->hosts[2].port == 3);
    CHECK(cs->chroot == "/kafka/x");
    CHECK(cs->to_server("/") == "/kafka/x");
    CHECK(cs->to_server("/t") == "/kafka/x/t");
    CHECK(cs->to_client("/kafka/x") == "/");
    CHECK(cs->to_client("/kafka/x/t") == "/t");
    CHECK(cs->to_client("/kafka/xy") == "/kafka/xy");
}

TEST_CASE("connect string: a lone slash is no chroot; bad input is refused") {
    auto cs = parse_connect_string("h:2181/");
    REQUIRE(cs);
    CHECK(cs->chroot.empty());
    CHECK(cs->to_server("/a") == "/a");
    for (const char* bad : {"", "/x", "h:0", "h:70000", "h:x", "h:1/a/", "h:1/a//b", "[::1:5"}) {
        auto r = parse_connect_string(bad);
        CHECK_MESSAGE(!r, bad);
        if (!r) CHECK(zk_code_of(r.err()) == zk_error::bad_arguments);
    }
}

TEST_CASE("path validation follows PathUtils") {
    CHECK(path_problem("/") == "");
    CHECK(path_problem("/a/b") == "");
    CHECK(path_problem("") == "Path length must be > 0");
    CHECK(path_problem("a") == "Path must start with / character");
    CHECK(path_problem("/a/") == "Path must not end with / character");
    CHECK(path_problem("/a/", true) == "");
    CHECK(path_problem("/a//b") == "empty node name specified @3");
    CHECK(path_problem("/a/./b") == "relative paths not allowed @3");
    CHECK(path_problem("/a/..") == "relative paths not allowed @4");
    CHECK(path_problem("/a..b") == "");
}

TEST_CASE("zk_error as error_code") {
    error e(zk_error::no_node, "/x");
    CHECK(zk_code_of(e) == zk_error::no_node);
    CHECK(e.code.message() == "NoNode");
    CHECK(keeper_message(zk_error::connection_loss, "/a") == "KeeperErrorCode = ConnectionLoss for /a");
    CHECK(keeper_message(zk_error::not_empty, "") == "KeeperErrorCode = Directory not empty");
    CHECK(zk_code_of(error(std::make_error_code(std::errc::io_error))) == zk_error::system_error);
}

TEST_CASE("command lines split like ZooKeeperMain's") {
    using v = std::vector<std::string>;
    CHECK(split_command_line("  ls   -R /a ") == v{"ls", "-R", "/a"});
    CHECK(split_command_line("create /a \"two words\" 'x y'") == v{"create", "/a", "two words", "x y"});
    CHECK(split_command_line("set /a \"\"") == v{"set", "/a", ""});
    CHECK(split_command_line("") == v{});
}

TEST_CASE("sync_client: a bad connect string fails open() cleanly") {
    client_options o;
    o.connect = "h:0";
    auto c = sync_client::open(std::move(o));
    REQUIRE(!c);
    CHECK(zk_code_of(c.err()) == zk_error::bad_arguments);
}

TEST_CASE("multi responses decode to client paths; truncated ones are refused") {
    byte_buffer b;
    jute_writer w(b);
    w.write_int(op::create);
    w.write_bool(false);
    w.write_int(0);
    w.write_string("/c/x");
    w.write_int(op::error);
    w.write_bool(false);
    w.write_int(0);
    w.write_int(int32_t(zk_error::bad_version));
    w.write_int(-1);
    w.write_bool(true);
    w.write_int(-1);
    connect_string cs;
    cs.chroot = "/c";
    auto r = decode_multi_response(b, cs, "/p");
    REQUIRE(r);
    REQUIRE(r->size() == 2);
    CHECK((*r)[0].path == "/x");
    CHECK((*r)[1].type == op::error);
    CHECK((*r)[1].err == int32_t(zk_error::bad_version));
    for (size_t cut = 0; cut < b.size(); ++cut) {
        auto t = decode_multi_response(byte_span(b.data(), cut), cs, "/p");
        REQUIRE_MESSAGE(!t, cut);
        CHECK(zk_code_of(t.err()) == zk_error::marshalling_error);
        CHECK(t.err().detail == "/p");
    }
}
