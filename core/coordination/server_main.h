#pragma once
// zookeeper-server-start and zookeeper-server-stop as library functions (the
// apps/ mains only parse flags). No globals, no exit(): each returns the process
// exit status.
//
// run_zookeeper_server_start: loads the properties file, logs in log4j's shape
//   [2026-11-22 10:00:00,123] INFO binding to port 0.0.0.0/0.0.0.0:2181 (odradek.coordination.zk_server)
// to `out`, serves until SIGTERM or SIGINT, and returns 0 after a clean stop; 2
// for an invalid configuration, 1 when the server cannot start or fails. With
// daemon set it forks first: the parent returns 0 at once, the child detaches
// (setsid) and writes its log to $LOG_DIR/zookeeper.out (LOG_DIR defaults to
// ./logs).
//
// run_zookeeper_server_stop: sends SIGTERM to every running
// zookeeper-server-start process (found through /proc); 1 with "No zookeeper
// server to stop" when there is none, as Kafka's script does.

#include <ostream>
#include <string>

namespace odradek::coordination {

struct server_start_options {
    std::string config_file;
    bool daemon = false;
};

int run_zookeeper_server_start(const server_start_options& opts, std::ostream& out, std::ostream& err);

struct server_stop_options {
    std::string proc_root = "/proc";
    int signal = 15;  // SIGTERM
};

int run_zookeeper_server_stop(const server_stop_options& opts, std::ostream& out, std::ostream& err);

}  // namespace odradek::coordination
