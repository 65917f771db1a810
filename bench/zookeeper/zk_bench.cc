// zk-bench: a load generator for any ZooKeeper-protocol server (ours or Apache
// ZooKeeper). Several connections, each its own session on its own thread, each
// keeping `depth` requests outstanding (a closed loop: a reply lets the next
// request go). Three phases over the same nodes: create, getData, setData; for
// each it prints throughput (ops/s over the phase's wall time) and the latency of
// a request from the moment it was written to the socket until its reply was read
// (p50/p99 over every request of the phase).
//
//   zk-bench --port N [--host 127.0.0.1] [--connections 4] [--depth 32]
//            [--ops 40000] [--data-bytes 100] [--warmup 5000] [--prefix /zk-bench]
//
// Every reply must carry err 0 and the xid expected (replies on one session come
// in request order); anything else stops the run with exit status 1. The
// warm-up (creates under <prefix>-warmup, not reported) gives a JIT the same
// chance on every server. Requests use the project's jute codec (messages.h).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "coordination/jute.h"
#include "coordination/messages.h"
#include "coordination/zk_codes.h"

using namespace odradek;
using namespace odradek::coordination;
using steady = std::chrono::steady_clock;

namespace {

struct options {
    std::string host = "127.0.0.1";
    int port = 0;
    int connections = 4;
    int depth = 32;
    int64_t ops = 40000;
    int data_bytes = 100;
    int64_t warmup = 5000;
    std::string prefix = "/zk-bench";
};

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "zk-bench: %s\n", what.c_str());
    std::exit(1);
}

enum class phase { create, get_data, set_data };

// One session on one blocking socket. Not thread-safe: one thread drives it.
class connection {
public:
    explicit connection(const options& o) : data_(size_t(o.data_bytes), 'd') {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd_ < 0) die("socket failed");
        int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(uint16_t(o.port));
        if (::inet_pton(AF_INET, o.host.c_str(), &addr.sin_addr) != 1) die("bad host " + o.host);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
            die("cannot connect to " + o.host + ":" + std::to_string(o.port) + ": " + std::strerror(errno));
        in_.resize(1 << 18);

        connect_request req;
        req.timeout = 30000;
        req.passwd.assign(16, 0);
        req.has_read_only = true;
        out_.clear();
        jute_writer w(out_);
        size_t mark = w.begin_frame();
        write_connect_request(w, req);
        w.end_frame(mark);
        send_all();
        byte_span frame = read_frame();
        jute_reader r(frame);
        connect_response rsp;
        read_connect_response(r, rsp);
        if (!r.ok() || rsp.session_id == 0) die("bad ConnectResponse");
        create_.acl = {zk_acl{31, zk_id{"world", "anyone"}}};
        create_.data = byte_buffer(data_.begin(), data_.end());
        set_.data = create_.data;
    }
    ~connection() { ::close(fd_); }
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    // Creates `path` unless it exists.
    void ensure(const std::string& path) {
        create_.path = path;
        out_.clear();
        encode(phase::create, ++xid_);
        send_all();
        jute_reader r(read_frame());
        reply_header h;
        read_reply_header(r, h);
        if (!r.ok() || (h.err != 0 && h.err != int32_t(zk_error::node_exists)))
            die("cannot create " + path + ": err " + std::to_string(h.err));
    }

    // Runs `n` requests of kind `p` on the nodes <base>-0 .. <base>-(n-1), keeping
    // `depth` outstanding; appends each latency in microseconds to `lat`.
    void run(phase p, const std::string& base, int64_t n, int depth, std::vector<uint32_t>* lat) {
        std::vector<steady::time_point> sent_at(static_cast<size_t>(depth));
        int64_t sent = 0, done = 0;
        const int32_t first_xid = xid_ + 1;
        while (done < n) {
            out_.clear();
            auto now = steady::now();
            while (sent < n && sent - done < depth) {
                path_for(p, base, sent);
                encode(p, first_xid + int32_t(sent));
                sent_at[size_t(sent % depth)] = now;
                ++sent;
            }
            if (!out_.empty()) send_all();
            // At least one reply, then every reply already buffered.
            do {
                jute_reader r(read_frame());
                reply_header h;
                read_reply_header(r, h);
                if (!r.ok()) die("short reply");
                if (h.xid != first_xid + int32_t(done))
                    die("reply xid " + std::to_string(h.xid) + ", expected " +
                        std::to_string(first_xid + int32_t(done)));
                if (h.err != 0) die("request failed with err " + std::to_string(h.err));
                if (lat) {
                    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                        steady::now() - sent_at[size_t(done % depth)]);
                    lat->push_back(uint32_t(us.count()));
                }
                ++done;
            } while (done < sent && have_frame());
        }
        xid_ = first_xid + int32_t(n) - 1;
    }

