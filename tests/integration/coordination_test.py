#!/usr/bin/env python3
"""Integration tests of zookeeper-server-start / zookeeper-server-stop: the real binary on
127.0.0.1, a free port, a temp dir; bounded in time; servers stopped by PID.

usage: coordination_test.py BUILD_BIN_DIR
"""
import os
import pathlib
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from coordination_harness import RawClient, Server, four_letter, free_port  # noqa: E402

BIN = None


def exe(name):
    return str(pathlib.Path(BIN) / name)


class CoordinationServerTest(unittest.TestCase):
    def setUp(self):
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            s.cleanup()

    def server(self, **kw):
        s = Server(exe("zookeeper-server-start"), **kw)
        self.servers.append(s)
        return s

    def test_four_letter_words_and_whitelist(self):
        s = self.server().start()
        self.assertIn("Mode: standalone", four_letter(s.port, "srvr"))
        self.assertEqual(four_letter(s.port, "ruok"),
                         "ruok is not executed because it is not in the whitelist.\n")
        s.stop()
        s.extra = "4lw.commands.whitelist=*"
        s.start()
        self.assertEqual(four_letter(s.port, "ruok"), "imok")
        stat = four_letter(s.port, "stat")
        self.assertIn("Clients:", stat)
        self.assertIn("Node count: 5", stat)  # as ZooKeeper counts a fresh tree
        self.assertIn("zk_server_state\tstandalone", four_letter(s.port, "mntr"))
        self.assertIn(f"clientPort={s.port}", four_letter(s.port, "conf"))
        self.assertIn("Environment:", four_letter(s.port, "envi"))
        c = RawClient(s.port)
        self.assertIn(f"sid=0x{c.session_id:x}", four_letter(s.port, "cons"))
        c.close()

    def test_session_and_basic_ops_over_the_wire(self):
        s = self.server().start()
        c = RawClient(s.port, timeout_ms=1)
        self.assertEqual(c.timeout, 1000)  # clamped to 2 x tickTime
        self.assertEqual(len(c.passwd), 16)
        self.assertEqual(c.rest, b"\0")  # readOnly byte echoed
        _, zxid, err, body = c.create("/it", b"v")
        self.assertEqual(err, 0)
        _, _, err, body = c.get("/it")
        self.assertEqual(err, 0)
        self.assertEqual(body[:5], struct.pack(">i", 1) + b"v")
        _, _, err, _ = c.request(999)
        self.assertEqual(err, -6)  # UNIMPLEMENTED, then the connection is dropped, as ZooKeeper does
        with self.assertRaises(ConnectionError):
            c.request(11, xid=-2)
        c.sock.close()
        # Without the readOnly byte the answer has none either.
        old = RawClient(s.port, read_only_byte=False)
        self.assertEqual(old.rest, b"")
        old.close()

    def test_bad_input_closes_only_that_connection(self):
        s = self.server().start()
        good = RawClient(s.port)
        for payload in (struct.pack(">i", 0x100000 + 1), struct.pack(">i", -5),
                        struct.pack(">i", 3) + b"abc"):
            with socket.create_connection(("127.0.0.1", s.port), timeout=5) as bad:
                bad.sendall(payload)
                self.assertEqual(bad.recv(100), b"")  # closed by the server
        _, _, err, _ = good.create("/still-alive")
        self.assertEqual(err, 0)
        good.close()
        self.assertIsNone(s.proc.poll())

    def test_max_client_cnxns_per_ip(self):
        s = self.server(extra="maxClientCnxns=2")
        s.config()
        s.start()
        a, b = RawClient(s.port), RawClient(s.port)
        with socket.create_connection(("127.0.0.1", s.port), timeout=5) as third:
            self.assertEqual(third.recv(100), b"")
        a.close()
        b.close()
        self.assertIn("Too many connections from /127.0.0.1 - max is 2", s.output())

    def test_restart_restores_tree_zxid_and_sessions(self):
        s = self.server().start()
        c = RawClient(s.port, timeout_ms=10000)
        for i in range(50):
            self.assertEqual(c.create(f"/n{i}", b"x" * i)[2], 0)
        _, zxid, err, _ = c.create("/eph", b"", flags=1)
        self.assertEqual(err, 0)
        c.sock.close()  # no closeSession: the session must survive the restart
        self.assertEqual(s.stop(), 0)
        self.assertIn("Server stopped cleanly", s.output())
        s.start()
        c2 = RawClient(s.port, timeout_ms=10000, session_id=c.session_id, passwd=c.passwd)
        self.assertEqual(c2.session_id, c.session_id)  # resumed after the restart
        _, zxid2, err, body = c2.get("/n49")
        self.assertEqual(err, 0)
        self.assertGreaterEqual(zxid2, zxid)
        self.assertEqual(c2.get("/eph")[2], 0)  # its owner is still alive
        c2.close()
        other = RawClient(s.port)
        self.assertEqual(other.get("/eph")[2], -101)  # closeSession removed it
        other.close()

    def test_torn_log_tail_is_truncated_with_a_warning(self):
        s = self.server().start()
        c = RawClient(s.port)
        self.assertEqual(c.create("/kept")[2], 0)
        c.close()
        s.stop()
        logs = sorted((s.data_dir / "version-2").glob("log.*"))
        self.assertTrue(logs)
        with open(logs[-1], "ab") as f:
            f.write(b"\x00\x00\x01\x00garbage")
        s.start()
        self.assertIn("WARN truncating torn tail", s.output())
        c = RawClient(s.port)
        self.assertEqual(c.get("/kept")[2], 0)
        c.close()

    def test_snapshots_and_purge(self):
        s = self.server(extra="snapCount=20\nautopurge.snapRetainCount=3\nautopurge.purgeInterval=1")
        s.start()
        c = RawClient(s.port)
        for i in range(130):
            self.assertEqual(c.create(f"/p{i}")[2], 0)
        c.close()
        s.stop()
        s.start()  # purge runs at start
        s.stop()
        snaps = sorted((s.data_dir / "version-2").glob("snapshot.*"))
        self.assertEqual(len(snaps), 3, [p.name for p in snaps])
        s.start()
        c = RawClient(s.port)
        self.assertEqual(c.get("/p129")[2], 0)
        c.close()

    def test_data_log_dir_holds_the_log(self):
        s = self.server()
        s.extra = f"dataLogDir={s.tmp / 'txnlog'}"
        s.start()
        c = RawClient(s.port)
        self.assertEqual(c.create("/in-log")[2], 0)
        c.close()
        s.stop()
        self.assertTrue(list((s.tmp / "txnlog" / "version-2").glob("log.*")))
        self.assertFalse(list((s.data_dir / "version-2").glob("log.*")))
        self.assertTrue(list((s.data_dir / "version-2").glob("snapshot.*")))
        s.start()
        c = RawClient(s.port)
        self.assertEqual(c.get("/in-log")[2], 0)
        c.close()

    def test_log_lines_have_log4j_shape(self):
        s = self.server().start()
        s.stop()
        out = s.output()
        self.assertRegex(out, r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] INFO binding to port "
                              r"127\.0\.0\.1/127\.0\.0\.1:\d+ \(odradek\.coordination\.zk_server\)")
        self.assertIn("INFO Ignoring admin.enableServer", out)

    def test_invalid_configs(self):
        tmp = pathlib.Path(tempfile.mkdtemp(prefix="odradek-zk-cfg-"))
        self.addCleanup(shutil.rmtree, tmp, True)
        cfg = tmp / "z.properties"
        cfg.write_text(f"dataDir={tmp}/d\nclientPort={free_port()}\nserver.1=localhost:2888:3888\n")
        r = subprocess.run([exe("zookeeper-server-start"), str(cfg)], capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 2)
        self.assertIn("standalone only", r.stdout)
        r = subprocess.run([exe("zookeeper-server-start")], capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 1)
        self.assertIn("USAGE: zookeeper-server-start [-daemon] zookeeper.properties", r.stdout)

    @staticmethod
    def pids_with(arg):
        """PIDs of processes with `arg` as one of their command-line arguments."""
        pids = []
        for proc in pathlib.Path("/proc").iterdir():
            try:
                if proc.name.isdigit() and arg.encode() in (proc / "cmdline").read_bytes().split(b"\0"):
                    pids.append(int(proc.name))
            except OSError:
                pass
        return pids

    def wait_for_log(self, path, text, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if path.exists() and text in path.read_text():
                return True
            time.sleep(0.1)
        return False

    def test_daemon_stops_cleanly_on_sigterm(self):
        """-daemon detaches and logs to logs/zookeeper.out; SIGTERM (what zookeeper-server-stop
        sends) stops it cleanly. The test signals only the daemon it started, by PID."""
        s = self.server()
        cfg = s.config()
        logdir = s.tmp / "logs"
        env = dict(os.environ, LOG_DIR=str(logdir))
        r = subprocess.run([exe("zookeeper-server-start"), "-daemon", str(cfg)], env=env, timeout=30)
        self.assertEqual(r.returncode, 0)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                if four_letter(s.port, "srvr").startswith("Zookeeper version:"):
                    break
            except OSError:
                time.sleep(0.1)
        pids = self.pids_with(str(cfg))
        self.assertEqual(len(pids), 1, f"expected one daemon for {cfg}, found {pids}")
        os.kill(pids[0], signal.SIGTERM)
        self.assertTrue(self.wait_for_log(logdir / "zookeeper.out", "Server stopped cleanly"))
        out = (logdir / "zookeeper.out").read_text()
        self.assertIn("binding to port", out)
        deadline = time.time() + 20
        while time.time() < deadline and self.pids_with(str(cfg)):
            time.sleep(0.1)
        self.assertEqual(self.pids_with(str(cfg)), [])

    def test_stop_tool_in_a_private_pid_namespace(self):
        """zookeeper-server-stop signals every zookeeper-server-start it can see, as Kafka's
        script does. Run it, with the daemon it must stop, in a PID namespace of their own so
        that no other server on this machine can be touched."""
        if os.geteuid() != 0 or shutil.which("unshare") is None:
            self.skipTest("needs root and unshare(1) to make a private PID namespace")
        probe = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "true"], capture_output=True, timeout=30)
        if probe.returncode != 0:
            self.skipTest("cannot create a PID namespace here: " + probe.stderr.decode().strip())
        s = self.server()
        cfg = s.config()
        logdir = s.tmp / "logs"
        script = f"""
            export LOG_DIR='{logdir}'
            '{exe("zookeeper-server-start")}' -daemon '{cfg}' || exit 90
            for i in $(seq 200); do (exec 3<>/dev/tcp/127.0.0.1/{s.port}) 2>/dev/null && break; sleep 0.1; done
            '{exe("zookeeper-server-stop")}'; echo "first=$?"
            for i in $(seq 200); do pgrep -x zookeeper-serve >/dev/null || break; sleep 0.1; done
            '{exe("zookeeper-server-stop")}'; echo "second=$?"
        """
        r = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "bash", "-c", script],
                           capture_output=True, text=True, timeout=90)
        self.assertIn("first=0\n", r.stdout, r.stdout + r.stderr)
        self.assertIn("No zookeeper server to stop\nsecond=1\n", r.stdout, r.stdout + r.stderr)
        out = (logdir / "zookeeper.out").read_text()
        self.assertIn("binding to port", out)
        self.assertIn("Server stopped cleanly", out)


if __name__ == "__main__":
    BIN = sys.argv.pop(1)
    unittest.main(verbosity=2)
