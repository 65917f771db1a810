#!/usr/bin/env bash
# Installs Odradek's build and test dependencies from Debian packages only.
# Idempotent: when every package is already present it prints nothing and exits 0.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  clang libclang-rt-14-dev          # libFuzzer targets and the ASan/UBSan build
  libcli11-dev libfmt-dev nlohmann-json3-dev doctest-dev libedit-dev
  libasio-dev libspdlog-dev
  zlib1g-dev liblz4-dev libzstd-dev libsnappy-dev libisal-dev
  librdkafka-dev kcat               # tests and benchmarks only
  python3
  python3-kafka python3-lz4 python3-snappy python3-zstandard python3-xxhash  # record interop test only
  python3-confluent-kafka           # broker interop and fault tests
  zookeeper python3-kazoo          # ZooKeeper interop tests (zkCli.sh, kazoo)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# node and npm for the kafkajs interop test (any nodejs >= 14 will do; Debian's if absent).
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=sudo
  else
    sudo_cmd=
  fi
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq >/dev/null
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# kafkajs and its codecs, pinned by tests/interop/node/package-lock.json; reinstalled only
# when the lock file changed since the last install.
node_dir=$(cd "$(dirname "$0")/.." && pwd)/tests/interop/node
if [ ! -f "$node_dir/node_modules/.package-lock.json" ] ||
   [ "$node_dir/package-lock.json" -nt "$node_dir/node_modules/.package-lock.json" ]; then
  echo "install-deps: npm ci in tests/interop/node" >&2
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
