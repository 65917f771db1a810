#include "tools/tool_log.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace odradek::tools {

std::string log4j_timestamp() {
    auto now = std::chrono::system_clock::now();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d,%03d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, int(ms));
    return buf;
}

const char* log_level_name(client::log_level level) {
    switch (level) {
        case client::log_level::error: return "ERROR";
        case client::log_level::warn: return "WARN";
        case client::log_level::info: return "INFO";
        case client::log_level::debug: return "DEBUG";
    }
    return "INFO";
}

void tool_log::write(client::log_level level, const std::string& message, const std::string& logger,
                     const std::string& trailer) {
    if (int(level) > int(threshold_)) return;
    std::lock_guard lk(mu_);
    err_ << '[' << log4j_timestamp() << "] " << log_level_name(level) << ' ' << message << " (" << logger << ")\n";
    if (!trailer.empty()) err_ << trailer << '\n';
    err_.flush();
}

client::log_fn tool_log::fn() {
    return [this](client::log_level level, const std::string& message, const std::string& logger) {
        write(level, message, logger);
    };
}

void tool_log::raw(const std::string& text) {
    std::lock_guard lk(mu_);
    err_ << text;
    err_.flush();
}

}  // namespace odradek::tools
