#!/usr/bin/python3
"""Fault tests: the broker keeps what it acknowledged across kill -9 and clean restarts.

kill -9: a confluent-kafka (librdkafka) producer with acks=all and idempotence streams
keyed records into a 2-partition topic; the broker is SIGKILLed twice in the middle of the
stream and restarted on the same log dirs (once ZooKeeper expired the dead broker's
session, as Kafka needs before its id can register again). The producer keeps going and
retries. Afterwards every record whose delivery was acknowledged must be at the offset the
broker reported, byte for byte; no record appears twice; offsets are dense. Records that
were sent but never acknowledged may or may not be there.

clean restart: records in every codec, a topic config override; SIGTERM (the broker must
exit by itself), start again: the topic, its config and every record are there, and new
records continue at the old end offset.

127.0.0.1, free ports, temp dirs; only the harness's own PIDs are signalled.

usage: broker_restart_test.py BUILD_BIN_DIR
Exits 77 (ctest: skipped) with a SKIP line when confluent-kafka is not installed.
"""
import pathlib
import sys
import threading
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import broker_harness as bh  # noqa: E402

BUILD = None


def admin(cluster):
    from confluent_kafka.admin import AdminClient
    return AdminClient({"bootstrap.servers": cluster.bootstrap})


def create_topic(cluster, name, partitions, config=None):
    from confluent_kafka.admin import NewTopic
    a = admin(cluster)  # held until the result arrives: a destroyed client fails its futures
    fs = a.create_topics([NewTopic(name, partitions, 1, config=config or {})], request_timeout=30)
    fs[name].result(40)


def read_all(cluster, topic, partitions, expect_at_least, timeout=60):
    """{(partition, offset): (key, value)} of everything in the topic."""
    from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition
    c = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": "fault-reader", "enable.auto.commit": False,
                  "enable.partition.eof": True})
    c.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(partitions)])
    out, eof = {}, set()
    deadline = time.time() + timeout
    while time.time() < deadline and (len(out) < expect_at_least or len(eof) < partitions):
        m = c.poll(0.5)
        if m is None:
            continue
        if m.error():
            if m.error().code() == KafkaError._PARTITION_EOF:
                eof.add(m.partition())
                continue
            raise AssertionError(f"consumer error {m.error()}")
        eof.discard(m.partition())
        out[(m.partition(), m.offset())] = (m.key(), m.value())
    c.close()
    return out


class Stream:
    """Produces numbered records (acks=all, idempotent) from a thread until told to stop."""

    def __init__(self, cluster, topic):
        from confluent_kafka import Producer
        self.topic = topic
        self.producer = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all", "enable.idempotence": True,
                                  "linger.ms": 5, "message.timeout.ms": 120000, "reconnect.backoff.max.ms": 500})
        self.acked = {}      # seq -> (partition, offset)
        self.failed = {}     # seq -> error
        self.sent = 0
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.run, daemon=True)

    @staticmethod
    def value(seq):
        return f"record {seq:06d} ".encode() + bytes([seq % 251]) * (seq % 300)

    def on_delivery(self, seq, err, msg):
        with self.lock:
            if err is None:
                self.acked[seq] = (msg.partition(), msg.offset())
            else:
                self.failed[seq] = str(err)

    def run(self):
        seq = 0
        while not self.stop.is_set():
            try:
                self.producer.produce(self.topic, key=f"k{seq % 17}".encode(), value=self.value(seq),
                                      on_delivery=lambda err, msg, s=seq: self.on_delivery(s, err, msg))
                seq += 1
                self.sent = seq
            except BufferError:
                pass
            self.producer.poll(0.002)

    def acked_count(self):
        with self.lock:
            return len(self.acked)

    def wait_acked(self, n, timeout=90):
        deadline = time.time() + timeout
        while self.acked_count() < n:
            if time.time() > deadline:
                raise AssertionError(f"only {self.acked_count()} of {n} records acknowledged in {timeout}s")
            time.sleep(0.05)

    def finish(self):
        self.stop.set()
        self.thread.join(30)
        left = self.producer.flush(150)
        return left


