#!/usr/bin/env python3
"""Dynamic broker configs as a user meets them: bin/kafka-configs.sh --entity-type brokers
(--entity-name 0 / --entity-default) --alter / --describe / --delete-config against a live
broker; the znodes Kafka's layout keeps (/config/brokers/<id>, /config/brokers/<default>,
/config/changes notifications); a dynamic default that really changes a running topic
(log.segment.bytes rolls its segments; DescribeConfigs of the topic names the source);
read-only keys and bad values refused with Kafka's messages; a restart keeps the values;
an unknown broker id fails at once naming the live ones; a dynamic log.retention.ms default
shows as DYNAMIC_DEFAULT_BROKER_CONFIG on a topic and goes away with --delete-config.

usage: broker_dynamic_configs_test.py BUILD_BIN_DIR
"""
import json
import os
import pathlib
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
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what + (f"\n{detail}" if detail else ""))


def tool(name, *args, input=None):
    env = dict(os.environ, ODRADEK_BUILD_DIR=str(bh.build_dir(BUILD)))
    return subprocess.run([str(REPO / "bin" / f"{name}.sh"), *args], capture_output=True, text=True, timeout=90,
                          input=input, env=env)


def zk_get(cluster, path):
    out = tool("zookeeper-shell", cluster.zk_connect, "get", path).stdout
    return [line for line in out.splitlines() if line.startswith("{")]


def configs(cluster, *args):
    return tool("kafka-configs", "--bootstrap-server", cluster.bootstrap, *args)


def wait_for(pred, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.3)
    return False


