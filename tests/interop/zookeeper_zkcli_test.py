#!/usr/bin/env python3
"""Interop: Apache ZooKeeper's zkCli.sh (Debian package zookeeper) against Odradek's
zookeeper-server-start.

usage: zookeeper_zkcli_test.py BUILD_BIN_DIR
"""
import pathlib
import subprocess
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "integration"))
from coordination_harness import Server  # noqa: E402

BIN = None
ZKCLI = "/usr/share/zookeeper/bin/zkCli.sh"


class ZkCliInteropTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(str(pathlib.Path(BIN) / "zookeeper-server-start")).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def zkcli(self, commands):
        r = subprocess.run([ZKCLI, "-server", f"127.0.0.1:{self.server.port}"], input="\n".join(commands) + "\nquit\n",
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
        return r.stdout  # zkCli prints results on stdout and errors on stderr

    def test_session(self):
        out = self.zkcli([
            "create /cli hello",
            "create -s /cli/s- x",
            "create -e /cli/e y",
            "get /cli",
            "set /cli world",
            "stat /cli",
            "ls /cli",
            "getAllChildrenNumber /cli",
            "getEphemerals /cli",
            "addauth digest bob:secret",
            "whoami",
            "create /cli/a a auth:bob:secret:cdrwa",
            "getAcl /cli/a",
            "sync /cli",
            "delete /cli",
            "deleteall /cli",
            "ls /",
        ])
        self.assertIn("Created /cli\n", out)
        self.assertIn("Created /cli/s-0000000000", out)
        self.assertIn("hello\n", out)
        self.assertIn("dataVersion = 1", out)
        self.assertIn("numChildren = 2", out)
        self.assertIn("[e, s-0000000000]", out)
        self.assertIn("[/cli/e]", out)
        self.assertIn("digest: bob", out)
        self.assertIn("'digest,'bob:fyVmFCwVbTJYrznoSu1koqYEYF0=", out)
        self.assertIn("Sync is OK", out)
        self.assertIn("Node not empty: /cli", out)
        root = [line for line in out.splitlines() if line.startswith("[") and "zookeeper" in line]
        self.assertTrue(root)
        self.assertNotIn("cli", root[-1])  # deleteall removed the subtree

    def test_persistent_recursive_watch(self):
        out = self.zkcli(["create /rw", "addWatch -m PERSISTENT_RECURSIVE /rw", "create /rw/x", "create /rw/x/y",
                          "set /rw/x 1", "ls /rw"])
        self.assertIn("type:NodeCreated path:/rw/x\n", out)
        self.assertIn("type:NodeCreated path:/rw/x/y", out)
        self.assertIn("type:NodeDataChanged path:/rw/x", out)

    def test_errors(self):
        out = self.zkcli(["get /missing", "create /dup", "create /dup", "set -v 7 /dup x"])
        self.assertIn("Node does not exist: /missing", out)
        self.assertIn("Node already exists: /dup", out)
        self.assertIn("version No is not valid : /dup", out)


if __name__ == "__main__":
    BIN = sys.argv.pop(1)
    unittest.main(verbosity=2)
