// zookeeper-shell HOST:PORT[/chroot] [-timeout ms] [command args...]
// Kafka's ZooKeeper shell (ZooKeeper's zkCli): runs one command, or reads
// commands from stdin.
#include <editline/readline.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "coordination/client/shell.h"

int main(int argc, char** argv) {
    odradek::coordination::shell_options opts;
    opts.args.assign(argv + 1, argv + argc);
    // The arguments are zkCli's (single-dash options, free-form commands), so
    // CLI11 does not parse them; only --help is ours.
    if (!opts.args.empty() && (opts.args[0] == "--help" || opts.args[0] == "-h")) {
        std::cout << "USAGE: zookeeper-shell.sh zookeeper_host:port[/path] [-zk-tls-config-file file] [args...]\n"
                     "Runs one ZooKeeper command (ls, get, stat, create, set, delete, deleteall, getAcl, sync)\n"
                     "and exits, or reads commands from standard input.\n"
                     "Option                                  Description\n"
                     "------                                  -----------\n"
                     "--help                                  Print usage information.\n";
        return 0;
    }
    opts.interactive = isatty(STDIN_FILENO) == 1;
    if (opts.interactive) {
        // On a terminal, lines are edited with libedit: arrow keys move and
        // recall earlier commands, as zkCli's JLine does.
        opts.read_line = [](const std::string& prompt, std::string& line) {
            char* raw = readline(prompt.c_str());
            if (raw == nullptr) return false;
            line = raw;
            if (!line.empty()) add_history(raw);
            std::free(raw);
            return true;
        };
    }
    return odradek::coordination::run_zookeeper_shell(opts, std::cin, std::cout, std::cerr);
}
