#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test:
#   1. build/        g++ RelWithDebInfo, warnings as errors: every ctest label except fuzz;
#   2. build-asan/   clang with ASan+UBSan and libFuzzer: unit and protocol tests again,
#                    then a bounded smoke run of every fuzz target.
# Exit status is non-zero when any step fails.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

bash scripts/install-deps.sh

echo "== build (g++, RelWithDebInfo)"
cmake -S . -B build -G Ninja -DODRADEK_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
echo "== tests (build/)"
ctest --test-dir build -j"$jobs" --output-on-failure -LE fuzz

echo "== build (clang, ASan+UBSan, libFuzzer)"
CXX=clang++ cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DODRADEK_WERROR=ON -DODRADEK_SANITIZE=ON -DODRADEK_FUZZ=ON >/dev/null
cmake --build build-asan -j"$jobs"
echo "== sanitizer and fuzz tests (build-asan/)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan -j"$jobs" --output-on-failure -L 'unit|protocol|fuzz'
