#include "broker/network/socket_server.h"

#include <sys/sendfile.h>

#include <bitset>
#include <cerrno>
#include <chrono>

#include "protocol/frame.h"
#include "protocol/header.h"

namespace odradek::broker {

using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;

struct socket_server::connection {
    explicit connection(tcp::socket s) : sock(std::move(s)), idle(sock.get_executor()) {}
    tcp::socket sock;
    asio::steady_timer idle;
    uint64_t id = 0;
    std::string peer;
    std::string listener;
    std::chrono::steady_clock::time_point last_active = std::chrono::steady_clock::now();
    bool closed = false;
    std::bitset<256> warned_unserved;  // by API key: one warning per connection

    void close() {
        if (closed) return;
        closed = true;
        std::error_code ec;
        sock.shutdown(tcp::socket::shutdown_both, ec);
        sock.close(ec);
        idle.cancel();
    }
};

socket_server::socket_server(asio::io_context& io, socket_server_config cfg, std::vector<api_handler> handlers,
                             std::shared_ptr<spdlog::logger> log)
    : io_(io), cfg_(std::move(cfg)), log_(std::move(log)) {
    for (auto& h : handlers) {
        if (h.key < 0) continue;
        if (size_t(h.key) >= handlers_.size()) handlers_.resize(size_t(h.key) + 1);
        handlers_[size_t(h.key)] = std::move(h);
    }
}

socket_server::~socket_server() { stop(); }

const api_handler* socket_server::find(int16_t key) const {
    if (key < 0 || size_t(key) >= handlers_.size() || !handlers_[size_t(key)].fn) return nullptr;
    return &handlers_[size_t(key)];
}

status socket_server::bind() {
    for (const auto& l : cfg_.listeners) {
        std::error_code ec;
        auto addr = asio::ip::make_address(l.host.empty() ? "0.0.0.0" : l.host, ec);
        if (ec) {
            // A host name: resolve it (Kafka binds to the resolved address).
            tcp::resolver res(io_);
            auto results = res.resolve(l.host, std::to_string(l.port), ec);
            if (ec || results.empty())
                return error(std::make_error_code(std::errc::address_not_available),
                             "Socket server failed to bind to " + l.host + ":" + std::to_string(l.port) +
                                 ": cannot resolve " + l.host + ".");
            addr = results.begin()->endpoint().address();
        }
        auto acc = std::make_unique<tcp::acceptor>(io_);
        tcp::endpoint ep(addr, l.port);
        acc->open(ep.protocol(), ec);
        if (!ec) acc->set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec) acc->bind(ep, ec);
        if (!ec) acc->listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            std::string host = l.host.empty() ? "0.0.0.0" : l.host;
            return error(ec, "Socket server failed to bind to " + host + ":" + std::to_string(l.port) + ": " +
                                 ec.message() + ".");
        }
        ports_.push_back(acc->local_endpoint().port());
        acceptors_.push_back(std::move(acc));
    }
    return {};
}

void socket_server::start() {
    for (size_t i = 0; i < acceptors_.size(); ++i) {
        const auto& l = cfg_.listeners[i];
        log_->info("Awaiting socket connections on {}:{}.", l.host.empty() ? "0.0.0.0" : l.host, ports_[i]);
        asio::co_spawn(io_, accept_loop(i), asio::detached);
    }
}

void socket_server::stop() {
    std::vector<std::shared_ptr<connection>> open;
    {
        std::lock_guard lock(mu_);
        if (stopped_) return;
        stopped_ = true;
        for (auto& [id, w] : conns_)
            if (auto c = w.lock()) open.push_back(c);
    }
    for (auto& a : acceptors_) {
        std::error_code ec;
        a->close(ec);
    }
    // Closing from this thread while a connection's coroutine runs on another
    // is a data race on the socket: post each close to the io_context.
    for (auto& c : open) asio::post(io_, [c] { c->close(); });
}

