#include <doctest/doctest.h>

#include <condition_variable>
#include <mutex>

#include "coordination/client/sync_client.h"
#include "coordination/client/test_server.h"

using namespace odradek;
using namespace odradek::coordination;
using namespace odradek::coordination::testing;
using namespace std::chrono_literals;

namespace {

byte_buffer bytes(std::string_view s) { return byte_buffer(s.begin(), s.end()); }

// Collects watcher events; wait_for() bounds each wait (no timing assertion:
// a missing event fails, a slow one only waits).
struct event_log {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<watched_event> events;

    watcher_fn fn() {
        return [this](const watched_event& ev) {
            std::lock_guard lk(mu);
            events.push_back(ev);
            cv.notify_all();
        };
    }
    bool wait_for(int32_t type, int32_t state, const std::string& path, size_t from = 0) {
        std::unique_lock lk(mu);
        return cv.wait_for(lk, 20s, [&] {
            for (size_t i = from; i < events.size(); ++i)
                if (events[i].type == type && events[i].state == state && events[i].path == path) return true;
            return false;
        });
    }
    size_t size() {
        std::lock_guard lk(mu);
        return events.size();
    }
};

std::unique_ptr<sync_client> connect(const std::string& where, event_log* log = nullptr, int32_t timeout = 10000) {
    client_options o;
    o.connect = where;
    o.session_timeout_ms = timeout;
    if (log) o.default_watcher = log->fn();
    auto c = sync_client::open(std::move(o));
    REQUIRE(c);
    REQUIRE((*c)->wait_connected(20s));
    return std::move(*c);
}

}  // namespace

TEST_CASE("client: session negotiation and the basic operations") {
    zk_target srv;
    event_log log;
    auto c = connect(srv.address(), &log, 60000);
    // Capped at the server's maxSessionTimeout (20 ticks: ours runs 1 s ticks).
    if (!srv.external()) CHECK(c->client().negotiated_timeout() == 20000);
    CHECK(c->client().negotiated_timeout() < 60000);
    CHECK(c->client().session_id() != 0);
    CHECK(log.wait_for(event_type::none, keeper_state::sync_connected, ""));

    auto d = bytes("hello");
    auto created = c->create("/a", &d, open_acl_unsafe());
    REQUIRE(created);
    CHECK(*created == "/a");
    auto again = c->create("/a", &d, open_acl_unsafe());
    REQUIRE(!again);
    CHECK(zk_code_of(again.err()) == zk_error::node_exists);
    CHECK(again.err().detail == "/a");

    auto seq = c->create2("/a/s-", nullptr, open_acl_unsafe(), create_mode::persistent_sequential);
    REQUIRE(seq);
    CHECK(seq->first == "/a/s-0000000000");
    auto eph = c->create("/a/e", nullptr, open_acl_unsafe(), create_mode::ephemeral);
    REQUIRE(eph);

    auto got = c->get_data("/a");
    REQUIRE(got);
    CHECK(got->data == d);
    CHECK(got->stat.version == 0);
    auto null_data = c->get_data("/a/e");
    REQUIRE(null_data);
    CHECK(null_data->data.empty());

    auto st = c->exists("/a/e");
    REQUIRE(st);
    REQUIRE(st->has_value());
    CHECK((*st)->ephemeral_owner == c->client().session_id());
    auto none = c->exists("/nope");
    REQUIRE(none);
    CHECK(!none->has_value());

    auto set = c->set_data("/a", bytes("v2"), 0);
    REQUIRE(set);
    CHECK(set->version == 1);
    auto bad = c->set_data("/a", bytes("v3"), 0);
    REQUIRE(!bad);
    CHECK(zk_code_of(bad.err()) == zk_error::bad_version);

    auto kids = c->get_children("/a", std::nullopt, true);
    REQUIRE(kids);
    std::sort(kids->children.begin(), kids->children.end());
    CHECK(kids->children == std::vector<std::string>{"e", "s-0000000000"});
    CHECK(kids->stat.num_children == 2);

    auto rm = c->remove("/a");
    REQUIRE(!rm);
    CHECK(zk_code_of(rm.err()) == zk_error::not_empty);
    CHECK(c->remove("/a/s-0000000000"));
    CHECK(c->sync("/a"));

    auto acl = c->get_acl("/a");
    REQUIRE(acl);
    CHECK(acl->acl == open_acl_unsafe());
    acl_list digest{{perm::read | perm::admin, {"world", "anyone"}}};
    auto sa = c->set_acl("/a", digest, 0);
    REQUIRE(sa);
    CHECK(sa->aversion == 1);
    CHECK(c->get_acl("/a")->acl == digest);
}

