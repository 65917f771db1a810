#!/usr/bin/env bash
# Usage: kafka-server-start.sh [-daemon] server.properties [--override property=value]*
if [ $# -lt 1 ]; then
  echo "USAGE: $0 [-daemon] server.properties [--override property=value]*"
  exit 1
fi
: "${LOG_DIR:=$(cd "$(dirname "$0")/.." && pwd)/logs}"; export LOG_DIR
exec "$(dirname "$0")/odradek-run-tool" kafka-server-start "$@"
