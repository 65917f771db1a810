#!/usr/bin/env python3
"""Differential test: the same raw client-protocol session against Apache ZooKeeper 3.8
(Debian package zookeeper, ZooKeeperServerMain) and against Odradek's
zookeeper-server-start; every reply (error codes, zxids, stats, names, multi results,
watch events) must be the same once times and session ids are masked.

usage: zookeeper_differential_test.py BUILD_BIN_DIR
"""
import pathlib
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "integration"))
from coordination_harness import WORLD_ACL, RawClient, Server, _string, four_letter, free_port  # noqa: E402

BIN = None
DEBUG = False
ZK_JAR = "/usr/share/java/zookeeper.jar"

STAT = struct.Struct(">qqqqiiiqiiq")


def s(x):
    return _string(x)


def create(path, data=b"", flags=0, acl=WORLD_ACL):
    return s(path) + s(data) + acl + struct.pack(">i", flags)


def multi(*ops):
    out = b""
    for op, body in ops:
        out += struct.pack(">i?i", op, False, -1) + body
    return out + struct.pack(">i?i", -1, True, -1)


class Masker:
    def __init__(self, session_id):
        self.session_id = session_id

    def stat(self, b, off):
        f = list(STAT.unpack_from(b, off))
        f[2] = f[3] = 0  # ctime, mtime
        if f[7] == self.session_id:
            f[7] = "SESSION"
        return tuple(f)