TEST_CASE("client: multi succeeds or fails as a whole") {
    zk_target srv;
    auto c = connect(srv.address());
    std::vector<multi_request_op> ok_ops{
        {op::create, "/m", bytes("x"), open_acl_unsafe(), 0, -1},
        {op::create2, "/m/c", {}, open_acl_unsafe(), 0, -1},
        {op::set_data, "/m", bytes("y"), {}, 0, 0},
        {op::check, "/m", {}, {}, 0, 1},
    };
    auto r = c->multi(ok_ops);
    REQUIRE(r);
    REQUIRE(r->size() == 4);
    CHECK((*r)[0].path == "/m");
    CHECK((*r)[1].path == "/m/c");
    CHECK((*r)[1].type == op::create);  // a plain create2 in a multi answers as create, as ZooKeeper's does
    CHECK((*r)[2].stat.version == 1);
    CHECK((*r)[3].type == op::check);

    std::vector<multi_request_op> bad_ops{
        {op::create, "/m2", {}, open_acl_unsafe(), 0, -1},
        {op::check, "/m", {}, {}, 0, 7},
    };
    auto f = c->multi(bad_ops);
    REQUIRE(f);
    REQUIRE(f->size() == 2);
    CHECK((*f)[0].type == op::error);
    CHECK((*f)[1].type == op::error);
    CHECK((*f)[1].err == int32_t(zk_error::bad_version));
    CHECK(!c->exists("/m2")->has_value());
}

TEST_CASE("client: one-shot watches reach their watcher once") {
    zk_target srv;
    auto c = connect(srv.address());
    auto other = connect(srv.address());
    event_log w;
    REQUIRE(c->exists("/w", w.fn()));  // missing: an exist watch
    REQUIRE(other->create("/w", nullptr, open_acl_unsafe()));
    CHECK(w.wait_for(event_type::node_created, keeper_state::sync_connected, "/w"));
    REQUIRE(c->get_data("/w", w.fn()));
    REQUIRE(c->get_children("/w", w.fn()));
    REQUIRE(other->set_data("/w", bytes("1")));
    CHECK(w.wait_for(event_type::node_data_changed, keeper_state::sync_connected, "/w"));
    REQUIRE(other->create("/w/k", nullptr, open_acl_unsafe()));
    CHECK(w.wait_for(event_type::node_children_changed, keeper_state::sync_connected, "/w"));
    // Both watches fired already: a second change reaches nobody. A sync through
    // the same session afterwards orders the check after any notification.
    size_t seen = w.size();
    REQUIRE(other->set_data("/w", bytes("2")));
    REQUIRE(c->sync("/w"));
    REQUIRE(c->get_data("/w"));
    CHECK(w.size() == seen);
}

TEST_CASE("client: a chroot is added to requests and stripped from replies and events") {
    zk_target srv;
    auto root = connect(srv.address());
    REQUIRE(root->create("/kafka", nullptr, open_acl_unsafe()));
    event_log w;
    auto c = connect(srv.address() + "/kafka");
    REQUIRE(c->exists("/t", w.fn()));
    auto p = c->create("/t", nullptr, open_acl_unsafe(), create_mode::persistent_sequential);
    REQUIRE(p);
    CHECK(*p == "/t0000000000");
    REQUIRE(c->create("/t", nullptr, open_acl_unsafe()));
    CHECK(w.wait_for(event_type::node_created, keeper_state::sync_connected, "/t"));
    auto kids = root->get_children("/kafka");
    REQUIRE(kids);
    std::sort(kids->children.begin(), kids->children.end());
    CHECK(kids->children == std::vector<std::string>{"t", "t0000000000"});
    auto miss = c->get_data("/none");
    REQUIRE(!miss);
    CHECK(miss.err().detail == "/none");
}

