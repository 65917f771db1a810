#!/usr/bin/python3
"""Interop: Debian's Python clients against kafka-server-start (ZooKeeper mode).

confluent-kafka (python3-confluent-kafka, on librdkafka) and kafka-python (python3-kafka),
each: admin create (with a topic config; validate-only; an existing name), list and
describe topics, describe configs of the topic and the broker; a producer in every codec
(none, gzip, snappy, lz4, zstd) with acks=1 and acks=all (confluent-kafka: idempotent),
records with keys, values, headers and CreateTime timestamps; a consumer with assign()
from the beginning that must read back exactly what was acknowledged, at the reported
offsets; watermarks / offsets for times; delete, and delete again.

usage: python_clients_test.py BUILD_BIN_DIR CLIENT [--apache-zookeeper]
  CLIENT: confluent-kafka | kafka-python | both
Exits 77 (ctest: skipped) with a SKIP line when a client's module is not installed.
"""
import pathlib
import sys
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import broker_harness as bh  # noqa: E402

PARTITIONS = 3
RECORDS = 30            # per codec and acks setting
BASE_TS = 1700000000000
CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]
CLUSTER = None
APACHE_ZK = False


def make_records(series):
    """Records of one series: (key, value, headers, timestamp, partition). Some keys or
    values are None (never both: kafka-python refuses that), values carry binary bytes.
    No null header values: kafka-python cannot send them, and confluent-kafka 1.7 drops a
    reference to None for each one it hands back (Python aborts at exit, "none_dealloc");
    rdkafka_interop (the C API) round-trips them."""
    out = []
    for i in range(RECORDS):
        key = None if i % 7 == 3 else f"key-{series}-{i}".encode()
        value = f"value {series}/{i} ".encode() + b"lorem ipsum " * (i % 5) + bytes((i * 31 + k) & 0xff for k in range(16))
        if i % 11 == 5 and key is not None:
            value = None
        headers = [("series", str(series).encode()), ("index", str(i).encode())]
        if i % 4 == 0:
            headers.append(("empty", b""))
        if i % 6 == 0:
            headers.append(("index", "dup ü".encode()))
        out.append((key, value, headers, BASE_TS + series * 100000 + i, i % PARTITIONS))
    return out


class ClientChecks:
    """Shared by both clients' test classes: what a produced record must read back as."""
    topic = None
    produced = {}  # (partition, offset) -> record tuple

    def check_read_back(self, consumed):
        """consumed: {(partition, offset): (key, value, headers, timestamp, is_create_time)}"""
        self.assertEqual(len(consumed), len(self.produced), "records read back")
        for po, (key, value, headers, ts, _) in sorted(self.produced.items()):
            self.assertIn(po, consumed, f"record at partition/offset {po}")
            ckey, cvalue, cheaders, cts, create_time = consumed[po]
            self.assertEqual(ckey, key, f"key at {po}")
            self.assertEqual(cvalue, value, f"value at {po}")
            self.assertEqual(cheaders, headers, f"headers at {po}")
            self.assertEqual(cts, ts, f"timestamp at {po}")
            self.assertTrue(create_time, f"timestamp type CreateTime at {po}")

    def record_delivery(self, rec, partition, offset):
        self.assertEqual(partition, rec[4])
        self.assertNotIn((partition, offset), self.produced, "offset handed out twice")
        self.produced[(partition, offset)] = rec

    def expected_end_offsets(self):
        ends = {p: 0 for p in range(PARTITIONS)}
        for (p, _o) in self.produced:
            ends[p] += 1
        return ends

    def first_offset_at_or_after(self, partition, ts):
        offs = [o for (p, o), r in self.produced.items() if p == partition and r[3] >= ts]
        return min(offs) if offs else -1


def wait_until(pred, what, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}\n{CLUSTER.logs()}")


