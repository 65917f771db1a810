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
  zookeeper python3-kazoo          # ZooKeeper interop tests (zkCli.sh, kazoo)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=sudo
else
  sudo_cmd=
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq >/dev/null
$sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
