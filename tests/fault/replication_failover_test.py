#!/usr/bin/python3
"""Fault test: a three-broker cluster keeps every acknowledged record through kill -9 of
partition leaders, and a killed broker catches up when it returns.

1. Three brokers (bin/kafka-server-start.sh, one ZooKeeper); topic `orders`, one partition,
   replication factor 3.
2. A confluent-kafka (librdkafka) producer with acks=all writes 500 keyed records; every one
   is acknowledged. The followers fetch them: all three replicas end up byte-identical.
3. kill -9 the leader. Within the session timeout kafka-topics --describe shows a new leader
   from the ISR and the dead broker out of the ISR; a consumer reads the 500 records, same
   keys and values, from the survivors.
4. 200 more records (acks=all) go to the new leader; the killed broker is restarted, its
   replica catches up to the leader's log, and the leader takes it back into the ISR.
5. auto.leader.rebalance.enable gives the returned broker, the preferred replica, its
   leadership back; kill -9 it once more: another ISR member leads, and all 700
   acknowledged records are read back from it.

127.0.0.1, free ports, temp dirs; only the harness's own PIDs are signalled.

usage: replication_failover_test.py BUILD_BIN_DIR
Exits 77 (ctest: skipped) with a SKIP line when confluent-kafka is not installed.
"""
import os
import pathlib
import re
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import broker_harness as bh  # noqa: E402

try:
    from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition
except ImportError:  # pragma: no cover
    print("SKIP: python3-confluent-kafka is not installed")
    sys.exit(77)

BIN = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else None
BUILD = BIN.parent if BIN else None
REPO = pathlib.Path(__file__).resolve().parents[2]
TOPIC = "orders"
failures = []


def check(cond, what, detail=""):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what + (f"\n{detail}" if detail else ""))
    return cond


def wait_for(pred, timeout):
    end = time.time() + timeout
    while time.time() < end:
        value = pred()
        if value:
            return value
        time.sleep(0.3)
    return pred()


def describe(bootstrap):
    """(leader, isr list) of orders-0, or None."""
    env = dict(os.environ, ODRADEK_BUILD_DIR=str(bh.build_dir(BUILD)))
    out = subprocess.run([str(REPO / "bin" / "kafka-topics.sh"), "--bootstrap-server", bootstrap, "--describe",
                          "--topic", TOPIC], capture_output=True, text=True, timeout=60, env=env).stdout
    m = re.search(r"Partition: 0\tLeader: (\S+)\tReplicas: \S+\tIsr: (\S*)", out)
    if not m or m.group(1) == "none":
        return None
    return int(m.group(1)), [int(x) for x in m.group(2).split(",") if x]


def produce(bootstrap, start, count):
    """Sends keyed records start..start+count-1 with acks=all; returns how many were acknowledged."""
    acked = []
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True,
                  "linger.ms": 5, "message.timeout.ms": 60000})
    for i in range(start, start + count):
        p.produce(TOPIC, key=f"k{i}".encode(), value=f"order-{i}".encode(), partition=0,
                  on_delivery=lambda err, msg: acked.append(msg) if err is None else None)
        p.poll(0)
    p.flush(90)
    return len(acked)


def consume(bootstrap, count):
    """Reads up to `count` records of orders-0 from the beginning: [(key, value)]."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "failover-check", "enable.auto.commit": False,
                  "enable.partition.eof": False})
    c.assign([TopicPartition(TOPIC, 0, OFFSET_BEGINNING)])
    got = []
    end = time.time() + 60
    while len(got) < count and time.time() < end:
        m = c.poll(1.0)
        if m is None or m.error():
            continue
        got.append((m.key(), m.value()))
    c.close()
    return got


def expected(n):
    return [(f"k{i}".encode(), f"order-{i}".encode()) for i in range(n)]


def log_bytes(broker):
    return sum(f.stat().st_size for f in (broker.log_dirs[0] / f"{TOPIC}-0").glob("*.log"))


def main():
    # auto.leader.rebalance.enable is on by default; check every 2 s instead of 300.
    with bh.Cluster(brokers=3, build=BUILD, props={"leader.imbalance.check.interval.seconds": "2"}) as c:
        env = dict(os.environ, ODRADEK_BUILD_DIR=str(bh.build_dir(BUILD)))
        r = subprocess.run([str(REPO / "bin" / "kafka-topics.sh"), "--bootstrap-server", c.bootstrap, "--create",
                            "--topic", TOPIC, "--partitions", "1", "--replication-factor", "3"],
                           capture_output=True, text=True, timeout=60, env=env)
        check(r.returncode == 0, "topic with replication factor 3 created", r.stdout + r.stderr)
        check(produce(c.bootstrap, 0, 500) == 500, "500 records acknowledged with acks=all")
        same = wait_for(lambda: len({log_bytes(b) for b in c.brokers}) == 1 and log_bytes(c.brokers[0]) > 0, 30)
        check(same, "the three replicas hold the same bytes", [log_bytes(b) for b in c.brokers])

        state = describe(c.bootstrap)
        check(state is not None and sorted(state[1]) == [0, 1, 2], "every replica in the ISR", state)
        first_leader = state[0]
        c.broker(first_leader).kill9()
        survivors = [b for b in c.brokers if b.id != first_leader]
        bootstrap = ",".join(b.address for b in survivors)
        moved = wait_for(lambda: (s := describe(bootstrap)) and s[0] != first_leader and first_leader not in s[1]
                         and s, 40)
        check(bool(moved), f"after kill -9 of leader {first_leader} a new leader from the ISR takes over", moved)
        check(consume(bootstrap, 500) == expected(500), "the 500 acknowledged records are read from the survivors")

        check(produce(bootstrap, 500, 200) == 200, "200 more records acknowledged by the new leader")
        c.broker(first_leader).start()
        new_leader = moved[0] if moved else survivors[0].id
        caught_up = wait_for(lambda: log_bytes(c.broker(first_leader)) == log_bytes(c.broker(new_leader)), 60)
        check(caught_up, f"the restarted broker {first_leader} caught up with the leader",
              [log_bytes(b) for b in c.brokers])
        healed = wait_for(lambda: (s := describe(bootstrap)) and sorted(s[1]) == [0, 1, 2] and s, 40)
        check(bool(healed), f"the leader took broker {first_leader} back into the ISR", describe(bootstrap))

        back = wait_for(lambda: (s := describe(bootstrap)) and s[0] == first_leader and s, 40)
        check(bool(back), f"auto leader rebalance gives the preferred replica {first_leader} its leadership back",
              describe(bootstrap))

        c.broker(first_leader).kill9()
        rest = ",".join(b.address for b in c.brokers if b.id != first_leader)
        third = wait_for(lambda: (s := describe(rest)) and s[0] != first_leader and s, 40)
        check(bool(third), f"after kill -9 of leader {first_leader} again, another ISR member leads", third)
        check(consume(rest, 700) == expected(700), "all 700 acknowledged records are read back")
        if failures:
            print(c.logs())
    print(f"{len(failures)} failed")
    for f in failures:
        print("FAILED:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