# (name, op, body, how to decode the body)
SCRIPT = [
    ("create", 1, create("/d", b"a"), "path"),
    ("create exists", 1, create("/d"), ""),
    ("create no parent", 1, create("/d/x/y"), ""),
    ("create dot", 1, create("/d/."), ""),
    ("create bad flags", 1, create("/d/f", flags=9), ""),
    ("create ttl", 1, create("/d/t", flags=5), ""),
    ("create empty acl", 1, create("/d/n", acl=struct.pack(">i", 0)), ""),
    ("seq 1", 1, create("/d/s-", flags=2), "path"),
    ("plain", 1, create("/d/o"), "path"),
    ("delete plain", 2, s("/d/o") + struct.pack(">i", -1), ""),
    ("seq 2", 15, create("/d/s-", flags=2), "path+stat"),
    ("set bad version", 5, s("/d") + s(b"v") + struct.pack(">i", 5), ""),
    ("set", 5, s("/d") + s(b"v") + struct.pack(">i", 0), "stat"),
    ("get", 4, s("/d") + b"\0", "data+stat"),
    ("exists none", 3, s("/none") + b"\0", ""),
    ("children2", 12, s("/d") + b"\0", "children+stat"),
    ("delete not empty", 2, s("/d") + struct.pack(">i", -1), ""),
    ("ephemeral", 1, create("/d/e", flags=1), "path"),
    ("child of ephemeral", 1, create("/d/e/c"), ""),
    ("exists ephemeral", 3, s("/d/e") + b"\0", "stat"),
    ("multi fails", 14, multi((1, create("/m")), (13, s("/d") + struct.pack(">i", 9)), (1, create("/m2"))), "multi"),
    ("multi ok", 14, multi((1, create("/m")), (5, s("/m") + s(b"x") + struct.pack(">i", -1)),
                           (15, create("/m/c")), (2, s("/m/c") + struct.pack(">i", 0))), "multi"),
    ("get acl", 6, s("/d"), "acl+stat"),
    ("set acl bad version", 7, s("/d") + WORLD_ACL + struct.pack(">i", 3), ""),
    ("set acl", 7, s("/d") + WORLD_ACL + struct.pack(">i", 0), "stat"),
    ("all children number", 104, s("/d"), "int"),
    ("ephemerals", 103, s("/"), "children"),
    ("sync", 9, s("/d"), "path"),
    ("delete /zookeeper", 2, s("/zookeeper") + struct.pack(">i", -1), ""),
    ("root children", 8, s("/") + b"\0", "children"),
    ("zookeeper children", 8, s("/zookeeper") + b"\0", "children"),
    ("root stat", 3, s("/") + b"\0", "stat"),
    ("watch data", 4, s("/m") + b"\1", "data+stat"),
    ("trigger", 5, s("/m") + s(b"y") + struct.pack(">i", -1), "stat"),
    ("watch exists", 3, s("/w") + b"\1", ""),
    ("trigger create", 1, create("/w"), "path"),
    ("delete seq", 2, s("/d/s-0000000000") + struct.pack(">i", -1), ""),
    ("cversion after delete", 3, s("/d") + b"\0", "stat"),
    ("container", 19, create("/box", flags=4), "path+stat"),
    ("container child", 1, create("/box/c"), "path"),
    ("container stat", 3, s("/box") + b"\0", "stat"),
    ("multi container", 14, multi((1, create("/box2", flags=4)), (1, create("/box2/x", flags=3))), "multi"),
    ("create root", 1, create("/"), ""),
    ("get config", 4, s("/zookeeper/config") + b"\0", "data+stat"),
    ("get quota", 4, s("/zookeeper/quota") + b"\0", "data+stat"),
    ("child watch", 8, s("/d") + b"\1", "children"),
    ("trigger child delete", 2, s("/d/s-0000000002") + struct.pack(">i", -1), ""),
    ("add persistent watch", 106, s("/pw") + struct.pack(">i", 0), "int"),
    ("add recursive watch", 106, s("/rw") + struct.pack(">i", 1), "int"),
    ("trigger persistent", 1, create("/pw"), "path"),
    ("trigger persistent 2", 1, create("/pw/c"), "path"),
    ("trigger recursive", 1, create("/rw"), "path"),
    ("trigger recursive 2", 1, create("/rw/c"), "path"),
    ("trigger recursive 3", 5, s("/rw/c") + s(b"z") + struct.pack(">i", -1), "stat"),
    ("check watches none", 17, s("/none") + struct.pack(">i", 2), ""),
    ("remove watches none", 18, s("/none") + struct.pack(">i", 3), ""),
    ("multi read", 22, multi((8, s("/d") + b"\0"), (4, s("/none") + b"\0"), (4, s("/m") + b"\0")), "multi"),
    ("ping", 11, b"", ""),
    ("set watches", 101, struct.pack(">q", 1) + struct.pack(">i", 2) + s("/d") + s("/gone") +
     struct.pack(">i", 2) + s("/d") + s("/absent") + struct.pack(">i", 1) + s("/d"), ""),
    ("auth", 100, struct.pack(">i", 0) + s("digest") + s(b"bob:secret"), ""),
    ("create auth acl", 1, create("/au", acl=struct.pack(">i", 1) + struct.pack(">i", 31) + s("auth") + s("")), "path"),
    ("get auth acl", 6, s("/au"), "acl+stat"),
    ("who am i", 107, b"", "whoami"),
    ("unknown op", 999, b"", ""),  # ZooKeeper answers UNIMPLEMENTED, then closes the connection
]


def run_script(port):
    c = RawClient(port, timeout_ms=30000)
    m = Masker(c.session_id)
    out = [("connect", c.timeout, len(c.passwd), c.rest)]
    for name, op, body, kind in SCRIPT:
        c.events.clear()
        print("step", name, file=sys.stderr) if DEBUG else None
        xid = {11: -2, 101: -8, 100: -4}.get(op)
        rxid, zxid, err, b = c.request(op, body, xid=xid)
        if xid is not None and rxid != xid:
            out.append((name, "xid", rxid))
        rec = [name, zxid, err]
        for ev in c.events:
            rec.append(("event",) + struct.unpack(">ii", ev[:8]) + (ev[12:].decode(),))
        if err == 0 and kind:
            rec.append(decode(kind, b, m))
        out.append(tuple(rec))
    try:
        c.request(11, xid=-2)
        out.append("still connected")
    except (ConnectionError, OSError):
        out.append("closed")
    c.sock.close()
    # Resuming with the right password, then with a wrong one.
    again = RawClient(port, timeout_ms=20000, session_id=c.session_id, passwd=c.passwd)
    out.append(("resume", again.session_id == c.session_id, again.timeout, again.rest))
    again.sock.close()
    wrong = RawClient(port, timeout_ms=20000, session_id=c.session_id, passwd=b"x" * 16)
    out.append(("wrong password", wrong.session_id, wrong.timeout, wrong.passwd, wrong.rest))
    try:
        wrong.recv_packet()
        out.append("wrong password: still connected")
    except (ConnectionError, OSError):
        out.append("wrong password: closed")
    wrong.sock.close()
    return out


