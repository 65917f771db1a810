#include <doctest/doctest.h>

#include <regex>
#include <sstream>

#include "coordination/client/shell.h"
#include "coordination/client/test_server.h"

using namespace odradek;
using namespace odradek::coordination;
using namespace odradek::coordination::testing;

namespace {

struct run_result {
    int code;
    std::string out, err;
};

run_result shell(std::vector<std::string> args, const std::string& input = "", bool interactive = false) {
    std::istringstream in(input);
    std::ostringstream out, err;
    int code = run_zookeeper_shell({std::move(args), interactive, {}}, in, out, err);
    return {code, out.str(), err.str()};
}

const std::string kConnected = "\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\n";

// Times vary: "ctime = <date>" lines become "ctime = T".
std::string mask_times(const std::string& s) {
    return std::regex_replace(s, std::regex("(ctime|mtime) = [^\n]*"), "$1 = T");
}

}  // namespace

TEST_CASE("shell: one command, then exit") {
    temp_dir dir;
    test_server srv(dir.path);
    auto r = shell({srv.address(), "ls", "/"});
    CHECK(r.code == 0);
    CHECK(r.out == "Connecting to " + srv.address() + "\n" + kConnected + "[zookeeper]\n");
    CHECK(r.err == "");

    r = shell({srv.address(), "create", "/a", "hello"});
    CHECK(r.code == 0);
    CHECK(r.err == "Created /a\n");
    r = shell({srv.address(), "get", "/a"});
    CHECK(r.out == "Connecting to " + srv.address() + "\n" + kConnected + "hello\n");

    r = shell({srv.address(), "get", "/missing"});
    CHECK(r.code == 1);
    CHECK(r.err == "Node does not exist: /missing\n");

    r = shell({srv.address(), "frob"});
    CHECK(r.code == 127);
    CHECK(r.err.rfind("ZooKeeper -server host:port [-zk-tls-config-file <file>] cmd args\n\taddWatch ", 0) == 0);
    CHECK(r.err.find("\n\tls [-s] [-w] [-R] path\n") != std::string::npos);
    CHECK(r.err.find("Command not found: Command not found frob\n") != std::string::npos);
}

TEST_CASE("shell: commands from stdin, zkCli's output") {
    temp_dir dir;
    test_server srv(dir.path);
    auto r = shell({srv.address()},
                   "create /a hello\n"
                   "create -s /a/s- x\n"
                   "create -e /a/e\n"
                   "\n"
                   "ls /a\n"
                   "ls -R /\n"
                   "stat /a\n"
                   "set -s /a world\n"
                   "getAcl /a\n"
                   "delete /a\n"
                   "deleteall /a\n"
                   "ls /\n"
                   "sync /\n"
                   "create a\n");
    CHECK(r.code == 1);  // the last command's status
    CHECK(r.err ==
          "Created /a\nCreated /a/s-0000000000\nCreated /a/e\nNode not empty: /a\n"
          "Path must start with / character\n");
    CHECK(mask_times(r.out) ==
          "Connecting to " + srv.address() + "\nWelcome to ZooKeeper!\nJLine support is disabled\n" + kConnected +
              "[e, s-0000000000]\n"
              "/\n/a\n/zookeeper\n/a/e\n/a/s-0000000000\n/zookeeper/config\n/zookeeper/quota\n"
              "cZxid = 0x2\nctime = T\nmZxid = 0x2\nmtime = T\npZxid = 0x4\ncversion = 2\ndataVersion = 0\n"
              "aclVersion = 0\nephemeralOwner = 0x0\ndataLength = 5\nnumChildren = 2\n"
              "cZxid = 0x2\nctime = T\nmZxid = 0x5\nmtime = T\npZxid = 0x4\ncversion = 2\ndataVersion = 1\n"
              "aclVersion = 0\nephemeralOwner = 0x0\ndataLength = 5\nnumChildren = 2\n"
              "'world,'anyone\n: cdrwa\n"
              "[zookeeper]\n"
              "Sync is OK\n");
}

TEST_CASE("shell: chroot, -w watches and the interactive prompt") {
    temp_dir dir;
    test_server srv(dir.path);
    REQUIRE(shell({srv.address(), "create", "/k"}).code == 0);
    auto r = shell({srv.address() + "/k"}, "create /x\nget -w /x\nset /x 1\nls /\n", true);
    CHECK(r.code == 0);
    std::string who = srv.address() + "/k";
    CHECK(r.out == "Connecting to " + who + "\nWelcome to ZooKeeper!\nJLine support is enabled\n" + kConnected +
                       "[zk: " + who + "(CONNECTED) 0] [zk: " + who + "(CONNECTED) 1] \n" +
                       "[zk: " + who + "(CONNECTED) 2] " +
                       "\nWATCHER::\n\nWatchedEvent state:SyncConnected type:NodeDataChanged path:/x\n" +
                       "[zk: " + who + "(CONNECTED) 3] [x]\n[zk: " + who + "(CONNECTED) 4] ");
    r = shell({srv.address(), "ls", "/k"});
    CHECK(r.out.substr(r.out.size() - 4) == "[x]\n");
}

TEST_CASE("shell: usage and connection errors") {
    auto r = shell({});
    CHECK(r.code == 1);
    CHECK(r.err == "USAGE: zookeeper-shell.sh zookeeper_host:port[/path] [-zk-tls-config-file file] [args...]\n");
    uint16_t port;
    {
        temp_dir dir;
        test_server srv(dir.path);
        port = srv.port();
    }
    std::string where = "127.0.0.1:" + std::to_string(port);
    r = shell({where, "ls", "/brokers/ids"});
    CHECK(r.code == 1);
    CHECK(r.out == "Connecting to " + where + "\n");
    CHECK(r.err == "KeeperErrorCode = ConnectionLoss for /brokers/ids\n");
}

TEST_CASE("shell: history and redo, numbered as zkCli numbers commands") {
    temp_dir dir;
    test_server srv(dir.path);
    auto r = shell({srv.address()}, "create /h one\n\nget /h\nhistory\nredo 1\nredo 9\nredo 4\nredo 3\n");
    CHECK(r.code == 0);
    // history lists commands 0..3 (itself included); blank lines get no number.
    CHECK(r.out.find("one\n0 - create /h one\n1 - get /h\n2 - history\none\n") != std::string::npos);
    // redo 9: no such command yet; redo 4 was itself a redo; redo 3 reruns `redo 1`'s command (get /h).
    CHECK(r.err == "Created /h\nCommand index out of range\nNo redoing redos\n");
    CHECK(r.out.size() - r.out.rfind("one\n") == 4);
}

TEST_CASE("shell: a line reader supplied by the app replaces stdin and prints the prompt itself") {
    temp_dir dir;
    test_server srv(dir.path);
    std::vector<std::string> lines{"create /r x", "get /r"};
    std::vector<std::string> prompts;
    size_t next = 0;
    shell_options o{{srv.address()}, true, [&](const std::string& prompt, std::string& line) {
                        prompts.push_back(prompt);
                        if (next == lines.size()) return false;
                        line = lines[next++];
                        return true;
                    }};
    std::istringstream in;
    std::ostringstream out, err;
    CHECK(run_zookeeper_shell(o, in, out, err) == 0);
    REQUIRE(prompts.size() == 3);
    CHECK(prompts[0] == "[zk: " + srv.address() + "(CONNECTED) 0] ");
    CHECK(prompts[2] == "[zk: " + srv.address() + "(CONNECTED) 2] ");
    CHECK(out.str().find("[zk:") == std::string::npos);
    CHECK(out.str().ends_with("x\n"));
}
