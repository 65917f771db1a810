#!/usr/bin/env python3
"""Captures the first request frames a real librdkafka client sends.

Listens on 127.0.0.1 (a free port), runs `kcat -b 127.0.0.1:PORT -L -m 1`,
answers its ApiVersions request with a minimal valid ApiVersions v3 response
(advertising ApiVersions 0-3 and Metadata 0-12), and saves each request frame
it receives, size prefix included, as <ApiName>_v<version>_request.bin in the
output directory (default: this script's directory), and the response it sent
as api_versions_v3_response.bin (librdkafka accepting it is the check). Stops after the Metadata
request. Python 3 stdlib only; needs kcat on PATH.

Usage: capture_rdkafka.py [OUT_DIR]
"""
import pathlib
import socket
import struct
import subprocess
import sys

NAMES = {18: "api_versions", 3: "metadata"}


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError("client closed the connection")
        data += chunk
    return data


def api_versions_v3_response(correlation_id):
    # response header v0 (ApiVersions always), then the v3 (flexible) body
    body = struct.pack(">i", correlation_id)
    body += struct.pack(">h", 0)                 # error_code
    keys = [(18, 0, 3), (3, 0, 12)]
    body += bytes([len(keys) + 1])               # compact array length
    for key, lo, hi in keys:
        body += struct.pack(">hhh", key, lo, hi) + b"\x00"  # + empty tagged fields
    body += struct.pack(">i", 0)                 # throttle_time_ms
    body += b"\x00"                              # tagged fields
    return struct.pack(">i", len(body)) + body


def main():
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).parent
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    srv.settimeout(20)
    port = srv.getsockname()[1]
    kcat = subprocess.Popen(["kcat", "-b", f"127.0.0.1:{port}", "-L", "-m", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        conn, _ = srv.accept()
        conn.settimeout(20)
        while True:
            size_bytes = read_exact(conn, 4)
            (size,) = struct.unpack(">i", size_bytes)
            payload = read_exact(conn, size)
            key, version, correlation_id = struct.unpack(">hhi", payload[:8])
            name = NAMES.get(key, f"key{key}")
            path = out / f"{name}_v{version}_request.bin"
            path.write_bytes(size_bytes + payload)
            print(f"captured {path.name}: {size + 4} bytes, correlation id {correlation_id}")
            if key == 18:
                response = api_versions_v3_response(correlation_id)
                (out / "api_versions_v3_response.bin").write_bytes(response)
                conn.sendall(response)
            else:
                break
        conn.close()
    finally:
        kcat.kill()
        kcat.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
