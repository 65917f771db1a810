#!/usr/bin/env bash
# Usage: kafka-server-stop.sh [--process-role=broker] [--node-id=N]
exec "$(dirname "$0")/odradek-run-tool" kafka-server-stop "$@"
