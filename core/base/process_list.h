#pragma once
// Finding our own server processes for the *-server-stop tools, the way
// Kafka's scripts grep `ps ax`: by program name, through /proc.

#include <sys/types.h>

#include <string>
#include <vector>

namespace odradek {

struct process_entry {
    pid_t pid = 0;
    std::vector<std::string> argv;  // argv[0] first
    std::string cwd;                // the process's working directory ("" when unreadable)
};

// Processes (other than this one) whose argv[0] file name is `program`.
std::vector<process_entry> find_processes(const std::string& proc_root, const std::string& program);

}  // namespace odradek