class BrokerRestartTest(unittest.TestCase):
    def test_kill9_keeps_every_acknowledged_record(self):
        topic = "durable"
        with bh.Cluster(brokers=1, build=BUILD) as c:
            create_topic(c, topic, 2)
            s = Stream(c, topic)
            s.thread.start()
            broker = c.broker(0)
            target = 0
            for round_ in range(2):
                target += 300
                s.wait_acked(target)
                broker.kill9()
                print(f"round {round_}: killed the broker after {s.acked_count()} acknowledged, "
                      f"{s.sent} sent", flush=True)
                c.wait_broker_deregistered(0)
                broker.start()
                target = s.acked_count()
            s.wait_acked(target + 300)
            left = s.finish()
            self.assertEqual(left, 0, "records still queued after flush")
            print(f"sent {s.sent}, acknowledged {len(s.acked)}, failed {len(s.failed)}", flush=True)
            self.assertGreater(len(s.acked), 900)

            got = read_all(c, topic, 2, len(s.acked))
            missing, wrong = [], []
            for seq, (p, o) in sorted(s.acked.items()):
                if (p, o) not in got:
                    missing.append((seq, p, o))
                elif got[(p, o)][1] != Stream.value(seq):
                    wrong.append((seq, p, o, got[(p, o)][1][:20]))
            self.assertEqual(missing[:5], [], f"{len(missing)} acknowledged records missing\n{c.logs()}")
            self.assertEqual(wrong[:5], [], f"{len(wrong)} acknowledged records with other contents")
            values = [v for (_k, v) in got.values()]
            self.assertEqual(len(values), len(set(values)), "a record is in the log twice")
            for p in range(2):
                offs = sorted(o for (pp, o) in got if pp == p)
                self.assertEqual(offs, list(range(len(offs))), f"offsets of partition {p} are not dense")

    def test_clean_restart_keeps_everything(self):
        from confluent_kafka import Producer
        from confluent_kafka.admin import ConfigResource
        topic = "kept"
        with bh.Cluster(brokers=1, build=BUILD) as c:
            create_topic(c, topic, 3, {"retention.ms": "7200000", "cleanup.policy": "delete"})
            expected, errors = {}, []

            def produce(codec, n, tag):
                p = Producer({"bootstrap.servers": c.bootstrap, "acks": "all", "compression.type": codec,
                              "linger.ms": 5})

                def delivered(err, msg, value):
                    if err is None:
                        expected[(msg.partition(), msg.offset())] = value
                    else:
                        errors.append(str(err))
                for i in range(n):
                    value = f"{tag} {codec} {i} ".encode() * (1 + i % 4)
                    p.produce(topic, key=f"{codec}-{i}".encode(), value=value, partition=i % 3,
                              headers=[("h", codec.encode())],
                              on_delivery=lambda err, msg, v=value: delivered(err, msg, v))
                self.assertEqual(p.flush(60), 0)
                self.assertEqual(errors, [], f"delivery errors ({codec})")

            for codec in ["none", "gzip", "snappy", "lz4", "zstd"]:
                produce(codec, 60, "before")
            ends = {p: sum(1 for (pp, _o) in expected if pp == p) for p in range(3)}

            status = c.broker(0).stop()
            print(f"broker exited with status {status} after SIGTERM", flush=True)
            c.broker(0).start()

            a = admin(c)
            md = a.list_topics(timeout=10)
            self.assertIn(topic, md.topics)
            self.assertEqual(sorted(md.topics[topic].partitions), [0, 1, 2])
            res = ConfigResource(ConfigResource.Type.TOPIC, topic)
            entries = a.describe_configs([res], request_timeout=30)[res].result(40)
            self.assertEqual(entries["retention.ms"].value, "7200000")

            got = read_all(c, topic, 3, len(expected))
            self.assertEqual({k: v for k, (_key, v) in got.items()}, expected)

            before = dict(expected)
            produce("lz4", 30, "after")
            new = {k: v for k, v in expected.items() if k not in before}
            for p in range(3):
                self.assertEqual(min(o for (pp, o) in new if pp == p), ends[p], f"partition {p} continues at its end")


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
