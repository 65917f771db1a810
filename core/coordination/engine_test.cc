#include "coordination/engine.h"

#include <doctest/doctest.h>

#include "coordination/four_letter.h"
#include "coordination/test_client.h"

using namespace odradek;
using namespace odradek::coordination;
using namespace odradek::coordination::testing;

namespace {
constexpr int32_t kOk = 0;
constexpr auto err(zk_error e) { return int32_t(e); }

struct fixture {
    capture_sink sink;
    capture_log log;
    engine e{engine_options{}, sink, {1000, 0}};
    fixture() { e.set_txn_sink(&log); }
};
}  // namespace

TEST_CASE("a new session gets an id, a 16-byte password and a clamped timeout") {
    fixture f;
    client c(f.e, f.sink, 1);
    auto rsp = c.connect(1);
    CHECK(rsp.session_id != 0);
    CHECK((uint64_t(rsp.session_id) >> 56) == 1);
    CHECK(rsp.passwd.size() == 16);
    CHECK(rsp.timeout == 4000);  // min = 2 x tickTime
    CHECK(rsp.has_read_only);
    client d(f.e, f.sink, 2);
    CHECK(d.connect(1000000).timeout == 40000);  // max = 20 x tickTime
    CHECK(f.log.txns.size() == 2);                // createSession txns
}

TEST_CASE("the initial tree has /zookeeper, /zookeeper/quota and /zookeeper/config") {
    fixture f;
    client c(f.e, f.sink, 1);
    c.connect();
    CHECK(c.children("/") == std::vector<std::string>{"zookeeper"});
    CHECK(c.children("/zookeeper") == std::vector<std::string>{"config", "quota"});
    CHECK(c.remove("/zookeeper") == err(zk_error::bad_arguments));
    CHECK(c.remove("/zookeeper/quota") == err(zk_error::bad_arguments));
}

TEST_CASE("create, get, set, delete with stats and version checks") {
    fixture f;
    client c(f.e, f.sink, 1);
    c.connect();
    CHECK(c.create("/a", "hello") == kOk);
    int64_t create_zxid = f.e.last_zxid();
    std::string data;
    zk_stat st;
    CHECK(c.get("/a", &data, &st) == kOk);
    CHECK(data == "hello");
    CHECK(st.czxid == create_zxid);
    CHECK(st.mzxid == create_zxid);
    CHECK(st.pzxid == create_zxid);
    CHECK(st.version == 0);
    CHECK(st.data_length == 5);
    CHECK(st.ctime == kWallOffset);
    CHECK(st.mtime == kWallOffset);

    CHECK(c.create("/a") == err(zk_error::node_exists));
    CHECK(c.create("/x/y") == err(zk_error::no_node));
    CHECK(c.create("a") == err(zk_error::bad_arguments));
    CHECK(c.create("/a/") == err(zk_error::bad_arguments));
    CHECK(c.create("/a/.") == err(zk_error::bad_arguments));
    CHECK(c.create("/a/./b") == err(zk_error::no_node));  // the parent is looked up first
    CHECK(c.create("/a", "", 9) == err(zk_error::bad_arguments));
    CHECK(c.create("/t", "", create_mode::persistent_with_ttl) == err(zk_error::unimplemented));

    CHECK(c.set("/a", "x", 5) == err(zk_error::bad_version));
    CHECK(c.set("/a", "x", 0, &st) == kOk);
    CHECK(st.version == 1);
    CHECK(st.mzxid == f.e.last_zxid());
    CHECK(st.czxid == create_zxid);
    CHECK(c.set("/nope", "x") == err(zk_error::no_node));

    CHECK(c.create("/a/b") == kOk);
    CHECK(c.remove("/a") == err(zk_error::not_empty));
    zk_stat parent;
    CHECK(c.exists("/a", false, &parent) == kOk);
    CHECK(parent.cversion == 1);
    CHECK(parent.num_children == 1);
    CHECK(c.remove("/a/b", 3) == err(zk_error::bad_version));
    CHECK(c.remove("/a/b", 0) == kOk);
    CHECK(c.exists("/a", false, &parent) == kOk);
    CHECK(parent.cversion == 2);  // clients see creates + deletes
    CHECK(f.e.tree().find("/a")->stat.cversion == 1);  // stored: creates only
    CHECK(parent.pzxid == f.e.last_zxid());
    CHECK(c.remove("/a/b") == err(zk_error::no_node));
    CHECK(c.remove("/a") == kOk);
    CHECK(c.exists("/a") == err(zk_error::no_node));
}

