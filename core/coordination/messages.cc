#include "coordination/messages.h"

#include "coordination/zk_codes.h"

namespace odradek::coordination {

namespace {
void read_id(jute_reader& r, zk_id& out) {
    out.scheme = r.read_string();
    out.id = r.read_string();
}
}  // namespace

void read_acl_list(jute_reader& r, acl_list& out) {
    // An ACL is at least perms + two string lengths.
    int32_t n = r.read_count(12);
    out.clear();
    out.reserve(size_t(n));
    for (int32_t i = 0; i < n && r.ok(); ++i) {
        zk_acl a;
        a.perms = r.read_int();
        read_id(r, a.id);
        out.push_back(std::move(a));
    }
}

void read_stat(jute_reader& r, zk_stat& s) {
    s.czxid = r.read_long();
    s.mzxid = r.read_long();
    s.ctime = r.read_long();
    s.mtime = r.read_long();
    s.version = r.read_int();
    s.cversion = r.read_int();
    s.aversion = r.read_int();
    s.ephemeral_owner = r.read_long();
    s.data_length = r.read_int();
    s.num_children = r.read_int();
    s.pzxid = r.read_long();
}

void read_connect_request(jute_reader& r, connect_request& c) {
    c.protocol_version = r.read_int();
    c.last_zxid_seen = r.read_long();
    c.timeout = r.read_int();
    c.session_id = r.read_long();
    c.passwd = r.read_buffer();
    c.has_read_only = r.remaining() > 0;
    c.read_only = c.has_read_only ? r.read_bool() : false;
}

void read_connect_response(jute_reader& r, connect_response& c) {
    c.protocol_version = r.read_int();
    c.timeout = r.read_int();
    c.session_id = r.read_long();
    c.passwd = r.read_buffer();
    c.has_read_only = r.remaining() > 0;
    c.read_only = c.has_read_only ? r.read_bool() : false;
}

void read_request_header(jute_reader& r, request_header& h) {
    h.xid = r.read_int();
    h.type = r.read_int();
}

void read_reply_header(jute_reader& r, reply_header& h) {
    h.xid = r.read_int();
    h.zxid = r.read_long();
    h.err = r.read_int();
}

void read_create_request(jute_reader& r, create_request& c, bool with_ttl) {
    c.path = r.read_string();
    c.data = r.read_buffer();
    read_acl_list(r, c.acl);
    c.flags = r.read_int();
    c.ttl = with_ttl ? r.read_long() : 0;
}

void read_path_version(jute_reader& r, path_version& p) {
    p.path = r.read_string();
    p.version = r.read_int();
}

void read_path_watch_request(jute_reader& r, path_watch_request& p) {
    p.path = r.read_string();
    p.watch = r.read_bool();
}

void read_path_request(jute_reader& r, path_request& p) { p.path = r.read_string(); }

void read_path_type(jute_reader& r, path_type& p) {
    p.path = r.read_string();
    p.type = r.read_int();
}

void read_set_data_request(jute_reader& r, set_data_request& s) {
    s.path = r.read_string();
    s.data = r.read_buffer();
    s.version = r.read_int();
}

void read_set_acl_request(jute_reader& r, set_acl_request& s) {
    s.path = r.read_string();
    read_acl_list(r, s.acl);
    s.version = r.read_int();
}

void read_string_list(jute_reader& r, std::vector<std::string>& out) {
    int32_t n = r.read_count(4);
    out.clear();
    out.reserve(size_t(n));
    for (int32_t i = 0; i < n && r.ok(); ++i) out.push_back(r.read_string());
}

void read_set_watches(jute_reader& r, set_watches_request& s, bool v2) {
    s.relative_zxid = r.read_long();
    read_string_list(r, s.data_watches);
    read_string_list(r, s.exist_watches);
    read_string_list(r, s.child_watches);
    if (v2) {
        read_string_list(r, s.persistent_watches);
        read_string_list(r, s.persistent_recursive_watches);
    }
}

void read_auth_packet(jute_reader& r, auth_packet& a) {
    a.type = r.read_int();
    a.scheme = r.read_string();
    a.auth = r.read_buffer();
}

void read_watcher_event(jute_reader& r, watcher_event& e) {
    e.type = r.read_int();
    e.state = r.read_int();
    e.path = r.read_string();
}

void read_multi_request(jute_reader& r, std::vector<multi_op>& out) {
    out.clear();
    while (r.ok()) {
        int32_t type = r.read_int();
        bool done = r.read_bool();
        r.read_int();  // err: unused in requests
        if (!r.ok() || done) return;
        // Each op needs at least a header and a path length: bound the op count.
        if (out.size() >= r.remaining() / 4 + 1) {
            r.fail();
            return;
        }
        multi_op o;
        o.type = type;
        switch (type) {
            case op::create:
            case op::create2:
            case op::create_container:
                read_create_request(r, o.create, false);
                break;
            case op::create_ttl:
                read_create_request(r, o.create, true);
                break;
            case op::remove:
            case op::delete_container:
            case op::check:
                read_path_version(r, o.version);
                break;
            case op::set_data:
                read_set_data_request(r, o.set);
                break;
            case op::get_children:
            case op::get_data:
                read_path_watch_request(r, o.read);
                break;
            default:
                r.fail();
                return;
        }
        out.push_back(std::move(o));
    }
}

void write_acl_list(jute_writer& w, const acl_list& acl) {
    w.write_count(acl.size());
    for (const auto& a : acl) {
        w.write_int(a.perms);
        w.write_string(a.id.scheme);
        w.write_string(a.id.id);
    }
}

void write_stat(jute_writer& w, const zk_stat& s) {
    w.write_long(s.czxid);
    w.write_long(s.mzxid);
    w.write_long(s.ctime);
    w.write_long(s.mtime);
    w.write_int(s.version);
    w.write_int(s.cversion);
    w.write_int(s.aversion);
    w.write_long(s.ephemeral_owner);
    w.write_int(s.data_length);
    w.write_int(s.num_children);
    w.write_long(s.pzxid);
}

void write_connect_request(jute_writer& w, const connect_request& c) {
    w.write_int(c.protocol_version);
    w.write_long(c.last_zxid_seen);
    w.write_int(c.timeout);
    w.write_long(c.session_id);
    w.write_buffer(c.passwd);
    if (c.has_read_only) w.write_bool(c.read_only);
}

void write_connect_response(jute_writer& w, const connect_response& c) {
    w.write_int(c.protocol_version);
    w.write_int(c.timeout);
    w.write_long(c.session_id);
    w.write_buffer(c.passwd);
    if (c.has_read_only) w.write_bool(c.read_only);
}

void write_request_header(jute_writer& w, const request_header& h) {
    w.write_int(h.xid);
    w.write_int(h.type);
}

void write_reply_header(jute_writer& w, const reply_header& h) {
    w.write_int(h.xid);
    w.write_long(h.zxid);
    w.write_int(h.err);
}

void write_create_request(jute_writer& w, const create_request& c, bool with_ttl) {
    w.write_string(c.path);
    w.write_buffer(c.data);
    write_acl_list(w, c.acl);
    w.write_int(c.flags);
    if (with_ttl) w.write_long(c.ttl);
}

void write_path_version(jute_writer& w, const path_version& p) {
    w.write_string(p.path);
    w.write_int(p.version);
}

void write_path_watch_request(jute_writer& w, const path_watch_request& p) {
    w.write_string(p.path);
    w.write_bool(p.watch);
}

void write_set_data_request(jute_writer& w, const set_data_request& s) {
    w.write_string(s.path);
    w.write_buffer(s.data);
    w.write_int(s.version);
}

void write_watcher_event(jute_writer& w, const watcher_event& e) {
    w.write_int(e.type);
    w.write_int(e.state);
    w.write_string(e.path);
}

void write_string_list(jute_writer& w, const std::vector<std::string>& v) {
    w.write_count(v.size());
    for (const auto& s : v) w.write_string(s);
}

void write_multi_request(jute_writer& w, const std::vector<multi_op>& ops) {
    for (const auto& o : ops) {
        w.write_int(o.type);
        w.write_bool(false);
        w.write_int(-1);
        switch (o.type) {
            case op::create:
            case op::create2:
            case op::create_container:
                write_create_request(w, o.create, false);
                break;
            case op::create_ttl:
                write_create_request(w, o.create, true);
                break;
            case op::remove:
            case op::delete_container:
            case op::check:
                write_path_version(w, o.version);
                break;
            case op::set_data:
                write_set_data_request(w, o.set);
                break;
            default:
                write_path_watch_request(w, o.read);
                break;
        }
    }
    w.write_int(-1);
    w.write_bool(true);
    w.write_int(-1);
}

}  // namespace odradek::coordination