class ConfluentKafkaTest(ClientChecks, unittest.TestCase):
    topic = "py-confluent"
    produced = {}

    @classmethod
    def setUpClass(cls):
        from confluent_kafka.admin import AdminClient
        cls.admin = AdminClient({"bootstrap.servers": CLUSTER.bootstrap})

    def metadata(self):
        return self.admin.list_topics(timeout=10)

    def test_1_admin_create_and_describe(self):
        from confluent_kafka import KafkaError, KafkaException
        from confluent_kafka.admin import NewTopic
        fs = self.admin.create_topics([NewTopic(self.topic + "-validate", 1, 1)], validate_only=True,
                                      request_timeout=30)
        self.assertIsNone(fs[self.topic + "-validate"].result(40))
        self.assertNotIn(self.topic + "-validate", self.metadata().topics)
        fs = self.admin.create_topics([NewTopic(self.topic, PARTITIONS, 1, config={"retention.ms": "3600000"})],
                                      operation_timeout=30, request_timeout=30)
        self.assertIsNone(fs[self.topic].result(40))
        fs = self.admin.create_topics([NewTopic(self.topic, PARTITIONS, 1)], request_timeout=30)
        with self.assertRaises(KafkaException) as cm:
            fs[self.topic].result(40)
        self.assertEqual(cm.exception.args[0].code(), KafkaError.TOPIC_ALREADY_EXISTS)

        wait_until(lambda: self.topic in self.metadata().topics, "the topic in metadata")
        md = self.metadata()
        self.assertEqual(sorted(md.brokers), [0])
        self.assertEqual((md.brokers[0].host, md.brokers[0].port), ("127.0.0.1", CLUSTER.broker(0).port))
        self.assertEqual(md.controller_id, 0)
        self.assertTrue(md.cluster_id)
        t = md.topics[self.topic]
        self.assertIsNone(t.error)
        self.assertEqual(sorted(t.partitions), list(range(PARTITIONS)))
        for p in t.partitions.values():
            self.assertEqual((p.leader, p.replicas, p.isrs, p.error), (0, [0], [0], None))

    def test_2_describe_configs(self):
        from confluent_kafka.admin import ConfigResource, ConfigSource
        res = ConfigResource(ConfigResource.Type.TOPIC, self.topic)
        entries = self.admin.describe_configs([res], request_timeout=30)[res].result(40)
        self.assertEqual(entries["retention.ms"].value, "3600000")
        self.assertEqual(entries["retention.ms"].source, ConfigSource.DYNAMIC_TOPIC_CONFIG.value)
        self.assertEqual(entries["cleanup.policy"].value, "delete")
        self.assertEqual(entries["cleanup.policy"].source, ConfigSource.DEFAULT_CONFIG.value)
        res = ConfigResource(ConfigResource.Type.BROKER, "0")
        entries = self.admin.describe_configs([res], request_timeout=30)[res].result(40)
        self.assertEqual(entries["log.retention.hours"].value, "168")
        self.assertEqual(entries["log.retention.hours"].source, ConfigSource.STATIC_BROKER_CONFIG.value)
        self.assertEqual(entries["num.partitions"].value, "1")

    def test_3_produce_and_consume(self):
        from confluent_kafka import TIMESTAMP_CREATE_TIME, Consumer, Producer, TopicPartition
        from confluent_kafka import OFFSET_BEGINNING
        series = 0
        for codec in CODECS:
            for acks in ("1", "all"):
                with self.subTest(codec=codec, acks=acks):
                    conf = {"bootstrap.servers": CLUSTER.bootstrap, "compression.type": codec, "acks": acks,
                            "linger.ms": 10, "message.timeout.ms": 30000}
                    if acks == "all":
                        conf["enable.idempotence"] = True
                    p = Producer(conf)
                    recs = make_records(series)
                    series += 1
                    reports = {}
                    for i, (k, v, h, ts, part) in enumerate(recs):
                        p.produce(self.topic, value=v, key=k, partition=part, timestamp=ts, headers=h,
                                  on_delivery=lambda err, msg, i=i: reports.__setitem__(i, (err, msg)))
                    self.assertEqual(p.flush(60), 0, "messages left after flush")
                    self.assertEqual(len(reports), len(recs))
                    for i, rec in enumerate(recs):
                        err, msg = reports[i]
                        self.assertIsNone(err, f"delivery of record {i}")
                        self.assertEqual(msg.timestamp(), (TIMESTAMP_CREATE_TIME, rec[3]))
                        self.record_delivery(rec, msg.partition(), msg.offset())

        c = Consumer({"bootstrap.servers": CLUSTER.bootstrap, "group.id": "py-confluent-interop",
                      "enable.auto.commit": False, "enable.partition.eof": False})
        c.assign([TopicPartition(self.topic, p, OFFSET_BEGINNING) for p in range(PARTITIONS)])
        consumed = {}
        deadline = time.time() + 60
        while len(consumed) < len(self.produced) and time.time() < deadline:
            m = c.poll(0.5)
            if m is None:
                continue
            self.assertIsNone(m.error(), f"consumer error: {m.error()}")
            tstype, ts = m.timestamp()
            consumed[(m.partition(), m.offset())] = (m.key(), m.value(), m.headers() or [], ts,
                                                     tstype == TIMESTAMP_CREATE_TIME)
        extra = c.poll(1.0)  # nothing beyond what was acknowledged
        self.assertTrue(extra is None, f"an unexpected extra record or error: {extra and extra.error()}")
        self.check_read_back(consumed)

        ends = self.expected_end_offsets()
        for part in range(PARTITIONS):
            self.assertEqual(c.get_watermark_offsets(TopicPartition(self.topic, part), timeout=10),
                             (0, ends[part]), f"watermarks of partition {part}")
            ts = BASE_TS + 100000
            got = c.offsets_for_times([TopicPartition(self.topic, part, ts)], timeout=10)[0]
            self.assertEqual(got.offset, self.first_offset_at_or_after(part, ts), f"offsets_for_times p{part}")
            got = c.offsets_for_times([TopicPartition(self.topic, part, BASE_TS + 10 ** 9)], timeout=10)[0]
            self.assertEqual(got.offset, -1, "offsets_for_times after the last record")
        c.close()

    def test_4_delete(self):
        from confluent_kafka import KafkaError, KafkaException
        self.assertIsNone(self.admin.delete_topics([self.topic], operation_timeout=30,
                                                   request_timeout=30)[self.topic].result(40))
        wait_until(lambda: self.topic not in self.metadata().topics, "the topic to leave metadata")
        with self.assertRaises(KafkaException) as cm:
            self.admin.delete_topics([self.topic], request_timeout=30)[self.topic].result(40)
        self.assertEqual(cm.exception.args[0].code(), KafkaError.UNKNOWN_TOPIC_OR_PART)


