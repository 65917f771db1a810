#include "coordination/server.h"

#include <chrono>
#include <optional>

#include <chrono>
#include <deque>
#include <filesystem>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "coordination/data_dir.h"
#include "coordination/errc.h"
#include "coordination/file_format.h"
#include "coordination/four_letter.h"
#include "coordination/snapshot.h"

namespace odradek::coordination {

namespace fs = std::filesystem;
using asio::awaitable;
using asio::use_awaitable;

struct zk_server::connection {
    struct outgoing {
        byte_buffer bytes;
        int64_t visible = 0;
        bool close = false;
        // Arrival of the request this packet answers; latency is recorded when it is written.
        std::optional<std::chrono::steady_clock::time_point> request_arrived;
    };
    connection(asio::ip::tcp::socket s, uint64_t i)
        : sock(std::move(s)), wake(sock.get_executor(), asio::steady_timer::time_point::max()), id(i) {}

    asio::ip::tcp::socket sock;
    asio::steady_timer wake;
    uint64_t id;
    std::string ip;
    std::string remote;
    std::deque<outgoing> out;
    bool closed = false;
};

namespace {
engine_options engine_options_of(const server_config& c) {
    engine_options o;
    o.tick_time = c.tick_time;
    o.min_session_timeout = c.effective_min_session_timeout();
    o.max_session_timeout = c.effective_max_session_timeout();
    o.max_buffer = c.max_buffer;
    o.container_check_ms = c.container_check_ms;
    return o;
}

clock_reading clock_now() {
    using namespace std::chrono;
    return {duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count(),
            duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count()};
}
}  // namespace

zk_server::zk_server(asio::io_context& io, server_config cfg, std::shared_ptr<spdlog::logger> log)
    : io_(io),
      cfg_(std::move(cfg)),
      log_(std::move(log)),
      engine_(engine_options_of(cfg_), *this, clock_now()),
      acceptor_(io),
      tick_timer_(io),
      purge_timer_(io) {}

zk_server::~zk_server() { stop(); }

clock_reading zk_server::now() const { return clock_now(); }

status zk_server::start() {
    std::error_code ec;
    fs::path snap = fs::absolute(fs::path(cfg_.data_dir) / kVersionDir, ec);
    fs::path logd =
        fs::absolute(fs::path(cfg_.data_log_dir.empty() ? cfg_.data_dir : cfg_.data_log_dir) / kVersionDir, ec);
    snap_dir_ = snap.string();
    log_dir_ = logd.string();
    log_->info("dataDir {} dataLogDir {} tickTime {} minSessionTimeout {} maxSessionTimeout {}", snap_dir_, log_dir_,
               cfg_.tick_time, cfg_.effective_min_session_timeout(), cfg_.effective_max_session_timeout());
    auto t0 = std::chrono::steady_clock::now();
    ODRADEK_TRY_ASSIGN(auto rep, recover(snap, logd, engine_));
    for (const auto& w : rep.warnings) log_->warn("{}", w);
    log_->info("Snapshot loaded in {} ms, highest zxid is 0x{:x}, {} txns replayed",
               std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count(),
               rep.zxid, rep.txns_replayed);
    engine_.start(now());
    durable_zxid_ = rep.zxid;

    auto note_log = log_;
    durable_ = std::make_unique<durable_log>(
        snap, logd,
        [this](int64_t zxid, const status& st) {
            asio::post(io_, [this, zxid, st] { on_durable(zxid, st); });
        },
        [note_log](const std::string& msg) { note_log->info("{}", msg); });
    engine_.set_txn_sink(durable_.get());
    if (rep.txns_replayed > 0 || rep.snapshot_zxid < 0) {
        durable_->snapshot(engine_.last_zxid(), encode_snapshot(engine_.tree(), engine_.sessions(), engine_.last_zxid()));
        engine_.snapshot_taken();
    }
    log_->info("autopurge.snapRetainCount set to {}", cfg_.snap_retain_count);
    log_->info("autopurge.purgeInterval set to {}", cfg_.purge_interval_hours);
    if (cfg_.purge_interval_hours > 0) asio::co_spawn(io_, purge_loop(), asio::detached);

    std::string host = cfg_.client_port_address.empty() ? "0.0.0.0" : cfg_.client_port_address;
    asio::ip::tcp::endpoint ep(asio::ip::make_address(host, ec), uint16_t(cfg_.client_port));
    if (ec) return error(errc::bad_config, fmt::format("clientPortAddress {}: {}", host, ec.message()));
    log_->info("binding to port {}/{}:{}", host, host, cfg_.client_port);
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return error(errc::io, fmt::format("cannot listen on {}:{}: {}", host, cfg_.client_port, ec.message()));
    port_ = acceptor_.local_endpoint().port();
    log_->info("maxClientCnxns set to {}", cfg_.max_client_cnxns);
    asio::co_spawn(io_, accept_loop(), asio::detached);
    asio::co_spawn(io_, tick_loop(), asio::detached);
    return ok();
}

void zk_server::stop() {
    if (stopped_) return;
    stopped_ = true;
    std::error_code ec;
    acceptor_.close(ec);
    tick_timer_.cancel();
    purge_timer_.cancel();
    for (auto& [id, c] : conns_) {
        c->closed = true;
        c->sock.close(ec);
        c->wake.cancel();
    }
    if (durable_) durable_->stop();
}

awaitable<void> zk_server::accept_loop() {
    while (!stopped_) {
        std::error_code ec;
        auto sock = co_await acceptor_.async_accept(asio::redirect_error(use_awaitable, ec));
        if (ec) {
            if (stopped_) co_return;
            log_->warn("accept failed: {}", ec.message());
            continue;
        }
        auto remote = sock.remote_endpoint(ec);
        std::string ip = ec ? "unknown" : remote.address().to_string();
        if (cfg_.max_client_cnxns > 0 && per_ip_[ip] >= cfg_.max_client_cnxns) {
            log_->warn("Too many connections from /{} - max is {}", ip, cfg_.max_client_cnxns);
            sock.close(ec);
            continue;
        }
        auto c = std::make_shared<connection>(std::move(sock), next_conn_++);
        c->ip = ip;
        c->remote = ec ? "/unknown" : fmt::format("/{}:{}", ip, remote.port());
        ++per_ip_[ip];
        conns_[c->id] = c;
        engine_.open_connection(c->id, c->remote, now());
        asio::co_spawn(io_, read_loop(c), asio::detached);
        asio::co_spawn(io_, write_loop(c), asio::detached);
    }
}

awaitable<void> zk_server::read_loop(std::shared_ptr<connection> c) {
    try {
        uint8_t len_bytes[4];
        byte_buffer body;
        bool first = true;
        for (;;) {
            co_await asio::async_read(c->sock, asio::buffer(len_bytes), use_awaitable);
            int32_t len = load_be<int32_t>(len_bytes);
            if (first) {
                if (std::string cmd = four_letter_name(len); !cmd.empty()) {
                    log_->info("Processing {} command from {}", cmd, c->remote);
                    four_letter_context ctx{engine_, cfg_, snap_dir_, log_dir_};
                    std::string text = run_four_letter(cmd, ctx);
                    c->out.push_back({byte_buffer(text.begin(), text.end()), 0, false, std::nullopt});
                    c->out.push_back({{}, 0, true, std::nullopt});
                    c->wake.cancel();
                    co_return;  // the writer sends the answer, closes and finishes

                }
            }
            if (len < 0 || len > cfg_.max_buffer) {
                log_->warn("Closing connection to {}: packet length {} is out of range [0, {}]", c->remote, len,
                           cfg_.max_buffer);
                break;
            }
            body.resize(size_t(len));
            co_await asio::async_read(c->sock, asio::buffer(body), use_awaitable);
            if (c->closed) break;
            if (first) {
                jute_reader r(body, cfg_.max_buffer);
                connect_request req;
                read_connect_request(r, req);
                if (!r.ok()) {
                    log_->warn("Closing connection to {}: malformed ConnectRequest", c->remote);
                    break;
                }
                first = false;
                engine_.on_connect(c->id, req, now());
                if (engine_.connection_has_session(c->id)) {
                    const auto& ci = engine_.connections().at(c->id);
                    log_->info("Established session 0x{:x} with negotiated timeout {} for client {}", ci.session,
                               ci.timeout, c->remote);
                }
            } else {
                // The reply the engine queues for this connection during on_request
                // (not a watch notification) is stamped with the request's arrival.
                answering_ = {c->id, std::chrono::steady_clock::now(), false};
                engine_.on_request(c->id, body, now());
                answering_.conn = 0;
            }
            maybe_snapshot();
        }
    } catch (const std::exception& e) {
        if (!c->closed && !stopped_) log_->debug("connection {} ended: {}", c->remote, e.what());
    }
    finish(c);
}

awaitable<void> zk_server::write_loop(std::shared_ptr<connection> c) {
    try {
        std::vector<asio::const_buffer> bufs;
        std::deque<connection::outgoing> sending;
        while (!c->closed) {
            bool close_now = false;
            while (!c->out.empty() && (c->out.front().close || c->out.front().visible <= durable_zxid_)) {
                if (c->out.front().close) {
                    close_now = true;
                    break;
                }
                sending.push_back(std::move(c->out.front()));
                c->out.pop_front();
            }
            if (!sending.empty()) {
                bufs.clear();
                for (const auto& o : sending) bufs.emplace_back(asio::buffer(o.bytes));
                co_await asio::async_write(c->sock, bufs, use_awaitable);
                auto written = std::chrono::steady_clock::now();
                for (const auto& o : sending) {
                    if (o.request_arrived) {
                        engine_.record_latency(
                            std::chrono::duration_cast<std::chrono::milliseconds>(written - *o.request_arrived).count());
                    }
                }
                sending.clear();
                continue;
            }
            if (close_now) break;
            std::error_code ec;
            c->wake.expires_at(asio::steady_timer::time_point::max());
            co_await c->wake.async_wait(asio::redirect_error(use_awaitable, ec));
        }
    } catch (const std::exception& e) {
        if (!c->closed && !stopped_) log_->debug("write to {} failed: {}", c->remote, e.what());
    }
    std::error_code ec;
    c->sock.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    finish(c);
}

void zk_server::finish(const std::shared_ptr<connection>& c) {
    if (conns_.erase(c->id) == 0) return;
    if (--per_ip_[c->ip] <= 0) per_ip_.erase(c->ip);
    engine_.close_connection(c->id);
    c->closed = true;
    std::error_code ec;
    c->sock.close(ec);
    c->wake.cancel();
}

void zk_server::send(uint64_t conn, byte_buffer framed, int64_t visible_zxid) {
    auto it = conns_.find(conn);
    if (it == conns_.end()) return;
    std::optional<std::chrono::steady_clock::time_point> arrived;
    // Bytes 4..7 of a framed reply are its xid; -1 marks a watch notification.
    if (conn == answering_.conn && !answering_.stamped && framed.size() >= 8 && load_be<int32_t>(framed.data() + 4) != -1) {
        arrived = answering_.arrived;
        answering_.stamped = true;
    }
    it->second->out.push_back({std::move(framed), visible_zxid, false, arrived});
    it->second->wake.cancel();
}

void zk_server::close_after_flush(uint64_t conn) {
    auto it = conns_.find(conn);
    if (it == conns_.end()) return;
    it->second->out.push_back({{}, 0, true, std::nullopt});
    it->second->wake.cancel();
}

void zk_server::on_durable(int64_t zxid, const status& st) {
    if (!st) {
        log_->error("Severe unrecoverable error, exiting: {}", st.err().message());
        failed_ = true;
        stop();
        io_.stop();
        return;
    }
    if (zxid <= durable_zxid_) return;
    durable_zxid_ = zxid;
    for (auto& [id, c] : conns_)
        if (!c->out.empty()) c->wake.cancel();
}

void zk_server::maybe_snapshot() {
    if (!durable_ || engine_.txns_since_snapshot() < uint64_t(cfg_.snap_count)) return;
    log_->info("Creating new log file and snapshot at zxid 0x{:x}", engine_.last_zxid());
    durable_->snapshot(engine_.last_zxid(), encode_snapshot(engine_.tree(), engine_.sessions(), engine_.last_zxid()));
    engine_.snapshot_taken();
}

awaitable<void> zk_server::tick_loop() {
    auto period = std::chrono::milliseconds(std::clamp(cfg_.tick_time / 2, 10, 1000));
    while (!stopped_) {
        tick_timer_.expires_after(period);
        std::error_code ec;
        co_await tick_timer_.async_wait(asio::redirect_error(use_awaitable, ec));
        if (stopped_) co_return;
        for (const auto& [id, timeout] : engine_.tick(now()))
            log_->info("Expiring session 0x{:x}, timeout of {}ms exceeded", id, timeout);
        maybe_snapshot();
    }
}

awaitable<void> zk_server::purge_loop() {
    while (!stopped_) {
        durable_->purge(cfg_.snap_retain_count);
        purge_timer_.expires_after(std::chrono::hours(cfg_.purge_interval_hours));
        std::error_code ec;
        co_await purge_timer_.async_wait(asio::redirect_error(use_awaitable, ec));
    }
}

}  // namespace odradek::coordination
