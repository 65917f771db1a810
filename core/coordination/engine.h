#pragma once
// The coordination engine: everything a standalone ZooKeeper server decides,
// without I/O. It owns the data tree, the watches and the sessions, turns each
// client packet into replies, transactions and watch notifications, and applies
// transactions in zxid order. The network server (server.h) feeds it bytes and
// carries its output; tests drive it directly.
//
// Threading: not thread-safe; one thread (the server's io_context) calls it.
//
// Durability contract: every txn is handed to the txn_sink (the log) before it is
// applied, and every packet the engine emits is tagged with the zxid that must be
// durable before the packet may leave (the txn's zxid for a write and its watch
// events, the last applied zxid for a read). So no client ever observes state that
// a crash could lose, and replies of one connection stay in request order.

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "coordination/data_tree.h"
#include "coordination/messages.h"
#include "coordination/session_tracker.h"
#include "coordination/txn.h"
#include "coordination/watch_manager.h"

namespace odradek::coordination {

struct engine_options {
    int32_t tick_time = 2000;
    int32_t min_session_timeout = 4000;   // default 2 x tickTime
    int32_t max_session_timeout = 40000;  // default 20 x tickTime
    int32_t max_buffer = 0xfffff;         // jute.maxbuffer
    int64_t server_id = 1;                // top byte of session ids (1 in standalone ZooKeeper)
    int32_t container_check_ms = 60000;   // znode.container.checkIntervalMs
};

struct clock_reading {
    int64_t wall_ms = 0;  // for ctime/mtime
    int64_t mono_ms = 0;  // for session expiry
};

// Where the engine's packets go. Each packet is framed (4-byte length first).
class output_sink {
public:
    virtual ~output_sink() = default;
    // Queue a packet; it may be written once every txn <= visible_zxid is durable.
    virtual void send(uint64_t conn, byte_buffer framed, int64_t visible_zxid) = 0;
    // Close the connection once everything queued before has been written.
    virtual void close_after_flush(uint64_t conn) = 0;
};

// Where transactions go before they are applied (the transaction log).
class txn_sink {
public:
    virtual ~txn_sink() = default;
    virtual void append(int64_t zxid, byte_buffer txn_bytes) = 0;
};

// What the engine knows of a connection (for replies, cons/stat four-letter words).
struct connection_info {
    std::string remote;  // "/127.0.0.1:54321"
    int64_t session = 0;
    int32_t timeout = 0;
    std::vector<zk_id> auth;
    uint64_t received = 0;
    uint64_t sent = 0;
    int64_t established_ms = 0;
    std::string last_op = "NA";
    int64_t last_cxid = -1;
    int64_t last_zxid = -1;
    int64_t last_response_ms = 0;
};

class engine {
public:
    engine(engine_options opts, output_sink& out, const clock_reading& start);

    void set_txn_sink(txn_sink* log) noexcept { log_ = log; }
    const engine_options& options() const noexcept { return opts_; }

    // --- recovery ---------------------------------------------------------
    // Applies one logged txn (encoded as txn.h says); false if it does not decode.
    bool replay(byte_span txn_bytes, int64_t& zxid);
    // Installs a snapshot's state (see snapshot.h).
    bool restore(data_tree::node_map nodes, const std::map<int64_t, int32_t>& sessions, int64_t zxid);
    // After recovery: restored sessions get a full timeout from now.
    void start(const clock_reading& now);

    // --- connections ------------------------------------------------------
    void open_connection(uint64_t conn, std::string remote, const clock_reading& now);
    // The first packet of a connection (already decoded).
    void on_connect(uint64_t conn, const connect_request& req, const clock_reading& now);
    // Any later packet: RequestHeader + request body, without the length prefix.
    void on_request(uint64_t conn, byte_span packet, const clock_reading& now);
    // The socket is gone: drop its watches; its session lives on until it expires.
    void close_connection(uint64_t conn);
    bool connection_has_session(uint64_t conn) const;

    // Expires sessions whose time passed and removes empty containers. Returns
    // the expired sessions as (id, timeout ms).
    std::vector<std::pair<int64_t, int32_t>> tick(const clock_reading& now);

    // --- state for snapshots and four-letter words ------------------------
    int64_t last_zxid() const noexcept { return last_zxid_; }
    const data_tree& tree() const noexcept { return tree_; }
    const session_tracker& sessions() const noexcept { return sessions_; }
    const watch_manager& watches() const noexcept { return watches_; }
    const std::map<uint64_t, connection_info>& connections() const noexcept { return conns_; }
    uint64_t packets_received() const noexcept { return received_; }
    uint64_t packets_sent() const noexcept { return sent_; }
    // Request latency, from a request's arrival to its reply being written (after
    // the fsync for writes), as ZooKeeper's ServerStats keeps it; the server
    // layer measures it, since only it sees the write.
    struct latency_stats {
        uint64_t count = 0;
        int64_t min_ms = 0, max_ms = 0, total_ms = 0;
        double avg_ms() const noexcept { return count ? double(total_ms) / double(count) : 0.0; }
    };
    void record_latency(int64_t ms) noexcept {
        if (ms < 0) ms = 0;
        latency_.min_ms = latency_.count ? std::min(latency_.min_ms, ms) : ms;
        latency_.max_ms = std::max(latency_.max_ms, ms);
        latency_.total_ms += ms;
        ++latency_.count;
    }
    const latency_stats& latency() const noexcept { return latency_; }
    uint64_t txns_since_snapshot() const noexcept { return txns_since_snapshot_; }
    void snapshot_taken() noexcept { txns_since_snapshot_ = 0; }

private:
    // Logs and applies a txn for `session`; returns its zxid. Watch events go out
    // tagged with that zxid.
    int64_t commit(int64_t session, int32_t cxid, const txn& t, const clock_reading& now);
    void apply_txn(const txn_header& h, const txn& t, bool fire);
    void deliver_events();
    void send(uint64_t conn, byte_buffer framed, int64_t visible);
    void send_header_only(uint64_t conn, int32_t xid, int64_t zxid, int32_t err);

    void handle_write(uint64_t conn, connection_info& ci, const request_header& h, jute_reader& r,
                      const clock_reading& now);
    void handle_multi(uint64_t conn, connection_info& ci, const request_header& h, jute_reader& r,
                      const clock_reading& now);
    void handle_multi_read(uint64_t conn, const request_header& h, jute_reader& r);
    void handle_read(uint64_t conn, connection_info& ci, const request_header& h, jute_reader& r);
    void handle_set_watches(uint64_t conn, const request_header& h, jute_reader& r, bool v2);
    void handle_auth(uint64_t conn, connection_info& ci, const request_header& h, jute_reader& r);
    void close_session(int64_t session, int32_t cxid, const clock_reading& now);

    engine_options opts_;
    output_sink& out_;
    txn_sink* log_ = nullptr;
    data_tree tree_;
    watch_manager watches_;
    session_tracker sessions_;
    std::map<uint64_t, connection_info> conns_;
    std::vector<watch_event> events_;
    int64_t last_zxid_ = 0;
    int64_t last_event_zxid_ = 0;
    int64_t last_container_check_ = 0;
    uint64_t received_ = 0;
    uint64_t sent_ = 0;
    latency_stats latency_;
    uint64_t txns_since_snapshot_ = 0;
};

}  // namespace odradek::coordination
