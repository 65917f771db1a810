#!/usr/bin/env python3
"""Captures the Produce request a real librdkafka client sends.

A fake single-broker cluster on 127.0.0.1 (a free port): every connection gets
an ApiVersions v3 answer (ApiVersions 0-3, Metadata 0-4, Produce 0-7, Fetch
0-11; librdkafka writes record batch v2 only when Fetch v4+ is listed too) and
Metadata answers naming this listener as broker 0, leader of partition 0 of
topic "golden". `kcat -P -b 127.0.0.1:PORT -t golden -p 0 -z none` produces
one message, "hello odradek" with key "k", and the first Produce request frame
(size prefix included) is saved as produce_v<version>_request.bin. Python 3
stdlib only; needs kcat on PATH.

Usage: capture_rdkafka_produce.py [OUT_DIR]
"""
import pathlib
import socket
import struct
import subprocess
import sys
import threading

TOPIC = b"golden"


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def string(s):
    return struct.pack(">h", len(s)) + s


def frame(body):
    return struct.pack(">i", len(body)) + body


def api_versions_v3(correlation_id):
    keys = [(18, 0, 3), (3, 0, 4), (0, 0, 7), (1, 0, 11)]
    body = struct.pack(">ih", correlation_id, 0) + bytes([len(keys) + 1])
    for key, lo, hi in keys:
        body += struct.pack(">hhh", key, lo, hi) + b"\x00"
    return frame(body + struct.pack(">i", 0) + b"\x00")


def metadata_v4(correlation_id, port, topics_requested):
    body = struct.pack(">ii", correlation_id, 0)                          # header v0, throttle
    body += struct.pack(">i", 1) + struct.pack(">i", 0) + string(b"127.0.0.1") + struct.pack(">i", port)
    body += struct.pack(">h", -1)                                        # rack: null
    body += string(b"odradek-golden") + struct.pack(">i", 0)              # cluster id, controller
    if not topics_requested:
        return frame(body + struct.pack(">i", 0))
    body += struct.pack(">i", 1) + struct.pack(">h", 0) + string(TOPIC) + b"\x00"
    body += struct.pack(">i", 1) + struct.pack(">hii", 0, 0, 0)          # partition 0, leader 0
    body += struct.pack(">ii", 1, 0) + struct.pack(">ii", 1, 0)          # replicas [0], isr [0]
    return frame(body)


def main():
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).parent
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(20)
    port = srv.getsockname()[1]
    done = threading.Event()

    def serve(conn):
        try:
            while not done.is_set():
                size_bytes = read_exact(conn, 4)
                payload = read_exact(conn, struct.unpack(">i", size_bytes)[0])
                key, version, correlation_id = struct.unpack(">hhi", payload[:8])
                if key == 18:
                    conn.sendall(api_versions_v3(correlation_id))
                elif key == 3:
                    client_id_len = struct.unpack(">h", payload[8:10])[0]
                    topics = struct.unpack(">i", payload[10 + client_id_len:14 + client_id_len])[0]
                    conn.sendall(metadata_v4(correlation_id, port, topics != 0))
                elif key == 0:
                    path = out / f"produce_v{version}_request.bin"
                    path.write_bytes(size_bytes + payload)
                    print(f"captured {path.name}: {len(payload) + 4} bytes")
                    done.set()
        except (EOFError, OSError):
            pass
        finally:
            conn.close()

    kcat = subprocess.Popen(["kcat", "-P", "-b", f"127.0.0.1:{port}", "-t", TOPIC.decode(), "-p", "0",
                             "-z", "none", "-K", ":"],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kcat.stdin.write(b"k:hello odradek\n")
    kcat.stdin.close()
    try:
        while not done.is_set():
            try:
                conn, _ = srv.accept()
            except socket.timeout:
                break
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
            srv.settimeout(1 if done.is_set() else 20)
    finally:
        kcat.kill()
        kcat.wait()
    return 0 if done.is_set() else 1


if __name__ == "__main__":
    sys.exit(main())
