#pragma once
// -daemon for the server start scripts: fork, detach from the terminal
// (setsid), stdin from /dev/null, stdout and stderr appended to
// $LOG_DIR/<out_file> (LOG_DIR defaults to ./logs), as Kafka's
// kafka-run-class.sh does with nohup.

#include <ostream>
#include <string>

namespace odradek {

enum class daemon_role { parent, child, failed };

// In the parent returns parent (it should exit 0), in the detached child
// child; failed (after a message on `err`) when the log file cannot be opened
// or fork fails.
daemon_role daemonize(const std::string& out_file, std::ostream& err);

// $LOG_DIR, or "logs".
std::string log_dir_from_env();

}  // namespace odradek
