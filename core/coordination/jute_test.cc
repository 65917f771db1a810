#include "coordination/jute.h"

#include <doctest/doctest.h>

#include "coordination/messages.h"

using namespace odradek;
using namespace odradek::coordination;

TEST_CASE("jute round-trips primitives") {
    byte_buffer b;
    jute_writer w(b);
    w.write_int(-7);
    w.write_long(0x0102030405060708LL);
    w.write_bool(true);
    w.write_string("héllo");
    w.write_buffer(as_bytes("xyz"));
    w.write_null();
    jute_reader r(b);
    CHECK(r.read_int() == -7);
    CHECK(r.read_long() == 0x0102030405060708LL);
    CHECK(r.read_bool());
    CHECK(r.read_string() == "héllo");
    CHECK(r.read_buffer() == byte_buffer{'x', 'y', 'z'});
    bool was_null = false;
    CHECK(r.read_buffer(&was_null).empty());
    CHECK(was_null);
    CHECK(r.at_end());
}

TEST_CASE("jute reader is sticky after a short read") {
    const uint8_t bytes[] = {0, 0, 0, 1, 0, 0};
    jute_reader r(bytes);
    CHECK(r.read_int() == 1);
    CHECK(r.read_int() == 0);
    CHECK_FALSE(r.ok());
    CHECK(r.read_long() == 0);
    CHECK(r.read_string().empty());
    CHECK(r.remaining() == 0);
}

TEST_CASE("jute lengths are bounded by the input and by maxbuffer") {
    SUBCASE("string longer than input") {
        const uint8_t bytes[] = {0, 0, 0, 9, 'a', 'b'};
        jute_reader r(bytes);
        CHECK(r.read_string().empty());
        CHECK_FALSE(r.ok());
    }
    SUBCASE("negative length other than -1") {
        const uint8_t bytes[] = {0xff, 0xff, 0xff, 0xfe};
        jute_reader r(bytes);
        r.read_buffer();
        CHECK_FALSE(r.ok());
    }
    SUBCASE("length over maxbuffer") {
        byte_buffer b;
        jute_writer w(b);
        w.write_string("0123456789");
        jute_reader r(b, 5);
        r.read_string();
        CHECK_FALSE(r.ok());
    }
    SUBCASE("vector count that cannot fit") {
        const uint8_t bytes[] = {0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0};
        jute_reader r(bytes);
        CHECK(r.read_count(4) == 0);
        CHECK_FALSE(r.ok());
    }
}

TEST_CASE("connect request with and without the readOnly byte") {
    connect_request c;
    c.protocol_version = 0;
    c.last_zxid_seen = 5;
    c.timeout = 30000;
    c.session_id = 0x1234;
    c.passwd.assign(16, 7);
    for (bool with : {false, true}) {
        c.has_read_only = with;
        byte_buffer b;
        jute_writer w(b);
        write_connect_request(w, c);
        CHECK(b.size() == (with ? 45u : 44u));
        jute_reader r(b);
        connect_request d;
        read_connect_request(r, d);
        REQUIRE(r.at_end());
        CHECK(d.has_read_only == with);
        CHECK(d.session_id == 0x1234);
        CHECK(d.timeout == 30000);
        CHECK(d.passwd == c.passwd);
    }
}

TEST_CASE("stat encodes as 68 bytes in field order") {
    zk_stat s{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    byte_buffer b;
    jute_writer w(b);
    write_stat(w, s);
    REQUIRE(b.size() == 68);
    CHECK(load_be<int64_t>(b.data()) == 1);
    CHECK(load_be<int32_t>(b.data() + 32) == 5);
    CHECK(load_be<int64_t>(b.data() + 60) == 11);
    jute_reader r(b);
    zk_stat d;
    read_stat(r, d);
    CHECK(d == s);
}

TEST_CASE("multi request framing round-trips and rejects bad ops") {
    std::vector<multi_op> ops(3);
    ops[0].type = 1;
    ops[0].create.path = "/a";
    ops[0].create.acl = {{31, {"world", "anyone"}}};
    ops[1].type = 5;
    ops[1].set.path = "/a";
    ops[1].set.data = {1, 2};
    ops[2].type = 13;
    ops[2].version = {"/a", 3};
    byte_buffer b;
    jute_writer w(b);
    write_multi_request(w, ops);
    jute_reader r(b);
    std::vector<multi_op> d;
    read_multi_request(r, d);
    REQUIRE(r.at_end());
    REQUIRE(d.size() == 3);
    CHECK(d[0].create.path == "/a");
    CHECK(d[0].create.acl == ops[0].create.acl);
    CHECK(d[1].set.data == ops[1].set.data);
    CHECK(d[2].version.version == 3);

    SUBCASE("unknown op type") {
        byte_buffer bad;
        jute_writer bw(bad);
        bw.write_int(99);
        bw.write_bool(false);
        bw.write_int(-1);
        jute_reader br(bad);
        read_multi_request(br, d);
        CHECK_FALSE(br.ok());
    }
    SUBCASE("missing done marker") {
        byte_buffer cut(b.begin(), b.end() - 9);
        jute_reader br(cut);
        read_multi_request(br, d);
        CHECK_FALSE(br.ok());
    }
}
