#!/usr/bin/env python3
"""Interop: kcat 1.7 (Debian's, on librdkafka 2.0.2) against kafka-server-start.

-L (text and JSON), -P in every codec with keys, null keys and values (-Z), headers (one
with a null value) into an auto-created topic, -C -e -J reading everything back with its
CreateTime timestamps, and -Q (offsets for times, latest, earliest).

usage: kcat_test.py BUILD_BIN_DIR
Exits 77 (ctest: skipped) with a SKIP line when kcat is not installed.
"""
import json
import pathlib
import re
import shutil
import subprocess
import sys
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import broker_harness as bh  # noqa: E402

CLUSTER = None
CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]
PER_BATCH = 40
HEADERS = [("source", "kcat"), ("note", "a b=c"), ("empty", ""), ("nul", None)]


def kcat(*args, stdin=None, check=True):
    r = subprocess.run(["kcat", "-b", CLUSTER.bootstrap, "-m", "15", *args], input=stdin, capture_output=True,
                       timeout=90)
    if check and r.returncode != 0:
        raise AssertionError(f"kcat {' '.join(args)} exited {r.returncode}:\n{r.stderr.decode()}\n{CLUSTER.logs()}")
    return r


def header_flags():
    out = []
    for k, v in HEADERS:
        out += ["-H", k if v is None else f"{k}={v}"]
    return out


def lines(codec, batch):
    """(key, value) per line; '' is sent as null (-Z)."""
    out = []
    for i in range(PER_BATCH):
        key = "" if i % 9 == 4 else f"k-{codec}-{batch}-{i}"
        value = "" if i % 13 == 7 else f"value {codec} {batch} {i} – ünïcode " + "x" * (i * 7)
        out.append((key, value))
    return out


class KcatTest(unittest.TestCase):
    def test_1_metadata(self):
        port = CLUSTER.broker(0).port
        out = kcat("-L").stdout.decode()
        self.assertRegex(out.splitlines()[0],
                         rf"^Metadata for all topics \(from broker (-1|0): 127\.0\.0\.1:{port}/(bootstrap|0)\):$")
        self.assertIn(" 1 brokers:\n", out)
        self.assertIn(f"  broker 0 at 127.0.0.1:{port} (controller)\n", out)
        md = json.loads(kcat("-L", "-J").stdout)
        self.assertEqual(md["brokers"], [{"id": 0, "name": f"127.0.0.1:{port}"}])
        self.assertEqual(md["controllerid"], 0)

    def test_2_produce_consume_query(self):
        for codec in CODECS:
            with self.subTest(codec=codec):
                self.round_trip(codec)

    def round_trip(self, codec):
        topic = f"kcat-{codec}"
        produce = ["-P", "-t", topic, "-p", "0", "-K", ":", "-Z", *header_flags()]
        if codec != "none":
            produce += ["-z", codec]
        t0 = int(time.time() * 1000)
        kcat(*produce, stdin="".join(f"{k}:{v}\n" for k, v in lines(codec, 0)).encode())
        time.sleep(0.05)
        mid = int(time.time() * 1000)
        time.sleep(0.05)
        kcat(*produce, stdin="".join(f"{k}:{v}\n" for k, v in lines(codec, 1)).encode())
        t1 = int(time.time() * 1000)

        md = kcat("-L", "-t", topic).stdout.decode()
        self.assertIn(f'topic "{topic}" with 1 partitions:', md)  # auto-created with num.partitions=1
        self.assertIn("partition 0, leader 0, replicas: 0, isrs: 0", md)

        out = kcat("-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-J").stdout.decode()
        got = [json.loads(line) for line in out.splitlines() if line.strip()]
        expected = lines(codec, 0) + lines(codec, 1)
        self.assertEqual(len(got), len(expected), out[-2000:])
        for off, (m, (k, v)) in enumerate(zip(got, expected)):
            self.assertEqual((m["topic"], m["partition"], m["offset"]), (topic, 0, off))
            self.assertEqual(m["key"], k or None, f"key at {off}")
            self.assertEqual(m["payload"], v or None, f"value at {off}")
            flat = []
            for hk, hv in HEADERS:
                flat += [hk, hv]
            self.assertEqual(m["headers"], flat, f"headers at {off}")
            self.assertEqual(m["tstype"], "create")
            self.assertTrue(t0 <= m["ts"] <= t1, f"timestamp {m['ts']} not within [{t0}, {t1}]")
            self.assertEqual(m["ts"] < mid, off < PER_BATCH, f"timestamp at {off} on the wrong side of {mid}")

        def query(ts):
            q = kcat("-Q", "-t", f"{topic}:0:{ts}").stdout.decode()
            m = re.search(rf"^ ?{re.escape(topic)} \[0\] offset (-?\d+)$", q, re.M)
            self.assertTrue(m, q)
            return int(m.group(1))
        self.assertEqual(query(mid), PER_BATCH, "first offset at or after the time between the batches")
        self.assertEqual(query(t0 - 60000), 0, "a time before every record")
        self.assertEqual(query(t1 + 3600000), -1, "a time after every record")
        self.assertEqual(query(-1), 2 * PER_BATCH, "latest")
        self.assertEqual(query(-2), 0, "earliest")


def main():
    global CLUSTER
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    if shutil.which("kcat") is None:
        print("SKIP: kcat is not installed (Debian package kcat, scripts/install-deps.sh). NOT TESTED.", flush=True)
        sys.exit(bh.SKIP)
    bh.require_broker(sys.argv[1])
    with bh.Cluster(brokers=1, build=sys.argv[1]) as c:
        CLUSTER = c
        print(f"cluster: bootstrap {c.bootstrap}, zookeeper {c.zk_connect}", flush=True)
        result = unittest.TextTestRunner(verbosity=2).run(unittest.TestLoader().loadTestsFromTestCase(KcatTest))
        if not result.wasSuccessful():
            print(c.logs())
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
