#!/usr/bin/env python3
"""zookeeper-shell against Odradek's zookeeper-server-start: the exact output and
exit status of each command, one-shot and from stdin.

usage: zookeeper_shell_test.py BUILD_BIN_DIR
"""
import pathlib
import re
import subprocess
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from coordination_harness import Server  # noqa: E402

BIN = None
CONNECTED = "\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\n"
STAT_KEYS = ["cZxid", "ctime", "mZxid", "mtime", "pZxid", "cversion", "dataVersion", "aclVersion",
             "ephemeralOwner", "dataLength", "numChildren"]


def mask(text):
    text = re.sub(r"(ctime|mtime) = [^\n]*", r"\1 = T", text)
    return re.sub(r"ephemeralOwner = 0x[0-9a-f]+", lambda m: m.group(0) if m.group(0).endswith(" 0x0")
                  else "ephemeralOwner = SESSION", text)


class ZookeeperShellTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(str(pathlib.Path(BIN) / "zookeeper-server-start")).start()
        cls.addr = f"127.0.0.1:{cls.server.port}"

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def shell(self, *args, stdin=""):
        r = subprocess.run([str(pathlib.Path(BIN) / "zookeeper-shell"), *args], input=stdin, capture_output=True,
                           text=True, timeout=60)
        return r.returncode, r.stdout, r.stderr

    def one(self, *cmd):
        return self.shell(self.addr, *cmd)

    def head(self, addr=None):
        return f"Connecting to {addr or self.addr}\n" + CONNECTED

    def test_01_create_get_set_stat(self):
        self.assertEqual(self.one("create", "/t", "hello"), (0, self.head(), "Created /t\n"))
        self.assertEqual(self.one("get", "/t"), (0, self.head() + "hello\n", ""))
        self.assertEqual(self.one("set", "/t", "world"), (0, self.head(), ""))
        code, out, err = self.one("stat", "/t")
        self.assertEqual((code, err), (0, ""))
        body = out[len(self.head()):]
        self.assertEqual([line.split(" = ")[0] for line in body.splitlines()], STAT_KEYS)
        self.assertRegex(body, r"^cZxid = 0x[0-9a-f]+\nctime = \w{3} \w{3} \d\d \d\d:\d\d:\d\d \S+ \d{4}\n")
        self.assertIn("\ndataVersion = 1\n", body)
        self.assertIn("\ndataLength = 5\n", body)
        code, out, _ = self.one("get", "-s", "/t")
        self.assertTrue(out.startswith(self.head() + "world\ncZxid = 0x"))

    def test_02_ls_and_sequential_ephemeral(self):
        self.assertEqual(self.one("create", "/l"), (0, self.head(), "Created /l\n"))
        self.assertEqual(self.one("create", "-s", "/l/s-", "x"), (0, self.head(), "Created /l/s-0000000000\n"))
        self.assertEqual(self.one("create", "/l/b"), (0, self.head(), "Created /l/b\n"))
        self.assertEqual(self.one("create", "/l/b/c"), (0, self.head(), "Created /l/b/c\n"))
        self.assertEqual(self.one("ls", "/l"), (0, self.head() + "[b, s-0000000000]\n", ""))
        self.assertEqual(self.one("ls", "-R", "/l"), (0, self.head() + "/l\n/l/b\n/l/s-0000000000\n/l/b/c\n", ""))
        code, out, _ = self.one("ls", "-s", "/l")
        self.assertTrue(mask(out).startswith(self.head() + "[b, s-0000000000]\ncZxid = "))
        self.assertIn("\nnumChildren = 2\n", out)
        # An ephemeral lives as long as the shell's session: gone once the shell exits.
        self.assertEqual(self.one("create", "-e", "/l/e"), (0, self.head(), "Created /l/e\n"))
        self.assertEqual(self.one("stat", "/l/e"), (1, self.head(), "Node does not exist: /l/e\n"))

    def test_03_errors_and_exit_codes(self):
        self.assertEqual(self.one("get", "/none"), (1, self.head(), "Node does not exist: /none\n"))
        self.assertEqual(self.one("ls", "/none"), (1, self.head(), "Node does not exist: /none\n"))
        self.assertEqual(self.one("delete", "/none"), (1, self.head(), "Node does not exist: /none\n"))
        self.one("create", "/e")
        self.one("create", "/e/c")
        self.assertEqual(self.one("create", "/e"), (1, self.head(), "Node already exists: /e\n"))
        self.assertEqual(self.one("delete", "/e"), (1, self.head(), "Node not empty: /e\n"))
        self.assertEqual(self.one("set", "-v", "7", "/e", "x"), (1, self.head(), "version No is not valid : /e\n"))
        self.assertEqual(self.one("create", "x"), (1, self.head(), "Path must start with / character\n"))
        self.assertEqual(self.one("ls"), (1, self.head(), "ls [-s] [-w] [-R] path\n"))
        code, out, err = self.one("nosuch", "/")
        self.assertEqual((code, out), (127, self.head()))
        self.assertTrue(err.startswith("ZooKeeper -server host:port [-zk-tls-config-file <file>] cmd args\n"))
        self.assertTrue(err.endswith("\twhoami \nCommand not found: Command not found nosuch\n"))
        self.assertEqual(self.shell(), (1, "", "USAGE: zookeeper-shell.sh zookeeper_host:port[/path] "
                                               "[-zk-tls-config-file file] [args...]\n"))

    def test_04_deleteall_getacl(self):
        for p in ["/d", "/d/a", "/d/a/b", "/d/c"]:
            self.one("create", p)
        self.assertEqual(self.one("getAcl", "/d"), (0, self.head() + "'world,'anyone\n: cdrwa\n", ""))
        self.assertEqual(self.one("deleteall", "/d"), (0, self.head(), ""))
        self.assertEqual(self.one("stat", "/d"), (1, self.head(), "Node does not exist: /d\n"))

    def test_05_stdin_session_and_chroot(self):
        self.one("create", "/root")
        script = "create /x 1\nget -w /x\nset /x 2\n\nls /\nsync /x\ndelete /x\nls /\nget /x\n"
        code, out, err = self.shell(self.addr + "/root", stdin=script)
        self.assertEqual(code, 1)  # the last command failed
        self.assertEqual(out, f"Connecting to {self.addr}/root\nWelcome to ZooKeeper!\nJLine support is disabled\n"
                         + CONNECTED + "1\n"
                         + "\nWATCHER::\n\nWatchedEvent state:SyncConnected type:NodeDataChanged path:/x\n"
                         + "[x]\nSync is OK\n[]\n")
        self.assertEqual(err, "Created /x\nNode does not exist: /x\n")
        # quit stops reading; the status is that of the command before it.
        code, out, err = self.shell(self.addr, stdin="get /none\nquit\nls /\n")
        self.assertEqual((code, err), (1, "Node does not exist: /none\n"))
        self.assertNotIn("[", out)

    def test_06_missing_chroot(self):
        port = self.server.port
        r = self.shell(f"127.0.0.1:{port}/no/such/chroot", "ls", "/")
        self.assertEqual(r, (1, f"Connecting to 127.0.0.1:{port}/no/such/chroot\n" + CONNECTED,
                             "Node does not exist: /\n"))


if __name__ == "__main__":
    BIN = sys.argv.pop(1)
    unittest.main(verbosity=2)
