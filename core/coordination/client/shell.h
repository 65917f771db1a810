#pragma once
// zookeeper-shell (Kafka's bin/zookeeper-shell.sh, i.e. ZooKeeper 3.8's
// ZooKeeperMain run with -server) as a library function: no globals, no
// exit(); it returns the process exit status.
//
//   zookeeper-shell HOST:PORT[/chroot] [-timeout ms] [command args...]
//
// Prints "Connecting to HOST:PORT[/chroot]", then each watcher event as
// "\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\n".
// With a command it runs that one command; without, it prints "Welcome to
// ZooKeeper!" and reads one command per line from `in` (with the prompt
// "[zk: HOST:PORT(CONNECTED) n] " only when `interactive`).
//
// Before the first command it waits for the first connection attempt's outcome
// (zkCli does not, so its output for a command that fails before reaching the
// server varies; ours does not).
//
// Commands and their output are zkCli's: ls [-s] [-w] [-R], get [-s] [-w],
// stat [-w], create [-s] [-e] [-c] path [data] [acl], set [-s] [-v version],
// delete [-v version], deleteall, getAcl [-s], sync, printwatches, quit.
// Results go to `out`; "Created ..." and errors go to `err`, as zkCli does.
// Exit status: that of the last command: 0, 1 for a failed command
// ("Node does not exist: /x"), 127 for an unknown one (after the usage).
// Other zkCli commands are recognised but answer that they are not supported.

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace odradek::coordination {

struct shell_options {
    std::vector<std::string> args;  // everything after the program name
    bool interactive = false;       // stdin is a terminal
    // Reads one command line after showing `prompt` (false at end of input).
    // The app supplies a line editor with recall on a terminal; when empty,
    // lines come from `in` and the prompt is printed only when interactive.
    std::function<bool(const std::string& prompt, std::string& line)> read_line;
};

int run_zookeeper_shell(const shell_options& opts, std::istream& in, std::ostream& out, std::ostream& err);

// Splits a command line as ZooKeeperMain does: blank-separated words, where a
// word quoted with ' or " may hold blanks (the quotes are removed).
std::vector<std::string> split_command_line(const std::string& line);

}  // namespace odradek::coordination