class KafkaPythonTest(ClientChecks, unittest.TestCase):
    topic = "py-kafka-python"
    produced = {}

    @classmethod
    def setUpClass(cls):
        from kafka import KafkaAdminClient
        cls.admin = KafkaAdminClient(bootstrap_servers=CLUSTER.bootstrap, client_id="odradek-interop",
                                     request_timeout_ms=30000)

    @classmethod
    def tearDownClass(cls):
        cls.admin.close()

    def test_1_admin_create_and_describe(self):
        import kafka.errors
        from kafka.admin import NewTopic
        r = self.admin.create_topics([NewTopic(self.topic + "-validate", 1, 1)], validate_only=True,
                                     timeout_ms=30000)
        self.assertEqual([e[:2] for e in r.topic_errors], [(self.topic + "-validate", 0)])
        self.assertNotIn(self.topic + "-validate", self.admin.list_topics())
        r = self.admin.create_topics([NewTopic(self.topic, PARTITIONS, 1, topic_configs={"retention.ms": "3600000"})],
                                     timeout_ms=30000)
        self.assertEqual([e[:2] for e in r.topic_errors], [(self.topic, 0)])
        # kafka-python raises the per-topic error of a controller request.
        with self.assertRaises(kafka.errors.TopicAlreadyExistsError):
            self.admin.create_topics([NewTopic(self.topic, PARTITIONS, 1)], timeout_ms=30000)

        wait_until(lambda: self.topic in self.admin.list_topics(), "the topic in metadata")
        [t] = self.admin.describe_topics([self.topic])
        self.assertEqual((t["topic"], t["error_code"]), (self.topic, 0))
        parts = sorted(t["partitions"], key=lambda p: p["partition"])
        self.assertEqual([p["partition"] for p in parts], list(range(PARTITIONS)))
        for p in parts:
            self.assertEqual((p["error_code"], p["leader"], p["replicas"], p["isr"]), (0, 0, [0], [0]))
        cluster = self.admin.describe_cluster()
        self.assertEqual(cluster["controller_id"], 0)
        self.assertEqual([(b["node_id"], b["host"], b["port"]) for b in cluster["brokers"]],
                         [(0, "127.0.0.1", CLUSTER.broker(0).port)])

    def configs(self, resource_type, name):
        from kafka.admin import ConfigResource
        [resp] = self.admin.describe_configs([ConfigResource(resource_type, name)])
        [(err, msg, _type, rname, entries)] = resp.resources
        self.assertEqual((err, rname), (0, name), msg)
        # (name, value, read_only, is_default (v0) / source (v1+), is_sensitive[, synonyms])
        return {e[0]: (e[1], e[3]) for e in entries}, resp.API_VERSION

    def test_2_describe_configs(self):
        from kafka.admin import ConfigResourceType
        topic, version = self.configs(ConfigResourceType.TOPIC, self.topic)
        self.assertEqual(topic["retention.ms"][0], "3600000")
        self.assertEqual(topic["cleanup.policy"][0], "delete")
        if version >= 1:
            self.assertEqual(topic["retention.ms"][1], 1)    # DYNAMIC_TOPIC_CONFIG
            self.assertEqual(topic["cleanup.policy"][1], 5)  # DEFAULT_CONFIG
        broker, version = self.configs(ConfigResourceType.BROKER, "0")
        self.assertEqual(broker["log.retention.hours"][0], "168")
        if version >= 1:
            self.assertEqual(broker["log.retention.hours"][1], 4)  # STATIC_BROKER_CONFIG

    def test_3_produce_and_consume(self):
        from kafka import KafkaConsumer, KafkaProducer, TopicPartition
        series = 0
        for codec in CODECS:
            for acks in (1, "all"):
                with self.subTest(codec=codec, acks=acks):
                    p = KafkaProducer(bootstrap_servers=CLUSTER.bootstrap, acks=acks, linger_ms=10,
                                      compression_type=None if codec == "none" else codec)
                    recs = make_records(series)
                    series += 1
                    futures = [p.send(self.topic, value=v, key=k, headers=h, partition=part, timestamp_ms=ts)
                               for (k, v, h, ts, part) in recs]
                    p.flush(60)
                    for rec, f in zip(recs, futures):
                        md = f.get(timeout=30)
                        self.assertEqual(md.timestamp, rec[3])
                        self.record_delivery(rec, md.partition, md.offset)
                    p.close(10)

        c = KafkaConsumer(bootstrap_servers=CLUSTER.bootstrap, group_id=None, enable_auto_commit=False,
                          auto_offset_reset="earliest")
        tps = [TopicPartition(self.topic, p) for p in range(PARTITIONS)]
        c.assign(tps)
        c.seek_to_beginning()
        consumed = {}
        deadline = time.time() + 60
        while len(consumed) < len(self.produced) and time.time() < deadline:
            for _tp, msgs in c.poll(timeout_ms=500).items():
                for m in msgs:
                    consumed[(m.partition, m.offset)] = (m.key, m.value, list(m.headers), m.timestamp,
                                                         m.timestamp_type == 0)
        self.assertEqual(c.poll(timeout_ms=1000), {}, "an unexpected extra record")
        self.check_read_back(consumed)

        ends = self.expected_end_offsets()
        self.assertEqual(c.beginning_offsets(tps), {tp: 0 for tp in tps})
        self.assertEqual(c.end_offsets(tps), {tp: ends[tp.partition] for tp in tps})
        ts = BASE_TS + 100000
        got = c.offsets_for_times({tp: ts for tp in tps})
        for tp in tps:
            self.assertEqual(got[tp].offset, self.first_offset_at_or_after(tp.partition, ts), f"offsets_for_times {tp}")
        got = c.offsets_for_times({tp: BASE_TS + 10 ** 9 for tp in tps})
        self.assertEqual(got, {tp: None for tp in tps}, "offsets_for_times after the last record")
        c.close()

    def test_4_delete(self):
        import kafka.errors
        r = self.admin.delete_topics([self.topic], timeout_ms=30000)
        self.assertEqual(r.topic_error_codes, [(self.topic, 0)])
        wait_until(lambda: self.topic not in self.admin.list_topics(), "the topic to leave metadata")
        with self.assertRaises(kafka.errors.UnknownTopicOrPartitionError):
            self.admin.delete_topics([self.topic], timeout_ms=30000)


