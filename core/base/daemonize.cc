#include "base/daemonize.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace odradek {

std::string log_dir_from_env() {
    const char* dir = std::getenv("LOG_DIR");
    return dir && *dir ? dir : "logs";
}

daemon_role daemonize(const std::string& out_file, std::ostream& err) {
    std::string dir = log_dir_from_env();
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    std::string file = dir + "/" + out_file;
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        err << "cannot open " << file << "\n";
        return daemon_role::failed;
    }
    pid_t pid = ::fork();
    if (pid < 0) {
        err << "cannot fork\n";
        ::close(fd);
        return daemon_role::failed;
    }
    if (pid > 0) {
        ::close(fd);
        return daemon_role::parent;
    }
    ::setsid();
    int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) {
        ::dup2(null, 0);
        ::close(null);
    }
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::close(fd);
    return daemon_role::child;
}

}  // namespace odradek
