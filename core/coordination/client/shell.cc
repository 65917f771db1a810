#include "coordination/client/shell.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <deque>
#include <istream>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>

#include "coordination/client/connect_string.h"
#include "coordination/client/sync_client.h"

namespace odradek::coordination {

namespace {

constexpr int kExitFailed = 1;
constexpr int kExitNotFound = 127;

// zkCli's command table: name -> option string, printed by usage() in name order.
const std::map<std::string, std::string>& command_table() {
    static const std::map<std::string, std::string> table = {
        {"addWatch", "[-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is "
                     "PERSISTENT_RECURSIVE"},
        {"addauth", "scheme auth"},
        {"close", ""},
        {"config", "[-c] [-w] [-s]"},
        {"connect", "host:port"},
        {"create", "[-s] [-e] [-c] [-t ttl] path [data] [acl]"},
        {"delete", "[-v version] path"},
        {"deleteall", "path [-b batch size]"},
        {"delquota", "[-n|-b|-N|-B] path"},
        {"get", "[-s] [-w] path"},
        {"getAcl", "[-s] path"},
        {"getAllChildrenNumber", "path"},
        {"getEphemerals", "path"},
        {"history", ""},
        {"listquota", "path"},
        {"ls", "[-s] [-w] [-R] path"},
        {"printwatches", "on|off"},
        {"quit", ""},
        {"reconfig", "[-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | "
                     "[-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]"},
        {"redo", "cmdno"},
        {"removewatches", "path [-c|-d|-a] [-l]"},
        {"set", "[-s] [-v version] path data"},
        {"setAcl", "[-s] [-v version] [-R] path acl"},
        {"setquota", "-n|-b|-N|-B val path"},
        {"stat", "[-w] path"},
        {"sync", "path"},
        {"version", ""},
        {"whoami", ""},
    };
    return table;
}

const char* state_name(int32_t s) {
    switch (s) {
        case keeper_state::disconnected: return "Disconnected";
        case keeper_state::sync_connected: return "SyncConnected";
        case keeper_state::expired: return "Expired";
        case 4: return "AuthFailed";
        case 5: return "ConnectedReadOnly";
        case 6: return "SaslAuthenticated";
        case 7: return "Closed";
    }
    return "Unknown";
}

const char* type_name(int32_t t) {
    switch (t) {
        case event_type::none: return "None";
        case event_type::node_created: return "NodeCreated";
        case event_type::node_deleted: return "NodeDeleted";
        case event_type::node_data_changed: return "NodeDataChanged";
        case event_type::node_children_changed: return "NodeChildrenChanged";
        case 5: return "DataWatchRemoved";
        case 6: return "ChildWatchRemoved";
        case 7: return "PersistentWatchRemoved";
    }
    return "Unknown";
}

// java.util.Date.toString(): "Sun Nov 22 10:00:00 UTC 2026" in local time.
std::string java_date(int64_t ms) {
    std::time_t t = std::time_t(ms / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a %b %d %H:%M:%S %Z %Y", &tm);
    return buf;
}

std::string hex(int64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

// StatPrinter's layout.
void print_stat(std::ostream& o, const zk_stat& s) {
    o << "cZxid = " << hex(s.czxid) << '\n'
      << "ctime = " << java_date(s.ctime) << '\n'
      << "mZxid = " << hex(s.mzxid) << '\n'
      << "mtime = " << java_date(s.mtime) << '\n'
      << "pZxid = " << hex(s.pzxid) << '\n'
      << "cversion = " << s.cversion << '\n'
      << "dataVersion = " << s.version << '\n'
      << "aclVersion = " << s.aversion << '\n'
      << "ephemeralOwner = " << hex(s.ephemeral_owner) << '\n'
      << "dataLength = " << s.data_length << '\n'
      << "numChildren = " << s.num_children << '\n';
}

// Jute's CSV form of a string (how Id.toString() prints scheme and id).
std::string csv_string(const std::string& s) {
    std::string o = "'";
    for (char c : s) {
        switch (c) {
            case '\0': o += "%00"; break;
            case '\n': o += "%0A"; break;
            case '\r': o += "%0D"; break;
            case ',': o += "%2C"; break;
            case '}': o += "%7D"; break;
            case '%': o += "%25"; break;
            default: o += c;
        }
    }
    return o;
}

std::string perm_string(int32_t perms) {
    std::string p;
    if (perms & perm::create) p += 'c';
    if (perms & perm::remove) p += 'd';
    if (perms & perm::read) p += 'r';
    if (perms & perm::write) p += 'w';
    if (perms & perm::admin) p += 'a';
    return p;
}

// The message zkCli prints for a failed request (CliWrapperException).
std::string failure_text(const error& e) {
    zk_error code = zk_code_of(e);
    const std::string& path = e.detail;
    switch (code) {
        case zk_error::no_node: return "Node does not exist: " + path;
        case zk_error::no_children_for_ephemerals: return "Ephemerals cannot have children: " + path;
        case zk_error::node_exists: return "Node already exists: " + path;
        case zk_error::not_empty: return "Node not empty: " + path;
        case zk_error::not_read_only: return "Not a read-only call: " + path;
        case zk_error::invalid_acl: return "Acl is not valid : " + path;
        case zk_error::no_auth: return "Authentication is not valid : " + path;
        case zk_error::bad_arguments: return "Arguments are not valid : " + path;
        case zk_error::bad_version: return "version No is not valid : " + path;
        case zk_error::system_error: return e.message();
        default: return keeper_message(code, path);
    }
}

struct failure {
    std::string message;
    int code = kExitFailed;
};

// A parsed command line: flags (with their values) and the remaining words,
// the command name first (commons-cli's DefaultParser, as zkCli uses it).
struct parsed {
    std::map<char, std::string> flags;
    std::vector<std::string> words;
    bool has(char f) const { return flags.count(f) != 0; }
};

std::optional<failure> parse_args(const std::vector<std::string>& args, const std::string& plain,
                                  const std::string& valued, parsed& out) {
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (i > 0 && a.size() == 2 && a[0] == '-') {
            char f = a[1];
            if (plain.find(f) != std::string::npos) {
                out.flags[f] = "";
                continue;
            }
            if (valued.find(f) != std::string::npos) {
                if (i + 1 >= args.size()) return failure{std::string("Missing argument for option: ") + f};
                out.flags[f] = args[++i];
                continue;
            }
            return failure{"Unrecognized option: " + a};
        }
        out.words.push_back(a);
    }
    return std::nullopt;
}

std::optional<int32_t> parse_int(const std::string& s) {
    int32_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

// "scheme:id:perms[,...]" (AclParser): the id may itself hold colons.
std::optional<acl_list> parse_acl(const std::string& s) {
    acl_list out;
    std::stringstream ss(s);
    std::string one;
    while (std::getline(ss, one, ',')) {
        auto first = one.find(':');
        auto last = one.rfind(':');
        if (first == std::string::npos || first == last) return std::nullopt;
        zk_acl a;
        a.id.scheme = one.substr(0, first);
        a.id.id = one.substr(first + 1, last - first - 1);
        for (char c : one.substr(last + 1)) {
            switch (c) {
                case 'r': a.perms |= perm::read; break;
                case 'w': a.perms |= perm::write; break;
                case 'c': a.perms |= perm::create; break;
                case 'd': a.perms |= perm::remove; break;
                case 'a': a.perms |= perm::admin; break;
                default: return std::nullopt;
            }
        }
        out.push_back(std::move(a));
    }
    return out;
}

class shell {
public:
    shell(std::string server, std::ostream& out, std::ostream& err) : server_(std::move(server)), out_(out), err_(err) {}

    result<std::unique_ptr<sync_client>> connect(int32_t timeout_ms) {
        client_options o;
        o.connect = server_;
        o.session_timeout_ms = timeout_ms;
        o.default_watcher = [this](const watched_event& ev) { on_event(ev); };
        return sync_client::open(std::move(o));
    }
    void attach(sync_client* c) { zk_ = c; }

    // Runs one command line; returns false when the shell must stop (quit).
    bool execute(const std::vector<std::string>& args);
    int exit_code() const { return exit_code_; }
    std::string prompt(int n) const {
        const char* state = zk_->client().expired() ? "CLOSED" : zk_->client().connected() ? "CONNECTED" : "CONNECTING";
        return "[zk: " + server_ + "(" + state + ") " + std::to_string(n) + "] ";
    }
    void write_out(const std::string& s) { write(out_, s); }
    void write_err(const std::string& s) { write(err_, s); }

private:
    void write(std::ostream& o, const std::string& s) {
        std::lock_guard lk(mu_);
        o << s;
        o.flush();
    }
    void on_event(const watched_event& ev) {
        if (!print_watches_) return;
        std::string path = ev.type == event_type::none ? "null" : ev.path;
        write_out(std::string("\nWATCHER::\n\nWatchedEvent state:") + state_name(ev.state) +
                  " type:" + type_name(ev.type) + " path:" + path + "\n");
    }
    void usage() {
        std::string u = "ZooKeeper -server host:port [-zk-tls-config-file <file>] cmd args\n";
        for (const auto& [name, opts] : command_table()) u += "\t" + name + " " + opts + "\n";
        write_err(u);
    }
    std::optional<failure> run(const std::vector<std::string>& args);
    std::optional<failure> ls(const std::vector<std::string>& args);
    std::optional<failure> get(const std::vector<std::string>& args);
    std::optional<failure> stat(const std::vector<std::string>& args);
    std::optional<failure> create(const std::vector<std::string>& args);
    std::optional<failure> set(const std::vector<std::string>& args);
    std::optional<failure> remove(const std::vector<std::string>& args);
    std::optional<failure> deleteall(const std::vector<std::string>& args);
    std::optional<failure> get_acl(const std::vector<std::string>& args);
    std::optional<failure> sync(const std::vector<std::string>& args);
    result<std::vector<std::string>> subtree(const std::string& root);

    std::string server_;
    std::ostream& out_;
    std::ostream& err_;
    std::mutex mu_;
    sync_client* zk_ = nullptr;
    int exit_code_ = 0;
    bool print_watches_ = true;
};

std::string usage_of(const std::string& cmd) { return cmd + " " + command_table().at(cmd); }

std::optional<failure> check_path(const std::string& path, bool sequential = false) {
    std::string why = path_problem(path, sequential);
    if (!why.empty()) return failure{why};
    return std::nullopt;
}

// The words every path command starts with: at least `min_words` words (the
// command, its path, ...), else the command's usage; then a valid path.
std::optional<failure> path_command(const parsed& p, size_t min_words, const char* cmd) {
    if (p.words.size() < min_words) return failure{usage_of(cmd)};
    return check_path(p.words[1]);
}

// The -v flag of set and delete: the expected version, -1 (any) when absent.
std::optional<failure> version_flag(const parsed& p, int32_t& version) {
    version = -1;
    auto it = p.flags.find('v');
    if (it == p.flags.end()) return std::nullopt;
    auto v = parse_int(it->second);
    if (!v) return failure{"version " + it->second + " is not a number"};
    version = *v;
    return std::nullopt;
}

bool shell::execute(const std::vector<std::string>& args) {
    if (args.empty()) return true;
    const std::string& cmd = args[0];
    if (!command_table().count(cmd)) {
        usage();
        write_err("Command not found: Command not found " + cmd + "\n");
        exit_code_ = kExitNotFound;
        return true;
    }
    if (cmd == "quit") return false;
    auto f = run(args);
    if (f) {
        write_err(f->message + "\n");
        exit_code_ = f->code;
    } else {
        exit_code_ = 0;
    }
    return true;
}

std::optional<failure> shell::run(const std::vector<std::string>& args) {
    const std::string& cmd = args[0];
    if (cmd == "printwatches") {
        if (args.size() == 1)
            write_out(std::string("printwatches is ") + (print_watches_ ? "on" : "off") + "\n");
        else
            print_watches_ = args[1] == "on";
        return std::nullopt;
    }
    if (zk_->client().expired()) {
        write_out("Not connected\n");
        return std::nullopt;
    }
    if (cmd == "ls") return ls(args);
    if (cmd == "get") return get(args);
    if (cmd == "stat") return stat(args);
    if (cmd == "create") return create(args);
    if (cmd == "set") return set(args);
    if (cmd == "delete") return remove(args);
    if (cmd == "deleteall") return deleteall(args);
    if (cmd == "getAcl") return get_acl(args);
    if (cmd == "sync") return sync(args);
    return failure{"zookeeper-shell: " + cmd + " is not supported"};
}

result<std::vector<std::string>> shell::subtree(const std::string& root) {
    // ZKUtil.listSubTreeBFS: the root, then each level, children sorted.
    std::vector<std::string> all{root};
    for (size_t i = 0; i < all.size(); ++i) {
        ODRADEK_TRY_ASSIGN(auto kids, zk_->get_children(all[i]));
        std::sort(kids.children.begin(), kids.children.end());
        for (const auto& k : kids.children) all.push_back(all[i] == "/" ? "/" + k : all[i] + "/" + k);
    }
    return all;
}

std::optional<failure> shell::ls(const std::vector<std::string>& args) {
    parsed p;
    if (auto f = parse_args(args, "swR?", "", p)) return f;
    if (auto f = path_command(p, 2, "ls")) return f;
    const std::string& path = p.words[1];
    watch_with w = p.has('w') ? watch_with(watcher_fn{}) : std::nullopt;
    if (p.has('R')) {
        auto all = subtree(path);
        if (!all) return failure{failure_text(all.err())};
        std::string o;
        for (const auto& n : *all) o += n + "\n";
        write_out(o);
        return std::nullopt;
    }
    auto r = zk_->get_children(path, w, p.has('s'));
    if (!r) return failure{failure_text(r.err())};
    auto kids = std::move(r->children);
    std::sort(kids.begin(), kids.end());
    std::ostringstream o;
    o << '[';
    for (size_t i = 0; i < kids.size(); ++i) o << (i ? ", " : "") << kids[i];
    o << "]\n";
    if (p.has('s')) print_stat(o, r->stat);
    write_out(o.str());
    return std::nullopt;
}

std::optional<failure> shell::get(const std::vector<std::string>& args) {
    parsed p;
    if (auto f = parse_args(args, "sw?", "", p)) return f;
    if (auto f = path_command(p, 2, "get")) return f;
    const std::string& path = p.words[1];
    watch_with w = p.has('w') ? watch_with(watcher_fn{}) : std::nullopt;
    auto r = zk_->get_data(path, w);
    if (!r) return failure{failure_text(r.err())};
    std::ostringstream o;
    if (r->is_null)
        o << "null";
    else
        o.write(reinterpret_cast<const char*>(r->data.data()), std::streamsize(r->data.size()));
    o << '\n';
    if (p.has('s')) print_stat(o, r->stat);
    write_out(o.str());
    return std::nullopt;
}

std::optional<failure> shell::stat(const std::vector<std::string>& args) {
    parsed p;
    if (auto f = parse_args(args, "w?", "", p)) return f;
    if (auto f = path_command(p, 2, "stat")) return f;
    const std::string& path = p.words[1];
    watch_with w = p.has('w') ? watch_with(watcher_fn{}) : std::nullopt;
    auto r = zk_->exists(path, w);
    if (!r) return failure{failure_text(r.err())};
    if (!*r) return failure{"Node does not exist: " + path};
    std::ostringstream o;
    print_stat(o, **r);
    write_out(o.str());
    return std::nullopt;
}

std::optional<failure> shell::create(const std::vector<std::string>& args) {
    parsed p;
    if (auto f = parse_args(args, "sec?", "t", p)) return f;
    if (p.words.size() < 2) return failure{usage_of("create")};
    const std::string& path = p.words[1];
    bool seq = p.has('s'), eph = p.has('e');
    if (p.has('c') && (seq || eph))
        return failure{"-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential."};
    if (p.has('t')) return failure{"zookeeper-shell: create -t (TTL nodes) is not supported"};
    int32_t mode = p.has('c') ? create_mode::container
                   : eph      ? (seq ? create_mode::ephemeral_sequential : create_mode::ephemeral)
                              : (seq ? create_mode::persistent_sequential : create_mode::persistent);
    if (auto f = check_path(path, seq)) return f;
    std::optional<byte_buffer> data;
    if (p.words.size() > 2) data = byte_buffer(p.words[2].begin(), p.words[2].end());
    acl_list acl = open_acl_unsafe();
    if (p.words.size() > 3) {
        auto parsed_acl = parse_acl(p.words[3]);
        if (!parsed_acl) return failure{"Acl is not valid : " + path};
        acl = std::move(*parsed_acl);
    }
    auto r = zk_->create(path, data ? &*data : nullptr, acl, mode);
    if (!r) return failure{failure_text(r.err())};
    write_err("Created " + *r + "\n");
    return std::nullopt;
}

std::optional<failure> shell::set(const std::vector<std::string>& args) {
    parsed p;
    if (auto f = parse_args(args, "s?", "v", p)) return f;
    if (auto f = path_command(p, 3, "set")) return f;
    const std::string& path = p.words[1];
    int32_t version;
    if (auto f = version_flag(p, version)) return f;
    auto r = zk_->set_data(path, byte_buffer(p.words[2].begin(), p.words[2].end()), version);
    if (!r) return failure{failure_text(r.err())};
    if (p.has('s')) {
        std::ostringstream o;
        print_stat(o, *r);
        write_out(o.str());
    }
    return std::nullopt;
}

std::optional<failure> shell::remove(const std::vector<std::string>& args) {
    parsed p;
    if (auto f = parse_args(args, "?", "v", p)) return f;
    if (auto f = path_command(p, 2, "delete")) return f;
    const std::string& path = p.words[1];
    int32_t version;
    if (auto f = version_flag(p, version)) return f;
    auto r = zk_->remove(path, version);
    if (!r) return failure{failure_text(r.err())};
    return std::nullopt;
}

std::optional<failure> shell::deleteall(const std::vector<std::string>& args) {
    parsed p;
    if (auto f = parse_args(args, "?", "b", p)) return f;
    if (auto f = path_command(p, 2, "deleteall")) return f;
    const std::string& path = p.words[1];
    auto all = subtree(path);
    if (!all) return failure{failure_text(all.err())};
    // Deepest first, so each node is empty when it is deleted.
    for (auto it = all->rbegin(); it != all->rend(); ++it) {
        auto r = zk_->remove(*it);
        if (!r && zk_code_of(r.err()) != zk_error::no_node) return failure{failure_text(r.err())};
    }
    return std::nullopt;
}

std::optional<failure> shell::get_acl(const std::vector<std::string>& args) {
    parsed p;
    if (auto f = parse_args(args, "s?", "", p)) return f;
    if (auto f = path_command(p, 2, "getAcl")) return f;
    const std::string& path = p.words[1];
    auto r = zk_->get_acl(path);
    if (!r) return failure{failure_text(r.err())};
    std::ostringstream o;
    for (const auto& a : r->acl)
        o << csv_string(a.id.scheme) << ',' << csv_string(a.id.id) << "\n: " << perm_string(a.perms) << '\n';
    if (p.has('s')) print_stat(o, r->stat);
    write_out(o.str());
    return std::nullopt;
}

std::optional<failure> shell::sync(const std::vector<std::string>& args) {
    parsed p;
    if (auto f = parse_args(args, "?", "", p)) return f;
    if (auto f = path_command(p, 2, "sync")) return f;
    const std::string& path = p.words[1];
    auto r = zk_->sync(path);
    if (r)
        write_out("Sync is OK\n");
    else
        write_out("Sync has failed rc=" + std::to_string(int(zk_code_of(r.err()))) + "\n");
    return std::nullopt;
}

}  // namespace

std::vector<std::string> split_command_line(const std::string& line) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < line.size()) {
        char c = line[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
            continue;
        }
        if (c == '"' || c == '\'') {
            auto close = line.find(c, i + 1);
            if (close == std::string::npos) {  // an unmatched quote starts no word
                ++i;
                continue;
            }
            out.push_back(line.substr(i + 1, close - i - 1));
            i = close + 1;
            continue;
        }
        size_t j = i;
        while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
        out.push_back(line.substr(i, j - i));
        i = j;
    }
    return out;
}

int run_zookeeper_shell(const shell_options& opts, std::istream& in, std::ostream& out, std::ostream& err) {
    if (opts.args.empty()) {
        err << "USAGE: zookeeper-shell.sh zookeeper_host:port[/path] [-zk-tls-config-file file] [args...]\n";
        return 1;
    }
    // ZooKeeperMain's options come before the command: -timeout ms, -r;
    // -zk-tls-config-file is Kafka's and needs TLS, which this shell does not do.
    std::string server = opts.args[0];
    int32_t timeout = 30000;
    std::vector<std::string> command;
    for (size_t i = 1; i < opts.args.size(); ++i) {
        const std::string& a = opts.args[i];
        if (command.empty() && (a == "-timeout" || a == "-zk-tls-config-file")) {
            if (i + 1 >= opts.args.size()) {
                err << "Error: no argument found for option " << a << "\n";
                return 1;
            }
            if (a == "-zk-tls-config-file") {
                err << "zookeeper-shell: TLS (-zk-tls-config-file) is not supported\n";
                return 1;
            }
            auto t = parse_int(opts.args[++i]);
            if (!t || *t <= 0) {
                err << "Error: invalid -timeout " << opts.args[i] << "\n";
                return 1;
            }
            timeout = *t;
            continue;
        }
        if (command.empty() && a == "-r") continue;
        command.push_back(a);
    }

    out << "Connecting to " << server << "\n";
    out.flush();
    shell sh(server, out, err);
    bool from_stdin = command.empty();
    if (from_stdin) {
        sh.write_out(opts.interactive ? "Welcome to ZooKeeper!\nJLine support is enabled\n"
                                      : "Welcome to ZooKeeper!\nJLine support is disabled\n");
    }
    auto client = sh.connect(timeout);
    if (!client) {
        err << client.err().detail << "\n";
        return 1;
    }
    sh.attach(client->get());
    if (!from_stdin) {
        // zkCli runs the command at once, so a command that fails before it reaches
        // the server may print before or after the connection event; waiting for
        // the first attempt's outcome makes the output the same every time.
        (*client)->wait_connected(std::chrono::milliseconds(timeout), true);
        sh.execute(command);
    } else {
        (*client)->wait_connected(std::chrono::milliseconds(timeout), true);
        std::string line;
        // zkCli's history: every non-empty line is recorded under the command
        // number the prompt showed; `history` lists the last ten, `redo N` reruns one.
        std::map<int, std::string> history;
        int n = 0;
        for (;;) {
            if (opts.read_line) {
                if (!opts.read_line(sh.prompt(n), line)) break;
            } else {
                if (opts.interactive) sh.write_out(sh.prompt(n));
                if (!std::getline(in, line)) break;
            }
            auto words = split_command_line(line);
            if (words.empty()) continue;
            history[n] = line;
            const int current = n++;
            if (words[0] == "history") {
                for (int i = std::max(0, current - 10); i <= current; ++i)
                    sh.write_out(std::to_string(i) + " - " + history[i] + "\n");
                continue;
            }
            if (words[0] == "redo" && words.size() >= 2) {
                char* end = nullptr;
                long i = std::strtol(words[1].c_str(), &end, 0);
                if (end == words[1].c_str() || *end != '\0' || i < 0 || i >= current) {
                    sh.write_err("Command index out of range\n");
                    continue;
                }
                auto again = split_command_line(history[int(i)]);
                if (!again.empty() && again[0] == "redo") {
                    sh.write_err("No redoing redos\n");
                    continue;
                }
                history[current] = history[int(i)];
                words = std::move(again);
            }
            if (!sh.execute(words)) break;
        }
    }
    (*client)->close();
    return sh.exit_code();
}

}  // namespace odradek::coordination
