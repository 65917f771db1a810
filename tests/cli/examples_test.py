#!/usr/bin/env python3
"""CLI golden test: every examples/*.sh against a fresh single-broker cluster.

Each example runs with BOOTSTRAP_SERVER and ZOOKEEPER_CONNECT pointing at a harness
cluster (tests/broker_harness.py: zookeeper-server-start and kafka-server-start through
bin/ on free ports) and ODRADEK_RESTART_BROKER set to a command that asks this test to
restart the broker (by its PID; bin/kafka-server-stop.sh would signal every broker on the
machine). Its stdout, with the addresses put back to localhost:9092 / localhost:2181 and
topic ids masked, must equal tests/cli/examples/<name>.out, and it must exit 0. Every
example needs a golden file.

usage: examples_test.py BUILD_BIN_DIR
"""
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import broker_harness as bh  # noqa: E402

EXAMPLES = bh.REPO / "examples"
GOLDEN = pathlib.Path(__file__).resolve().parent / "examples"
BUILD = None


class RestartService:
    """A one-line protocol on 127.0.0.1: "restart" -> stop and start broker 0 -> "ok".
    Served from the main thread (poll), which must start the broker processes: the
    harness ties each child's life to the thread that started it."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.restarts = 0

    @property
    def command(self):
        return (f"exec 3<>/dev/tcp/127.0.0.1/{self.port}; echo restart >&3; read -r reply <&3; "
                f"[ \"$reply\" = ok ] || {{ echo \"restart failed: $reply\" >&2; exit 1; }}")

    def poll(self):
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        conn.settimeout(30)
        with conn, conn.makefile("rw") as f:
            if f.readline().strip() != "restart":
                return
            try:
                self.cluster.broker(0).restart()
                self.restarts += 1
                f.write("ok\n")
            except Exception as e:  # noqa: BLE001  reported to the example
                f.write(f"{e}".replace("\n", " ")[:500] + "\n")
            f.flush()

    def close(self):
        self.sock.close()


def normalize(text, cluster):
    text = text.replace(cluster.bootstrap, "localhost:9092").replace(cluster.zk_connect, "localhost:2181")
    return re.sub(r"TopicId: [A-Za-z0-9_-]{22}", "TopicId: <topic-id>", text)


class ExamplesTest(unittest.TestCase):
    def test_every_example_has_a_golden_file(self):
        names = sorted(p.stem for p in EXAMPLES.glob("*.sh") if p.name != "common.sh")
        self.assertTrue(names)
        self.assertEqual([n for n in names if not (GOLDEN / f"{n}.out").exists()], [])

    def run_example(self, name):
        with bh.Cluster(brokers=1, build=BUILD) as c:
            svc = RestartService(c)
            env = dict(os.environ, BOOTSTRAP_SERVER=c.bootstrap, ZOOKEEPER_CONNECT=c.zk_connect,
                       ODRADEK_BUILD_DIR=str(c.build), ODRADEK_RESTART_BROKER=svc.command)
            with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
                p = subprocess.Popen(["bash", str(EXAMPLES / f"{name}.sh")], stdout=out, stderr=err, text=True,
                                     env=env, stdin=subprocess.DEVNULL, start_new_session=True)
                deadline = time.time() + 240
                try:
                    while p.poll() is None and time.time() < deadline:
                        svc.poll()
                finally:
                    if p.poll() is None:
                        os.killpg(p.pid, signal.SIGKILL)  # the script and the tools it runs
                    p.wait()
                    svc.close()
                out.seek(0)
                err.seek(0)
                stdout, stderr = out.read(), err.read()
            diag = f"\n--- stdout\n{stdout}\n--- stderr\n{stderr[-4000:]}\n{c.logs()}"
            self.maxDiff = None
            self.assertEqual(p.returncode, 0, f"{name}.sh exited {p.returncode}{diag}")
            self.assertEqual(normalize(stdout, c), (GOLDEN / f"{name}.out").read_text(), f"{name}.sh output{diag}")
            return svc

    def test_orders_topic(self):
        self.run_example("orders-topic")

    def test_console_round_trip(self):
        self.run_example("console-round-trip")

    def test_misspelled_topic(self):
        self.run_example("misspelled-topic")

    def test_restart_and_read_back(self):
        svc = self.run_example("restart-and-read-back")
        self.assertEqual(svc.restarts, 1)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    BUILD = sys.argv.pop(1)
    bh.require_broker(BUILD)
    unittest.main(verbosity=2)