TEST_CASE("failed writes take a zxid; reads do not") {
    fixture f;
    client c(f.e, f.sink, 1);
    c.connect();
    int64_t z = f.e.last_zxid();
    CHECK(c.create("/x/y") == err(zk_error::no_node));
    CHECK(f.e.last_zxid() == z + 1);
    CHECK(c.exists("/zookeeper") == kOk);
    CHECK(f.e.last_zxid() == z + 1);
}

TEST_CASE("sequential names use the parent's cversion, zero-padded to 10 digits") {
    fixture f;
    client c(f.e, f.sink, 1);
    c.connect();
    CHECK(c.create("/q") == kOk);
    std::string name;
    CHECK(c.create("/q/n-", "", create_mode::persistent_sequential, &name) == kOk);
    CHECK(name == "/q/n-0000000000");
    CHECK(c.create("/q/other") == kOk);
    CHECK(c.remove("/q/other") == kOk);
    CHECK(c.create("/q/n-", "", create_mode::ephemeral_sequential, &name) == kOk);
    CHECK(name == "/q/n-0000000002");
    zk_stat st;
    CHECK(c.exists("/q", false, &st) == kOk);
    CHECK(st.cversion == 4);  // three creates, one delete
}

TEST_CASE("ephemerals: no children, deleted when the session closes or expires") {
    fixture f;
    client a(f.e, f.sink, 1), b(f.e, f.sink, 2);
    auto sa = a.connect(4000);
    b.connect(40000);
    CHECK(a.create("/e", "", create_mode::ephemeral) == kOk);
    zk_stat st;
    CHECK(a.exists("/e", false, &st) == kOk);
    CHECK(st.ephemeral_owner == sa.session_id);
    CHECK(a.create("/e/c") == err(zk_error::no_children_for_ephemerals));
    CHECK(b.exists("/e", true) == kOk);

    SUBCASE("expiry") {
        f.e.tick({5000, 3999});
        CHECK(b.exists("/e") == kOk);
        auto expired = f.e.tick({6000, 4001});
        REQUIRE(expired.size() == 1);
        CHECK(expired[0] == std::pair<int64_t, int32_t>{sa.session_id, 4000});
        CHECK(f.sink.closed == std::vector<uint64_t>{1});
        b.drain_events();
        REQUIRE(b.events.size() == 1);
        CHECK(b.events[0].type == event_type::node_deleted);
        CHECK(b.events[0].path == "/e");
        CHECK(b.exists("/e") == err(zk_error::no_node));
        CHECK(f.e.sessions().find(sa.session_id) == nullptr);
    }
    SUBCASE("close session") {
        auto rp = a.call(op::close_session, [](jute_writer&) {});
        CHECK(rp.h.err == 0);
        CHECK(f.sink.closed == std::vector<uint64_t>{1});
        CHECK(b.exists("/e") == err(zk_error::no_node));
    }
    SUBCASE("traffic keeps a session alive") {
        a.call(op::ping, [](jute_writer&) {}, 3000);
        f.e.tick({6000, 5000});
        CHECK(b.exists("/e") == kOk);
    }
}

