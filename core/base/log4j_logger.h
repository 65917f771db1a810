#pragma once
// Loggers that print like Kafka's and ZooKeeper's log4j pattern
// `[%d] %p %m (%c)%n`:
//   [2026-11-22 10:00:00,123] INFO [KafkaServer id=0] started (kafka.server.KafkaServer)
// Users grep these lines (and scripts wait for them), so the shape is kept.

#include <memory>
#include <string>

#include <spdlog/logger.h>

namespace odradek {

// A logger named `name` (printed in parentheses) writing to `sink` at INFO,
// flushing every line.
std::shared_ptr<spdlog::logger> make_log4j_logger(const std::string& name, spdlog::sink_ptr sink);

}  // namespace odradek
