#!/usr/bin/python3
"""Interop: Debian's python3-kazoo against Odradek's zookeeper-server-start.

usage: zookeeper_kazoo_test.py BUILD_BIN_DIR   (run with /usr/bin/python3)
"""
import pathlib
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "integration"))
from coordination_harness import Server  # noqa: E402

from kazoo.client import KazooClient  # noqa: E402
from kazoo.exceptions import (BadVersionError, NoNodeError, NodeExistsError, NotEmptyError,  # noqa: E402
                              NoChildrenForEphemeralsError, RolledBackError)
from kazoo.protocol.states import EventType  # noqa: E402

BIN = None


class KazooInteropTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(str(pathlib.Path(BIN) / "zookeeper-server-start")).start()
        cls.hosts = f"127.0.0.1:{cls.server.port}"

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def client(self, **kw):
        zk = KazooClient(hosts=self.hosts, timeout=10, **kw)
        zk.start(timeout=10)
        self.addCleanup(zk.close)  # cleanups run last-in first-out: stop, then close
        self.addCleanup(zk.stop)
        return zk

    def test_crud_and_errors(self):
        zk = self.client()
        zk.create("/k/a/b", b"deep", makepath=True)
        self.assertIn("k", zk.get_children("/"))
        self.assertEqual(sorted(zk.get_children("/zookeeper")), ["config", "quota"])
        data, stat = zk.get("/k/a/b")
        self.assertEqual(data, b"deep")
        self.assertEqual(stat.version, 0)
        self.assertEqual(stat.czxid, stat.mzxid)
        stat = zk.set("/k/a/b", b"new", version=0)
        self.assertEqual(stat.version, 1)
        self.assertGreater(stat.mzxid, stat.czxid)
        with self.assertRaises(BadVersionError):
            zk.set("/k/a/b", b"x", version=0)
        with self.assertRaises(NodeExistsError):
            zk.create("/k/a")
        with self.assertRaises(NotEmptyError):
            zk.delete("/k/a")
        with self.assertRaises(NoNodeError):
            zk.get("/k/none")
        parent = zk.exists("/k/a")
        self.assertEqual(parent.numChildren, 1)
        self.assertEqual(parent.cversion, 1)
        zk.delete("/k", recursive=True)
        self.assertIsNone(zk.exists("/k"))

    def test_sequential_and_ephemeral(self):
        zk = self.client()
        zk.create("/seq")
        names = [zk.create("/seq/n-", sequence=True) for _ in range(3)]
        self.assertEqual(names, ["/seq/n-0000000000", "/seq/n-0000000001", "/seq/n-0000000002"])
        e = zk.create("/seq/e-", ephemeral=True, sequence=True)
        self.assertEqual(e, "/seq/e-0000000003")
        self.assertEqual(zk.exists(e).ephemeralOwner, zk.client_id[0])
        with self.assertRaises(NoChildrenForEphemeralsError):
            zk.create(e + "/child")

    def test_multi(self):
        zk = self.client()
        zk.create("/mt", b"0")
        t = zk.transaction()
        t.create("/mt/a", b"1")
        t.set_data("/mt", b"2")
        t.check("/mt", 1)
        results = t.commit()
        self.assertEqual(results[0], "/mt/a")
        self.assertEqual(results[1].version, 1)
        self.assertTrue(results[2])
        t = zk.transaction()
        t.create("/mt/b")
        t.delete("/mt/none")
        t.create("/mt/c")
        results = t.commit()
        self.assertIsInstance(results[0], RolledBackError)
        self.assertIsInstance(results[1], NoNodeError)
        self.assertIsNone(zk.exists("/mt/b"))

    def test_watches(self):
        zk = self.client()
        other = self.client()
        events = []
        got = threading.Event()

        def watcher(ev):
            events.append(ev)
            got.set()

        zk.create("/w", b"")
        zk.get("/w", watch=watcher)
        other.set("/w", b"changed")
        self.assertTrue(got.wait(10))
        self.assertEqual(events[0].type, EventType.CHANGED)
        self.assertEqual(events[0].path, "/w")

        got.clear()
        zk.get_children("/w", watch=watcher)
        other.create("/w/c")
        self.assertTrue(got.wait(10))
        self.assertEqual(events[1].type, EventType.CHILD)

        got.clear()
        zk.exists("/w/later", watch=watcher)
        other.create("/w/later")
        self.assertTrue(got.wait(10))
        self.assertEqual(events[2].type, EventType.CREATED)

        got.clear()
        zk.exists("/w/later", watch=watcher)
        other.delete("/w/later")
        self.assertTrue(got.wait(10))
        self.assertEqual(events[3].type, EventType.DELETED)
        time.sleep(0.3)
        self.assertEqual(len(events), 4)  # one-shot: nothing more fired

    def test_ephemeral_expires_when_its_client_dies(self):
        # The owner runs in its own process and is killed: no closeSession is sent,
        # so the node goes only when the session times out.
        owner = subprocess.Popen([sys.executable, "-c", f"""
import time
from kazoo.client import KazooClient
zk = KazooClient(hosts="{self.hosts}", timeout=2)
zk.start(timeout=10)
zk.create("/lease", b"", ephemeral=True)
print("ready", flush=True)
time.sleep(60)
"""], stdout=subprocess.PIPE, text=True)
        self.addCleanup(owner.kill)
        self.assertEqual(owner.stdout.readline().strip(), "ready")
        zk = self.client()
        deleted = threading.Event()
        self.assertIsNotNone(zk.exists("/lease", watch=lambda ev: ev.type == EventType.DELETED and deleted.set()))
        owner.kill()
        owner.wait()
        self.assertTrue(deleted.wait(15))
        self.assertIsNone(zk.exists("/lease"))

    def test_session_survives_a_server_restart(self):
        # (kazoo drops its watches on a lost connection instead of sending SetWatches;
        # SetWatches is covered by the unit and differential tests.)
        zk = self.client()
        zk.create("/survive", b"0")
        zk.create("/survive/eph", ephemeral=True)
        session = zk.client_id
        self.server.stop()
        self.server.start()
        other = self.client()
        other.set("/survive", b"1")
        self.assertEqual(zk.get("/survive")[0], b"1")  # kazoo reconnected to the same session
        self.assertEqual(zk.client_id, session)
        self.assertEqual(other.exists("/survive/eph").ephemeralOwner, session[0])

    def test_acl_round_trip_and_auth(self):
        zk = self.client(auth_data=[("digest", "alice:pw")])
        from kazoo.security import make_digest_acl
        acl = make_digest_acl("alice", "pw", all=True)
        zk.create("/acl", b"", acl=[acl])
        acls, stat = zk.get_acls("/acl")
        self.assertEqual(acls[0].id.scheme, "digest")
        self.assertEqual(acls[0].id.id, acl.id.id)
        self.assertEqual(stat.aversion, 0)
        zk.set_acls("/acl", [acl], version=0)
        self.assertEqual(zk.exists("/acl").aversion, 1)


if __name__ == "__main__":
    BIN = sys.argv.pop(1)
    unittest.main(verbosity=2)
