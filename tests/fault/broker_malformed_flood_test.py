#!/usr/bin/python3
"""Fault test: a flood of malformed frames on one connection at a time while another client
produces and consumes.

The flood thread sends, over and over (reconnecting whenever the broker closes the
connection, as Kafka does for a frame it cannot parse): negative, zero and oversized
(> socket.request.max.bytes) size prefixes, frames shorter than a request header,
an unknown API key, Produce and Metadata requests with truncated or random bodies, a
frame cut off mid-way, and random bytes. Meanwhile a confluent-kafka producer
(acks=all) must get every record acknowledged and a consumer must read them back.
Afterwards the broker is still running and answers ApiVersions; an ApiVersions request
at an unsupported version gets Kafka's answer (a v0 response with UNSUPPORTED_VERSION, 35,
and the API list) rather than a closed connection.

usage: broker_malformed_flood_test.py BUILD_BIN_DIR
Exits 77 (ctest: skipped) with a SKIP line when confluent-kafka is not installed.
"""
import pathlib
import random
import socket
import struct
import sys
import threading
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import broker_harness as bh  # noqa: E402

BUILD = None
UNSUPPORTED_VERSION = 35


def header(api_key, api_version, correlation_id, client_id=b"flood"):
    """Request header v1 (int16 key, int16 version, int32 correlation id, string client id)."""
    return struct.pack(">hhih", api_key, api_version, correlation_id, len(client_id)) + client_id


def frame(body):
    return struct.pack(">i", len(body)) + body


def recv_exact(sock, n):
    out = b""
    while len(out) < n:
        chunk = sock.recv(n - len(out))
        if not chunk:
            raise ConnectionError("closed")
        out += chunk
    return out


def api_versions(port, version, correlation_id=7):
    """Sends ApiVersions at `version` with an empty body; returns (correlation id, error
    code, [api keys]) decoded as a v0 response (Kafka answers an unsupported version in v0).
    Versions 3 and up take request header v2: the v1 fields plus tagged fields (none)."""
    head = header(18, version, correlation_id) + (b"\x00" if version >= 3 else b"")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(frame(head))
        body = recv_exact(s, struct.unpack(">i", recv_exact(s, 4))[0])
    cid, err, n = struct.unpack(">ihi", body[:10])
    keys = [struct.unpack(">h", body[10 + 6 * i:12 + 6 * i])[0] for i in range(max(n, 0))]
    return cid, err, keys


def garbage_frames(rng):
    """One batch of malformed input, as byte strings to write in turn."""
    rnd = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 300)))
    return [
        b"\xff\xff\xff\xff",                                           # size -1
        struct.pack(">i", 0),                                          # size 0
        struct.pack(">i", 0x7ffffff0) + b"x" * 64,                     # over socket.request.max.bytes
        struct.pack(">i", 200 * 1024 * 1024) + b"x" * 64,              # just over the default 100 MiB
        frame(b"\x00\x12"),                                            # shorter than a header
        frame(struct.pack(">hh", 18, 0)),                              # header cut after the version
        frame(header(999, 0, 1) + b"\x00" * 8),                        # unknown API key
        frame(header(-5, 0, 2)),                                       # negative API key
        frame(header(0, 9, 3) + rnd),                                  # Produce v9, random body
        frame(header(0, 3, 4) + b"\x00\x00"),                          # Produce v3, truncated body
        frame(header(3, 12, 5) + b"\x02\xff\xff\xff\xff\xff"),          # Metadata v12, broken body
        frame(header(1, 4, 6) + rnd[:7]),                              # Fetch v4, truncated body
        struct.pack(">hh", 18, 3) + struct.pack(">i", 1000) + b"abc",  # no size prefix at all
        struct.pack(">i", 1000) + rnd[:10],                            # frame cut off mid-way
        rnd,                                                           # noise
    ]


