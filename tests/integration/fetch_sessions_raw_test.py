#!/usr/bin/env python3
"""Incremental fetch sessions (KIP-227) with Fetch v12 (topic names) and v13 (topic ids),
hand-encoded here with struct, against a live broker on one socket.

Three single-partition topics a, b, c (producing to a topic then lands in its only
partition). Checked, in order: a full v13 fetch with epoch 0 opens a session and answers
every partition; an incremental fetch with nothing new answers none; after a produce to c
only c is answered, with its record; wrong epoch -> INVALID_FETCH_SESSION_EPOCH (71);
unknown id, and id 0 with an epoch > 0 -> FETCH_SESSION_ID_NOT_FOUND (70), as Kafka's
FetchManager; a v12 request on a v13 session -> FETCH_SESSION_TOPIC_ID_ERROR (106); a
forgotten partition is no longer answered; a partition of an unknown topic id is answered
UNKNOWN_TOPIC_ID (100) in every incremental answer until forgotten; forgetting every
partition closes the session (SessionId 0); epoch -1 closes a session and answers in full
without one; and a v12 session keyed by topic names works and refuses v13 requests.

usage: fetch_sessions_raw_test.py BUILD_BIN_DIR
"""
import base64
import pathlib
import struct
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import broker_harness as bh  # noqa: E402

BUILD = None
FETCH = 1
FETCH_SESSION_ID_NOT_FOUND = 70
INVALID_FETCH_SESSION_EPOCH = 71
UNKNOWN_TOPIC_ID = 100
FETCH_SESSION_TOPIC_ID_ERROR = 106


# --- the few flexible-version primitives Fetch v12/v13 need ---------------------------

def uvarint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def compact_str(s):
    b = s.encode()
    return uvarint(len(b) + 1) + b


def compact_array(items):
    return uvarint(len(items) + 1) + b"".join(items)


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n):
        out = self.data[self.pos:self.pos + n]
        if len(out) != n:
            raise AssertionError(f"short response at byte {self.pos}")
        self.pos += n
        return out

    def fmt(self, f):
        return struct.unpack(f, self.take(struct.calcsize(f)))

    def uvarint(self):
        shift = value = 0
        while True:
            (b,) = self.take(1)
            value |= (b & 0x7F) << shift
            if not b & 0x80:
                return value
            shift += 7

    def compact_bytes(self):  # nullable: None for length 0
        n = self.uvarint()
        return None if n == 0 else self.take(n - 1)

    def skip_tags(self):
        for _ in range(self.uvarint()):
            self.uvarint()
            self.take(self.uvarint())


class Conn(bh.KafkaWire):
    def fetch(self, version, session_id, epoch, topics, forgotten=(), max_wait=0, min_bytes=0):
        """topics: [(name_or_id, [(partition, fetch_offset)])], forgotten: [(name_or_id, [partition])];
        a topic is a name below v13 and 16 id bytes from v13. Returns (error, session_id,
        {(topic, partition): (error, high_watermark, records_bytes)})."""
        def topic_key(t):
            return t if version >= 13 else compact_str(t)

        body = struct.pack(">iiiibii", -1, max_wait, min_bytes, 52428800, 0, session_id, epoch)
        body += compact_array([
            topic_key(t) + compact_array([
                struct.pack(">iiqiqi", p, -1, off, -1, -1, 1048576) + b"\0" for p, off in parts
            ]) + b"\0" for t, parts in topics])
        body += compact_array([
            topic_key(t) + compact_array([struct.pack(">i", p) for p in parts]) + b"\0"
            for t, parts in forgotten])
        body += compact_str("") + b"\0"  # RackId, no tagged fields
        # b"\0" first: the header's tagged fields make KafkaWire's header v1 a v2 header.
        r = Reader(self.send(FETCH, version, b"\0" + body))
        r.skip_tags()  # response header v1
        _throttle, error, sid = r.fmt(">ihi")
        parts = {}
        for _ in range(r.uvarint() - 1):
            topic = r.take(16) if version >= 13 else r.take(r.uvarint() - 1).decode()
            for _ in range(r.uvarint() - 1):
                partition, perr, hw, _lso, _lstart = r.fmt(">ihqqq")
                aborted = r.uvarint()
                for _ in range(max(aborted - 1, 0)):
                    r.fmt(">qq")
                    r.skip_tags()
                r.fmt(">i")  # PreferredReadReplica
                records = r.compact_bytes() or b""
                r.skip_tags()
                parts[(topic, partition)] = (perr, hw, records)
            r.skip_tags()
        r.skip_tags()
        if r.pos != len(r.data):
            raise AssertionError(f"{len(r.data) - r.pos} bytes left after the response")
        return error, sid, parts


