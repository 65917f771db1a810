#include "coordination/engine.h"

#include <algorithm>

#include "coordination/auth.h"
#include "coordination/prep.h"
#include "coordination/zk_codes.h"

namespace odradek::coordination {

namespace {

// Builds a framed reply: length, ReplyHeader, then whatever the caller writes.
class reply_builder {
public:
    reply_builder(int32_t xid, int64_t zxid, int32_t err) : w_(buf_), mark_(w_.begin_frame()) {
        write_reply_header(w_, {xid, zxid, err});
    }
    jute_writer& w() { return w_; }
    byte_buffer finish() {
        w_.end_frame(mark_);
        return std::move(buf_);
    }

private:
    byte_buffer buf_;
    jute_writer w_;
    size_t mark_;
};

const char* op_name(int32_t type) {
    switch (type) {
        case op::create: case op::create2: case op::create_container: case op::create_ttl: return "CREA";
        case op::remove: case op::delete_container: return "DELE";
        case op::exists: return "EXIS";
        case op::get_data: return "GETD";
        case op::set_data: return "SETD";
        case op::get_acl: return "GACL";
        case op::set_acl: return "SACL";
        case op::get_children: return "GETC";
        case op::get_children2: return "GETC";
        case op::sync: return "SYNC";
        case op::ping: return "PING";
        case op::check: return "CHEC";
        case op::multi: return "MULT";
        case op::multi_read: return "MLTR";
        case op::set_watches: case op::set_watches2: return "SETW";
        case op::close_session: return "CLOS";
        case op::add_watch: return "ADDW";
        case op::get_ephemerals: return "GETE";
        case op::get_all_children_number: return "GETACN";
        case op::who_am_i: return "HOMI";
        case op::check_watches: return "CHKW";
        case op::remove_watches: return "REMW";
        case op::auth: return "AUTH";
        default: return "NA";
    }
}

bool is_create(int32_t type) {
    return type == op::create || type == op::create2 || type == op::create_container || type == op::create_ttl;
}

}  // namespace

engine::engine(engine_options opts, output_sink& out, const clock_reading& start)
    : opts_(opts), out_(out), sessions_(opts.server_id, start.wall_ms), last_container_check_(start.mono_ms) {}

// ---------------------------------------------------------------- recovery

bool engine::replay(byte_span bytes, int64_t& zxid) {
    jute_reader r(bytes, INT32_MAX);
    txn_header h;
    txn t;
    read_txn(r, h, t);
    if (!r.ok() || !r.at_end()) return false;
    zxid = h.zxid;
    if (h.zxid <= last_zxid_) return true;  // already in the snapshot
    apply_txn(h, t, false);
    last_zxid_ = h.zxid;
    ++txns_since_snapshot_;
    return true;
}

bool engine::restore(data_tree::node_map nodes, const std::map<int64_t, int32_t>& sessions, int64_t zxid) {
    if (!tree_.restore(std::move(nodes))) return false;
    for (const auto& [id, timeout] : sessions) sessions_.add(id, timeout, 0);
    last_zxid_ = zxid;
    return true;
}

void engine::start(const clock_reading& now) {
    sessions_.refresh_all(now.mono_ms);
    last_container_check_ = now.mono_ms;
}

// ---------------------------------------------------------------- commit

void engine::apply_txn(const txn_header& h, const txn& t, bool fire) {
    if (t.type == op::create_session) {
        sessions_.add(h.session_id, t.timeout, 0);  // expiry set by the caller (touch or start)
        return;
    }
    tree_.apply(h, t, fire ? &watches_ : nullptr, events_);
    if (t.type == op::close_session) sessions_.remove(h.session_id);
}

int64_t engine::commit(int64_t session, int32_t cxid, const txn& t, const clock_reading& now) {
    txn_header h{++last_zxid_, session, cxid, now.wall_ms};
    if (log_) {
        byte_buffer b;
        jute_writer w(b);
        write_txn(w, h, t);
        log_->append(h.zxid, std::move(b));
    }
    ++txns_since_snapshot_;
    apply_txn(h, t, true);
    if (t.type == op::create_session) sessions_.touch(session, now.mono_ms);
    last_event_zxid_ = h.zxid;
    deliver_events();
    return h.zxid;
}

void engine::deliver_events() {
    for (auto& e : events_) {
        reply_builder rb(xid::notification, -1, 0);
        write_watcher_event(rb.w(), {e.type, keeper_state::sync_connected, e.path});
        send(e.conn, rb.finish(), last_event_zxid_);
    }
    events_.clear();
}

void engine::send(uint64_t conn, byte_buffer framed, int64_t visible) {
    auto it = conns_.find(conn);
    if (it == conns_.end()) return;
    ++it->second.sent;
    ++sent_;
    out_.send(conn, std::move(framed), visible);
}

void engine::send_header_only(uint64_t conn, int32_t xid, int64_t zxid, int32_t err) {
    reply_builder rb(xid, zxid, err);
    send(conn, rb.finish(), last_zxid_);
}

// ---------------------------------------------------------------- connections

void engine::open_connection(uint64_t conn, std::string remote, const clock_reading& now) {
    connection_info ci;
    // Every connection carries its address as an "ip" identity, as in ZooKeeper.
    std::string host = remote;
    if (!host.empty() && host[0] == '/') host.erase(0, 1);
    if (auto colon = host.rfind(':'); colon != std::string::npos) host.erase(colon);
    ci.auth.push_back({"ip", host});
    ci.remote = std::move(remote);
    ci.established_ms = now.wall_ms;
    conns_[conn] = std::move(ci);
}

bool engine::connection_has_session(uint64_t conn) const {
    auto it = conns_.find(conn);
    return it != conns_.end() && it->second.session != 0;
}

void engine::close_connection(uint64_t conn) {
    auto it = conns_.find(conn);
    if (it == conns_.end()) return;
    if (session* s = sessions_.find(it->second.session); s && s->conn == conn) s->conn = 0;
    watches_.remove_connection(conn);
    conns_.erase(it);
}

void engine::on_connect(uint64_t conn, const connect_request& req, const clock_reading& now) {
    auto it = conns_.find(conn);
    if (it == conns_.end()) return;
    connection_info& ci = it->second;
    ++ci.received;
    ++received_;
    if (req.last_zxid_seen > last_zxid_) {
        // The client has seen a newer state than ours (it talked to another server
        // with more history): refuse, as ZooKeeper does, so it tries elsewhere.
        out_.close_after_flush(conn);
        return;
    }
    int32_t timeout = std::clamp(req.timeout, opts_.min_session_timeout, opts_.max_session_timeout);
    connect_response rsp;
    rsp.has_read_only = req.has_read_only;
    int64_t visible = last_zxid_;
    if (req.session_id == 0) {
        int64_t id = sessions_.next_session_id();
        txn t;
        t.type = op::create_session;
        t.timeout = timeout;
        visible = commit(id, 0, t, now);
        rsp.timeout = timeout;
        rsp.session_id = id;
        rsp.passwd = session_tracker::password_for(id);
    } else {
        int64_t id = req.session_id;
        bool valid = req.passwd == session_tracker::password_for(id) && sessions_.touch(id, now.mono_ms);
        if (valid) {
            rsp.timeout = timeout;
            rsp.session_id = id;
            rsp.passwd = session_tracker::password_for(id);
        } else {
            rsp.passwd.assign(16, 0);
        }
    }
    byte_buffer b;
    jute_writer w(b);
    size_t mark = w.begin_frame();
    write_connect_response(w, rsp);
    w.end_frame(mark);
    if (rsp.session_id == 0) {
        send(conn, std::move(b), visible);
        out_.close_after_flush(conn);
        return;
    }
    session* s = sessions_.find(rsp.session_id);
    if (s->conn != 0 && s->conn != conn) {
        // The client moved to a new connection: the old one is finished.
        uint64_t old = s->conn;
        out_.close_after_flush(old);
        close_connection(old);
    }
    s->conn = conn;
    ci.session = rsp.session_id;
    ci.timeout = timeout;
    send(conn, std::move(b), visible);
}

// ---------------------------------------------------------------- requests

void engine::on_request(uint64_t conn, byte_span packet, const clock_reading& now) {
    auto it = conns_.find(conn);
    if (it == conns_.end()) return;
    connection_info& ci = it->second;
    ++ci.received;
    ++received_;
    jute_reader r(packet, opts_.max_buffer);
    request_header h;
    read_request_header(r, h);
    if (!r.ok() || ci.session == 0) {
        out_.close_after_flush(conn);
        return;
    }
    if (!sessions_.touch(ci.session, now.mono_ms)) {
        // Expired or closing while the packet was in flight.
        send_header_only(conn, h.xid, last_zxid_, int32_t(zk_error::session_expired));
        out_.close_after_flush(conn);
        return;
    }
    ci.last_op = op_name(h.type);
    if (h.xid >= 0) ci.last_cxid = h.xid;
    ci.last_response_ms = now.wall_ms;
    switch (h.type) {
        case op::ping:
            send_header_only(conn, xid::ping, last_zxid_, 0);
            break;
        case op::auth:
            handle_auth(conn, ci, h, r);
            break;
        case op::set_watches:
        case op::set_watches2:
            handle_set_watches(conn, h, r, h.type == op::set_watches2);
            break;
        case op::close_session: {
            int64_t session = ci.session;
            close_session(session, h.xid, now);
            send_header_only(conn, h.xid, last_zxid_, 0);
            out_.close_after_flush(conn);
            break;
        }
        case op::create:
        case op::create2:
        case op::create_container:
        case op::create_ttl:
        case op::remove:
        case op::delete_container:
        case op::set_data:
        case op::set_acl:
        case op::check:
            handle_write(conn, ci, h, r, now);
            break;
        case op::multi:
            handle_multi(conn, ci, h, r, now);
            break;
        case op::multi_read:
            handle_multi_read(conn, h, r);
            break;
        case op::exists:
        case op::get_data:
        case op::get_children:
        case op::get_children2:
        case op::get_acl:
        case op::sync:
        case op::get_all_children_number:
        case op::get_ephemerals:
        case op::add_watch:
        case op::check_watches:
        case op::remove_watches:
        case op::who_am_i:
            handle_read(conn, ci, h, r);
            break;
        default:
            // UnimplementedRequestProcessor: answer, then drop the connection.
            send_header_only(conn, h.xid, -1, int32_t(zk_error::unimplemented));
            out_.close_after_flush(conn);
            break;
    }
    auto again = conns_.find(conn);
    if (again != conns_.end()) again->second.last_zxid = last_zxid_;
}

void engine::close_session(int64_t session, int32_t cxid, const clock_reading& now) {
    if (auto* s = sessions_.find(session)) s->closing = true;
    txn t;
    t.type = op::close_session;
    commit(session, cxid, t, now);
}

void engine::handle_auth(uint64_t conn, connection_info& ci, const request_header& h, jute_reader& r) {
    auth_packet a;
    read_auth_packet(r, a);
    if (r.ok() && a.scheme == "digest") {
        std::string cred(as_chars(a.auth));
        if (cred.find(':') != std::string::npos) {
            zk_id id{"digest", digest_id(cred)};
            if (std::find(ci.auth.begin(), ci.auth.end(), id) == ci.auth.end()) ci.auth.push_back(id);
            send_header_only(conn, h.xid, 0, 0);
            return;
        }
    }
    // Unknown scheme or bad credentials: AUTHFAILED, then the connection closes.
    send_header_only(conn, h.xid, 0, int32_t(zk_error::auth_failed));
    out_.close_after_flush(conn);
}

void engine::handle_set_watches(uint64_t conn, const request_header& h, jute_reader& r, bool v2) {
    set_watches_request s;
    read_set_watches(r, s, v2);
    if (!r.ok()) {
        send_header_only(conn, h.xid, last_zxid_, int32_t(zk_error::marshalling_error));
        return;
    }
    // DataTree.setWatches: fire at once what the client missed while away, else
    // register the watch.
    auto notify = [&](int32_t type, const std::string& path) { events_.push_back({conn, type, path}); };
    for (const auto& p : s.data_watches) {
        const znode* n = tree_.find(p);
        if (!n) notify(event_type::node_deleted, p);
        else if (n->stat.mzxid > s.relative_zxid) notify(event_type::node_data_changed, p);
        else watches_.add(watch_manager::data, p, conn);
    }
    for (const auto& p : s.exist_watches) {
        if (tree_.find(p)) notify(event_type::node_created, p);
        else watches_.add(watch_manager::data, p, conn);
    }
    for (const auto& p : s.child_watches) {
        const znode* n = tree_.find(p);
        if (!n) notify(event_type::node_deleted, p);
        else if (n->stat.pzxid > s.relative_zxid) notify(event_type::node_children_changed, p);
        else watches_.add(watch_manager::child, p, conn);
    }
    for (const auto& p : s.persistent_watches) watches_.add_persistent(p, conn, false);
    for (const auto& p : s.persistent_recursive_watches) watches_.add_persistent(p, conn, true);
    last_event_zxid_ = last_zxid_;
    deliver_events();
    send_header_only(conn, h.xid, last_zxid_, 0);
}

namespace {

// Reads one write request of `type` into the multi_op carrier.
void read_write_request(jute_reader& r, int32_t type, multi_op& req) {
    req.type = type;
    switch (type) {
        case op::create: case op::create2: case op::create_container:
            read_create_request(r, req.create, false);
            break;
        case op::create_ttl:
            read_create_request(r, req.create, true);
            break;
        case op::remove: case op::delete_container: case op::check:
            read_path_version(r, req.version);
            break;
        case op::set_data:
            read_set_data_request(r, req.set);
            break;
        case op::set_acl:
            read_set_acl_request(r, req.set_acl);
            break;
        default:
            r.fail();
    }
}

}  // namespace

void engine::handle_write(uint64_t conn, connection_info& ci, const request_header& h, jute_reader& r,
                          const clock_reading& now) {
    multi_op req;
    read_write_request(r, h.type, req);
    txn t;
    zk_error err = zk_error::marshalling_error;
    if (r.ok()) {
        txn_preparer prep(tree_);
        err = prep.prepare(h.type, req, ci.session, ci.auth, t);
    }
    if (err != zk_error::ok) {
        // A failed write still takes a zxid and is logged, as in ZooKeeper.
        txn e;
        e.type = op::error;
        e.err = int32_t(err);
        int64_t zxid = commit(ci.session, h.xid, e, now);
        send_header_only(conn, h.xid, zxid, int32_t(err));
        return;
    }
    int64_t zxid = commit(ci.session, h.xid, t, now);
    reply_builder rb(h.xid, zxid, 0);
    const znode* n = tree_.find(t.path);
    zk_stat st = n ? data_tree::stat_of(*n) : zk_stat{};
    switch (h.type) {
        case op::create:
            rb.w().write_string(t.path);
            break;
        case op::create2: case op::create_container: case op::create_ttl:
            rb.w().write_string(t.path);
            write_stat(rb.w(), st);
            break;
        case op::set_data: case op::set_acl: case op::check:
            write_stat(rb.w(), st);
            break;
        default:
            break;
    }
    send(conn, rb.finish(), zxid);
}

void engine::handle_multi(uint64_t conn, connection_info& ci, const request_header& h, jute_reader& r,
                          const clock_reading& now) {
    std::vector<multi_op> ops;
    read_multi_request(r, ops);
    if (!r.ok()) {
        send_header_only(conn, h.xid, last_zxid_, int32_t(zk_error::marshalling_error));
        return;
    }
    // PrepRequestProcessor: ops before the failing one answer OK (undone), the
    // failing one its error, the rest RUNTIMEINCONSISTENCY.
    txn multi;
    multi.type = op::multi;
    multi.ops.resize(ops.size());
    txn_preparer prep(tree_);
    size_t failed = ops.size();
    zk_error failure = zk_error::ok;
    for (size_t i = 0; i < ops.size(); ++i) {
        int32_t type = ops[i].type;
        if (type == op::get_children || type == op::get_data) {
            failure = zk_error::bad_arguments;  // reads belong in multiRead
        } else {
            failure = prep.prepare(type, ops[i], ci.session, ci.auth, multi.ops[i]);
        }
        if (failure != zk_error::ok) {
            failed = i;
            break;
        }
    }
    if (failed < ops.size()) {
        for (size_t i = 0; i < ops.size(); ++i) {
            txn e;
            e.type = op::error;
            e.err = i < failed ? 0 : i == failed ? int32_t(failure) : int32_t(zk_error::runtime_inconsistency);
            multi.ops[i] = std::move(e);
        }
    }
    // Log the whole multi, then apply op by op so each result carries the stat
    // right after its own op, as ZooKeeper's per-op results do.
    txn_header th{++last_zxid_, ci.session, h.xid, now.wall_ms};
    if (log_) {
        byte_buffer b;
        jute_writer w(b);
        write_txn(w, th, multi);
        log_->append(th.zxid, std::move(b));
    }
    ++txns_since_snapshot_;
    reply_builder rb(h.xid, th.zxid, 0);
    jute_writer& w = rb.w();
    for (size_t i = 0; i < ops.size(); ++i) {
        const txn& sub = multi.ops[i];
        if (sub.type == op::error) {
            w.write_int(op::error);
            w.write_bool(false);
            w.write_int(sub.err);
            w.write_int(sub.err);
            continue;
        }
        tree_.apply(th, sub, &watches_, events_);
        // MultiOperationRecord rebuilds create ops from their flags: a plain create2
        // answers as create (path only); a container or TTL create as create2 (path
        // and stat), whatever op code the client used.
        int32_t type = ops[i].type;
        if (is_create(type)) {
            int32_t flags = ops[i].create.flags;
            bool extended = flags == create_mode::container || flags == create_mode::persistent_with_ttl ||
                            flags == create_mode::persistent_sequential_with_ttl;
            type = extended ? op::create2 : op::create;
        }
        w.write_int(type);
        w.write_bool(false);
        w.write_int(0);
        const znode* n = tree_.find(sub.path);
        zk_stat st = n ? data_tree::stat_of(*n) : zk_stat{};
        if (type == op::create) {
            w.write_string(sub.path);
        } else if (is_create(type)) {
            w.write_string(sub.path);
            write_stat(w, st);
        } else if (type == op::set_data) {
            write_stat(w, st);
        }
    }
    w.write_int(-1);
    w.write_bool(true);
    w.write_int(-1);
    last_event_zxid_ = th.zxid;
    deliver_events();
    send(conn, rb.finish(), th.zxid);
}

void engine::handle_multi_read(uint64_t conn, const request_header& h, jute_reader& r) {
    std::vector<multi_op> ops;
    read_multi_request(r, ops);
    if (!r.ok()) {
        send_header_only(conn, h.xid, last_zxid_, int32_t(zk_error::marshalling_error));
        return;
    }
    reply_builder rb(h.xid, last_zxid_, 0);
    jute_writer& w = rb.w();
    for (const auto& o : ops) {
        const znode* n = (o.type == op::get_children || o.type == op::get_data) ? tree_.find(o.read.path) : nullptr;
        if (!n) {
            int32_t err = (o.type == op::get_children || o.type == op::get_data) ? int32_t(zk_error::no_node)
                                                                                 : int32_t(zk_error::bad_arguments);
            w.write_int(op::error);
            w.write_bool(false);
            w.write_int(err);
            w.write_int(err);
            continue;
        }
        w.write_int(o.type);
        w.write_bool(false);
        w.write_int(0);
        if (o.type == op::get_children) {
            if (o.read.watch) watches_.add(watch_manager::child, o.read.path, conn);
            w.write_count(n->children.size());
            for (const auto& c : n->children) w.write_string(c);
        } else {
            if (o.read.watch) watches_.add(watch_manager::data, o.read.path, conn);
            w.write_buffer(n->data);
            write_stat(w, data_tree::stat_of(*n));
        }
    }
    w.write_int(-1);
    w.write_bool(true);
    w.write_int(-1);
    send(conn, rb.finish(), last_zxid_);
}

void engine::handle_read(uint64_t conn, connection_info& ci, const request_header& h, jute_reader& r) {
    auto fail = [&](zk_error e) { send_header_only(conn, h.xid, last_zxid_, int32_t(e)); };
    switch (h.type) {
        case op::exists: case op::get_data: case op::get_children: case op::get_children2: {
            path_watch_request q;
            read_path_watch_request(r, q);
            if (!r.ok()) return fail(zk_error::marshalling_error);
            if (q.path.find('\0') != std::string::npos) return fail(zk_error::bad_arguments);
            const znode* n = tree_.find(q.path);
            if (h.type == op::exists && q.watch) watches_.add(watch_manager::data, q.path, conn);
            if (!n) return fail(zk_error::no_node);
            if (q.watch && h.type == op::get_data) watches_.add(watch_manager::data, q.path, conn);
            if (q.watch && (h.type == op::get_children || h.type == op::get_children2))
                watches_.add(watch_manager::child, q.path, conn);
            reply_builder rb(h.xid, last_zxid_, 0);
            if (h.type == op::get_data) rb.w().write_buffer(n->data);
            if (h.type == op::get_children || h.type == op::get_children2) {
                rb.w().write_count(n->children.size());
                for (const auto& c : n->children) rb.w().write_string(c);
            }
            if (h.type != op::get_children) write_stat(rb.w(), data_tree::stat_of(*n));
            return send(conn, rb.finish(), last_zxid_);
        }
        case op::get_acl: case op::sync: case op::get_all_children_number: case op::get_ephemerals: {
            path_request q;
            read_path_request(r, q);
            if (!r.ok()) return fail(zk_error::marshalling_error);
            reply_builder rb(h.xid, last_zxid_, 0);
            if (h.type == op::sync) {
                rb.w().write_string(q.path);
            } else if (h.type == op::get_ephemerals) {
                std::vector<std::string> out;
                bool all = q.path.empty() || q.path == "/";
                for (const auto& p : tree_.ephemerals(ci.session))
                    if (all || p.starts_with(q.path)) out.push_back(p);
                write_string_list(rb.w(), out);
            } else {
                const znode* n = tree_.find(q.path);
                if (!n) return fail(zk_error::no_node);
                if (h.type == op::get_acl) {
                    write_acl_list(rb.w(), n->acl);
                    write_stat(rb.w(), data_tree::stat_of(*n));
                } else {
                    rb.w().write_int(tree_.descendant_count(q.path));
                }
            }
            return send(conn, rb.finish(), last_zxid_);
        }
        case op::add_watch: {
            path_type q;
            read_path_type(r, q);
            if (!r.ok()) return fail(zk_error::marshalling_error);
            if (q.type != add_watch_mode::persistent && q.type != add_watch_mode::persistent_recursive)
                return fail(zk_error::bad_arguments);
            watches_.add_persistent(q.path, conn, q.type == add_watch_mode::persistent_recursive);
            reply_builder rb(h.xid, last_zxid_, 0);
            rb.w().write_int(0);  // ErrorResponse(0)
            return send(conn, rb.finish(), last_zxid_);
        }
        case op::check_watches: case op::remove_watches: {
            path_type q;
            read_path_type(r, q);
            if (!r.ok()) return fail(zk_error::marshalling_error);
            // WatcherType: 1 children, 2 data, 3 any.
            bool children = q.type == 1 || q.type == 3, data = q.type == 2 || q.type == 3;
            bool found = (children && watches_.has(watch_manager::child, q.path, conn)) ||
                         (data && watches_.has(watch_manager::data, q.path, conn));
            if (found && h.type == op::remove_watches) {
                if (children) watches_.remove(watch_manager::child, q.path, conn);
                if (data) watches_.remove(watch_manager::data, q.path, conn);
            }
            if (!found) return fail(zk_error::no_watcher);
            return send_header_only(conn, h.xid, last_zxid_, 0);
        }
        case op::who_am_i: {
            reply_builder rb(h.xid, last_zxid_, 0);
            rb.w().write_count(ci.auth.size());
            for (const auto& id : ci.auth) {
                rb.w().write_string(id.scheme);
                // The digest provider shows the user name only.
                rb.w().write_string(id.scheme == "digest" ? id.id.substr(0, id.id.find(':')) : id.id);
            }
            return send(conn, rb.finish(), last_zxid_);
        }
        default:
            return fail(zk_error::unimplemented);
    }
}

// ---------------------------------------------------------------- time

std::vector<std::pair<int64_t, int32_t>> engine::tick(const clock_reading& now) {
    std::vector<std::pair<int64_t, int32_t>> expired;
    for (int64_t id : sessions_.take_expired(now.mono_ms)) {
        uint64_t conn = 0;
        if (const session* s = sessions_.find(id)) {
            conn = s->conn;
            expired.emplace_back(id, s->timeout_ms);
        }
        close_session(id, 0, now);
        if (conn != 0) out_.close_after_flush(conn);
    }
    if (now.mono_ms - last_container_check_ >= opts_.container_check_ms) {
        last_container_check_ = now.mono_ms;
        for (const auto& path : tree_.empty_containers()) {
            txn t;
            t.type = op::remove;
            t.path = path;
            commit(0, 0, t, now);
        }
    }
    return expired;
}

}  // namespace odradek::coordination