class Flood:
    def __init__(self, port, seed):
        self.port = port
        self.rng = random.Random(seed)
        self.stop = threading.Event()
        self.writes = 0
        self.connections = 0
        self.error = None
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        try:
            while not self.stop.is_set():
                try:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
                        self.connections += 1
                        # Shuffled: the broker usually closes after the first bad frame.
                        chunks = garbage_frames(self.rng)
                        self.rng.shuffle(chunks)
                        for chunk in chunks:
                            if self.stop.is_set():
                                return
                            s.sendall(chunk)
                            self.writes += 1
                            # Read whatever comes back (usually nothing: the broker closes).
                            s.settimeout(0.02)
                            try:
                                if s.recv(65536) == b"":
                                    break
                            except socket.timeout:
                                pass
                            s.settimeout(2)
                except (ConnectionError, socket.timeout, BrokenPipeError):
                    pass  # the broker closed the connection: Kafka's answer to a bad frame
        except Exception as e:  # noqa: BLE001  reported by the test
            self.error = e


class MalformedFloodTest(unittest.TestCase):
    def test_flood_does_not_disturb_other_clients(self):
        from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition
        from confluent_kafka.admin import AdminClient, NewTopic
        topic = "steady"
        with bh.Cluster(brokers=1, build=BUILD) as c:
            port = c.broker(0).port
            admin = AdminClient({"bootstrap.servers": c.bootstrap})  # held until the result arrives
            admin.create_topics([NewTopic(topic, 2, 1)], request_timeout=30)[topic].result(40)
            floods = [Flood(port, seed) for seed in (1, 2)]
            for f in floods:
                f.thread.start()
            try:
                p = Producer({"bootstrap.servers": c.bootstrap, "acks": "all", "linger.ms": 5,
                              "message.timeout.ms": 60000})
                acked, errors = {}, []

                def delivered(err, msg, i):
                    if err is None:
                        acked[(msg.partition(), msg.offset())] = i
                    else:
                        errors.append(str(err))
                for i in range(500):
                    p.produce(topic, value=f"steady {i}".encode(), partition=i % 2,
                              on_delivery=lambda err, msg, i=i: delivered(err, msg, i))
                    if i % 50 == 0:
                        p.flush(30)  # spread the records over the flood
                self.assertEqual(p.flush(60), 0)
                self.assertEqual(errors, [])
                self.assertEqual(len(acked), 500)
                # Let the flood run a little longer than the producer needed, boundedly.
                deadline = time.time() + 10
                while sum(f.connections for f in floods) < 300 and time.time() < deadline:
                    time.sleep(0.1)

                cons = Consumer({"bootstrap.servers": c.bootstrap, "group.id": "steady-reader",
                                 "enable.auto.commit": False})
                cons.assign([TopicPartition(topic, part, OFFSET_BEGINNING) for part in range(2)])
                got = {}
                deadline = time.time() + 60
                while len(got) < 500 and time.time() < deadline:
                    m = cons.poll(0.5)
                    if m is not None and not m.error():
                        got[(m.partition(), m.offset())] = m.value()
                cons.close()
                self.assertEqual(got, {k: f"steady {i}".encode() for k, i in acked.items()})
            finally:
                for f in floods:
                    f.stop.set()
                for f in floods:
                    f.thread.join(30)
            for f in floods:
                self.assertIsNone(f.error, "flood thread failed")
            print(f"flood: {sum(f.writes for f in floods)} malformed writes over "
                  f"{sum(f.connections for f in floods)} connections", flush=True)
            self.assertGreater(sum(f.connections for f in floods), 20)

            self.assertTrue(c.broker(0).running(), f"the broker died\n{c.logs()}")
            cid, err, keys = api_versions(port, 0, 41)
            self.assertEqual((cid, err), (41, 0))
            self.assertIn(0, keys)
            cid, err, keys = api_versions(port, 127, 42)
            self.assertEqual((cid, err), (42, UNSUPPORTED_VERSION), "ApiVersions at an unsupported version")
            self.assertIn(18, keys, "the API list comes with UNSUPPORTED_VERSION")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    BUILD = sys.argv.pop(1)
    try:
        import confluent_kafka  # noqa: F401
    except ImportError as e:
        print(f"SKIP: confluent-kafka is not installed ({e}); install python3-confluent-kafka "
              f"(scripts/install-deps.sh). NOT TESTED.", flush=True)
        sys.exit(bh.SKIP)
    bh.require_broker(BUILD)
    unittest.main(verbosity=2)
