#!/usr/bin/env python3
"""kafka-server-start / kafka-server-stop as a user meets them: the znodes a started broker
writes, the errors that stop a start (each one line, exit 1, nothing touched), -daemon,
clean shutdown through kafka-server-stop, and a broker that keeps serving everyone else
while one connection sends garbage.

usage: broker_lifecycle_test.py BUILD_BIN_DIR
"""
import json
import os
import pathlib
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import broker_harness as bh  # noqa: E402

BIN = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else None
BUILD = BIN.parent if BIN else None
REPO = pathlib.Path(__file__).resolve().parents[2]
# Ids no other test uses: kafka-server-stop --node-id must only ever reach our brokers.
OWN_ID = 947

failures = []
runs = 0


def check(cond, what, detail=""):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what + (f"\n{detail}" if detail else ""))


def zk_shell(zk, *cmd):
    out = subprocess.run([str(REPO / "bin" / "zookeeper-shell.sh"), zk, *cmd], capture_output=True, text=True,
                         timeout=60, env=dict(os.environ, ODRADEK_BUILD_DIR=str(bh.build_dir(BUILD))))
    return out.stdout


def kcat(*args, input=None):
    return subprocess.run(["kcat", *args], capture_output=True, text=True, input=input, timeout=60)


def run_broker_once(cluster, props, *extra, timeout=60, env_extra=None, daemon=False):
    """Runs kafka-server-start in the foreground; returns (exit code, output)."""
    global runs
    runs += 1
    p = dict(bh.kafka_defaults())
    p.update({"broker.id": "9", "listeners": f"PLAINTEXT://127.0.0.1:{bh.free_port()}",
              "log.dirs": str(cluster.tmp / f"other-logs-{runs}"), "zookeeper.connect": cluster.zk_connect,
              "zookeeper.session.timeout.ms": "6000"})
    p.update(props)
    path = cluster.tmp / "other.properties"
    path.write_text("".join(f"{k}={v}\n" for k, v in p.items() if v is not None))
    env = dict(os.environ, ODRADEK_BUILD_DIR=str(cluster.build), LOG_DIR=str(cluster.tmp / "other-logs-out"))
    env.update(env_extra or {})
    argv = [str(REPO / "bin" / "kafka-server-start.sh")] + (["-daemon"] if daemon else []) + [str(path), *extra]
    out = subprocess.run(argv, capture_output=True,
                         text=True, timeout=timeout, env=env)
    return out.returncode, out.stdout + out.stderr


