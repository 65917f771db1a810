#pragma once
// kafka-server-start as a library function (apps/kafka-server-start.cc only
// hands over argv): Kafka.scala's argument handling, logging set-up,
// -daemon, signals, then kafka_server until SIGTERM/SIGINT.
//
//   kafka-server-start [-daemon] server.properties [--override key=value]*
//
// Exit status: 0 after a clean shutdown; 1 for a usage error, an unreadable
// or invalid configuration, or a fatal start-up error (each named on one
// line in Kafka's shape: "Exiting Kafka due to fatal exception ...").
// Logs go to `out` and to $LOG_DIR/server.log (Kafka's kafkaAppender); with
// -daemon the console output goes to $LOG_DIR/kafkaServer.out.

#include <ostream>
#include <string>
#include <vector>

namespace odradek::broker {

int run_kafka_server_start(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace odradek::broker