private:
    // Sets the path of the request that encode(p) writes, reusing its capacity.
    void path_for(phase p, const std::string& base, int64_t i) {
        char suffix[24];
        int len = std::snprintf(suffix, sizeof suffix, "-%lld", static_cast<long long>(i));
        std::string& path = p == phase::create ? create_.path : p == phase::get_data ? get_.path : set_.path;
        path.assign(base).append(suffix, size_t(len));
    }

    void encode(phase p, int32_t xid) {
        jute_writer w(out_);
        size_t mark = w.begin_frame();
        switch (p) {
        case phase::create:
            write_request_header(w, {xid, op::create});
            write_create_request(w, create_, false);
            break;
        case phase::get_data:
            write_request_header(w, {xid, op::get_data});
            write_path_watch_request(w, get_);
            break;
        case phase::set_data:
            write_request_header(w, {xid, op::set_data});
            write_set_data_request(w, set_);
            break;
        }
        w.end_frame(mark);
    }

    void send_all() {
        size_t off = 0;
        while (off < out_.size()) {
            ssize_t k = ::send(fd_, out_.data() + off, out_.size() - off, MSG_NOSIGNAL);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) die(std::string("send failed: ") + std::strerror(errno));
            off += size_t(k);
        }
    }

    bool have_frame() const {
        size_t avail = end_ - start_;
        if (avail < 4) return false;
        return avail - 4 >= size_t(load_be<int32_t>(in_.data() + start_));
    }

    // The next frame's body; valid until the next read_frame().
    byte_span read_frame() {
        while (!have_frame()) {
            if (start_ > 0) {  // compact, then fill
                std::memmove(in_.data(), in_.data() + start_, end_ - start_);
                end_ -= start_;
                start_ = 0;
            }
            if (end_ >= 4) {
                size_t need = 4 + size_t(load_be<int32_t>(in_.data()));
                if (need > in_.size()) in_.resize(need);
            }
            ssize_t k = ::recv(fd_, in_.data() + end_, in_.size() - end_, 0);
            if (k < 0 && errno == EINTR) continue;
            if (k == 0) die("the server closed the connection");
            if (k < 0) die(std::string("recv failed: ") + std::strerror(errno));
            end_ += size_t(k);
        }
        size_t len = size_t(load_be<int32_t>(in_.data() + start_));
        byte_span body(in_.data() + start_ + 4, len);
        start_ += 4 + len;
        return body;
    }

    int fd_ = -1;
    std::string data_;
    byte_buffer out_;
    byte_buffer in_;
    size_t start_ = 0, end_ = 0;
    int32_t xid_ = 0;
    create_request create_;
    path_watch_request get_;
    set_data_request set_;
};

struct phase_result {
    double ops_per_s = 0;
    double p50_ms = 0, p99_ms = 0;
};

phase_result run_phase(std::vector<std::unique_ptr<connection>>& conns, phase p, const std::string& prefix,
                       int64_t ops, int depth, bool record) {
    int64_t per = ops / int64_t(conns.size());
    std::vector<std::vector<uint32_t>> lat(conns.size());
    std::vector<std::thread> threads;
    auto t0 = steady::now();
    for (size_t c = 0; c < conns.size(); ++c) {
        if (record) lat[c].reserve(size_t(per));
        threads.emplace_back([&, c] {
            conns[c]->run(p, prefix + "/c" + std::to_string(c), per, depth, record ? &lat[c] : nullptr);
        });
    }
    for (auto& t : threads) t.join();
    double secs = std::chrono::duration<double>(steady::now() - t0).count();
    phase_result out;
    out.ops_per_s = double(per * int64_t(conns.size())) / secs;
    if (record) {
        std::vector<uint32_t> all;
        for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
        std::sort(all.begin(), all.end());
        if (!all.empty()) {
            out.p50_ms = all[all.size() / 2] / 1000.0;
            out.p99_ms = all[std::min(all.size() - 1, all.size() * 99 / 100)] / 1000.0;
        }
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) die("option " + a + " requires an argument");
            return argv[++i];
        };
        if (a == "--host") o.host = next();
        else if (a == "--port") o.port = std::stoi(next());
        else if (a == "--connections") o.connections = std::stoi(next());
        else if (a == "--depth") o.depth = std::stoi(next());
        else if (a == "--ops") o.ops = std::stoll(next());
        else if (a == "--data-bytes") o.data_bytes = std::stoi(next());
        else if (a == "--warmup") o.warmup = std::stoll(next());
        else if (a == "--prefix") o.prefix = next();
        else die("unknown option " + a);
    }
    if (o.port <= 0 || o.port > 65535) die("--port is required");
    if (o.connections <= 0 || o.depth <= 0 || o.ops < o.connections || o.data_bytes < 0 || o.warmup < 0)
        die("bad sizes");

    std::vector<std::unique_ptr<connection>> conns;
    for (int c = 0; c < o.connections; ++c) conns.push_back(std::make_unique<connection>(o));
    conns[0]->ensure(o.prefix);
    if (o.warmup >= o.connections) {
        conns[0]->ensure(o.prefix + "-warmup");
        run_phase(conns, phase::create, o.prefix + "-warmup", o.warmup, o.depth, false);
        run_phase(conns, phase::get_data, o.prefix + "-warmup", o.warmup, o.depth, false);
        run_phase(conns, phase::set_data, o.prefix + "-warmup", o.warmup, o.depth, false);
    }

    int64_t per_phase = o.ops / o.connections * o.connections;
    std::printf("zk-bench: %s:%d, %d connections x %d outstanding, %d-byte data, %lld ops per phase\n",
                o.host.c_str(), o.port, o.connections, o.depth, o.data_bytes, static_cast<long long>(per_phase));
    std::printf("%-10s %12s %10s %10s\n", "op", "ops/s", "p50 ms", "p99 ms");
    const std::pair<phase, const char*> phases[] = {
        {phase::create, "create"}, {phase::get_data, "getData"}, {phase::set_data, "setData"}};
    for (auto [p, name] : phases) {
        phase_result r = run_phase(conns, p, o.prefix, o.ops, o.depth, true);
        std::printf("%-10s %12.0f %10.3f %10.3f\n", name, r.ops_per_s, r.p50_ms, r.p99_ms);
        std::fflush(stdout);
    }
    return 0;
}
