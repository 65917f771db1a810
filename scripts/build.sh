#!/usr/bin/env bash
# Installs dependencies and builds the tools into build/bin (g++, RelWithDebInfo).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja >/dev/null
cmake --build build -j"$(nproc)"
