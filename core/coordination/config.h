#pragma once
// zookeeper.properties: the standalone server's configuration (ZooKeeper's
// QuorumPeerConfig keys). Java properties syntax: key=value or key:value lines,
// '#' and '!' comments, surrounding blanks trimmed.
//
// Recognised: dataDir (required), dataLogDir, clientPort (required),
// clientPortAddress, tickTime, initLimit, syncLimit (accepted; standalone has no
// quorum), maxClientCnxns (per client IP, 0 = unlimited), minSessionTimeout,
// maxSessionTimeout (default 2x and 20x tickTime), autopurge.snapRetainCount,
// autopurge.purgeInterval (hours, 0 = never), snapCount, 4lw.commands.whitelist,
// jute.maxbuffer, znode.container.checkIntervalMs. admin.* keys are accepted and
// ignored. server.N lines are refused: this server is standalone only.

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace odradek::coordination {

struct server_config {
    std::string data_dir;
    std::string data_log_dir;         // empty: data_dir
    int32_t client_port = -1;
    std::string client_port_address;  // empty: every address
    int32_t tick_time = 2000;
    int32_t init_limit = 10;
    int32_t sync_limit = 5;
    int32_t max_client_cnxns = 60;
    int32_t min_session_timeout = -1;  // -1: 2 x tick_time
    int32_t max_session_timeout = -1;  // -1: 20 x tick_time
    int32_t snap_retain_count = 3;
    int32_t purge_interval_hours = 0;
    int64_t snap_count = 100000;
    int32_t max_buffer = 0xfffff;
    int32_t container_check_ms = 60000;
    std::set<std::string> four_letter_whitelist{"srvr"};  // "*" means all
    std::vector<std::string> ignored_keys;  // admin.* keys seen
    std::vector<std::string> unknown_keys;

    int32_t effective_min_session_timeout() const {
        return min_session_timeout < 0 ? 2 * tick_time : min_session_timeout;
    }
    int32_t effective_max_session_timeout() const {
        return max_session_timeout < 0 ? 20 * tick_time : max_session_timeout;
    }
    bool four_letter_allowed(std::string_view cmd) const {
        return four_letter_whitelist.count("*") || four_letter_whitelist.count(std::string(cmd));
    }
};

result<server_config> parse_server_config(std::string_view text);
result<server_config> load_server_config(const std::filesystem::path& file);

}  // namespace odradek::coordination
