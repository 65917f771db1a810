#include "coordination/client/zk_client.h"

#include <algorithm>

#include "coordination/jute.h"

namespace odradek::coordination {

using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

namespace {
constexpr auto kRetryPause = milliseconds(200);  // after every host failed once

byte_buffer frame(int32_t xid, int32_t op, const byte_buffer& body) {
    byte_buffer b;
    b.reserve(12 + body.size());
    jute_writer w(b);
    size_t mark = w.begin_frame();
    write_request_header(w, {xid, op});
    b.insert(b.end(), body.begin(), body.end());
    w.end_frame(mark);
    return b;
}

// Reads one length-prefixed packet; an out-of-range length is a protocol error.
awaitable<bool> read_packet(tcp::socket& sock, byte_buffer& out) {
    uint8_t len_bytes[4];
    std::error_code ec;
    co_await asio::async_read(sock, asio::buffer(len_bytes), asio::redirect_error(use_awaitable, ec));
    if (ec) co_return false;
    int32_t len = load_be<int32_t>(len_bytes);
    if (len < 0 || len > kDefaultMaxBuffer + 1024) co_return false;
    out.resize(size_t(len));
    co_await asio::async_read(sock, asio::buffer(out), asio::redirect_error(use_awaitable, ec));
    co_return !ec;
}
}  // namespace

result<std::shared_ptr<zk_client>> zk_client::create(asio::io_context& io, client_options opts) {
    ODRADEK_TRY_ASSIGN(auto target, parse_connect_string(opts.connect));
    if (opts.session_timeout_ms <= 0) return error(zk_error::bad_arguments, "session timeout must be positive");
    return std::make_shared<zk_client>(io, std::move(opts), std::move(target));
}

zk_client::zk_client(asio::io_context& io, client_options opts, connect_string target)
    : io_(io),
      opts_(std::move(opts)),
      target_(std::move(target)),
      wake_(io, steady_clock::time_point::max()),
      retry_(io),
      ping_(io),
      session_id_(opts_.session_id),
      passwd_(opts_.passwd) {
    if (passwd_.empty()) passwd_.assign(16, 0);
}

void zk_client::start() {
    asio::co_spawn(io_, [self = shared_from_this()]() { return self->run(); }, asio::detached);
}

void zk_client::submit(int32_t op, byte_buffer body, watch_request watch, reply_fn done) {
    asio::post(io_, [self = shared_from_this(), op, body = std::move(body), watch = std::move(watch),
                     done = std::move(done)]() mutable {
        if (self->expired_) return done(error(zk_error::session_expired, watch.path));
        if (self->stopped_ || self->closing_) return done(error(zk_error::connection_loss, watch.path));
        pending p{0, op, std::move(body), std::move(watch), std::move(done)};
        if (self->connected_)
            self->send_pending(std::move(p));
        else
            self->unsent_.push_back(std::move(p));
    });
}

void zk_client::close(std::function<void()> done) {
    asio::post(io_, [self = shared_from_this(), done = std::move(done)]() mutable {
        if (self->stopped_) return done();
        self->close_done_ = std::move(done);
        if (self->closing_) return;
        self->closing_ = true;
        self->retry_.cancel();
        if (self->connected_) {
            // CloseSession; the reply (or the server closing) ends the connection.
            self->close_sent_ = true;
            self->send_pending({0, op::close_session, {}, {}, [self](result<raw_reply>) { self->stop_connection(); }});
        } else {
            self->stop_connection();
        }
    });
}

void zk_client::drop_connection() {
    asio::post(io_, [self = shared_from_this()] { self->stop_connection(); });
}

void zk_client::stop_connection() {
    if (sock_) {
        std::error_code ec;
        sock_->shutdown(tcp::socket::shutdown_both, ec);
        sock_->close(ec);
    }
    wake_.cancel();
    ping_.cancel();
}

void zk_client::send_pending(pending p) {
    p.xid = next_xid_++;
    enqueue_frame(p.xid, p.op, p.body);
    p.body.clear();
    p.body.shrink_to_fit();
    sent_.push_back(std::move(p));
}

void zk_client::enqueue_frame(int32_t xid, int32_t op, const byte_buffer& body) {
    out_.push_back(frame(xid, op, body));
    wake_.cancel_one();
}

void zk_client::fail_all(zk_error code) {
    auto sent = std::move(sent_);
    auto unsent = std::move(unsent_);
    sent_.clear();
    unsent_.clear();
    for (auto& p : sent) p.done(error(code, p.watch.path));
    for (auto& p : unsent) p.done(error(code, p.watch.path));
}

void zk_client::deliver_session_event(int32_t state) {
    if (opts_.default_watcher) opts_.default_watcher({event_type::none, state, {}});
}

awaitable<void> zk_client::run() {
    auto self = shared_from_this();
    size_t attempt = 0;
    while (!closing_ && !expired_) {
        const host_port& hp = target_.hosts[attempt % target_.hosts.size()];
        ++attempt;
        auto sock = std::make_shared<tcp::socket>(io_);
        sock_ = sock;
        std::error_code ec;
        tcp::resolver resolver(io_);
        auto eps = co_await resolver.async_resolve(hp.host, std::to_string(hp.port),
                                                   asio::redirect_error(use_awaitable, ec));
        if (!ec && !closing_) co_await asio::async_connect(*sock, eps, asio::redirect_error(use_awaitable, ec));
        bool ok = !ec && !closing_ && co_await handshake(*sock);
        if (ok) {
            attempt = 0;
            current_host_ = hp.host + ":" + std::to_string(hp.port);
            connected_ = true;
            last_recv_ = steady_clock::now();
            deliver_session_event(keeper_state::sync_connected);
            send_set_watches();
            while (!unsent_.empty() && connected_) {
                auto p = std::move(unsent_.front());
                unsent_.pop_front();
                send_pending(std::move(p));
            }
            asio::co_spawn(io_, write_loop(sock), asio::detached);
            asio::co_spawn(io_, ping_loop(sock), asio::detached);
            co_await read_loop(sock);
            connected_ = false;
            current_host_.clear();
            out_.clear();
            std::error_code ignored;
            sock->close(ignored);
            wake_.cancel();
            ping_.cancel();
            fail_all(zk_error::connection_loss);
            if (!closing_ && !expired_) deliver_session_event(keeper_state::disconnected);
        } else {
            std::error_code ignored;
            sock->close(ignored);
            if (expired_) break;
            // ClientCnxn fails what is queued when an attempt fails.
            fail_all(zk_error::connection_loss);
            if (opts_.on_attempt_failed && !closing_) opts_.on_attempt_failed();
        }
        if (!closing_ && !expired_ && attempt % target_.hosts.size() == 0) {
            retry_.expires_after(kRetryPause);
            co_await retry_.async_wait(asio::redirect_error(use_awaitable, ec));
        }
    }
    sock_.reset();
    stopped_ = true;
    fail_all(expired_ ? zk_error::session_expired : zk_error::connection_loss);
    if (close_done_) std::exchange(close_done_, nullptr)();
}

awaitable<bool> zk_client::handshake(tcp::socket& sock) {
    connect_request req;
    req.protocol_version = 0;
    req.last_zxid_seen = last_zxid_;
    req.timeout = opts_.session_timeout_ms;
    req.session_id = session_id_;
    req.passwd = passwd_;
    req.read_only = false;
    req.has_read_only = true;
    byte_buffer b;
    jute_writer w(b);
    size_t mark = w.begin_frame();
    write_connect_request(w, req);
    w.end_frame(mark);
    std::error_code ec;
    co_await asio::async_write(sock, asio::buffer(b), asio::redirect_error(use_awaitable, ec));
    if (ec) co_return false;
    // Bound the wait for the answer by the session timeout.
    asio::steady_timer guard(io_);
    guard.expires_after(milliseconds(opts_.session_timeout_ms));
    guard.async_wait([&sock](std::error_code e) {
        std::error_code ignored;
        if (!e) sock.close(ignored);
    });
    byte_buffer packet;
    bool got = co_await read_packet(sock, packet);
    guard.cancel();
    if (!got) co_return false;
    jute_reader r(packet);
    connect_response rsp;
    read_connect_response(r, rsp);
    if (!r.ok()) co_return false;
    if (rsp.timeout <= 0) {
        // The server no longer knows this session (or the password is wrong).
        expired_ = true;
        data_watches_.clear();
        exist_watches_.clear();
        child_watches_.clear();
        fail_all(zk_error::session_expired);
        deliver_session_event(keeper_state::expired);
        co_return false;
    }
    negotiated_ = rsp.timeout;
    session_id_ = rsp.session_id;
    passwd_ = rsp.passwd;
    co_return true;
}

void zk_client::send_set_watches() {
    if (data_watches_.empty() && exist_watches_.empty() && child_watches_.empty()) return;
    byte_buffer b;
    jute_writer w(b);
    w.write_long(last_zxid_);
    for (auto* m : {&data_watches_, &exist_watches_, &child_watches_}) {
        w.write_count(m->size());
        for (const auto& [path, fns] : *m) w.write_string(target_.to_server(path));
    }
    enqueue_frame(xid::set_watches, op::set_watches, b);
}

awaitable<void> zk_client::write_loop(std::shared_ptr<tcp::socket> sock) {
    auto self = shared_from_this();
    while (sock->is_open() && sock_ == sock) {
        if (out_.empty()) {
            std::error_code ec;
            wake_.expires_at(steady_clock::time_point::max());
            co_await wake_.async_wait(asio::redirect_error(use_awaitable, ec));
            continue;
        }
        auto b = std::move(out_.front());
        out_.pop_front();
        std::error_code ec;
        co_await asio::async_write(*sock, asio::buffer(b), asio::redirect_error(use_awaitable, ec));
        if (ec) {
            sock->close(ec);
            co_return;
        }
    }
}

awaitable<void> zk_client::ping_loop(std::shared_ptr<tcp::socket> sock) {
    auto self = shared_from_this();
    const auto third = milliseconds(std::max(negotiated_ / 3, 1));
    while (sock->is_open() && sock_ == sock) {
        ping_.expires_after(third);
        std::error_code ec;
        co_await ping_.async_wait(asio::redirect_error(use_awaitable, ec));
        if (!sock->is_open() || sock_ != sock) co_return;
        if (steady_clock::now() - last_recv_ > 2 * third) {
            // Nothing heard for two thirds of the session timeout: the connection is gone.
            sock->close(ec);
            co_return;
        }
        enqueue_frame(xid::ping, op::ping, {});
    }
}

awaitable<void> zk_client::read_loop(std::shared_ptr<tcp::socket> sock) {
    byte_buffer packet;
    while (co_await read_packet(*sock, packet)) {
        last_recv_ = steady_clock::now();
        if (!on_packet(packet)) break;
        if (stopped_) break;
    }
}

bool zk_client::on_packet(byte_span packet) {
    jute_reader r(packet);
    reply_header h;
    read_reply_header(r, h);
    if (!r.ok()) return false;
    if (h.xid == xid::notification) {
        watcher_event ev;
        read_watcher_event(r, ev);
        if (!r.ok()) return false;
        on_notification(ev);
        return true;
    }
    if (h.xid == xid::ping || h.xid == xid::set_watches || h.xid == xid::auth) return true;
    if (sent_.empty() || sent_.front().xid != h.xid) return false;  // out of order: drop the connection
    if (h.zxid > 0) last_zxid_ = h.zxid;
    auto p = std::move(sent_.front());
    sent_.pop_front();
    register_watch(p.watch, h.err);
    if (h.err != 0) {
        p.done(error(zk_error(h.err), p.watch.path));
    } else {
        p.done(raw_reply{h.zxid, byte_buffer(r.rest().begin(), r.rest().end())});
    }
    if (p.op == op::close_session) return false;
    return true;
}

void zk_client::register_watch(const watch_request& w, int32_t err) {
    std::map<std::string, std::vector<watcher_fn>>* table = nullptr;
    switch (w.kind) {
        case watch_kind::none: return;
        case watch_kind::data:
        case watch_kind::exist:
            if (err == 0)
                table = &data_watches_;
            else if (err == int32_t(zk_error::no_node) && w.kind == watch_kind::exist)
                table = &exist_watches_;
            break;
        case watch_kind::child:
            if (err == 0) table = &child_watches_;
            break;
    }
    if (!table) return;
    auto& fns = (*table)[w.path];
    // The default watcher is registered once per path, as ZooKeeper's set does.
    if (!w.fn && std::any_of(fns.begin(), fns.end(), [](const watcher_fn& f) { return !f; })) return;
    fns.push_back(w.fn);
}

void zk_client::on_notification(const watcher_event& ev) {
    watched_event out{ev.type, ev.state, target_.to_client(ev.path)};
    std::vector<watcher_fn> fire;
    auto take = [&](std::map<std::string, std::vector<watcher_fn>>& m) {
        auto it = m.find(out.path);
        if (it == m.end()) return;
        for (auto& f : it->second) fire.push_back(std::move(f));
        m.erase(it);
    };
    switch (ev.type) {
        case event_type::node_created:
        case event_type::node_data_changed:
            take(data_watches_);
            take(exist_watches_);
            break;
        case event_type::node_children_changed: take(child_watches_); break;
        case event_type::node_deleted:
            take(data_watches_);
            take(exist_watches_);
            take(child_watches_);
            break;
        default: break;  // persistent watches are not offered by this client
    }
    bool default_fired = false;
    for (auto& f : fire) {
        if (f) {
            f(out);
        } else if (!default_fired && opts_.default_watcher) {
            default_fired = true;
            opts_.default_watcher(out);
        }
    }
}

}  // namespace odradek::coordination