def main():
    bh.require_broker(BUILD)
    with bh.Cluster(brokers=1, build=BUILD) as c:
        b = c.broker(0)
        zk = c.zk_connect
        ls = zk_shell(zk, "ls", "/brokers/ids")
        check("[0]" in ls, "zookeeper-shell ls /brokers/ids shows [0]", ls)
        reg = zk_shell(zk, "get", "/brokers/ids/0")
        line = next((l for l in reg.splitlines() if l.startswith("{")), "{}")
        data = json.loads(line)
        check(data.get("endpoints") == [f"PLAINTEXT://{b.address}"] and data.get("version") == 5
              and isinstance(data.get("timestamp"), str), "broker registration JSON as Kafka writes it", line)
        for path in ["/cluster/id", "/controller", "/controller_epoch", "/brokers/topics", "/config/changes",
                     "/admin/delete_topics", "/isr_change_notification", "/latest_producer_id_block"]:
            check(c.znode_exists(path), f"{path} exists")
        ctrl = next((l for l in zk_shell(zk, "get", "/controller").splitlines() if l.startswith("{")), "{}")
        check(json.loads(ctrl).get("brokerid") == 0, "broker 0 is the controller", ctrl)
        meta = (b.log_dirs[0] / "meta.properties").read_text()
        check("broker.id=0" in meta and "cluster.id=" in meta, "meta.properties has broker.id and cluster.id", meta)

        # Errors that stop a start, before anything is written.
        rc, out = run_broker_once(c, {"num.partitions": "lots"})
        check(rc == 1 and "num.partitions" in out and "lots" in out, "an invalid value is refused, naming key and value",
              out)
        check(not (c.tmp / f"other-logs-{runs}").exists(), "a refused start creates no log dir")
        rc, out = run_broker_once(c, {"log.dirs": str(b.log_dirs[0])})
        check(rc == 1 and str(b.log_dirs[0]) in out, "a log dir in use by another broker is refused, naming it", out)
        rc, out = run_broker_once(c, {"listeners": f"PLAINTEXT://127.0.0.1:{b.port}"})
        check(rc == 1 and "Address already in use" in out, "a port in use is refused", out)
        rc, out = run_broker_once(c, {"broker.id": "0"}, timeout=120)
        check(rc == 1 and "broker.id=0" in out, "a second broker with the same broker.id is refused", out[-1500:])
        rc, out = run_broker_once(c, {"zookeeper.connect": f"127.0.0.1:{bh.free_port()}",
                                      "zookeeper.connection.timeout.ms": "1500"})
        check(rc == 1 and "Timed out waiting for connection" in out, "ZooKeeper down: bounded, clear failure", out)
        missing = subprocess.run([str(REPO / "bin" / "kafka-server-start.sh"), str(c.tmp / "nope.properties")],
                                 capture_output=True, text=True, timeout=30,
                                 env=dict(os.environ, ODRADEK_BUILD_DIR=str(c.build)))
        check(missing.returncode == 1 and "nope.properties" in missing.stderr, "a missing config file: exit 1, named",
              missing.stderr)
        usage = subprocess.run([str(REPO / "bin" / "kafka-server-start.sh")], capture_output=True, text=True,
                               timeout=30)
        check(usage.returncode == 1 and "USAGE:" in usage.stdout, "no arguments: usage, exit 1")

        # Garbage on one connection does not disturb the others.
        with socket.create_connection(("127.0.0.1", b.port), timeout=10) as s:
            s.sendall(struct.pack(">i", 2_000_000_000))  # over socket.request.max.bytes
            s.settimeout(10)
            closed = s.recv(1) == b""
        check(closed, "an oversized frame closes that connection")
        with socket.create_connection(("127.0.0.1", b.port), timeout=10) as s:
            s.sendall(struct.pack(">i", 8) + b"\x00\x63\x00\x00\x00\x00\x00\x01")  # api key 99
            s.settimeout(10)
            closed = s.recv(1) == b""
        check(closed, "an unknown api key closes that connection")
        md = kcat("-b", c.bootstrap, "-L")
        check(md.returncode == 0 and "1 brokers" in md.stdout, "the broker still serves others", md.stderr)

        # Clean restart: produce, SIGTERM, the clean-shutdown marker, restart without recovery, data back.
        p = kcat("-b", c.bootstrap, "-P", "-t", "restart", "-X", "acks=all", input="".join(f"m{i}\n" for i in range(50)))
        check(p.returncode == 0, "produced 50 records", p.stderr)
        rc = b.stop()
        check(rc == 0, "SIGTERM: clean shutdown, exit 0", b.process.tail())
        check((b.log_dirs[0] / ".kafka_cleanshutdown").exists(), "clean shutdown leaves .kafka_cleanshutdown")
        b.start()
        got = kcat("-b", c.bootstrap, "-C", "-t", "restart", "-e", "-o", "beginning", "-q")
        check(got.stdout.split() == [f"m{i}" for i in range(50)], "all records are back after a restart",
              got.stdout[-300:] + got.stderr)

    # -daemon and kafka-server-stop --node-id (our own id only).
    with bh.Cluster(brokers=0, build=BUILD) as c:
        logs_out = c.tmp / "daemon-logs"
        port = bh.free_port()
        t0 = time.time()
        rc, out = run_broker_once(c, {"broker.id": str(OWN_ID), "listeners": f"PLAINTEXT://127.0.0.1:{port}"},
                                  daemon=True, env_extra={"LOG_DIR": str(logs_out)})
        check(rc == 0 and time.time() - t0 < 10, "-daemon returns at once with exit 0", out)
        deadline = time.time() + 60
        while time.time() < deadline and not bh.port_open(port):
            time.sleep(0.2)
        check(bh.port_open(port), "the daemon broker accepts connections")
        check((logs_out / "kafkaServer.out").exists() and (logs_out / "server.log").exists(),
              "-daemon logs to $LOG_DIR/kafkaServer.out and server.log")
        stop = subprocess.run([str(REPO / "bin" / "kafka-server-stop.sh"), f"--node-id={OWN_ID}"],
                              capture_output=True, text=True, timeout=30,
                              env=dict(os.environ, ODRADEK_BUILD_DIR=str(c.build)))
        check(stop.returncode == 0, "kafka-server-stop --node-id signals it", stop.stdout + stop.stderr)
        deadline = time.time() + 60
        while time.time() < deadline and bh.port_open(port):
            time.sleep(0.2)
        check(not bh.port_open(port), "the daemon broker stopped")
        log = logs_out / "server.log"
        deadline = time.time() + 60
        out = ""
        while time.time() < deadline and "shut down completed" not in out:
            out = log.read_text() if log.exists() else ""
            time.sleep(0.2)
        check("shut down completed" in out, "it shut down cleanly", out[-500:])

    if failures:
        print(f"\n{len(failures)} failure(s):")
        for f in failures:
            print("- " + f)
        return 1
    print("all broker lifecycle checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
