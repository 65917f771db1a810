#!/usr/bin/env python3
"""Interop: librdkafka's C API (rdkafka_interop, built from rdkafka_interop.cc) against
kafka-server-start; with --apache-zookeeper the cluster runs on Apache ZooKeeper 3.8
(Debian's package) with a chroot in zookeeper.connect instead of zookeeper-server-start.

usage: rdkafka_test.py BUILD_BIN_DIR RDKAFKA_INTEROP_EXE [--apache-zookeeper]
"""
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import broker_harness as bh  # noqa: E402


def main():
    args = sys.argv[1:]
    apache = "--apache-zookeeper" in args
    args = [a for a in args if a != "--apache-zookeeper"]
    if len(args) != 2:
        sys.exit(__doc__)
    build, exe = args
    bh.require_broker(build)
    with bh.Cluster(brokers=1, build=build, real_zookeeper=apache, chroot="/odradek" if apache else None) as c:
        print(f"cluster: bootstrap {c.bootstrap}, zookeeper {c.zk_connect} "
              f"({'Apache ZooKeeper' if apache else 'zookeeper-server-start'})", flush=True)
        r = subprocess.run([exe, "--bootstrap", c.bootstrap, "--broker-id", "0"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=480)
        print(r.stdout)
        if r.returncode != 0:
            print(c.logs())
    sys.exit(r.returncode)


if __name__ == "__main__":
    main()