def check(cond, what, detail=""):
    if not cond:
        raise AssertionError(f"{what}\n{detail}")
    print(f"ok - {what}")


def tool(name, *args, input=None):
    out = subprocess.run([str(BUILD / name), *args], input=input, capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise AssertionError(f"{name} {' '.join(args)} failed:\n{out.stdout}{out.stderr}")
    return out.stdout


def topic_id(cluster, topic):
    """The topic's id from kafka-topics --describe (Kafka's url-safe base64 Uuid)."""
    out = tool("kafka-topics", "--bootstrap-server", cluster.bootstrap, "--describe", "--topic", topic)
    text = out.split("TopicId: ")[1].split()[0]
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    assert len(raw) == 16, text
    return raw


def produce(cluster, topic, value):
    tool("kafka-console-producer", "--bootstrap-server", cluster.bootstrap, "--topic", topic,
         input=value.decode() + "\n")


def main():
    with bh.Cluster(brokers=1, build=BUILD) as c:
        for t in ("a", "b", "c"):
            tool("kafka-topics", "--bootstrap-server", c.bootstrap, "--create", "--topic", t,
                 "--partitions", "1", "--replication-factor", "1")
        ids = {t: topic_id(c, t) for t in ("a", "b", "c")}
        name_of = {v: k for k, v in ids.items()}
        produce(c, "a", b"first")
        conn = Conn(c.brokers[0].port)
        try:
            def answered(parts):
                return sorted(name_of.get(t, t) if isinstance(t, bytes) else t for t, _ in parts)

            # v13: sessions keyed by topic id.
            err, sid, parts = conn.fetch(13, 0, 0, [(ids[t], [(0, 0)]) for t in ("a", "b", "c")])
            check(err == 0 and sid != 0, f"a full v13 fetch with epoch 0 opens session {sid}", (err, sid))
            check(answered(parts) == ["a", "b", "c"], "the full answer carries every partition", parts)
            check(b"first" in parts[(ids["a"], 0)][2] and parts[(ids["a"], 0)][1] == 1,
                  "with a's record and high watermark", parts[(ids["a"], 0)])

            err, sid2, parts = conn.fetch(13, sid, 1, [(ids["a"], [(0, 1)])])
            check(err == 0 and sid2 == sid and parts == {},
                  "incremental (a refetched from offset 1): nothing new, no partition", (err, sid2, parts))

            produce(c, "c", b"second")
            err, _, parts = conn.fetch(13, sid, 2, [], max_wait=10000, min_bytes=1)
            check(err == 0 and answered(parts) == ["c"], "after a produce to c only c is answered", parts)
            check(b"second" in parts[(ids["c"], 0)][2] and parts[(ids["c"], 0)][1] == 1,
                  "with c's record and high watermark", parts)
            err, _, parts = conn.fetch(13, sid, 3, [(ids["c"], [(0, 1)])])
            check(err == 0 and parts == {}, "c refetched from offset 1: nothing new", parts)

            err, esid, parts = conn.fetch(13, sid, 9, [])
            check(err == INVALID_FETCH_SESSION_EPOCH and esid == 0 and parts == {},
                  "a wrong epoch: INVALID_FETCH_SESSION_EPOCH, no partitions", (err, esid, parts))
            other = sid + 1 if sid < 2**31 - 2 else 1
            err, _, parts = conn.fetch(13, other, 1, [])
            check(err == FETCH_SESSION_ID_NOT_FOUND, "an unknown session id: FETCH_SESSION_ID_NOT_FOUND", err)
            err, _, _ = conn.fetch(13, 0, 5, [])
            check(err == FETCH_SESSION_ID_NOT_FOUND, "session id 0 with epoch 5: FETCH_SESSION_ID_NOT_FOUND", err)
            err, _, _ = conn.fetch(12, sid, 4, [])
            check(err == FETCH_SESSION_TOPIC_ID_ERROR, "a v12 request on a v13 session: FETCH_SESSION_TOPIC_ID_ERROR",
                  err)

            # The errors left the session at epoch 4.
            err, _, parts = conn.fetch(13, sid, 4, [], forgotten=[(ids["c"], [0])])
            check(err == 0 and parts == {}, "c forgotten", parts)
            produce(c, "c", b"third")
            produce(c, "b", b"fourth")
            err, _, parts = conn.fetch(13, sid, 5, [], max_wait=10000, min_bytes=1)
            check(err == 0 and answered(parts) == ["b"], "only b is answered; forgotten c is not", parts)
            check(b"fourth" in parts[(ids["b"], 0)][2], "with b's record", parts)

            ghost = bytes(range(1, 17))
            err, _, parts = conn.fetch(13, sid, 6, [(ghost, [(0, 0)]), (ids["b"], [(0, 1)])])
            check(err == 0 and list(parts) == [(ghost, 0)] and parts[(ghost, 0)][0] == UNKNOWN_TOPIC_ID,
                  "a partition of an unknown topic id: UNKNOWN_TOPIC_ID", parts)
            err, _, parts = conn.fetch(13, sid, 7, [])
            check(err == 0 and list(parts) == [(ghost, 0)] and parts[(ghost, 0)][0] == UNKNOWN_TOPIC_ID,
                  "and again in the next incremental answer (errors are always answered)", parts)

            err, sid_after, parts = conn.fetch(13, sid, 8, [],
                                              forgotten=[(ghost, [0]), (ids["a"], [0]), (ids["b"], [0])])
            check(err == 0 and sid_after == 0 and parts == {},
                  "forgetting every partition closes the session (SessionId 0)", (err, sid_after, parts))
            err, _, _ = conn.fetch(13, sid, 9, [])
            check(err == FETCH_SESSION_ID_NOT_FOUND, "the emptied session is gone", err)

            err, sid4, parts = conn.fetch(13, 0, 0, [(ids["a"], [(0, 0)])])
            check(err == 0 and sid4 != 0, "a new v13 session", (err, sid4))
            err, sid5, parts = conn.fetch(13, sid4, -1, [(ids["a"], [(0, 0)]), (ids["c"], [(0, 0)])])
            check(err == 0 and sid5 == 0 and answered(parts) == ["a", "c"],
                  "epoch -1 closes it and is answered in full without a session", (err, sid5, parts))
            err, _, _ = conn.fetch(13, sid4, 1, [])
            check(err == FETCH_SESSION_ID_NOT_FOUND, "the closed session is gone", err)
            err, sid6, parts = conn.fetch(13, 0, -1, [(ids["b"], [(0, 0)])])
            check(err == 0 and sid6 == 0 and answered(parts) == ["b"], "id 0, epoch -1: a sessionless full fetch",
                  (err, sid6, parts))

            # v12: sessions keyed by topic name.
            err, sid7, parts = conn.fetch(12, 0, 0, [("a", [(0, 1)]), ("b", [(0, 1)])])
            check(err == 0 and sid7 != 0 and sorted(parts) == [("a", 0), ("b", 0)], "a full v12 fetch opens a session",
                  (err, sid7, parts))
            err, _, parts = conn.fetch(12, sid7, 1, [])
            check(err == 0 and parts == {}, "v12 incremental: nothing new", parts)
            produce(c, "a", b"fifth")
            err, _, parts = conn.fetch(12, sid7, 2, [], max_wait=10000, min_bytes=1)
            check(err == 0 and list(parts) == [("a", 0)] and b"fifth" in parts[("a", 0)][2],
                  "v12 incremental after a produce to a: only a, with its record", parts)
            err, _, parts = conn.fetch(12, sid7, 3, [], forgotten=[("a", [0])])
            check(err == 0 and parts == {}, "v12: a forgotten by name", parts)
            err, _, _ = conn.fetch(13, sid7, 4, [])
            check(err == FETCH_SESSION_TOPIC_ID_ERROR, "a v13 request on a v12 session: FETCH_SESSION_TOPIC_ID_ERROR",
                  err)
        finally:
            conn.close()
    print("fetch sessions (raw v12/v13): all checks passed")
    return 0


if __name__ == "__main__":
    BUILD = pathlib.Path(sys.argv[1]).resolve()
    sys.exit(main())