awaitable<void> socket_server::accept_loop(size_t i) {
    auto& acc = *acceptors_[i];
    for (;;) {
        std::error_code ec;
        tcp::socket sock = co_await acc.async_accept(asio::redirect_error(use_awaitable, ec));
        if (ec) {
            if (ec == asio::error::operation_aborted || !acc.is_open()) co_return;
            log_->warn("Error accepting a connection: {}", ec.message());
            continue;
        }
        auto c = std::make_shared<connection>(std::move(sock));
        c->listener = cfg_.listeners[i].name;
        std::error_code ignored;
        auto remote = c->sock.remote_endpoint(ignored);
        c->peer = ignored ? "unknown" : remote.address().to_string();
        c->sock.set_option(tcp::no_delay(true), ignored);
        if (cfg_.send_buffer_bytes > 0)
            c->sock.set_option(asio::socket_base::send_buffer_size(cfg_.send_buffer_bytes), ignored);
        if (cfg_.receive_buffer_bytes > 0)
            c->sock.set_option(asio::socket_base::receive_buffer_size(cfg_.receive_buffer_bytes), ignored);
        {
            std::lock_guard lock(mu_);
            if (stopped_) {
                c->close();
                co_return;
            }
            c->id = next_id_++;
            conns_[c->id] = c;
        }
        ++live_;
        // Each connection on its own strand: its coroutine and its idle timer
        // never run at the same time on two threads.
        asio::co_spawn(asio::make_strand(io_), serve(std::move(c)), asio::detached);
    }
}

namespace {

// Frames are read into a buffer that grows to the largest frame seen on the
// connection and is compacted as frames are consumed.
struct receive_buffer {
    byte_buffer bytes;
    size_t begin = 0;  // first unconsumed byte
    size_t end = 0;    // one past the last received byte

    byte_span pending() const { return byte_span(bytes.data() + begin, end - begin); }
    void consume(size_t n) {
        begin += n;
        if (begin == end) begin = end = 0;
    }
    // Room for at least `n` more bytes after `end`.
    mutable_byte_span room(size_t n) {
        if (begin > 0 && bytes.size() - end < n) {
            std::memmove(bytes.data(), bytes.data() + begin, end - begin);
            end -= begin;
            begin = 0;
        }
        if (bytes.size() - end < n) bytes.resize(end + n);
        return mutable_byte_span(bytes.data() + end, bytes.size() - end);
    }
};

}  // namespace

