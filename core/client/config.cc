#include "client/config.h"

#include <cctype>
#include <regex>

#include "client/errc.h"

namespace odradek::client {

namespace {

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

// Utils.HOST_PORT_PATTERN: ".*?\[?([0-9a-zA-Z\-%._:]*)\]?:([0-9]+)", matched whole.
bool split_host_port(const std::string& s, endpoint& out) {
    static const std::regex pattern(R"(.*?\[?([0-9a-zA-Z\-%._:]*)\]?:([0-9]+))");
    std::smatch m;
    if (!std::regex_match(s, m, pattern)) return false;
    std::string host = m[1].str();
    std::string port = m[2].str();
    if (host.empty() || port.size() > 5) return false;
    long p = std::stol(port);
    if (p > 65535) return false;
    out.host = host;
    out.port = int32_t(p);
    return true;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (;;) {
        size_t at = s.find(sep, start);
        parts.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) break;
        start = at + 1;
    }
    return parts;
}

}  // namespace

result<std::vector<endpoint>> parse_bootstrap_servers(const std::string& list) {
    std::vector<endpoint> out;
    for (const std::string& raw : split(list, ',')) {
        std::string entry = trim(raw);
        if (entry.empty()) continue;
        endpoint ep;
        if (!split_host_port(entry, ep)) return error(errc::invalid_config, "Invalid url in bootstrap.servers: " + entry);
        out.push_back(ep);
    }
    if (out.empty()) return error(errc::invalid_config, "No resolvable bootstrap urls given in bootstrap.servers");
    return out;
}

bool valid_host_port_list(const std::string& list) {
    // Java's String.split drops trailing empty strings.
    std::vector<std::string> entries = split(list, ',');
    while (!entries.empty() && entries.back().empty()) entries.pop_back();
    if (entries.empty()) return false;
    for (const std::string& entry : entries) {
        endpoint ep;
        if (!split_host_port(entry, ep)) return false;
    }
    return true;
}

}  // namespace odradek::client