TEST_CASE("reconnecting with the right password resumes; a wrong one is told the session expired") {
    fixture f;
    client a(f.e, f.sink, 1);
    auto s = a.connect(10000);
    CHECK(a.create("/e", "", create_mode::ephemeral) == kOk);
    f.e.close_connection(1);

    client bad(f.e, f.sink, 2);
    auto r1 = bad.connect(10000, s.session_id, byte_buffer(16, 9));
    CHECK(r1.session_id == 0);
    CHECK(r1.timeout == 0);
    CHECK(r1.passwd == byte_buffer(16, 0));
    CHECK(f.sink.closed == std::vector<uint64_t>{2});

    client good(f.e, f.sink, 3);
    auto r2 = good.connect(10000, s.session_id, s.passwd);
    CHECK(r2.session_id == s.session_id);
    CHECK(r2.timeout == 10000);
    CHECK(good.exists("/e") == kOk);

    // A second connection for the same session closes the first.
    client again(f.e, f.sink, 4);
    CHECK(again.connect(10000, s.session_id, s.passwd).session_id == s.session_id);
    CHECK(f.sink.closed.back() == 3);
}

TEST_CASE("a client that has seen a newer zxid is refused") {
    fixture f;
    f.e.open_connection(1, "/127.0.0.1:1", {});
    connect_request req;
    req.last_zxid_seen = 100;
    req.timeout = 10000;
    req.passwd.assign(16, 0);
    f.e.on_connect(1, req, {});
    CHECK(f.sink.packets.empty());
    CHECK(f.sink.closed == std::vector<uint64_t>{1});
}

TEST_CASE("one-shot watches fire once with the right event types") {
    fixture f;
    client w(f.e, f.sink, 1), m(f.e, f.sink, 2);
    w.connect();
    m.connect();
    CHECK(w.exists("/n", true) == err(zk_error::no_node));  // exist watch on an absent node
    CHECK(m.create("/n") == kOk);
    w.drain_events();
    REQUIRE(w.events.size() == 1);
    CHECK(w.events[0].type == event_type::node_created);

    CHECK(w.get("/n", nullptr, nullptr, true) == kOk);
    w.children("/n", true);
    CHECK(m.set("/n", "1") == kOk);
    CHECK(m.set("/n", "2") == kOk);  // the data watch is gone now
    CHECK(m.create("/n/c") == kOk);
    w.drain_events();
    REQUIRE(w.events.size() == 3);
    CHECK(w.events[1].type == event_type::node_data_changed);
    CHECK(w.events[2].type == event_type::node_children_changed);
    CHECK(w.events[2].path == "/n");

    w.events.clear();
    CHECK(w.get("/n/c", nullptr, nullptr, true) == kOk);
    w.children("/n/c", true);
    CHECK(m.remove("/n/c") == kOk);
    w.drain_events();
    REQUIRE(w.events.size() == 1);  // data and child watch on one node: one NodeDeleted
    CHECK(w.events[0].type == event_type::node_deleted);
    CHECK(f.e.watches().watch_count() == 0);
}

TEST_CASE("watches of a closed connection are dropped") {
    fixture f;
    client w(f.e, f.sink, 1), m(f.e, f.sink, 2);
    w.connect();
    m.connect();
    w.exists("/n", true);
    CHECK(f.e.watches().watch_count() == 1);
    f.e.close_connection(1);
    CHECK(f.e.watches().watch_count() == 0);
}

TEST_CASE("persistent and persistent-recursive watches stay and see descendants") {
    fixture f;
    client w(f.e, f.sink, 1), m(f.e, f.sink, 2);
    w.connect();
    m.connect();
    CHECK(m.create("/p") == kOk);
    CHECK(w.add_watch("/p", add_watch_mode::persistent) == kOk);
    CHECK(w.add_watch("/", add_watch_mode::persistent_recursive) == kOk);
    CHECK(m.set("/p", "1") == kOk);
    CHECK(m.set("/p", "2") == kOk);
    CHECK(m.create("/p/c") == kOk);
    w.drain_events();
    // /p: DataChanged twice, ChildrenChanged (persistent) and for /p/c NodeCreated (recursive on /).
    REQUIRE(w.events.size() == 4);
    CHECK(w.events[0].type == event_type::node_data_changed);
    CHECK(w.events[1].type == event_type::node_data_changed);
    int created = 0, children = 0;
    for (size_t i = 2; i < 4; ++i) {
        if (w.events[i].type == event_type::node_created && w.events[i].path == "/p/c") ++created;
        if (w.events[i].type == event_type::node_children_changed && w.events[i].path == "/p") ++children;
    }
    CHECK(created == 1);
    CHECK(children == 1);
}