def main():
    with bh.Cluster(brokers=1, build=BUILD) as c:
        r = configs(c, "--entity-type", "brokers", "--entity-name", "0", "--alter", "--add-config",
                    "log.retention.ms=12345678,log.cleaner.threads=2")
        check(r.returncode == 0 and r.stdout == "Completed updating config for broker 0.\n",
              "alter broker 0: Kafka's completion line", r.stdout + r.stderr)
        r = configs(c, "--entity-type", "brokers", "--entity-default", "--alter", "--add-config",
                    "log.segment.bytes=16384")
        check(r.returncode == 0 and r.stdout == "Completed updating default config for brokers in the cluster.\n",
              "alter the cluster default: Kafka's completion line", r.stdout + r.stderr)

        check(zk_get(c, "/config/brokers/0") ==
              ['{"version":1,"config":{"log.cleaner.threads":"2","log.retention.ms":"12345678"}}'],
              "/config/brokers/0 holds Kafka's JSON", zk_get(c, "/config/brokers/0"))
        check(zk_get(c, "/config/brokers/<default>") == ['{"version":1,"config":{"log.segment.bytes":"16384"}}'],
              "/config/brokers/<default> holds Kafka's JSON", zk_get(c, "/config/brokers/<default>"))
        changes = tool("zookeeper-shell", c.zk_connect, "ls", "/config/changes").stdout.splitlines()[-1]
        names = [n.strip() for n in changes.strip("[]").split(",") if n.strip()]
        bodies = [zk_get(c, "/config/changes/" + n) for n in names]
        check(['{"version":2,"entity_path":"brokers/0"}'] in bodies and
              ['{"version":2,"entity_path":"brokers/<default>"}'] in bodies,
              "each alteration announced under /config/changes", bodies)

        r = configs(c, "--entity-type", "brokers", "--entity-name", "0", "--describe")
        check("Dynamic configs for broker 0 are:\n" in r.stdout and
              "  log.retention.ms=12345678 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.retention.ms=12345678, "
              "STATIC_BROKER_CONFIG:log.retention.hours=168, DEFAULT_CONFIG:log.retention.hours=168}\n" in r.stdout and
              "  log.cleaner.threads=2 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.cleaner.threads=2, "
              "DEFAULT_CONFIG:log.cleaner.threads=1}\n" in r.stdout,
              "describe broker 0: dynamic values with their synonyms", r.stdout + r.stderr)
        r = configs(c, "--entity-type", "brokers", "--entity-default", "--describe")
        check(r.stdout == "Default configs for brokers in the cluster are:\n"
              "  log.segment.bytes=16384 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.segment.bytes=16384, "
              "DEFAULT_CONFIG:log.segment.bytes=1073741824}\n",
              "describe the cluster default", r.stdout + r.stderr)

        # The default reaches a running topic without an override of its own.
        r = tool("kafka-topics", "--bootstrap-server", c.bootstrap, "--create", "--topic", "rolled")
        check(r.returncode == 0, "topic created", r.stdout + r.stderr)

        def topic_segment_bytes():
            out = configs(c, "--entity-type", "topics", "--entity-name", "rolled", "--describe", "--all").stdout
            return [line for line in out.splitlines() if line.strip().startswith("segment.bytes=")]
        ok = wait_for(lambda: topic_segment_bytes() == [
            "  segment.bytes=16384 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.segment.bytes=16384, "
            "DEFAULT_CONFIG:log.segment.bytes=1073741824}"])
        check(ok, "the topic's segment.bytes comes from the dynamic default", topic_segment_bytes())
        lines = "".join(f"record-{i:04d}-" + "x" * 400 + "\n" for i in range(100))
        r = tool("kafka-console-producer", "--bootstrap-server", c.bootstrap, "--topic", "rolled",
                 "--batch-size", "4096", input=lines)
        check(r.returncode == 0, "100 records of ~410 bytes produced in batches under 16 KiB", r.stderr)
        part_dir = c.brokers[0].log_dirs[0] / "rolled-0"
        segments = sorted(p.name for p in part_dir.glob("*.log"))
        check(len(segments) > 1, f"the partition rolled 16 KiB segments ({len(segments)} segment files)", segments)

        # Refusals, with Kafka 3.7's answers (ConfigAdminManager: INVALID_REQUEST with the bare text).
        r = configs(c, "--entity-type", "brokers", "--entity-name", "0", "--alter", "--add-config", "broker.id=3")
        check(r.returncode == 1 and "org.apache.kafka.common.errors.InvalidRequestException: "
              "Cannot update these configs dynamically: Set(broker.id)\n" in r.stderr,
              "a read-only key is refused", r.stdout + r.stderr)
        r = configs(c, "--entity-type", "brokers", "--entity-name", "0", "--alter", "--add-config",
                    "log.retention.ms=soon")
        check(r.returncode == 1 and "InvalidRequestException: Invalid value soon for configuration log.retention.ms: "
              "Not a number of type LONG\n" in r.stderr, "a bad value is refused", r.stdout + r.stderr)
        r = configs(c, "--entity-type", "brokers", "--entity-default", "--alter", "--add-config",
                    "advertised.listeners=PLAINTEXT://h:9092")
        check(r.returncode == 1 and "InvalidRequestException: Cannot update these configs at default cluster level, "
              "broker id must be specified: Set(advertised.listeners)\n" in r.stderr,
              "a per-broker key is refused at the default level", r.stdout + r.stderr)
        r = configs(c, "--entity-type", "brokers", "--entity-name", "0", "--alter", "--delete-config", "num.io.threads")
        check(r.returncode == 1 and "Invalid config(s): num.io.threads" in r.stderr,
              "deleting a key that is not set is refused", r.stdout + r.stderr)
        check(zk_get(c, "/config/brokers/0") ==
              ['{"version":1,"config":{"log.cleaner.threads":"2","log.retention.ms":"12345678"}}'],
              "nothing written by refused alterations", zk_get(c, "/config/brokers/0"))
        r = configs(c, "--entity-type", "brokers", "--entity-name", "7", "--describe")
        check(r.returncode == 1 and r.stderr ==
              "Broker 7 is not in the cluster (live brokers: 0); name a running broker with --entity-name.\n",
              "an unknown broker id fails in one line, naming the live brokers", r.stdout + r.stderr)

        # Restart keeps the dynamic values; delete-config reverts.
        c.brokers[0].stop()
        c.brokers[0].start()
        r = configs(c, "--entity-type", "brokers", "--entity-name", "0", "--describe")
        check("log.retention.ms=12345678" in r.stdout, "the dynamic values survive a restart", r.stdout + r.stderr)
        r = configs(c, "--entity-type", "brokers", "--entity-name", "0", "--alter", "--delete-config",
                    "log.retention.ms")
        check(r.returncode == 0, "delete-config", r.stdout + r.stderr)
        r = configs(c, "--entity-type", "brokers", "--entity-name", "0", "--describe")
        check("log.retention.ms" not in r.stdout and "log.cleaner.threads=2" in r.stdout,
              "the deleted key is gone, the other stays", r.stdout)
        r = configs(c, "--entity-type", "brokers", "--entity-name", "0", "--describe", "--all")
        lines = r.stdout.splitlines()
        check(r.returncode == 0 and lines[:1] == ["All configs for broker 0 are:"] and
              "  log.retention.ms=null sensitive=false synonyms={}" in lines and
              "  log.cleaner.threads=2 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.cleaner.threads=2, "
              "DEFAULT_CONFIG:log.cleaner.threads=1}" in lines and
              "  log.segment.bytes=16384 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.segment.bytes=16384, "
              "DEFAULT_CONFIG:log.segment.bytes=1073741824}" in lines and
              "  broker.id=0 sensitive=false synonyms={STATIC_BROKER_CONFIG:broker.id=0, DEFAULT_CONFIG:broker.id=-1}"
              in lines, "describe --all: every key with its source", r.stdout + r.stderr)
        # A dynamic default of log.retention.ms reaches the topic's effective config (broker 0
        # no longer sets its own).
        r = configs(c, "--entity-type", "brokers", "--entity-default", "--alter", "--add-config",
                    "log.retention.ms=7200000")
        check(r.returncode == 0, "alter the default log.retention.ms", r.stdout + r.stderr)

        def topic_retention():
            out = configs(c, "--entity-type", "topics", "--entity-name", "rolled", "--describe", "--all").stdout
            return [line for line in out.splitlines() if line.strip().startswith("retention.ms=")]
        want = ["  retention.ms=7200000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=7200000, "
                "STATIC_BROKER_CONFIG:log.retention.hours=168, DEFAULT_CONFIG:log.retention.hours=168}"]
        check(wait_for(lambda: topic_retention() == want),
              "the topic's retention.ms comes from the dynamic default (DYNAMIC_DEFAULT_BROKER_CONFIG)", topic_retention())
        r = configs(c, "--entity-type", "brokers", "--entity-default", "--alter", "--delete-config", "log.retention.ms")
        check(r.returncode == 0 and r.stdout == "Completed updating default config for brokers in the cluster.\n",
              "delete-config on the cluster default", r.stdout + r.stderr)
        # Kafka lists no synonyms here: they start at the first log.retention.ms entry.
        want = ["  retention.ms=604800000 sensitive=false synonyms={}"]
        check(wait_for(lambda: topic_retention() == want), "the topic's retention.ms reverts to the static value",
              topic_retention())

        if failures:
            print(c.logs())
    print(f"{len(failures)} failed")
    for f in failures:
        print("FAILED:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
