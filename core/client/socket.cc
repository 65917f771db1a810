#include "client/socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "client/errc.h"

namespace odradek::client {

namespace {

int millis_until(time_point deadline) {
    auto left = std::chrono::duration_cast<millis>(deadline - clock::now()).count();
    if (left < 0) return 0;
    return int(std::min<int64_t>(left, kCancelSliceMs));
}

bool cancelled(const std::atomic<bool>* cancel) { return cancel != nullptr && cancel->load(std::memory_order_relaxed); }

bool is_ip_literal(const std::string& host) {
    in6_addr a6;
    in_addr a4;
    return inet_pton(AF_INET, host.c_str(), &a4) == 1 || inet_pton(AF_INET6, host.c_str(), &a6) == 1;
}

std::string ip_text(const sockaddr* sa) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
    return buf;
}

}  // namespace

std::string java_socket_address(const std::string& host, const std::string& ip, int32_t port) {
    std::string h = is_ip_literal(host) ? std::string() : host;
    return h + "/" + ip + ":" + std::to_string(port);
}

tcp_socket::~tcp_socket() { close(); }

tcp_socket::tcp_socket(tcp_socket&& o) noexcept : fd_(o.fd_), remote_(std::move(o.remote_)) { o.fd_ = -1; }

tcp_socket& tcp_socket::operator=(tcp_socket&& o) noexcept {
    if (this != &o) {
        close();
        fd_ = o.fd_;
        remote_ = std::move(o.remote_);
        o.fd_ = -1;
    }
    return *this;
}

void tcp_socket::close() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

status tcp_socket::wait(short events, time_point deadline, const std::atomic<bool>* cancel, const char* what) {
    for (;;) {
        if (cancelled(cancel)) return error(errc::cancelled, what);
        if (clock::now() >= deadline) return error(errc::timeout, what);
        pollfd p{fd_, events, 0};
        int n = ::poll(&p, 1, millis_until(deadline));
        if (n < 0) {
            if (errno == EINTR) continue;
            return error(errc::disconnected, std::string(what) + ": " + std::strerror(errno));
        }
        if (n > 0) return ok();
    }
}

result<tcp_socket> tcp_socket::connect(const std::string& host, int32_t port, time_point deadline,
                                       const std::atomic<bool>* cancel) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG;
    addrinfo* list = nullptr;
    std::string service = std::to_string(port);
    int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &list);
    if (rc != 0 || list == nullptr) return error(errc::connection_failed, host + ":" + std::to_string(port));

    error last(errc::connection_failed, host + ":" + std::to_string(port));
    for (addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
        tcp_socket s;
        s.remote_ = java_socket_address(host, ip_text(ai->ai_addr), port);
        last = error(errc::connection_failed, s.remote_);
        s.fd_ = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (s.fd_ < 0) continue;
        int one = 1;
        ::setsockopt(s.fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (::connect(s.fd_, ai->ai_addr, ai->ai_addrlen) != 0) {
            if (errno != EINPROGRESS) continue;
            status w = s.wait(POLLOUT, deadline, cancel, "connect");
            if (!w) {
                ::freeaddrinfo(list);
                error e = w.err();
                if (e.code == make_error_code(errc::disconnected)) e = error(errc::connection_failed, s.remote_);
                else e.detail = s.remote_;
                return e;
            }
            int soerr = 0;
            socklen_t len = sizeof soerr;
            ::getsockopt(s.fd_, SOL_SOCKET, SO_ERROR, &soerr, &len);
            if (soerr != 0) continue;
        }
        ::freeaddrinfo(list);
        return s;
    }
    ::freeaddrinfo(list);
    return last;
}

status tcp_socket::write_all(byte_span data, time_point deadline, const std::atomic<bool>* cancel) {
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
        if (n > 0) {
            done += size_t(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            ODRADEK_TRY(wait(POLLOUT, deadline, cancel, "send"));
            continue;
        }
        return error(errc::disconnected, remote_ + ": " + std::strerror(errno));
    }
    return ok();
}

status tcp_socket::read_exact(mutable_byte_span out, time_point deadline, const std::atomic<bool>* cancel) {
    size_t done = 0;
    while (done < out.size()) {
        ssize_t n = ::recv(fd_, out.data() + done, out.size() - done, 0);
        if (n > 0) {
            done += size_t(n);
            continue;
        }
        if (n == 0) return error(errc::disconnected, remote_);
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            ODRADEK_TRY(wait(POLLIN, deadline, cancel, "receive"));
            continue;
        }
        return error(errc::disconnected, remote_ + ": " + std::strerror(errno));
    }
    return ok();
}

}  // namespace odradek::client