TEST_CASE("setWatches fires what the client missed and registers the rest") {
    fixture f;
    client w(f.e, f.sink, 1), m(f.e, f.sink, 2);
    w.connect();
    m.connect();
    CHECK(m.create("/s") == kOk);
    int64_t seen = f.e.last_zxid();
    CHECK(m.set("/s", "changed") == kOk);
    CHECK(m.create("/k") == kOk);
    auto rp = w.call(op::set_watches, [&](jute_writer& jw) {
        jw.write_long(seen);
        write_string_list(jw, {"/s", "/gone"});
        write_string_list(jw, {"/k", "/absent"});
        write_string_list(jw, {});
    });
    CHECK(rp.h.err == 0);
    REQUIRE(w.events.size() == 3);
    CHECK(w.events[0].type == event_type::node_data_changed);
    CHECK(w.events[1].type == event_type::node_deleted);
    CHECK(w.events[2].type == event_type::node_created);
    CHECK(f.e.watches().watch_count() == 1);  // the exist watch on /absent
}

TEST_CASE("multi is atomic and reports per-op results") {
    fixture f;
    client c(f.e, f.sink, 1);
    c.connect();
    auto run = [&](std::vector<multi_op> ops) {
        auto rp = c.call(op::multi, [&](jute_writer& w) { write_multi_request(w, ops); });
        std::vector<std::pair<int32_t, int32_t>> out;  // (type, err)
        jute_reader r(rp.body);
        for (;;) {
            int32_t type = r.read_int();
            bool done = r.read_bool();
            int32_t e = r.read_int();
            if (done || !r.ok()) break;
            out.emplace_back(type, e);
            if (type == op::error) r.read_int();
            if (type == op::create) r.read_string();
            if (type == op::create2) {
                r.read_string();
                zk_stat s;
                read_stat(r, s);
            }
            if (type == op::set_data) {
                zk_stat s;
                read_stat(r, s);
            }
        }
        CHECK(rp.h.err == 0);
        return out;
    };
    std::vector<multi_op> ok_ops(3);
    ok_ops[0].type = op::create;
    ok_ops[0].create = {"/m", {}, {{perm::all, {"world", "anyone"}}}, 0, 0};
    ok_ops[1].type = op::create2;
    ok_ops[1].create = {"/m/c", {}, {{perm::all, {"world", "anyone"}}}, 0, 0};
    ok_ops[2].type = op::set_data;
    ok_ops[2].set = {"/m", {'v'}, 0};
    auto res = run(ok_ops);
    REQUIRE(res.size() == 3);
    CHECK(res[0] == std::pair{op::create, 0});
    CHECK(res[1] == std::pair{op::create, 0});  // create2 inside a multi answers as create
    CHECK(res[2] == std::pair{op::set_data, 0});
    CHECK(c.exists("/m/c") == kOk);

    std::vector<multi_op> bad(3);
    bad[0].type = op::create;
    bad[0].create = {"/n", {}, {{perm::all, {"world", "anyone"}}}, 0, 0};
    bad[1].type = op::check;
    bad[1].version = {"/m", 7};
    bad[2].type = op::remove;
    bad[2].version = {"/m/c", -1};
    int64_t before = f.e.last_zxid();
    res = run(bad);
    REQUIRE(res.size() == 3);
    CHECK(res[0] == std::pair{op::error, 0});
    CHECK(res[1] == std::pair{op::error, err(zk_error::bad_version)});
    CHECK(res[2] == std::pair{op::error, err(zk_error::runtime_inconsistency)});
    CHECK(c.exists("/n") == err(zk_error::no_node));
    CHECK(c.exists("/m/c") == kOk);
    CHECK(f.e.last_zxid() == before + 1);

    // Later ops see earlier ones: create then delete the same node.
    std::vector<multi_op> chain(2);
    chain[0].type = op::create;
    chain[0].create = {"/tmp", {}, {{perm::all, {"world", "anyone"}}}, 0, 0};
    chain[1].type = op::remove;
    chain[1].version = {"/tmp", 0};
    res = run(chain);
    REQUIRE(res.size() == 2);
    CHECK(res[1] == std::pair{op::remove, 0});
    CHECK(c.exists("/tmp") == err(zk_error::no_node));
}

