#include "base/log4j_logger.h"

#include <string_view>

#include <spdlog/pattern_formatter.h>

namespace odradek {

namespace {

// log4j's level names: INFO, WARN, ERROR, DEBUG, TRACE.
class log4j_level final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
        static constexpr std::string_view kNames[] = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"};
        auto name = kNames[size_t(msg.level)];
        dest.append(name.data(), name.data() + name.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<log4j_level>(); }
};

}  // namespace

std::shared_ptr<spdlog::logger> make_log4j_logger(const std::string& name, spdlog::sink_ptr sink) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<log4j_level>('*').set_pattern("[%Y-%m-%d %H:%M:%S,%e] %* %v (%n)");
    auto logger = std::make_shared<spdlog::logger>(name, std::move(sink));
    logger->set_formatter(std::move(formatter));
    logger->set_level(spdlog::level::info);
    logger->flush_on(spdlog::level::info);
    return logger;
}

}  // namespace odradek
