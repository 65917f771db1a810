#!/usr/bin/python3
"""Interop: kafkajs 2.2.4 (node, tests/interop/node) producer and admin against
kafka-server-start.

node/kafkajs_interop.js does the admin checks (create, validate-only, existing topic,
metadata, describeCluster, describeConfigs), produces in every codec with acks=1 and
with the idempotent producer (keys, null keys and values, headers including a repeated
key, CreateTime timestamps), checks offsets (fetchTopicOffsets, by timestamp), and prints
every acknowledged record. kafkajs' consumer needs consumer groups (a later issue), so the
records are read back here with kafka-python (assign from the beginning) and compared byte
for byte at their acknowledged offsets. Then node deletes the topic.

usage: kafkajs_test.py BUILD_BIN_DIR
Exits 77 (ctest: skipped) with a SKIP line when node, the npm packages (npm ci in
tests/interop/node, done by scripts/install-deps.sh) or kafka-python are missing.
"""
import base64
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import broker_harness as bh  # noqa: E402

NODE_DIR = pathlib.Path(__file__).resolve().parent / "node"
TOPIC = "kafkajs-interop"


def skip(why):
    print(f"SKIP: {why}. NOT TESTED.", flush=True)
    sys.exit(bh.SKIP)


def node(cluster, mode):
    env = dict(os.environ, KAFKAJS_NO_PARTITIONER_WARNING="1")
    r = subprocess.run(["node", str(NODE_DIR / "kafkajs_interop.js"), mode, cluster.bootstrap, TOPIC],
                       capture_output=True, text=True, timeout=240, cwd=NODE_DIR, env=env)
    sys.stdout.write(r.stderr)
    return r


def read_back(cluster, count):
    from kafka import KafkaConsumer, TopicPartition
    c = KafkaConsumer(bootstrap_servers=cluster.bootstrap, group_id=None, enable_auto_commit=False)
    c.assign([TopicPartition(TOPIC, p) for p in range(3)])
    c.seek_to_beginning()
    out = {}
    deadline = time.time() + 60
    while len(out) < count and time.time() < deadline:
        for _tp, msgs in c.poll(timeout_ms=500).items():
            for m in msgs:
                out[(m.partition, m.offset)] = m
    out_extra = c.poll(timeout_ms=1000)
    c.close()
    return out, sum(len(v) for v in out_extra.values())


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    if shutil.which("node") is None:
        skip("node is not installed (Debian package nodejs)")
    if not (NODE_DIR / "node_modules" / "kafkajs" / "package.json").exists():
        skip(f"kafkajs is not installed: run `npm ci` in {NODE_DIR} (scripts/install-deps.sh does)")
    try:
        import kafka  # noqa: F401
    except ImportError:
        skip("kafka-python (Debian package python3-kafka), used to read the records back, is not installed")
    bh.require_broker(sys.argv[1])
    failures = []
    with bh.Cluster(brokers=1, build=sys.argv[1]) as c:
        print(f"cluster: bootstrap {c.bootstrap}, zookeeper {c.zk_connect}", flush=True)
        r = node(c, "produce")
        if r.returncode != 0:
            failures.append(f"kafkajs_interop.js produce exited {r.returncode}")
        produced = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
        if not produced:
            failures.append("kafkajs acknowledged no records")
        else:
            got, extra = read_back(c, len(produced))
            if extra:
                failures.append(f"{extra} records beyond those kafkajs acknowledged")
            if len(got) != len(produced):
                failures.append(f"read back {len(got)} records, kafkajs acknowledged {len(produced)}")
            unb64 = (lambda s: None if s is None else base64.b64decode(s))
            bad = 0
            for rec in produced:
                m = got.get((rec["partition"], rec["offset"]))
                want = (unb64(rec["key"]), unb64(rec["value"]), [(k, unb64(v)) for k, v in rec["headers"]],
                        rec["timestamp"], 0)
                have = m and (m.key, m.value, list(m.headers), m.timestamp, m.timestamp_type)
                if have != want:
                    bad += 1
                    if bad <= 3:
                        failures.append(f"record at {rec['partition']}/{rec['offset']}: read {have}, produced {want}")
            print(f"{'PASS' if not bad else 'FAIL'} read back {len(produced)} records with kafka-python", flush=True)
        r = node(c, "delete")
        if r.returncode != 0:
            failures.append(f"kafkajs_interop.js delete exited {r.returncode}")
        if failures:
            print(c.logs())
    for f in failures:
        print("FAIL", f)
    print("OK" if not failures else f"FAILED: {len(failures)} problem(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