def main():
    global CLUSTER
    args = sys.argv[1:]
    apache = "--apache-zookeeper" in args
    args = [a for a in args if a != "--apache-zookeeper"]
    if len(args) != 2 or args[1] not in ("confluent-kafka", "kafka-python", "both"):
        sys.exit(__doc__)
    build, client = args
    suites = {"confluent-kafka": (ConfluentKafkaTest, "confluent_kafka", "python3-confluent-kafka"),
              "kafka-python": (KafkaPythonTest, "kafka", "python3-kafka")}
    chosen = list(suites) if client == "both" else [client]
    for name in chosen:
        try:
            __import__(suites[name][1])
        except ImportError as e:
            print(f"SKIP: {name} is not installed ({e}); install the Debian package {suites[name][2]} "
                  f"(scripts/install-deps.sh). NOT TESTED.", flush=True)
            sys.exit(bh.SKIP)
    bh.require_broker(build)
    loader = unittest.TestLoader()
    suite = unittest.TestSuite(loader.loadTestsFromTestCase(suites[n][0]) for n in chosen)
    # Apache ZooKeeper variant: with a chroot too, as many deployments use one.
    with bh.Cluster(brokers=1, build=build, real_zookeeper=apache, chroot="/odradek" if apache else None) as c:
        CLUSTER = c
        print(f"cluster: bootstrap {c.bootstrap}, zookeeper {c.zk_connect} "
              f"({'Apache ZooKeeper' if apache else 'zookeeper-server-start'})", flush=True)
        result = unittest.TextTestRunner(verbosity=2).run(suite)
        if not result.wasSuccessful():
            print(c.logs())
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
