#!/usr/bin/env python3
"""Fault test: kill -9 of zookeeper-server-start in the middle of a burst of creates.

Several raw-protocol connections pipeline creates (a window of outstanding requests
each); every create that got a successful reply is recorded. The server is killed with
SIGKILL partway through, restarted on the same dataDir and port, and every acknowledged
create must be there with its data. ZooKeeper replies to a write only once its txn is
fsynced, so an acknowledged create must survive; a create that was sent but not
answered may or may not be present. Because the log is replayed as a prefix, on each
connection the creates found must also be a prefix of the ones sent.

Rounds kill at different moments (and snapCount is small, so some kills land around a
log roll and snapshot); each restart also re-checks every earlier round. Counts are
printed. 127.0.0.1, a free port, a temp dir; only the server's own PID is signalled.

usage: zookeeper_kill9_test.py BUILD_BIN_DIR
"""
import os
import pathlib
import signal
import struct
import sys
import threading
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "integration"))
from coordination_harness import WORLD_ACL, RawClient, Server, _string  # noqa: E402

BIN = None
CONNECTIONS = 4
WINDOW = 32          # outstanding creates per connection
BURST_LIMIT = 6000   # creates per connection at most (the kill comes long before)
# Seconds from the start of the burst to the kill, one round each; 0 = as soon as
# the first reply arrives.
KILL_AFTER = [0.0, 0.15, 0.6, 1.5]

OP_CREATE, OP_GET_DATA, OP_GET_CHILDREN = 1, 4, 8


def node_data(rnd, conn, i):
    # Distinct per node and longer than a small constant, so a torn or misplaced
    # record would show as wrong data, not only as a missing node.
    return f"round {rnd} conn {conn} create {i} ".encode() * 3


class Burst:
    """One connection pipelining creates until the server goes away."""

    def __init__(self, port, rnd, conn, first_reply):
        self.rnd, self.conn = rnd, conn
        self.client = RawClient(port, timeout_ms=30000)
        self.sent = []       # paths in send order
        self.acked = {}      # path -> zxid of its successful reply
        self.failed = {}     # path -> error code of an unsuccessful reply
        self.first_reply = first_reply
        self.window = threading.Semaphore(WINDOW)
        self.lock = threading.Lock()
        self.done = threading.Event()

    def path(self, i):
        return f"/kill9/r{self.rnd}/c{self.conn}-{i:05d}"

    def send_loop(self):
        sock = self.client.sock
        try:
            for i in range(BURST_LIMIT):
                while not self.window.acquire(timeout=0.1):
                    if self.done.is_set():
                        return
                path = self.path(i)
                body = (struct.pack(">ii", i + 1, OP_CREATE) + _string(path) +
                        _string(node_data(self.rnd, self.conn, i)) + WORLD_ACL + struct.pack(">i", 0))
                with self.lock:
                    self.sent.append(path)
                sock.sendall(struct.pack(">i", len(body)) + body)
        except OSError:
            pass

    def recv_loop(self):
        try:
            while True:
                p = self.client.recv_packet()
                xid, zxid, err = struct.unpack(">iqi", p[:16])
                if xid <= 0:
                    continue  # a watch event or ping; none are expected
                path = self.path(xid - 1)
                with self.lock:
                    if err == 0:
                        self.acked[path] = zxid
                    else:
                        self.failed[path] = err
                self.first_reply.set()
                self.window.release()
        except (OSError, ConnectionError, struct.error):
            pass
        finally:
            self.done.set()


def request(client, op, body):
    """One request on the checking connection; returns (err, response body)."""
    _, _, err, rsp = client.request(op, body)
    return err, rsp


def get_data(client, path):
    err, rsp = request(client, OP_GET_DATA, _string(path) + b"\0")
    if err != 0:
        return err, None
    n = struct.unpack(">i", rsp[:4])[0]
    return 0, rsp[4:4 + max(n, 0)]


def children(client, path):
    err, rsp = request(client, OP_GET_CHILDREN, _string(path) + b"\0")
    if err != 0:
        return err, []
    count = struct.unpack(">i", rsp[:4])[0]
    out, off = [], 4
    for _ in range(count):
        n = struct.unpack(">i", rsp[off:off + 4])[0]
        out.append(rsp[off + 4:off + 4 + n].decode())
        off += 4 + n
    return 0, out


