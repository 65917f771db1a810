#include "coordination/config.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "coordination/errc.h"

namespace odradek::coordination {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

template <typename T>
status parse_int(std::string_view key, std::string_view v, T& out) {
    T x{};
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (ec != std::errc() || p != v.data() + v.size())
        return error(errc::bad_config, fmt::format("{} must be an integer, got '{}'", key, v));
    out = x;
    return ok();
}

}  // namespace

result<server_config> parse_server_config(std::string_view text) {
    server_config c;
    std::istringstream in{std::string(text)};
    std::string raw;
    bool have_data_dir = false;
    while (std::getline(in, raw)) {
        std::string_view line = trim(raw);
        if (line.empty() || line[0] == '#' || line[0] == '!') continue;
        size_t sep = line.find_first_of("=:");
        if (sep == std::string_view::npos) sep = line.find_first_of(" \t");
        std::string_view key = trim(line.substr(0, sep));
        std::string_view value = sep == std::string_view::npos ? std::string_view{} : trim(line.substr(sep + 1));
        if (key == "dataDir") {
            c.data_dir = std::string(value);
            have_data_dir = true;
        } else if (key == "dataLogDir") {
            c.data_log_dir = std::string(value);
        } else if (key == "clientPort") {
            ODRADEK_TRY(parse_int(key, value, c.client_port));
        } else if (key == "clientPortAddress") {
            c.client_port_address = std::string(value);
        } else if (key == "tickTime") {
            ODRADEK_TRY(parse_int(key, value, c.tick_time));
        } else if (key == "initLimit") {
            ODRADEK_TRY(parse_int(key, value, c.init_limit));
        } else if (key == "syncLimit") {
            ODRADEK_TRY(parse_int(key, value, c.sync_limit));
        } else if (key == "maxClientCnxns") {
            ODRADEK_TRY(parse_int(key, value, c.max_client_cnxns));
        } else if (key == "minSessionTimeout") {
            ODRADEK_TRY(parse_int(key, value, c.min_session_timeout));
        } else if (key == "maxSessionTimeout") {
            ODRADEK_TRY(parse_int(key, value, c.max_session_timeout));
        } else if (key == "autopurge.snapRetainCount") {
            ODRADEK_TRY(parse_int(key, value, c.snap_retain_count));
        } else if (key == "autopurge.purgeInterval") {
            ODRADEK_TRY(parse_int(key, value, c.purge_interval_hours));
        } else if (key == "snapCount") {
            ODRADEK_TRY(parse_int(key, value, c.snap_count));
        } else if (key == "jute.maxbuffer") {
            ODRADEK_TRY(parse_int(key, value, c.max_buffer));
        } else if (key == "znode.container.checkIntervalMs") {
            ODRADEK_TRY(parse_int(key, value, c.container_check_ms));
        } else if (key == "4lw.commands.whitelist") {
            c.four_letter_whitelist.clear();
            std::string_view rest = value;
            while (!rest.empty()) {
                size_t comma = rest.find(',');
                std::string_view item = trim(rest.substr(0, comma));
                if (!item.empty()) c.four_letter_whitelist.emplace(item);
                if (comma == std::string_view::npos) break;
                rest.remove_prefix(comma + 1);
            }
        } else if (key.starts_with("admin.")) {
            c.ignored_keys.emplace_back(key);
        } else if (key.starts_with("server.")) {
            return error(errc::bad_config,
                         fmt::format("'{}': this server runs standalone only; remove the server.N lines", key));
        } else {
            c.unknown_keys.emplace_back(key);
        }
    }
    if (!have_data_dir || c.data_dir.empty()) return error(errc::bad_config, "dataDir is not set");
    if (c.client_port < 0) return error(errc::bad_config, "clientPort is not set");
    if (c.client_port > 65535) return error(errc::bad_config, "clientPort is out of range");
    if (c.tick_time <= 0) return error(errc::bad_config, "tickTime must be positive");
    if (c.max_buffer <= 0) return error(errc::bad_config, "jute.maxbuffer must be positive");
    if (c.effective_min_session_timeout() > c.effective_max_session_timeout())
        return error(errc::bad_config, "minSessionTimeout must not be larger than maxSessionTimeout");
    if (c.snap_count < 2) c.snap_count = 2;
    return c;
}

result<server_config> load_server_config(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) return error(errc::bad_config, fmt::format("cannot read {}", file.string()));
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_server_config(ss.str());
}

}  // namespace odradek::coordination
