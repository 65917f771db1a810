#include "coordination/client/sync_client.h"

#include <future>

#include "coordination/jute.h"

namespace odradek::coordination {

acl_list open_acl_unsafe() { return {{perm::all, {"world", "anyone"}}}; }

result<std::unique_ptr<sync_client>> sync_client::open(client_options opts) {
    std::unique_ptr<sync_client> c(new sync_client());
    sync_client* raw = c.get();
    auto user = std::move(opts.default_watcher);
    // Session events pass through here so wait_connected() can see them. The
    // caller's watcher runs first: whatever it does for the event (the shell
    // prints it) is done before wait_connected() returns.
    opts.default_watcher = [raw, user = std::move(user)](const watched_event& ev) {
        if (user) user(ev);
        if (ev.type == event_type::none) {
            std::lock_guard lk(raw->mu_);
            raw->connected_ = ev.state == keeper_state::sync_connected;
            raw->expired_ = ev.state == keeper_state::expired;
            raw->cv_.notify_all();
        }
    };
    auto user_failed = std::move(opts.on_attempt_failed);
    opts.on_attempt_failed = [raw, user_failed = std::move(user_failed)] {
        {
            std::lock_guard lk(raw->mu_);
            raw->attempt_failed_ = true;
            raw->cv_.notify_all();
        }
        if (user_failed) user_failed();
    };
    ODRADEK_TRY_ASSIGN(c->client_, zk_client::create(c->io_, std::move(opts)));
    c->client_->start();
    c->thread_ = std::thread([raw] { raw->io_.run(); });
    return c;
}

sync_client::~sync_client() { close(); }

bool sync_client::wait_connected(std::chrono::milliseconds timeout, bool give_up_on_failure) {
    std::unique_lock lk(mu_);
    cv_.wait_for(lk, timeout,
                 [&] { return connected_ || expired_ || (give_up_on_failure && attempt_failed_); });
    return connected_;
}

void sync_client::close() {
    if (closed_) return;
    closed_ = true;
    if (!client_) return;  // open() failed before the client existed
    std::promise<void> done;
    client_->close([&done] { done.set_value(); });
    done.get_future().wait();
    // Every coroutine of the client ends once it has stopped, so run() returns.
    work_.reset();
    if (thread_.joinable()) thread_.join();
}

result<raw_reply> sync_client::call(int32_t op, byte_buffer body, watch_request watch) {
    if (closed_) return error(zk_error::connection_loss, watch.path);
    std::promise<result<raw_reply>> p;
    auto f = p.get_future();
    client_->submit(op, std::move(body), std::move(watch), [&p](result<raw_reply> r) { p.set_value(std::move(r)); });
    return f.get();
}

namespace {
watch_request watch_of(const std::string& path, watch_kind kind, const watch_with& w) {
    if (!w) return {watch_kind::none, path, {}};
    return {kind, path, *w};
}

error malformed(const std::string& path) { return error(zk_error::marshalling_error, path); }
}  // namespace

// The body of create and create2 requests (the same record, CreateRequest).
byte_buffer sync_client::create_body(const std::string& path, const byte_buffer* data, const acl_list& acl,
                                     int32_t mode) const {
    byte_buffer b;
    jute_writer w(b);
    w.write_string(client_->target().to_server(path));
    if (data)
        w.write_buffer(*data);
    else
        w.write_null();
    write_acl_list(w, acl);
    w.write_int(mode);
    return b;
}

result<std::pair<std::string, zk_stat>> sync_client::create2(const std::string& path, const byte_buffer* data,
                                                             const acl_list& acl, int32_t mode) {
    ODRADEK_TRY_ASSIGN(auto rep, call(op::create2, create_body(path, data, acl, mode), {watch_kind::none, path, {}}));
    jute_reader r(rep.body);
    std::pair<std::string, zk_stat> out;
    out.first = client_->target().to_client(r.read_string());
    read_stat(r, out.second);
    if (!r.ok()) return malformed(path);
    return out;
}

result<std::string> sync_client::create(const std::string& path, const byte_buffer* data, const acl_list& acl,
                                        int32_t mode) {
    ODRADEK_TRY_ASSIGN(auto rep, call(op::create, create_body(path, data, acl, mode), {watch_kind::none, path, {}}));
    jute_reader r(rep.body);
    std::string created = r.read_string();
    if (!r.ok()) return malformed(path);
    return client_->target().to_client(created);
}

status sync_client::remove(const std::string& path, int32_t version) {
    byte_buffer b;
    jute_writer w(b);
    write_path_version(w, {client_->target().to_server(path), version});
    ODRADEK_TRY(call(op::remove, std::move(b), {watch_kind::none, path, {}}));
    return ok();
}

result<std::optional<zk_stat>> sync_client::exists(const std::string& path, watch_with watch) {
    byte_buffer b;
    jute_writer w(b);
    write_path_watch_request(w, {client_->target().to_server(path), watch.has_value()});
    auto rep = call(op::exists, std::move(b), watch_of(path, watch_kind::exist, watch));
    if (!rep) {
        if (zk_code_of(rep.err()) == zk_error::no_node) return std::optional<zk_stat>();
        return std::move(rep).err();
    }
    jute_reader r(rep->body);
    zk_stat st;
    read_stat(r, st);
    if (!r.ok()) return malformed(path);
    return std::optional<zk_stat>(st);
}

result<node_data> sync_client::get_data(const std::string& path, watch_with watch) {
    byte_buffer b;
    jute_writer w(b);
    write_path_watch_request(w, {client_->target().to_server(path), watch.has_value()});
    ODRADEK_TRY_ASSIGN(auto rep, call(op::get_data, std::move(b), watch_of(path, watch_kind::data, watch)));
    jute_reader r(rep.body);
    node_data out;
    out.data = r.read_buffer(&out.is_null);
    read_stat(r, out.stat);
    if (!r.ok()) return malformed(path);
    return out;
}

result<zk_stat> sync_client::set_data(const std::string& path, const byte_buffer& data, int32_t version) {
    byte_buffer b;
    jute_writer w(b);
    write_set_data_request(w, {client_->target().to_server(path), data, version});
    ODRADEK_TRY_ASSIGN(auto rep, call(op::set_data, std::move(b), {watch_kind::none, path, {}}));
    jute_reader r(rep.body);
    zk_stat st;
    read_stat(r, st);
    if (!r.ok()) return malformed(path);
    return st;
}

result<children_result> sync_client::get_children(const std::string& path, watch_with watch, bool with_stat) {
    byte_buffer b;
    jute_writer w(b);
    write_path_watch_request(w, {client_->target().to_server(path), watch.has_value()});
    ODRADEK_TRY_ASSIGN(auto rep, call(with_stat ? op::get_children2 : op::get_children, std::move(b),
                                      watch_of(path, watch_kind::child, watch)));
    jute_reader r(rep.body);
    children_result out;
    read_string_list(r, out.children);
    if (with_stat) read_stat(r, out.stat);
    if (!r.ok()) return malformed(path);
    return out;
}

result<std::vector<multi_result_op>> decode_multi_response(byte_span body, const connect_string& target,
                                                           const std::string& path) {
    // MultiResponse: MultiHeader{type, done, err} + the op's result, up to done.
    // Every header takes 9 bytes, so the loop ends on any input.
    jute_reader r(body);
    std::vector<multi_result_op> out;
    for (;;) {
        int32_t type = r.read_int();
        bool done = r.read_bool();
        int32_t err = r.read_int();
        if (!r.ok()) return malformed(path);
        if (done) break;
        multi_result_op res;
        res.type = type;
        res.err = err;
        if (type == op::create) {
            res.path = target.to_client(r.read_string());
        } else if (type == op::create2) {
            res.path = target.to_client(r.read_string());
            read_stat(r, res.stat);
        } else if (type == op::set_data) {
            read_stat(r, res.stat);
        } else if (type == op::error) {
            res.err = r.read_int();
        }
        if (!r.ok()) return malformed(path);
        out.push_back(std::move(res));
    }
    return out;
}

result<std::vector<multi_result_op>> sync_client::multi(const std::vector<multi_request_op>& ops) {
    std::vector<multi_op> req;
    req.reserve(ops.size());
    for (const auto& o : ops) {
        multi_op m;
        m.type = o.type;
        std::string server_path = client_->target().to_server(o.path);
        if (o.type == op::create || o.type == op::create2) {
            m.create = {server_path, o.data, o.acl, o.flags, 0};
        } else if (o.type == op::set_data) {
            m.set = {server_path, o.data, o.version};
        } else {
            m.version = {server_path, o.version};
        }
        req.push_back(std::move(m));
    }
    byte_buffer b;
    jute_writer w(b);
    write_multi_request(w, req);
    std::string first = ops.empty() ? std::string() : ops.front().path;
    ODRADEK_TRY_ASSIGN(auto rep, call(op::multi, std::move(b), {watch_kind::none, first, {}}));
    return decode_multi_response(rep.body, client_->target(), first);
}

result<std::string> sync_client::sync(const std::string& path) {
    byte_buffer b;
    jute_writer w(b);
    w.write_string(client_->target().to_server(path));
    ODRADEK_TRY_ASSIGN(auto rep, call(op::sync, std::move(b), {watch_kind::none, path, {}}));
    jute_reader r(rep.body);
    std::string p = r.read_string();
    if (!r.ok()) return malformed(path);
    return client_->target().to_client(p);
}

result<acl_result> sync_client::get_acl(const std::string& path) {
    byte_buffer b;
    jute_writer w(b);
    w.write_string(client_->target().to_server(path));
    ODRADEK_TRY_ASSIGN(auto rep, call(op::get_acl, std::move(b), {watch_kind::none, path, {}}));
    jute_reader r(rep.body);
    acl_result out;
    read_acl_list(r, out.acl);
    read_stat(r, out.stat);
    if (!r.ok()) return malformed(path);
    return out;
}

result<zk_stat> sync_client::set_acl(const std::string& path, const acl_list& acl, int32_t version) {
    byte_buffer b;
    jute_writer w(b);
    w.write_string(client_->target().to_server(path));
    write_acl_list(w, acl);
    w.write_int(version);
    ODRADEK_TRY_ASSIGN(auto rep, call(op::set_acl, std::move(b), {watch_kind::none, path, {}}));
    jute_reader r(rep.body);
    zk_stat st;
    read_stat(r, st);
    if (!r.ok()) return malformed(path);
    return st;
}

}  // namespace odradek::coordination