TEST_CASE("client: after a lost connection it resumes the session and re-registers watches") {
    zk_target srv;
    event_log session;
    auto c = connect(srv.address(), &session);
    auto other = connect(srv.address());
    REQUIRE(c->create("/eph", nullptr, open_acl_unsafe(), create_mode::ephemeral));
    REQUIRE(c->create("/data", nullptr, open_acl_unsafe()));
    event_log w;
    REQUIRE(c->get_data("/data", w.fn()));
    int64_t id = c->client().session_id();

    size_t mark = session.size();
    c->client().drop_connection();
    CHECK(session.wait_for(event_type::none, keeper_state::disconnected, "", mark));
    CHECK(session.wait_for(event_type::none, keeper_state::sync_connected, "", mark));
    REQUIRE(c->wait_connected(20s));
    CHECK(c->client().session_id() == id);
    CHECK(other->exists("/eph")->has_value());  // same session: the ephemeral lives on
    REQUIRE(c->sync("/"));  // SetWatches went before this request
    REQUIRE(other->set_data("/data", bytes("x")));
    CHECK(w.wait_for(event_type::node_data_changed, keeper_state::sync_connected, "/data"));
}

TEST_CASE("client: a session the server does not know is reported expired") {
    zk_target srv;
    auto first = connect(srv.address());
    event_log log;
    client_options o;
    o.connect = srv.address();
    o.session_timeout_ms = 2000;
    o.session_id = first->client().session_id();
    o.passwd = byte_buffer(16, 0x5a);  // the wrong password
    o.default_watcher = log.fn();
    auto c = sync_client::open(std::move(o));
    REQUIRE(c);
    CHECK_FALSE((*c)->wait_connected(20s));
    CHECK(log.wait_for(event_type::none, keeper_state::expired, ""));
    auto r = (*c)->get_data("/");
    REQUIRE(!r);
    CHECK(zk_code_of(r.err()) == zk_error::session_expired);
}

TEST_CASE("client: requests fail with ConnectionLoss when no server answers") {
    uint16_t port;
    {
        temp_dir dir;
        test_server srv(dir.path);
        port = srv.port();
    }  // stopped: nothing listens on the port now
    client_options o;
    o.connect = "127.0.0.1:" + std::to_string(port);
    o.session_timeout_ms = 2000;
    auto c = sync_client::open(std::move(o));
    REQUIRE(c);
    auto r = (*c)->get_children("/");
    REQUIRE(!r);
    CHECK(zk_code_of(r.err()) == zk_error::connection_loss);
    CHECK(r.err().detail == "/");
}

TEST_CASE("client: tries each host of the connect string in turn") {
    uint16_t dead;
    {
        temp_dir d;
        test_server gone(d.path);
        dead = gone.port();
    }
    temp_dir dir;
    test_server srv(dir.path);
    auto c = connect("127.0.0.1:" + std::to_string(dead) + "," + srv.address());
    CHECK(c->client().connected_to() == srv.address());
    CHECK(c->get_children("/"));
}

TEST_CASE("client: a restarted server resumes the session on the same port") {
    temp_dir dir;
    uint16_t port;
    event_log session;
    std::unique_ptr<sync_client> c;
    int64_t id;
    {
        test_server srv(dir.path);
        port = srv.port();
        c = connect(srv.address(), &session);
        REQUIRE(c->create("/eph", nullptr, open_acl_unsafe(), create_mode::ephemeral));
        id = c->client().session_id();
    }
    CHECK(session.wait_for(event_type::none, keeper_state::disconnected, ""));
    size_t mark = session.size();
    test_server again(dir.path, port);
    CHECK(session.wait_for(event_type::none, keeper_state::sync_connected, "", mark));
    REQUIRE(c->wait_connected(20s));
    CHECK(c->client().session_id() == id);
    auto st = c->exists("/eph");
    REQUIRE(st);
    REQUIRE(st->has_value());
    CHECK((*st)->ephemeral_owner == id);
    c->close();
}
