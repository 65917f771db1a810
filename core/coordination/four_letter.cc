#include "coordination/four_letter.h"

#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>

#include "base/bytes.h"

namespace odradek::coordination {

namespace {

constexpr std::string_view kCommands[] = {"conf", "cons", "crst", "dump", "envi", "gtmk", "ruok", "stmk", "srst",
                                          "srvr", "stat", "wchc", "wchp", "wchs", "mntr", "isro", "hash", "dirs"};

uint64_t dir_size(const std::string& dir) {
    uint64_t n = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.is_regular_file(ec)) n += e.file_size(ec);
    return n;
}

void connection_line(std::string& out, const connection_info& c, bool brief) {
    out += fmt::format(" {}[1](queued=0,recved={},sent={}", c.remote, c.received, c.sent);
    if (!brief && c.session != 0) {
        out += fmt::format(",sid=0x{:x},lop={},est={},to={}", c.session, c.last_op, c.established_ms, c.timeout);
        if (c.last_cxid >= 0) out += fmt::format(",lcxid=0x{:x}", c.last_cxid);
        out += fmt::format(",lzxid=0x{:x},lresp={},llat=0,minlat=0,avglat=0.0,maxlat=0", uint64_t(c.last_zxid),
                           c.last_response_ms);
    }
    out += ")\n";
}

// A double as Java's Double.toString prints ordinary values: shortest form,
// always with a decimal point ("0.0", "1.5", "0.3333333333333333").
std::string java_double(double v) {
    std::string s = fmt::format("{}", v);
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
}

// ZooKeeper's node map holds the root twice ("" and "/"): its counts are one more.
size_t zk_node_count(const engine& e) { return e.tree().node_count() + 1; }

std::string server_stats(const four_letter_context& ctx) {
    const engine& e = ctx.eng;
    return fmt::format(
        "Latency min/avg/max: {}/{}/{}\nReceived: {}\nSent: {}\nConnections: {}\nOutstanding: 0\nZxid: 0x{:x}\n"
        "Mode: standalone\nNode count: {}\n",
        e.latency().min_ms, java_double(e.latency().avg_ms()), e.latency().max_ms, e.packets_received(), e.packets_sent(), e.connections().size(), e.last_zxid(), zk_node_count(e));
}

}  // namespace

std::string four_letter_name(int32_t first_word) {
    for (auto c : kCommands) {
        if (load_be<int32_t>(reinterpret_cast<const uint8_t*>(c.data())) == first_word) return std::string(c);
    }
    return {};
}

std::string run_four_letter(std::string_view cmd, const four_letter_context& ctx) {
    if (!ctx.cfg.four_letter_allowed(cmd))
        return fmt::format("{} is not executed because it is not in the whitelist.\n", cmd);
    const engine& e = ctx.eng;
    std::string out;
    if (cmd == "ruok") return "imok";
    if (cmd == "isro") return "rw";
    if (cmd == "srvr" || cmd == "stat") {
        out = fmt::format("Zookeeper version: {}\n", kZooKeeperVersion);
        if (cmd == "stat") {
            out += "Clients:\n";
            for (const auto& [id, c] : e.connections()) connection_line(out, c, true);
            out += "\n";
        }
        return out + server_stats(ctx);
    }
    if (cmd == "cons") {
        for (const auto& [id, c] : e.connections()) connection_line(out, c, false);
        return out + "\n";
    }
    if (cmd == "conf") {
        const server_config& c = ctx.cfg;
        return fmt::format(
            "clientPort={}\nsecureClientPort=-1\ndataDir={}\ndataDirSize={}\ndataLogDir={}\ndataLogSize={}\n"
            "tickTime={}\nmaxClientCnxns={}\nminSessionTimeout={}\nmaxSessionTimeout={}\n"
            "clientPortListenBacklog=-1\nserverId=0\n",
            c.client_port, ctx.snap_dir, dir_size(ctx.snap_dir), ctx.log_dir, dir_size(ctx.log_dir), c.tick_time,
            c.max_client_cnxns, c.effective_min_session_timeout(), c.effective_max_session_timeout());
    }
    if (cmd == "mntr") {
        size_t ephemerals = 0;
        for (const auto& [sid, paths] : e.tree().all_ephemerals()) ephemerals += paths.size();
        auto line = [&](std::string_view k, auto v) { out += fmt::format("zk_{}\t{}\n", k, v); };
        line("version", kZooKeeperVersion);
        line("server_state", "standalone");
        line("avg_latency", java_double(e.latency().avg_ms()));
        line("max_latency", e.latency().max_ms);
        line("min_latency", e.latency().min_ms);
        line("packets_received", e.packets_received());
        line("packets_sent", e.packets_sent());
        line("num_alive_connections", e.connections().size());
        line("outstanding_requests", 0);
        line("znode_count", zk_node_count(e));
        line("watch_count", e.watches().watch_count());
        line("ephemerals_count", ephemerals);
        line("approximate_data_size", e.tree().approximate_data_size());
        line("global_sessions", e.sessions().all().size());
        line("last_zxid", fmt::format("0x{:x}", e.last_zxid()));
        return out;
    }
    if (cmd == "envi") {
        char host[256] = {};
        gethostname(host, sizeof host - 1);
        std::error_code ec;
        out = "Environment:\n";
        out += fmt::format("zookeeper.version={}\n", kZooKeeperVersion);
        out += fmt::format("host.name={}\n", host);
        out += "os.name=Linux\n";
        out += fmt::format("user.dir={}\n", std::filesystem::current_path(ec).string());
        out += fmt::format("process.id={}\n", ::getpid());
        return out;
    }
    if (cmd == "dirs") {
        return fmt::format("datadir_size: {}\nlogdir_size: {}\n", dir_size(ctx.snap_dir), dir_size(ctx.log_dir));
    }
    return fmt::format("{} is not supported by this server.\n", cmd);
}

}  // namespace odradek::coordination
