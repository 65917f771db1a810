#!/usr/bin/env bash
exec "$(dirname "$0")/odradek-run-tool" kafka-leader-election "$@"
