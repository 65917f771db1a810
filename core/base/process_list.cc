#include "base/process_list.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace odradek {

std::vector<process_entry> find_processes(const std::string& proc_root, const std::string& program) {
    std::vector<process_entry> found;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(proc_root, ec)) {
        std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        pid_t pid = pid_t(std::stol(name));
        if (pid == ::getpid()) continue;
        std::ifstream in(entry.path() / "cmdline", std::ios::binary);
        process_entry p;
        p.pid = pid;
        for (std::string arg; std::getline(in, arg, '\0');) p.argv.push_back(arg);
        if (p.argv.empty() || std::filesystem::path(p.argv[0]).filename() != program) continue;
        auto cwd = std::filesystem::read_symlink(entry.path() / "cwd", ec);
        if (!ec) p.cwd = cwd.string();
        found.push_back(std::move(p));
    }
    return found;
}

}  // namespace odradek
