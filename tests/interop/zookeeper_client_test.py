#!/usr/bin/env python3
"""Interop: Odradek's ZooKeeper client (through zookeeper-shell) against Apache
ZooKeeper 3.8 itself (Debian package zookeeper, ZooKeeperServerMain on a free port in
a temp dir, stopped by its PID). The same command script is run by Apache's zkCli.sh
and by our zookeeper-shell, each against a fresh Apache server, and their outputs must
be the same once times and session ids are masked.

It also runs the client's own unit tests (coordination_client_test, cases "client:*")
against an Apache server: sessions, every operation, multi, chroot, one-shot watches,
resuming a dropped session with its watches re-registered, and session expiry.

usage: zookeeper_client_test.py BUILD_BIN_DIR CLIENT_TEST_BINARY
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "integration"))
from coordination_harness import four_letter, free_port  # noqa: E402

BIN = None
CLIENT_TEST = None
ZK_JAR = "/usr/share/java/zookeeper.jar"
ZKCLI = "/usr/share/zookeeper/bin/zkCli.sh"

SCRIPT = [
    "create /a hello",
    "create /a/b",
    "create -s /a/s- x",
    "create -s /a/s- y",
    "create -e /a/e eph",
    "create -c /cont",
    "create /cont/k",
    "ls /a",
    "ls -s /a",
    "ls -R /",
    "get /a",
    "get -s /a/b",
    "stat /a",
    "stat /a/e",
    "getAcl /a",
    "getAcl -s /a/b",
    "set /a world",
    "set -s /a again",
    "set -v 0 /a stale",
    "get -w /a/b",
    "set /a/b changed",
    "ls -w /a",
    "delete /a/b",
    "delete /a",
    "delete /none",
    "get /none",
    "ls /none",
    "stat /none",
    "create /a",
    "create /a/e/child",
    "create /no/parent",
    "create bad",
    "create /a/ x",
    "deleteall /a",
    "ls /",
    "sync /",
    "get /cont/k",
    "nosuchcommand",
]


class ApacheZooKeeper:
    def __init__(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="odradek-apache-zk-"))
        self.port = free_port()
        self.log = open(self.tmp / "zk.log", "wb")
        self.proc = subprocess.Popen(
            ["java", "-cp", f"/etc/zookeeper/conf:{ZK_JAR}", "-Dzookeeper.admin.enableServer=false",
             "org.apache.zookeeper.server.ZooKeeperServerMain", str(self.port), str(self.tmp / "data"), "500"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while True:  # the port opens before the server serves: wait for srvr's answer
            try:
                if four_letter(self.port, "srvr").startswith("Zookeeper version"):
                    break
            except OSError:
                pass
            if time.time() > deadline or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError("Apache ZooKeeper did not start")
            time.sleep(0.2)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def mask(text):
    text = re.sub(r"(ctime|mtime) = [^\n]*", r"\1 = T", text)
    text = re.sub(r"ephemeralOwner = 0x[0-9a-f]+", lambda m: m.group(0) if m.group(0) == "ephemeralOwner = 0x0"
                  else "ephemeralOwner = SESSION", text)
    text = re.sub(r"127\.0\.0\.1:\d+", "HOST", text)
    # zkCli's own usage header names its -client-configuration option; Kafka's names
    # -zk-tls-config-file (our shell prints Kafka's).
    text = text.replace("ZooKeeper -server host:port -client-configuration properties-file cmd args",
                        "ZooKeeper -server host:port [-zk-tls-config-file <file>] cmd args")
    return "\n".join(line for line in text.split("\n") if not line.startswith("SLF4J:"))


def run(argv, stdin=""):
    r = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=120)
    return r.returncode, mask(r.stdout), mask(r.stderr)


class ClientAgainstApacheZooKeeper(unittest.TestCase):
    def both(self, args, stdin=""):
        """Runs zkCli.sh and our shell with the same arguments, each against a fresh server."""
        results = []
        for argv in ([ZKCLI, "-server"], [str(pathlib.Path(BIN) / "zookeeper-shell")]):
            zk = ApacheZooKeeper()
            try:
                results.append(run(argv + [f"127.0.0.1:{zk.port}"] + args, stdin))
            finally:
                zk.stop()
        return results

    def test_script_from_stdin(self):
        (code_j, out_j, err_j), (code_o, out_o, err_o) = self.both([], "\n".join(SCRIPT) + "\n")
        self.maxDiff = None
        self.assertIn("Created /a/s-0000000002", err_j)  # zkCli really ran the script
        self.assertEqual(out_o, out_j)
        self.assertEqual(err_o, err_j)
        self.assertEqual(code_o, code_j)

    def test_one_command(self):
        for args in (["ls", "/"], ["get", "/zookeeper"], ["stat", "/nothere"], ["ls", "-R", "/zookeeper"]):
            (code_j, out_j, err_j), (code_o, out_o, err_o) = self.both(args)
            self.assertEqual((code_o, out_o, err_o), (code_j, out_j, err_j), args)

    def test_client_unit_tests_against_apache(self):
        zk = ApacheZooKeeper()
        try:
            env = dict(os.environ, ODRADEK_ZK_CONNECT=f"127.0.0.1:{zk.port}")
            r = subprocess.run([CLIENT_TEST, "--test-case=client:*"], env=env, capture_output=True, text=True,
                               timeout=300)
        finally:
            zk.stop()
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertRegex(r.stdout, r"test cases: +\d+ \| +\d+ passed \| +0 failed")


if __name__ == "__main__":
    BIN = sys.argv.pop(1)
    CLIENT_TEST = sys.argv.pop(1)
    unittest.main(verbosity=2)
