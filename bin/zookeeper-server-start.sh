#!/usr/bin/env bash
# Usage: zookeeper-server-start.sh [-daemon] zookeeper.properties
: "${LOG_DIR:=$(cd "$(dirname "$0")/.." && pwd)/logs}"; export LOG_DIR
exec "$(dirname "$0")/odradek-run-tool" zookeeper-server-start "$@"