class Kill9Test(unittest.TestCase):
    def setUp(self):
        self.server = Server(str(pathlib.Path(BIN) / "zookeeper-server-start"), extra="snapCount=400")

    def tearDown(self):
        self.server.cleanup()

    def kill9(self):
        proc = self.server.proc
        os.kill(proc.pid, signal.SIGKILL)  # our own child, by its PID
        proc.wait(20)
        self.assertEqual(proc.returncode, -signal.SIGKILL, "the server was not killed by the signal")
        self.server.log.close()

    def run_round(self, rnd, kill_after):
        setup = RawClient(self.server.port)
        if rnd == 0:
            self.assertEqual(setup.create("/kill9")[2], 0)
        self.assertEqual(setup.create(f"/kill9/r{rnd}")[2], 0)
        setup.close()

        first_reply = threading.Event()
        bursts = [Burst(self.server.port, rnd, c, first_reply) for c in range(CONNECTIONS)]
        threads = []
        for b in bursts:
            threads += [threading.Thread(target=b.send_loop), threading.Thread(target=b.recv_loop)]
        start = time.monotonic()
        for t in threads:
            t.start()
        self.assertTrue(first_reply.wait(30), "no create was answered")
        time.sleep(max(0.0, kill_after - (time.monotonic() - start)))
        self.kill9()
        for t in threads:
            t.join(30)
            self.assertFalse(t.is_alive(), "a burst connection did not notice the kill")
        for b in bursts:
            b.client.sock.close()
        return bursts

    def check_round(self, client, rnd, bursts):
        acked = found = lost = wrong = extra_present = sent = 0
        for b in bursts:
            self.assertEqual(b.failed, {}, f"creates failed before the kill: {list(b.failed.items())[:5]}")
            sent += len(b.sent)
            present = []
            for i, path in enumerate(b.sent):
                err, data = get_data(client, path)
                present.append(err == 0)
                if path in b.acked:
                    acked += 1
                    if err != 0:
                        lost += 1
                    elif data != node_data(rnd, b.conn, i):
                        wrong += 1
                    else:
                        found += 1
                elif err == 0:
                    extra_present += 1
                    if data != node_data(rnd, b.conn, i):
                        wrong += 1
                else:
                    self.assertEqual(err, -101, f"{path}: unexpected error {err}")  # NONODE
            # Replay restores a prefix of the log: no hole in one connection's creates.
            n = sum(present)
            self.assertEqual(present, [True] * n + [False] * (len(present) - n),
                             f"round {rnd} conn {b.conn}: the creates found are not a prefix of those sent")
        err, names = children(client, f"/kill9/r{rnd}")
        self.assertEqual(err, 0)
        self.assertEqual(len(names), found + extra_present, "children that were never sent")
        return sent, acked, found, extra_present, lost, wrong

    def test_acknowledged_creates_survive_kill9(self):
        self.server.start()
        rounds = []
        total_acked = 0
        for rnd, kill_after in enumerate(KILL_AFTER):
            bursts = self.run_round(rnd, kill_after)
            rounds.append(bursts)
            self.server.start()  # same dataDir, same port
            client = RawClient(self.server.port)
            for past, past_bursts in enumerate(rounds):
                sent, acked, found, extra, lost, wrong = self.check_round(client, past, past_bursts)
                if past == rnd:
                    total_acked += acked
                    print(f"round {rnd} kill after {kill_after:.2f}s: sent {sent}, acknowledged {acked}, "
                          f"acknowledged and found {found}, unacknowledged but present {extra}, "
                          f"lost {lost}, wrong data {wrong}", flush=True)
                self.assertEqual(lost, 0, f"round {past}: acknowledged creates lost after kill -9")
                self.assertEqual(wrong, 0, f"round {past}: wrong data after kill -9")
            # The restarted server takes writes again.
            self.assertEqual(client.create(f"/kill9/after-{rnd}", b"x")[2], 0)
            client.close()
        self.assertGreater(total_acked, 0)
        self.assertEqual(self.server.stop(), 0)


if __name__ == "__main__":
    BIN = sys.argv.pop(1)
    unittest.main(verbosity=2)
