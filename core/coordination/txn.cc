#include "coordination/txn.h"

#include "coordination/zk_codes.h"

namespace odradek::coordination {

namespace {

void write_body(jute_writer& w, const txn& t) {
    switch (t.type) {
        case op::create:
            w.write_string(t.path);
            w.write_buffer(t.data);
            write_acl_list(w, t.acl);
            w.write_long(t.ephemeral_owner);
            w.write_int(t.version);
            break;
        case op::remove:
            w.write_string(t.path);
            break;
        case op::set_data:
            w.write_string(t.path);
            w.write_buffer(t.data);
            w.write_int(t.version);
            break;
        case op::set_acl:
            w.write_string(t.path);
            write_acl_list(w, t.acl);
            w.write_int(t.version);
            break;
        case op::check:
            w.write_string(t.path);
            w.write_int(t.version);
            break;
        case op::create_session:
            w.write_int(t.timeout);
            break;
        case op::close_session:
            break;
        case op::error:
            w.write_int(t.err);
            break;
        case op::multi:
            w.write_count(t.ops.size());
            for (const auto& o : t.ops) {
                w.write_int(o.type);
                write_body(w, o);
            }
            break;
        default:
            break;
    }
}

void read_body(jute_reader& r, txn& t, int depth) {
    switch (t.type) {
        case op::create:
            t.path = r.read_string();
            t.data = r.read_buffer();
            read_acl_list(r, t.acl);
            t.ephemeral_owner = r.read_long();
            t.version = r.read_int();
            break;
        case op::remove:
            t.path = r.read_string();
            break;
        case op::set_data:
            t.path = r.read_string();
            t.data = r.read_buffer();
            t.version = r.read_int();
            break;
        case op::set_acl:
            t.path = r.read_string();
            read_acl_list(r, t.acl);
            t.version = r.read_int();
            break;
        case op::check:
            t.path = r.read_string();
            t.version = r.read_int();
            break;
        case op::create_session:
            t.timeout = r.read_int();
            break;
        case op::close_session:
            break;
        case op::error:
            t.err = r.read_int();
            break;
        case op::multi: {
            if (depth > 0) {  // multis do not nest
                r.fail();
                return;
            }
            int32_t n = r.read_count(4);
            t.ops.resize(size_t(n));
            for (auto& o : t.ops) {
                o.type = r.read_int();
                read_body(r, o, depth + 1);
                if (!r.ok()) return;
            }
            break;
        }
        default:
            r.fail();
            break;
    }
}

}  // namespace

void write_txn(jute_writer& w, const txn_header& h, const txn& t) {
    w.write_long(h.zxid);
    w.write_long(h.session_id);
    w.write_int(h.cxid);
    w.write_long(h.time);
    w.write_int(t.type);
    write_body(w, t);
}

void read_txn(jute_reader& r, txn_header& h, txn& t) {
    h.zxid = r.read_long();
    h.session_id = r.read_long();
    h.cxid = r.read_int();
    h.time = r.read_long();
    t.type = r.read_int();
    read_body(r, t, 0);
}

}  // namespace odradek::coordination