TEST_CASE("unknown ops get UNIMPLEMENTED, bad bodies MARSHALLINGERROR, a bad header closes") {
    fixture f;
    client c(f.e, f.sink, 1);
    c.connect();
    CHECK(c.call(op::get_data, [](jute_writer& w) { w.write_int(50); }).h.err == err(zk_error::marshalling_error));
    auto ping = c.call(op::ping, [](jute_writer&) {});
    CHECK(ping.h.xid == xid::ping);
    const uint8_t short_header[] = {0, 0, 1};
    f.e.on_request(1, short_header, {});
    CHECK(f.sink.closed == std::vector<uint64_t>{1});

    // UnimplementedRequestProcessor: the answer, then the connection is dropped.
    client d(f.e, f.sink, 2);
    d.connect();
    auto rp = d.call(999, [](jute_writer&) {});
    CHECK(rp.h.err == err(zk_error::unimplemented));
    CHECK(rp.h.zxid == -1);
    CHECK(f.sink.closed == std::vector<uint64_t>{1, 2});
}

TEST_CASE("ACLs are stored and returned; auth adds a digest identity") {
    fixture f;
    client c(f.e, f.sink, 1);
    c.connect();
    auto rp = c.call(op::auth, [](jute_writer& w) {
        w.write_int(0);
        w.write_string("digest");
        w.write_buffer(as_bytes("bob:secret"));
    });
    CHECK(rp.h.err == 0);
    rp = c.call(op::create, [](jute_writer& w) {
        write_create_request(w, {"/acl", {}, {{perm::read, {"auth", ""}}}, 0, 0}, false);
    });
    CHECK(rp.h.err == 0);
    rp = c.call(op::get_acl, [](jute_writer& w) { w.write_string("/acl"); });
    REQUIRE(rp.h.err == 0);
    jute_reader r(rp.body);
    acl_list acl;
    read_acl_list(r, acl);
    REQUIRE(acl.size() == 1);
    CHECK(acl[0].perms == perm::read);
    CHECK(acl[0].id.scheme == "digest");
    CHECK(acl[0].id.id == "bob:fyVmFCwVbTJYrznoSu1koqYEYF0=");
    rp = c.call(op::create, [](jute_writer& w) { write_create_request(w, {"/x", {}, {}, 0, 0}, false); });
    CHECK(rp.h.err == err(zk_error::invalid_acl));
    rp = c.call(op::auth, [](jute_writer& w) {
        w.write_int(0);
        w.write_string("kerberos");
        w.write_buffer(as_bytes("x"));
    });
    CHECK(rp.h.err == err(zk_error::auth_failed));
    CHECK(f.sink.closed == std::vector<uint64_t>{1});
}

TEST_CASE("getEphemerals, getAllChildrenNumber, sync") {
    fixture f;
    client c(f.e, f.sink, 1);
    c.connect();
    CHECK(c.create("/g") == kOk);
    CHECK(c.create("/g/a", "", create_mode::ephemeral) == kOk);
    CHECK(c.create("/g/b") == kOk);
    CHECK(c.create("/g/b/c") == kOk);
    auto rp = c.call(op::get_all_children_number, [](jute_writer& w) { w.write_string("/g"); });
    jute_reader r(rp.body);
    CHECK(r.read_int() == 3);
    rp = c.call(op::get_ephemerals, [](jute_writer& w) { w.write_string("/g"); });
    jute_reader r2(rp.body);
    std::vector<std::string> eph;
    read_string_list(r2, eph);
    CHECK(eph == std::vector<std::string>{"/g/a"});
    rp = c.call(op::sync, [](jute_writer& w) { w.write_string("/g"); });
    jute_reader r3(rp.body);
    CHECK(r3.read_string() == "/g");
}