def decode(kind, b, m):
    pos = 0

    def string():
        nonlocal pos
        n = struct.unpack_from(">i", b, pos)[0]
        pos += 4
        v = b[pos:pos + max(n, 0)]
        pos += max(n, 0)
        return v

    def stat():
        nonlocal pos
        v = m.stat(b, pos)
        pos += STAT.size
        return v

    def strings():
        nonlocal pos
        n = struct.unpack_from(">i", b, pos)[0]
        pos += 4
        return sorted(string() for _ in range(n))

    if kind == "path":
        return string()
    if kind == "path+stat":
        return string(), stat()
    if kind == "stat":
        return stat()
    if kind == "data+stat":
        return string(), stat()
    if kind == "children":
        return strings()
    if kind == "children+stat":
        return strings(), stat()
    if kind == "whoami":
        n = struct.unpack_from(">i", b, 0)[0]
        pos = 4
        return sorted((string(), string()) for _ in range(n))  # a hash set in ZooKeeper
    if kind == "int":
        return struct.unpack_from(">i", b, 0)[0]
    if kind == "acl+stat":
        n = struct.unpack_from(">i", b, 0)[0]
        pos = 4
        acl = []
        for _ in range(n):
            perms = struct.unpack_from(">i", b, pos)[0]
            pos += 4
            acl.append((perms, string(), string()))
        return acl, stat()
    if kind == "multi":
        res = []
        while True:
            t, done, e = struct.unpack_from(">i?i", b, pos)
            pos += 9
            if done:
                return res
            if t == -1:
                res.append((t, e, struct.unpack_from(">i", b, pos)[0]))
                pos += 4
            elif t == 1:
                res.append((t, e, string()))
            elif t in (15, 19, 21):
                res.append((t, e, string(), stat()))
            elif t == 5:
                res.append((t, e, stat()))
            elif t == 8:
                res.append((t, e, strings()))
            elif t == 4:
                res.append((t, e, string(), stat()))
            else:
                res.append((t, e))
    raise ValueError(kind)


class DifferentialTest(unittest.TestCase):
    def test_same_replies_as_apache_zookeeper(self):
        tmp = pathlib.Path(tempfile.mkdtemp(prefix="odradek-zk-diff-"))
        port = free_port()
        log = open(tmp / "zk.log", "wb")
        real = subprocess.Popen(
            ["java", "-cp", f"/etc/zookeeper/conf:{ZK_JAR}", "-Dzookeeper.admin.enableServer=false",
             "org.apache.zookeeper.server.ZooKeeperServerMain", str(port), str(tmp / "data"), "500"],
            stdout=log, stderr=subprocess.STDOUT)
        ours = Server(str(pathlib.Path(BIN) / "zookeeper-server-start"))
        try:
            deadline = time.time() + 60
            while True:  # the port opens before the server serves: wait for srvr's answer
                try:
                    if four_letter(port, "srvr").startswith("Zookeeper version"):
                        break
                except OSError:
                    pass
                if time.time() > deadline or real.poll() is not None:
                    raise RuntimeError("Apache ZooKeeper did not start")
                time.sleep(0.2)
            expected = run_script(port)
            ours.start()
            got = run_script(ours.port)
        finally:
            real.terminate()
            real.wait(30)
            log.close()
            ours.cleanup()
            shutil.rmtree(tmp, ignore_errors=True)
        self.maxDiff = None
        for e, g in zip(expected, got):
            self.assertEqual(e, g, f"step {e[0]}")
        self.assertEqual(len(expected), len(got))


if __name__ == "__main__":
    BIN = sys.argv.pop(1)
    unittest.main(verbosity=2)
