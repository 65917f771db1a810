#!/usr/bin/python3
"""Incremental fetch sessions (KIP-227) against a live broker, spoken raw on one socket.

Fetch v10 requests and responses are encoded and decoded with kafka-python's protocol
classes (python3-kafka), an implementation independent of ours. The test checks, in order:
a full fetch with epoch 0 opens a session (non-zero SessionId) and answers every partition;
an incremental fetch with nothing new answers no partition; after a record is produced to
one partition, the next incremental fetch answers just that partition with the record;
a refetch from a new offset is honoured; a wrong epoch gets INVALID_FETCH_SESSION_EPOCH (71);
an unknown session id FETCH_SESSION_ID_NOT_FOUND (70); a forgotten partition is no longer
answered; epoch -1 closes the session (a later incremental request finds no session), and
epoch -1 with id 0 is a sessionless full fetch (SessionId 0).

usage: fetch_sessions_test.py BUILD_BIN_DIR
"""
import pathlib
import struct
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import broker_harness as bh  # noqa: E402

try:
    from kafka.protocol.fetch import FetchRequest, FetchResponse
except ImportError:  # pragma: no cover
    print("SKIP: python3-kafka is not installed")
    sys.exit(77)

BUILD = None
FETCH_SESSION_ID_NOT_FOUND = 70
INVALID_FETCH_SESSION_EPOCH = 71
TOPIC = "sessions"


class Conn(bh.KafkaWire):
    def fetch(self, session_id, epoch, partitions, forgotten=(), max_wait=0, min_bytes=0):
        """partitions: [(partition, fetch_offset)]; forgotten: [partition]. Returns
        (error_code, session_id, {partition: (error, high_watermark, records_bytes)})."""
        topics = [(TOPIC, [(p, -1, off, -1, 1048576) for p, off in partitions])] if partitions else []
        req = FetchRequest[10](replica_id=-1, max_wait_time=max_wait, min_bytes=min_bytes, max_bytes=52428800,
                               isolation_level=0, session_id=session_id, session_epoch=epoch, topics=topics,
                               forgotten_topics_data=[])
        encoded = req.encode()
        # kafka-python 2.0.2 cannot encode ForgottenTopicsData (its schema names the String
        # class, not an instance); v10 ends with that array, so replace the empty one.
        assert encoded[-4:] == b"\0\0\0\0"
        encoded = encoded[:-4]
        if forgotten:
            name = TOPIC.encode()
            encoded += struct.pack(">ih", 1, len(name)) + name + struct.pack(">i", len(forgotten))
            encoded += b"".join(struct.pack(">i", p) for p in forgotten)
        else:
            encoded += struct.pack(">i", 0)
        resp = FetchResponse[10].decode(self.send(1, 10, encoded))
        parts = {}
        for topic, plist in resp.topics:
            assert topic == TOPIC, topic
            for p in plist:
                partition, error, hw, _lso, _lstart, _aborted, records = p
                parts[partition] = (error, hw, records or b"")
        return resp.error_code, resp.session_id, parts


def check(cond, what, detail=""):
    if not cond:
        raise AssertionError(f"{what}\n{detail}")
    print(f"ok - {what}")


def produce(cluster, partition, value):
    """One record to exactly `partition` (the console producer picks partitions itself)."""
    from kafka import KafkaProducer
    p = KafkaProducer(bootstrap_servers=cluster.bootstrap, acks=1)
    p.send(TOPIC, value=value, partition=partition).get(timeout=30)
    p.close()


def main():
    with bh.Cluster(brokers=1, build=BUILD) as c:
        out = subprocess.run([str(BUILD / "kafka-topics"), "--bootstrap-server", c.bootstrap, "--create",
                              "--topic", TOPIC, "--partitions", "3"], capture_output=True, text=True, timeout=60)
        check(out.returncode == 0, "topic created", out.stdout + out.stderr)
        produce(c, 0, b"first")
        conn = Conn(c.brokers[0].port)
        try:
            err, sid, parts = conn.fetch(0, 0, [(0, 0), (1, 0), (2, 0)])
            check(err == 0 and sid != 0, f"a full fetch with epoch 0 opens session {sid}")
            check(sorted(parts) == [0, 1, 2], "the full answer carries every partition", parts)
            check(b"first" in parts[0][2] and parts[0][1] == 1, "with partition 0's record", parts[0])

            # Partition 0 refetched from offset 1 (what a consumer does after reading the record).
            err, sid2, parts = conn.fetch(sid, 1, [(0, 1)])
            check(err == 0 and sid2 == sid, "incremental fetch at epoch 1 keeps the session")
            check(parts == {}, "nothing new: no partition in the answer", parts)

            produce(c, 2, b"second")
            err, _, parts = conn.fetch(sid, 2, [], max_wait=5000, min_bytes=1)
            check(err == 0 and list(parts) == [2], "after a produce only partition 2 is answered", parts)
            check(b"second" in parts[2][2] and parts[2][1] == 1, "with its record and high watermark", parts[2])

            err, _, parts = conn.fetch(sid, 3, [(2, 1)])
            check(err == 0 and parts == {}, "refetch of partition 2 from offset 1: nothing new", parts)

            err, _, parts = conn.fetch(sid, 7, [])
            check(err == INVALID_FETCH_SESSION_EPOCH, "a wrong epoch: INVALID_FETCH_SESSION_EPOCH", err)
            err, _, parts = conn.fetch(sid + 1 if sid < 2**31 - 1 else 1, 1, [])
            check(err == FETCH_SESSION_ID_NOT_FOUND, "an unknown session: FETCH_SESSION_ID_NOT_FOUND", err)

            # The session is still at epoch 4; forget partition 2, then produce to it.
            err, _, parts = conn.fetch(sid, 4, [], forgotten=[2])
            check(err == 0 and parts == {}, "partition 2 forgotten", parts)
            produce(c, 2, b"third")
            produce(c, 1, b"fourth")
            err, _, parts = conn.fetch(sid, 5, [], max_wait=5000, min_bytes=1)
            check(err == 0 and list(parts) == [1], "only partition 1 answered; forgotten 2 is not", parts)

            err, sid3, parts = conn.fetch(sid, -1, [(2, 0)])
            check(err == 0 and sid3 == 0 and list(parts) == [2], "epoch -1 closes the session, answered in full",
                  (err, sid3, parts))
            err, _, _ = conn.fetch(sid, 6, [])
            check(err == FETCH_SESSION_ID_NOT_FOUND, "the closed session is gone", err)

            err, sid4, parts = conn.fetch(0, -1, [(0, 0)])
            check(err == 0 and sid4 == 0 and list(parts) == [0], "id 0, epoch -1: sessionless full fetch")
            err, sid5, _ = conn.fetch(0, 0, [(0, 0)])
            check(err == 0 and sid5 not in (0, sid), "a new full fetch opens a new session", sid5)
        finally:
            conn.close()
    print("fetch sessions: all checks passed")
    return 0


if __name__ == "__main__":
    BUILD = pathlib.Path(sys.argv[1]).resolve()
    sys.exit(main())