TEST_CASE("packets are tagged with the zxid that must be durable first") {
    fixture f;
    client c(f.e, f.sink, 1);
    c.connect();
    byte_buffer b;
    jute_writer w(b);
    write_request_header(w, {1, op::create});
    write_create_request(w, {"/d", {}, {{perm::all, {"world", "anyone"}}}, 0, 0}, false);
    f.e.on_request(1, b, {});
    REQUIRE(f.sink.packets.size() == 1);
    CHECK(f.sink.packets[0].visible == f.e.last_zxid());
    CHECK(f.log.txns.back().first == f.e.last_zxid());
}

TEST_CASE("replaying the log rebuilds the same tree") {
    fixture f;
    client c(f.e, f.sink, 1);
    c.connect();
    CHECK(c.create("/r", "1") == kOk);
    CHECK(c.create("/r/s-", "", create_mode::persistent_sequential) == kOk);
    CHECK(c.set("/r", "2") == kOk);
    CHECK(c.create("/r/e", "", create_mode::ephemeral) == kOk);
    capture_sink sink2;
    engine copy(engine_options{}, sink2, {});
    for (const auto& [zxid, bytes] : f.log.txns) {
        int64_t z = 0;
        REQUIRE(copy.replay(bytes, z));
        CHECK(z == zxid);
    }
    CHECK(copy.last_zxid() == f.e.last_zxid());
    REQUIRE(copy.tree().nodes().size() == f.e.tree().nodes().size());
    for (const auto& [path, n] : f.e.tree().nodes()) {
        const znode* m = copy.tree().find(path);
        REQUIRE(m != nullptr);
        CHECK(m->data == n.data);
        CHECK(data_tree::stat_of(*m) == data_tree::stat_of(n));
    }
    CHECK(copy.sessions().all().size() == 1);
}

TEST_CASE("containers are removed once their last child is gone") {
    capture_sink sink;
    engine_options opts;
    opts.container_check_ms = 1000;
    engine e(opts, sink, {0, 0});
    client c(e, sink, 1);
    c.connect(40000);
    auto rp = c.call(op::create_container, [](jute_writer& w) {
        write_create_request(w, {"/box", {}, {{perm::all, {"world", "anyone"}}}, create_mode::container, 0}, false);
    });
    REQUIRE(rp.h.err == 0);
    zk_stat st;
    CHECK(c.exists("/box", false, &st) == kOk);
    CHECK(st.ephemeral_owner == 0);  // containers show no owner
    CHECK(e.tree().find("/box")->stat.ephemeral_owner == kContainerOwner);
    e.tick({0, 1000});
    CHECK(c.exists("/box") == kOk);  // never had a child: kept
    CHECK(c.create("/box/item") == kOk);
    CHECK(c.remove("/box/item") == kOk);
    e.tick({0, 1500});
    CHECK(c.exists("/box") == kOk);  // checked once per interval
    e.tick({0, 2000});
    CHECK(c.exists("/box") == err(zk_error::no_node));
}

TEST_CASE("srvr and mntr report the request latencies the server recorded") {
    fixture f;
    server_config cfg;
    cfg.four_letter_whitelist = {"*"};
    four_letter_context ctx{f.e, cfg, "", ""};
    CHECK(run_four_letter("srvr", ctx).find("Latency min/avg/max: 0/0.0/0\n") != std::string::npos);
    f.e.record_latency(3);
    f.e.record_latency(5);
    f.e.record_latency(1);
    CHECK(run_four_letter("srvr", ctx).find("Latency min/avg/max: 1/3.0/5\n") != std::string::npos);
    std::string mntr = run_four_letter("mntr", ctx);
    CHECK(mntr.find("zk_avg_latency\t3.0\n") != std::string::npos);
    CHECK(mntr.find("zk_max_latency\t5\n") != std::string::npos);
    CHECK(mntr.find("zk_min_latency\t1\n") != std::string::npos);
    f.e.record_latency(2);
    CHECK(run_four_letter("srvr", ctx).find("Latency min/avg/max: 1/2.75/5\n") != std::string::npos);
}
