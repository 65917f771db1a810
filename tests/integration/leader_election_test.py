#!/usr/bin/python3
"""kafka-leader-election against a two-broker cluster, as a user runs it.

1. Two brokers with auto.leader.rebalance.enable=false; topic `orders` with replicas
   [0, 1] (--replica-assignment 0:1), so broker 0 is the preferred leader.
2. kill -9 broker 0: broker 1 leads. Restart broker 0 and wait until it is back in the ISR;
   broker 1 still leads (no automatic rebalance).
3. kafka-leader-election --election-type preferred --all-topic-partitions: "Successfully
   completed leader election (PREFERRED) for partitions orders-0", exit 0, and
   kafka-topics --describe shows Leader: 0 with both replicas in the ISR.
4. The same for --topic orders --partition 0 again: "Valid replica already elected for
   partitions orders-0", exit 0.
5. A partition that does not exist: "Error completing leader election (PREFERRED) for
   partition: orders-7: org.apache.kafka.common.errors.UnknownTopicOrPartitionException:
   The partition does not exist.", exit 1.
6. --election-type unclean on the healthy partition: nothing to do ("Valid replica
   already elected"); usage errors exit 1 with Kafka's message.

127.0.0.1, free ports, temp dirs; only the harness's own PIDs are signalled.

usage: leader_election_test.py BUILD_BIN_DIR
"""
import os
import pathlib
import re
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import broker_harness as bh  # noqa: E402

BIN = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else None
BUILD = BIN.parent if BIN else None
REPO = pathlib.Path(__file__).resolve().parents[2]
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


def tool(name, *args):
    env = dict(os.environ, ODRADEK_BUILD_DIR=str(bh.build_dir(BUILD)))
    return subprocess.run([str(REPO / "bin" / f"{name}.sh"), *args], capture_output=True, text=True, timeout=90,
                          env=env)


def describe(bootstrap):
    """(leader, isr) of orders-0, or None."""
    out = tool("kafka-topics", "--bootstrap-server", bootstrap, "--describe", "--topic", "orders").stdout
    m = re.search(r"Partition: 0\tLeader: (\S+)\tReplicas: \S+\tIsr: (\S*)", out)
    if not m or m.group(1) == "none":
        return None
    return int(m.group(1)), sorted(int(x) for x in m.group(2).split(",") if x)


def main():
    with bh.Cluster(brokers=2, build=BUILD, props={"auto.leader.rebalance.enable": "false"}) as c:
        boot = c.bootstrap
        r = tool("kafka-topics", "--bootstrap-server", boot, "--create", "--topic", "orders",
                 "--replica-assignment", "0:1")
        check(r.returncode == 0, "orders created with replicas 0,1", r.stdout + r.stderr)
        check(wait_for(lambda: describe(boot) == (0, [0, 1]), 30), "broker 0 leads, both in the ISR", describe(boot))

        c.broker(0).kill9()
        one = c.broker(1).address
        check(wait_for(lambda: (s := describe(one)) and s[0] == 1, 40), "after kill -9 of broker 0, broker 1 leads",
              describe(one))
        c.broker(0).start()
        check(wait_for(lambda: describe(boot) == (1, [0, 1]), 60),
              "broker 0 is back in the ISR and broker 1 still leads (no automatic rebalance)", describe(boot))

        r = tool("kafka-leader-election", "--bootstrap-server", boot, "--election-type", "preferred",
                 "--all-topic-partitions")
        check(r.returncode == 0 and r.stdout == "Successfully completed leader election (PREFERRED) for partitions "
              "orders-0\n", "preferred election over every partition moves orders-0 back", r.stdout + r.stderr)
        check(describe(boot) == (0, [0, 1]), "kafka-topics --describe shows Leader: 0 right after the election",
              describe(boot))

        r = tool("kafka-leader-election", "--bootstrap-server", boot, "--election-type", "PREFERRED", "--topic",
                 "orders", "--partition", "0")
        check(r.returncode == 0 and r.stdout == "Valid replica already elected for partitions orders-0\n",
              "a second election is not needed", r.stdout + r.stderr)

        r = tool("kafka-leader-election", "--bootstrap-server", boot, "--election-type", "preferred", "--topic",
                 "orders", "--partition", "7")
        check(r.returncode == 1 and r.stdout == "Error completing leader election (PREFERRED) for partition: "
              "orders-7: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: The partition does not "
              "exist.\n" and r.stderr.endswith("1 replica(s) could not be elected\n"),
              "an unknown partition fails with Kafka's line and exit 1", r.stdout + r.stderr)

        r = tool("kafka-leader-election", "--bootstrap-server", boot, "--election-type", "unclean", "--topic",
                 "orders", "--partition", "0")
        check(r.returncode == 0 and r.stdout == "Valid replica already elected for partitions orders-0\n",
              "an unclean election of a partition with a live leader is not needed", r.stdout + r.stderr)

        r = tool("kafka-leader-election", "--bootstrap-server", boot, "--election-type", "preferred")
        check(r.returncode == 1 and r.stderr == "One and only one of the following options is required: topic, "
              "all-topic-partitions, path-to-json-file\n", "a usage error names the options", r.stderr)
        if failures:
            print(c.logs())
    print(f"{len(failures)} failed")
    for f in failures:
        print("FAILED:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
