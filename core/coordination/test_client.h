#pragma once
// Test helper (tests only): drives an engine with encoded client packets and
// decodes what it sends back, so tests read like a client session.

#include <deque>
#include <map>
#include <vector>

#include "coordination/engine.h"
#include "coordination/jute.h"
#include "coordination/messages.h"
#include "coordination/zk_codes.h"

namespace odradek::coordination::testing {

// Requests carry wall time = monotonic time + this, so ctime/mtime are checkable.
inline constexpr int64_t kWallOffset = 1000000;

struct sent_packet {
    uint64_t conn;
    byte_buffer body;  // without the length prefix
    int64_t visible;
};

class capture_sink final : public output_sink {
public:
    void send(uint64_t conn, byte_buffer framed, int64_t visible) override {
        packets.push_back({conn, byte_buffer(framed.begin() + 4, framed.end()), visible});
    }
    void close_after_flush(uint64_t conn) override { closed.push_back(conn); }
    std::deque<sent_packet> packets;
    std::vector<uint64_t> closed;
};

class capture_log final : public txn_sink {
public:
    void append(int64_t zxid, byte_buffer b) override { txns.emplace_back(zxid, std::move(b)); }
    std::vector<std::pair<int64_t, byte_buffer>> txns;
};

struct reply {
    reply_header h;
    byte_buffer body;  // after the header
};

// One simulated client connection.
class client {
public:
    client(engine& e, capture_sink& sink, uint64_t conn) : e_(e), sink_(sink), conn_(conn) {}

    connect_response connect(int32_t timeout = 30000, int64_t session = 0, byte_buffer passwd = byte_buffer(16, 0),
                             int64_t now = 0) {
        e_.open_connection(conn_, "/127.0.0.1:5000" + std::to_string(conn_), {now, now});
        connect_request req;
        req.timeout = timeout;
        req.session_id = session;
        req.passwd = std::move(passwd);
        req.has_read_only = true;
        e_.on_connect(conn_, req, {now, now});
        connect_response rsp;
        auto p = take();
        jute_reader r(p.body);
        read_connect_response(r, rsp);
        return rsp;
    }

    // Sends a request; returns the reply (notifications that came first are kept in events).
    template <typename F>
    reply call(int32_t type, F&& body, int64_t now = 0) {
        byte_buffer b;
        jute_writer w(b);
        write_request_header(w, {++xid_, type});
        body(w);
        e_.on_request(conn_, b, {now + kWallOffset, now});
        for (;;) {
            auto p = take();
            jute_reader r(p.body);
            reply rp;
            read_reply_header(r, rp.h);
            rp.body.assign(p.body.begin() + 16, p.body.end());
            if (rp.h.xid == xid::notification) {
                jute_reader er(rp.body);
                watcher_event ev;
                read_watcher_event(er, ev);
                events.push_back(ev);
                continue;
            }
            return rp;
        }
    }

    int32_t create(const std::string& path, std::string data = "", int32_t flags = 0, std::string* created = nullptr) {
        auto rp = call(op::create, [&](jute_writer& w) {
            create_request c{path, byte_buffer(data.begin(), data.end()), {{perm::all, {"world", "anyone"}}}, flags, 0};
            write_create_request(w, c, false);
        });
        if (created && rp.h.err == 0) {
            jute_reader r(rp.body);
            *created = r.read_string();
        }
        return rp.h.err;
    }
    int32_t remove(const std::string& path, int32_t version = -1) {
        return call(op::remove, [&](jute_writer& w) { write_path_version(w, {path, version}); }).h.err;
    }
    int32_t set(const std::string& path, std::string data, int32_t version = -1, zk_stat* st = nullptr) {
        auto rp = call(op::set_data, [&](jute_writer& w) {
            write_set_data_request(w, {path, byte_buffer(data.begin(), data.end()), version});
        });
        if (st && rp.h.err == 0) {
            jute_reader r(rp.body);
            read_stat(r, *st);
        }
        return rp.h.err;
    }
    int32_t get(const std::string& path, std::string* data = nullptr, zk_stat* st = nullptr, bool watch = false) {
        auto rp = call(op::get_data, [&](jute_writer& w) { write_path_watch_request(w, {path, watch}); });
        if (rp.h.err == 0) {
            jute_reader r(rp.body);
            auto d = r.read_buffer();
            zk_stat s;
            read_stat(r, s);
            if (data) data->assign(d.begin(), d.end());
            if (st) *st = s;
        }
        return rp.h.err;
    }
    int32_t exists(const std::string& path, bool watch = false, zk_stat* st = nullptr) {
        auto rp = call(op::exists, [&](jute_writer& w) { write_path_watch_request(w, {path, watch}); });
        if (st && rp.h.err == 0) {
            jute_reader r(rp.body);
            read_stat(r, *st);
        }
        return rp.h.err;
    }
    std::vector<std::string> children(const std::string& path, bool watch = false, int32_t* err = nullptr) {
        auto rp = call(op::get_children, [&](jute_writer& w) { write_path_watch_request(w, {path, watch}); });
        std::vector<std::string> out;
        if (err) *err = rp.h.err;
        if (rp.h.err == 0) {
            jute_reader r(rp.body);
            read_string_list(r, out);
        }
        return out;
    }
    int32_t add_watch(const std::string& path, int32_t mode) {
        return call(op::add_watch, [&](jute_writer& w) {
                   w.write_string(path);
                   w.write_int(mode);
               }).h.err;
    }

    // Pops notifications the engine sent without a request.
    void drain_events() {
        while (!sink_.packets.empty() && sink_.packets.front().conn == conn_) {
            auto p = take();
            jute_reader r(p.body);
            reply_header h;
            read_reply_header(r, h);
            watcher_event ev;
            read_watcher_event(r, ev);
            events.push_back(ev);
        }
    }

    std::vector<watcher_event> events;
    uint64_t conn() const { return conn_; }

private:
    sent_packet take() {
        for (auto it = sink_.packets.begin(); it != sink_.packets.end(); ++it) {
            if (it->conn == conn_) {
                auto p = std::move(*it);
                sink_.packets.erase(it);
                return p;
            }
        }
        throw std::runtime_error("no packet for connection");
    }

    engine& e_;
    capture_sink& sink_;
    uint64_t conn_;
    int32_t xid_ = 0;
};

}  // namespace odradek::coordination::testing
