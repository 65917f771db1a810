#pragma once
// An asynchronous ZooKeeper client session over standalone Asio (C++20
// coroutines), the protocol half of what ZooKeeper's ClientCnxn does.
//
// Threading: every member runs on the io_context given to create(), which must
// be run by one thread. The public functions may be called from any thread:
// they post to the io_context. Callbacks (replies, watchers, session events) run
// on that io thread, so they must not block on another request of this client.
//
// Session: the client connects to the hosts of the connect string in turn,
// sends ConnectRequest{protocol 0, last zxid seen, timeout, session id,
// password, readOnly=false}, and takes the negotiated timeout from the
// ConnectResponse. It sends a ping when a third of the timeout passes and drops
// the connection when nothing was heard for two thirds of it. After a lost
// connection it reconnects with the same session id and password; a
// ConnectResponse with timeout <= 0 means the session expired: the default
// watcher hears state Expired, every request fails with session_expired and the
// client stops. Watches are re-registered on each reconnect with one SetWatches
// (relative to the last zxid seen) sent before any queued request.
//
// Requests: submit() queues a request; xids are given in queue order and replies
// must come back in that order (anything else drops the connection). Requests
// that were sent when a connection is lost, or are queued when a connection
// attempt fails, complete with zk_error::connection_loss, as ZooKeeper's do.
//
// Watches are one-shot and client-side, as in ZooKeeper's ZKWatchManager: a
// data watch (getData, exists of an existing node), an exist watch (exists of a
// missing node) or a child watch (getChildren) is registered when the reply says
// OK (exists: OK or NONODE), and is removed when its event is delivered.
// Paths given to and received from this class are client paths: the chroot of
// the connect string is added and stripped here for watch paths; request bodies
// are encoded by the caller with connect_string::to_server().

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <asio.hpp>

#include "base/bytes.h"
#include "base/result.h"
#include "coordination/client/connect_string.h"
#include "coordination/client/zk_errc.h"
#include "coordination/messages.h"
#include "coordination/zk_codes.h"

namespace odradek::coordination {

// A WatchedEvent: type is an event_type:: value, state a keeper_state:: value;
// path is empty for session events (type none).
struct watched_event {
    int32_t type = event_type::none;
    int32_t state = keeper_state::sync_connected;
    std::string path;
};
using watcher_fn = std::function<void(const watched_event&)>;

enum class watch_kind { none, data, exist, child };

struct client_options {
    std::string connect;  // "host:port[,host:port...][/chroot]"
    int32_t session_timeout_ms = 30000;
    // Hears session events and the watches set without a watcher of their own.
    watcher_fn default_watcher;
    // Called (on the io thread) each time a connection attempt fails.
    std::function<void()> on_attempt_failed;
    // Resume this session instead of creating one (0: new session).
    int64_t session_id = 0;
    byte_buffer passwd;
};

struct raw_reply {
    int64_t zxid = 0;
    byte_buffer body;  // the response record after the ReplyHeader
};
using reply_fn = std::function<void(result<raw_reply>)>;

// The request's client path (named in errors) and the watch it asks for: kind
// none asks for none. An empty fn means the default watcher.
struct watch_request {
    watch_kind kind = watch_kind::none;
    std::string path;  // client path
    watcher_fn fn;
};

class zk_client : public std::enable_shared_from_this<zk_client> {
public:
    static result<std::shared_ptr<zk_client>> create(asio::io_context& io, client_options opts);

    // Starts connecting. Call once.
    void start();
    // Queues a request (body: the request record after the RequestHeader).
    void submit(int32_t op, byte_buffer body, watch_request watch, reply_fn done);
    // Closes the session (CloseSession when connected) and stops; `done` runs
    // on the io thread once the client has stopped.
    void close(std::function<void()> done);

    const connect_string& target() const noexcept { return target_; }
    // Valid once connected; read on the io thread or after a completed request
    // (connected() and expired() may be read from any thread).
    int64_t session_id() const noexcept { return session_id_; }
    const byte_buffer& passwd() const noexcept { return passwd_; }
    int32_t negotiated_timeout() const noexcept { return negotiated_; }
    // The host:port of the current connection ("" when not connected).
    std::string connected_to() const { return connected_ ? current_host_ : std::string(); }
    bool connected() const noexcept { return connected_; }
    bool expired() const noexcept { return expired_; }

    // Test hook: drops the current connection as a network fault would.
    void drop_connection();

    zk_client(asio::io_context& io, client_options opts, connect_string target);

private:
    struct pending {
        int32_t xid = 0;
        int32_t op = 0;
        byte_buffer body;
        watch_request watch;
        reply_fn done;
    };

    asio::awaitable<void> run();
    asio::awaitable<bool> handshake(asio::ip::tcp::socket& sock);
    asio::awaitable<void> read_loop(std::shared_ptr<asio::ip::tcp::socket> sock);
    asio::awaitable<void> write_loop(std::shared_ptr<asio::ip::tcp::socket> sock);
    asio::awaitable<void> ping_loop(std::shared_ptr<asio::ip::tcp::socket> sock);
    void send_pending(pending p);
    void enqueue_frame(int32_t xid, int32_t op, const byte_buffer& body);
    bool on_packet(byte_span packet);
    void on_notification(const watcher_event& ev);
    void register_watch(const watch_request& w, int32_t err);
    void fail_all(zk_error code);
    void deliver_session_event(int32_t state);
    void send_set_watches();
    void stop_connection();

    asio::io_context& io_;
    client_options opts_;
    connect_string target_;
    std::shared_ptr<asio::ip::tcp::socket> sock_;
    asio::steady_timer wake_;    // wakes the writer
    asio::steady_timer retry_;   // pause between connection attempts
    asio::steady_timer ping_;    // the ping / read-timeout clock of the connection
    std::deque<byte_buffer> out_;
    std::deque<pending> unsent_;
    std::deque<pending> sent_;
    std::map<std::string, std::vector<watcher_fn>> data_watches_, exist_watches_, child_watches_;
    std::function<void()> close_done_;
    std::string current_host_;
    std::chrono::steady_clock::time_point last_recv_;
    int64_t session_id_ = 0;
    byte_buffer passwd_;
    int64_t last_zxid_ = 0;
    int32_t negotiated_ = 0;
    int32_t next_xid_ = 1;
    // Read by other threads through connected() and expired().
    std::atomic<bool> connected_{false};
    std::atomic<bool> expired_{false};
    bool closing_ = false;
    bool stopped_ = false;
    bool close_sent_ = false;
};

}  // namespace odradek::coordination
