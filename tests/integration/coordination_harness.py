"""Starts Odradek's zookeeper-server-start on 127.0.0.1 in a temp dir for tests, and
speaks just enough of the ZooKeeper client protocol (raw sockets) to check it.

Used by tests/integration/coordination_test.py and tests/interop/zookeeper_*_test.py.
Every server is started with a free port, bounded waits, and stopped by its PID.
"""
import os
import pathlib
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, exe, extra="", data_dir=None, port=None):
        self.exe = exe
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="odradek-zk-"))
        self.data_dir = pathlib.Path(data_dir) if data_dir else self.tmp / "data"
        self.port = port or free_port()
        self.extra = extra
        self.proc = None
        self.log_path = self.tmp / "server.log"

    def config(self):
        path = self.tmp / "zookeeper.properties"
        path.write_text(
            f"dataDir={self.data_dir}\nclientPort={self.port}\nclientPortAddress=127.0.0.1\n"
            f"maxClientCnxns=0\nadmin.enableServer=false\ntickTime=500\n{self.extra}\n")
        return path

    def start(self, wait=True):
        cfg = self.config()
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([self.exe, str(cfg)], stdout=self.log, stderr=subprocess.STDOUT)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.output()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start listening:\n" + self.output())

    def stop(self, timeout=20):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise RuntimeError("server did not stop on SIGTERM")
        if self.proc:
            self.log.close()
        return self.proc.returncode if self.proc else None

    def output(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def cleanup(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)


def four_letter(port, cmd, timeout=5):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(cmd.encode())
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return out.decode()
            out += chunk


def _string(s):
    b = s.encode() if isinstance(s, str) else s
    return struct.pack(">i", len(b)) + b


WORLD_ACL = struct.pack(">i", 1) + struct.pack(">i", 31) + _string("world") + _string("anyone")


class RawClient:
    """A minimal ZooKeeper client over one socket."""

    def __init__(self, port, timeout_ms=10000, session_id=0, passwd=b"\0" * 16, read_only_byte=True):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        body = struct.pack(">iqiq", 0, 0, timeout_ms, session_id) + _string(passwd)
        if read_only_byte:
            body += b"\0"
        self.send_raw(body)
        rsp = self.recv_packet()
        self.proto, self.timeout, self.session_id = struct.unpack(">iiq", rsp[:16])
        plen = struct.unpack(">i", rsp[16:20])[0]
        self.passwd = rsp[20:20 + plen]
        self.rest = rsp[20 + plen:]
        self.xid = 0
        self.events = []

    def send_raw(self, body):
        self.sock.sendall(struct.pack(">i", len(body)) + body)

    def recv_exact(self, n):
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise ConnectionError("closed")
            out += chunk
        return out

    def recv_packet(self):
        n = struct.unpack(">i", self.recv_exact(4))[0]
        return self.recv_exact(n)

    def request(self, op, body=b"", xid=None):
        if xid is None:
            self.xid += 1
            xid = self.xid
        self.send_raw(struct.pack(">ii", xid, op) + body)
        while True:
            p = self.recv_packet()
            xid, zxid, err = struct.unpack(">iqi", p[:16])
            if xid == -1:
                self.events.append(p[16:])
                continue
            return xid, zxid, err, p[16:]

    def create(self, path, data=b"", flags=0):
        return self.request(1, _string(path) + _string(data) + WORLD_ACL + struct.pack(">i", flags))

    def get(self, path):
        return self.request(4, _string(path) + b"\0")

    def close(self):
        try:
            self.request(-11)
        finally:
            self.sock.close()
