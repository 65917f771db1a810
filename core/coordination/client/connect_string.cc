#include "coordination/client/connect_string.h"

#include <charconv>

#include "coordination/client/zk_errc.h"

namespace odradek::coordination {

std::string connect_string::to_server(std::string_view path) const {
    if (chroot.empty()) return std::string(path);
    if (path == "/") return chroot;
    return chroot + std::string(path);
}

std::string connect_string::to_client(std::string_view path) const {
    if (chroot.empty()) return std::string(path);
    if (path == chroot) return "/";
    if (path.size() > chroot.size() && path.substr(0, chroot.size()) == chroot && path[chroot.size()] == '/')
        return std::string(path.substr(chroot.size()));
    return std::string(path);
}

result<connect_string> parse_connect_string(std::string_view s) {
    connect_string out;
    auto slash = s.find('/');
    if (slash != std::string_view::npos) {
        std::string_view root = s.substr(slash);
        s = s.substr(0, slash);
        if (root.size() > 1) {
            std::string why = path_problem(root);
            if (!why.empty()) return error(zk_error::bad_arguments, why);
            out.chroot = std::string(root);
        }
    }
    while (!s.empty()) {
        auto comma = s.find(',');
        std::string_view one = s.substr(0, comma);
        s = comma == std::string_view::npos ? std::string_view{} : s.substr(comma + 1);
        if (one.empty()) continue;
        host_port hp;
        // "[v6]:port", "host:port" or "host".
        auto colon = one.rfind(':');
        bool bracketed = one.front() == '[';
        if (bracketed) {
            auto close = one.find(']');
            if (close == std::string_view::npos) return error(zk_error::bad_arguments, "bad IPv6 address: " + std::string(one));
            hp.host = std::string(one.substr(1, close - 1));
            colon = one.size() > close + 1 && one[close + 1] == ':' ? close + 1 : std::string_view::npos;
        } else {
            hp.host = std::string(one.substr(0, colon));
        }
        if (colon != std::string_view::npos) {
            std::string_view p = one.substr(colon + 1);
            unsigned v = 0;
            auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
            if (ec != std::errc() || ptr != p.data() + p.size() || v == 0 || v > 65535)
                return error(zk_error::bad_arguments, "bad port in " + std::string(one));
            hp.port = uint16_t(v);
        }
        if (hp.host.empty()) return error(zk_error::bad_arguments, "no host in " + std::string(one));
        out.hosts.push_back(std::move(hp));
    }
    if (out.hosts.empty()) return error(zk_error::bad_arguments, "A HostProvider may not be empty!");
    return out;
}

std::string path_problem(std::string_view path, bool sequential) {
    if (path.empty()) return "Path length must be > 0";
    if (path[0] != '/') return "Path must start with / character";
    if (path.size() == 1) return "";
    if (!sequential && path.back() == '/') return "Path must not end with / character";
    char last = '/';
    for (size_t i = 1; i < path.size(); ++i) {
        char c = path[i];
        std::string at = " @" + std::to_string(i);
        if (c == 0) return "null character not allowed" + at;
        if (c == '/' && last == '/') return "empty node name specified" + at;
        if (c == '.' && last == '.' && path[i - 2] == '/' && (i + 1 == path.size() || path[i + 1] == '/'))
            return "relative paths not allowed" + at;
        if (c == '.' && last == '/' && (i + 1 == path.size() || path[i + 1] == '/'))
            return "relative paths not allowed" + at;
        auto u = static_cast<unsigned char>(c);
        if ((u > 0x00 && u <= 0x1f) || u == 0x7f) return "invalid character" + at;
        last = c;
    }
    return "";
}

}  // namespace odradek::coordination