awaitable<void> socket_server::serve(std::shared_ptr<connection> c) {
    // The idle watchdog: closes the connection after connections.max.idle.ms
    // without a request (Kafka's Selector idle expiry).
    auto idle_ms = std::chrono::milliseconds(cfg_.idle_timeout_ms);
    asio::co_spawn(
        c->sock.get_executor(),
        [c, idle_ms]() -> awaitable<void> {
            while (!c->closed) {
                c->idle.expires_at(c->last_active + idle_ms);
                std::error_code ec;
                co_await c->idle.async_wait(asio::redirect_error(use_awaitable, ec));
                if (c->closed) co_return;
                if (std::chrono::steady_clock::now() >= c->last_active + idle_ms) c->close();
            }
        },
        asio::detached);

    receive_buffer rx;
    try {
        for (;;) {
            auto frame = protocol::next_frame(rx.pending(), cfg_.max_request_bytes);
            if (frame.status == protocol::frame_status::oversized ||
                frame.status == protocol::frame_status::negative_size) {
                log_->warn(
                    "Unexpected error from /{} (channelId={}); closing connection "
                    "(org.apache.kafka.common.network.InvalidReceiveException: Invalid receive (size = {} "
                    "larger than {}))",
                    c->peer, c->id, frame.size, cfg_.max_request_bytes);
                break;
            }
            if (frame.status == protocol::frame_status::need_more) {
                auto room = rx.room(std::max<size_t>(frame.needed, 16384));
                size_t n = co_await c->sock.async_read_some(asio::buffer(room.data(), room.size()), use_awaitable);
                rx.end += n;
                c->last_active = std::chrono::steady_clock::now();
                continue;
            }
            auto req = protocol::decode_request(frame.payload);
            if (!req) {
                log_->warn("Closing connection from /{} (channelId={}) after an undecodable request header: {}",
                           c->peer, c->id, req.err().message());
                break;
            }
            const auto& h = req->header;
            const api_handler* handler = find(h.api_key);
            bool any_version = h.api_key == int16_t(protocol::api_key::api_versions);
            if (!handler) {
                log_->warn("Closing connection from /{} (channelId={}): unknown API key {} (not served by this "
                           "broker).",
                           c->peer, c->id, h.api_key);
                break;
            }
            if (!any_version && (h.api_version < handler->min_version || h.api_version > handler->max_version)) {
                log_->warn("Closing connection from /{} (channelId={}): {} version {} is not supported (this "
                           "broker serves {} to {}).",
                           c->peer, c->id, protocol::find_api(h.api_key) ? protocol::find_api(h.api_key)->name : "?",
                           h.api_version, handler->min_version, handler->max_version);
                break;
            }
            if (handler->unserved && size_t(h.api_key) < c->warned_unserved.size() &&
                !c->warned_unserved.test(size_t(h.api_key))) {
                c->warned_unserved.set(size_t(h.api_key));
                log_->warn("Answering {} v{} from /{} (channelId={}) with an error: this broker does not serve that "
                           "API (it is not in ApiVersions).",
                           protocol::find_api(h.api_key) ? protocol::find_api(h.api_key)->name : "?", h.api_version,
                           c->peer, c->id);
            }
            request_context ctx{h, req->body, c->peer, c->listener, c->id};
            response r = co_await handler->fn(ctx);
            rx.consume(frame.frame_bytes());
            if (r.close) {
                log_->warn("Closing connection from /{} (channelId={}): the body of {} v{} does not parse", c->peer,
                           c->id, protocol::find_api(h.api_key) ? protocol::find_api(h.api_key)->name : "?",
                           h.api_version);
                break;
            }
            if (r.send && !co_await write_response(*c, r)) break;
            c->last_active = std::chrono::steady_clock::now();
        }
    } catch (const std::system_error& e) {
        // End of stream or a reset: the client went away.
        if (e.code() != asio::error::eof && e.code() != asio::error::operation_aborted &&
            e.code() != asio::error::connection_reset && e.code() != asio::error::bad_descriptor)
            log_->debug("Connection from /{} closed: {}", c->peer, e.what());
    } catch (const std::exception& e) {
        log_->error("Unexpected error on the connection from /{}: {}; closing it", c->peer, e.what());
    }
    c->close();
    {
        std::lock_guard lock(mu_);
        conns_.erase(c->id);
    }
    --live_;
}

awaitable<bool> socket_server::write_response(connection& c, response& r) {
    size_t at = 0;
    for (auto& sp : r.splices) {
        if (sp.position > at)
            co_await asio::async_write(c.sock, asio::buffer(r.frame.data() + at, sp.position - at), use_awaitable);
        at = sp.position;
        for (auto& slice : sp.slices) {
            off_t off = off_t(slice.position.value());
            int64_t left = slice.size;
            if (!c.sock.native_non_blocking()) c.sock.native_non_blocking(true);
            while (left > 0) {
                ssize_t n = ::sendfile(c.sock.native_handle(), slice.f->native_handle(), &off, size_t(left));
                if (n > 0) {
                    left -= n;
                    continue;
                }
                if (n < 0 && errno == EINTR) continue;
                if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                    co_await c.sock.async_wait(tcp::socket::wait_write, use_awaitable);
                    continue;
                }
                // The file is shorter than the range we promised (a segment
                // truncated under us) or the socket failed: the frame cannot be
                // completed, so the connection must go.
                log_->warn("Closing connection from /{}: sending {} from {} failed: {}", c.peer,
                           slice.size, slice.f->path(), n == 0 ? "file ended early" : std::strerror(errno));
                co_return false;
            }
        }
    }
    if (at < r.frame.size())
        co_await asio::async_write(c.sock, asio::buffer(r.frame.data() + at, r.frame.size() - at), use_awaitable);
    co_return true;
}

}  // namespace odradek::broker
