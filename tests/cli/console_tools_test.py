#!/usr/bin/env python3
"""CLI golden tests of kafka-topics, kafka-console-producer and kafka-console-consumer
against a real single-broker cluster (tests/broker_harness.py: our zookeeper-server-start
and kafka-server-start through bin/ on free ports), and against a broker that is down.

Every tool runs through its bin/*.sh wrapper; stdout is compared exactly, stderr where
Kafka's text is fixed, exit codes always. Each test has its own cluster, so tests are
independent; everything is bounded in time (subprocess timeouts).

usage: console_tools_test.py BUILD_BIN_DIR [unittest args]
"""
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import broker_harness as bh  # noqa: E402

BIN = bh.REPO / "bin"
BUILD = None
TOPIC_ID = r"[A-Za-z0-9_-]{22}"


def tool(name, *args, stdin=None, timeout=60):
    env = dict(os.environ)
    if BUILD:
        env["ODRADEK_BUILD_DIR"] = str(BUILD)
    return subprocess.run([str(BIN / f"{name}.sh"), *map(str, args)], input=stdin, capture_output=True, text=True,
                          timeout=timeout, env=env)


class BrokerSessions(unittest.TestCase):
    """The seed sessions of a Kafka user, on a fresh cluster each."""

    def setUp(self):
        self.cluster = bh.Cluster(brokers=1, build=BUILD)
        self.cluster.start()
        self.bs = self.cluster.bootstrap

    def tearDown(self):
        self.cluster.stop()

    def topics(self, *args, **kw):
        return tool("kafka-topics", "--bootstrap-server", self.bs, *args, **kw)

    def assert_ok(self, r, stdout):
        self.assertEqual((r.returncode, r.stdout), (0, stdout), r.stderr)

    def test_create_list_delete_orders(self):
        self.assert_ok(self.topics("--create", "--topic", "orders", "--partitions", "3", "--replication-factor", "1"),
                       "Created topic orders.\n")
        r = self.topics("--create", "--topic", "orders", "--partitions", "3")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "Error while executing topic command : Topic 'orders' already exists.\n")
        self.assertIn("ERROR org.apache.kafka.common.errors.TopicExistsException: Topic 'orders' already exists. "
                      "(org.apache.kafka.tools.TopicCommand)", r.stderr)
        self.assert_ok(self.topics("--create", "--topic", "orders", "--if-not-exists"), "")
        self.assert_ok(self.topics("--create", "--topic", "payments"), "Created topic payments.\n")
        self.assert_ok(self.topics("--list"), "orders\npayments\n")
        self.assert_ok(self.topics("--list", "--topic", "ord.*"), "orders\n")
        self.assert_ok(self.topics("--delete", "--topic", "orders"), "")
        r = self.topics("--delete", "--topic", "nope")
        self.assertEqual((r.returncode, r.stdout),
                         (1, "Error while executing topic command : Topic 'nope' does not exist as expected\n"))
        self.assert_ok(self.topics("--delete", "--topic", "nope", "--if-exists"), "")
        # Deletion may take a moment to show in metadata.
        deadline = time.time() + 30
        while True:
            r = self.topics("--list")
            if r.stdout == "payments\n" or time.time() > deadline:
                break
            time.sleep(0.5)
        self.assert_ok(r, "payments\n")

    def test_alter_partitions(self):
        self.assert_ok(self.topics("--create", "--topic", "orders", "--partitions", "2"), "Created topic orders.\n")
        self.assert_ok(self.topics("--alter", "--topic", "orders", "--partitions", "4"), "")
        r = self.topics("--alter", "--topic", "orders", "--partitions", "3")
        self.assertEqual((r.returncode, r.stdout),
                         (1, "Error while executing topic command : Topic currently has 4 partitions, which is higher "
                             "than the requested 3.\n"))
        r = tool("kafka-get-offsets", "--bootstrap-server", self.bs, "--topic", "orders")
        self.assertEqual((r.returncode, r.stdout), (0, "orders:0:0\norders:1:0\norders:2:0\norders:3:0\n"), r.stderr)

    def test_broker_api_versions(self):
        r = tool("kafka-broker-api-versions", "--bootstrap-server", self.bs)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.split("\n")
        self.assertEqual(lines[0], f"{self.bs} (id: 0 rack: null) -> (")
        self.assertRegex(lines[1], r"^\tProduce\(0\): \d+ to \d+ \[usable: \d+\],$")
        self.assertIn("\tApiVersions(18): 0 to 3 [usable: 3],", lines)
        self.assertEqual(lines[-2:], [")", ""])

    def test_create_errors_from_the_broker_and_the_tool(self):
        r = self.topics("--create", "--topic", "big", "--replication-factor", "3")
        self.assertEqual((r.returncode, r.stdout), (1, "Error while executing topic command : Replication factor: 3 "
                                                       "larger than available brokers: 1.\n"))
        r = self.topics("--create", "--topic", "bad name")
        self.assertEqual(r.stdout, "Error while executing topic command : Topic name is invalid: 'bad name' contains "
                                   "one or more characters other than ASCII alphanumerics, '.', '_' and '-'\n")
        r = self.topics("--create", "--topic", "t", "--config", "retention.ms=abc")
        self.assertEqual(r.stdout, "Error while executing topic command : Invalid value abc for configuration "
                                   "retention.ms: Not a number of type LONG\n")
        r = self.topics("--create", "--topic", "t", "--partitions", "0")
        self.assertEqual(r.stdout, "Error while executing topic command : The partitions must be greater than 0\n")
        r = self.topics("--create", "--topic", "my.topic")
        self.assert_ok(r, "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore "
                          "('_') could collide. To avoid issues it is best to use either, but not both.\n"
                          "Created topic my.topic.\n")

    def test_describe_orders(self):
        self.assert_ok(self.topics("--create", "--topic", "orders", "--partitions", "3", "--config",
                                   "retention.ms=86400000"), "Created topic orders.\n")
        r = self.topics("--describe", "--topic", "orders")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        lines = r.stdout.split("\n")
        self.assertRegex(lines[0], rf"^Topic: orders\tTopicId: {TOPIC_ID}\tPartitionCount: 3\tReplicationFactor: 1"
                                   r"\tConfigs: (.*,)?retention\.ms=86400000(,.*)?$")
        self.assertEqual(lines[1:], [f"\tTopic: orders\tPartition: {p}\tLeader: 0\tReplicas: 0\tIsr: 0"
                                     for p in range(3)] + [""])

    def test_echo_into_the_producer_and_read_back_from_the_beginning(self):
        self.assert_ok(self.topics("--create", "--topic", "orders", "--partitions", "1"), "Created topic orders.\n")
        r = tool("kafka-console-producer", "--bootstrap-server", self.bs, "--topic", "orders",
                 stdin="first order\nsecond order\nthird order\n")
        self.assertEqual((r.returncode, r.stdout), (0, ""), r.stderr)  # no ">" prompt without a terminal
        r = tool("kafka-console-consumer", "--bootstrap-server", self.bs, "--topic", "orders", "--from-beginning",
                 "--max-messages", "3")
        self.assertEqual((r.returncode, r.stdout), (0, "first order\nsecond order\nthird order\n"), r.stderr)
        self.assertTrue(r.stderr.endswith("Processed a total of 3 messages\n"), r.stderr)
        # Keys, partitions, offsets and timestamps through the formatter.
        r = tool("kafka-console-producer", "--bootstrap-server", self.bs, "--topic", "orders", "--property",
                 "parse.key=true", "--property", "key.separator=:", "--compression-codec", "zstd",
                 stdin="k1:v1\nk2:v2\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = tool("kafka-console-consumer", "--bootstrap-server", self.bs, "--topic", "orders", "--partition", "0",
                 "--offset", "3", "--max-messages", "2", "--property", "print.key=true", "--property",
                 "print.offset=true", "--property", "print.partition=true", "--property", "print.timestamp=true")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"^CreateTime:\d{13}\tPartition:0\tOffset:3\tk1\tv1\n"
                                   r"CreateTime:\d{13}\tPartition:0\tOffset:4\tk2\tv2\n$")
        # Headers.
        r = tool("kafka-console-producer", "--bootstrap-server", self.bs, "--topic", "orders", "--property",
                 "parse.headers=true", stdin="h1:a,h2:b\twith headers\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = tool("kafka-console-consumer", "--bootstrap-server", self.bs, "--topic", "orders", "--partition", "0",
                 "--offset", "5", "--max-messages", "1", "--property", "print.headers=true")
        self.assertEqual((r.returncode, r.stdout), (0, "h1:a,h2:b\twith headers\n"), r.stderr)

    def test_misspelled_topic_is_created_by_producing_to_it(self):
        self.assert_ok(self.topics("--create", "--topic", "orders"), "Created topic orders.\n")
        r = tool("kafka-console-producer", "--bootstrap-server", self.bs, "--topic", "ordrs", stdin="oops\n")
        self.assertEqual((r.returncode, r.stdout), (0, ""), r.stderr)
        self.assert_ok(self.topics("--list"), "orders\nordrs\n")
        r = tool("kafka-console-consumer", "--bootstrap-server", self.bs, "--topic", "ordrs", "--from-beginning",
                 "--max-messages", "1")
        self.assertEqual((r.returncode, r.stdout), (0, "oops\n"), r.stderr)

    def test_consumer_timeout_and_signals_end_cleanly(self):
        self.assert_ok(self.topics("--create", "--topic", "orders", "--partitions", "2"), "Created topic orders.\n")
        r = tool("kafka-console-consumer", "--bootstrap-server", self.bs, "--topic", "orders", "--timeout-ms", "1000")
        self.assertEqual((r.returncode, r.stdout), (0, ""))
        self.assertIn("ERROR Error processing message, terminating consumer process:  (kafka.tools.ConsoleConsumer$)\n"
                      "org.apache.kafka.common.errors.TimeoutException\n", r.stderr)
        self.assertTrue(r.stderr.endswith("Processed a total of 0 messages\n"), r.stderr)
        tool("kafka-console-producer", "--bootstrap-server", self.bs, "--topic", "orders", stdin="one\n")
        for sig, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
            env = dict(os.environ, ODRADEK_BUILD_DIR=str(BUILD)) if BUILD else None
            p = subprocess.Popen([str(BIN / "kafka-console-consumer.sh"), "--bootstrap-server", self.bs, "--topic",
                                  "orders", "--from-beginning"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, env=env)
            try:
                line = p.stdout.readline()  # the record is out: the consumer is in its poll loop
                self.assertEqual(line, "one\n")
                p.send_signal(sig)
                out, err = p.communicate(timeout=30)
            finally:
                if p.poll() is None:
                    p.kill()
                    p.wait()
            self.assertEqual(p.returncode, code, err)
            self.assertEqual(out, "")
            self.assertTrue(err.endswith("Processed a total of 1 messages\n"), err)

    def test_consumer_groups_are_refused_clearly(self):
        r = tool("kafka-console-consumer", "--bootstrap-server", self.bs, "--topic", "orders", "--group", "g1")
        self.assertEqual(r.returncode, 1)
        self.assertIn("Consumer groups are not supported yet: group 'g1'", r.stderr)


class OffsetTools(unittest.TestCase):
    """kafka-get-offsets, kafka-delete-records and kafka-log-dirs on one cluster."""

    def setUp(self):
        self.cluster = bh.Cluster(brokers=1, build=BUILD)
        self.cluster.start()
        self.bs = self.cluster.bootstrap

    def tearDown(self):
        self.cluster.stop()

    def test_offsets_delete_records_and_log_dirs(self):
        r = tool("kafka-topics", "--bootstrap-server", self.bs, "--create", "--topic", "orders", "--partitions", "2")
        self.assertEqual(r.stdout, "Created topic orders.\n", r.stderr)
        r = tool("kafka-console-producer", "--bootstrap-server", self.bs, "--topic", "orders", "--property",
                 "parse.key=true", stdin="".join(f"k{i}\tv{i}\n" for i in range(10)))
        self.assertEqual(r.returncode, 0, r.stderr)
        # Keyed records: the partition of each key is murmur2(key) % 2, as in Kafka.
        r = tool("kafka-get-offsets", "--bootstrap-server", self.bs, "--topic", "orders")
        self.assertEqual(r.returncode, 0, r.stderr)
        latest = dict((int(p), int(o)) for _, p, o in (l.split(":") for l in r.stdout.split()))
        self.assertEqual(sum(latest.values()), 10)
        r = tool("kafka-get-offsets", "--bootstrap-server", self.bs, "--topic-partitions", "orders:0",
                 "--time", "earliest")
        self.assertEqual((r.returncode, r.stdout), (0, "orders:0:0\n"), r.stderr)

        with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
            f.write('{"partitions": [{"topic": "orders", "partition": 0, "offset": 1}], "version": 1}')
            f.flush()
            r = tool("kafka-delete-records", "--bootstrap-server", self.bs, "--offset-json-file", f.name)
        self.assertEqual((r.returncode, r.stdout),
                         (0, "Executing records delete operation\nRecords delete operation completed:\n"
                             "partition: orders-0\tlow_watermark: 1\n"), r.stderr)
        r = tool("kafka-get-offsets", "--bootstrap-server", self.bs, "--topic-partitions", "orders:0",
                 "--time", "-2")
        self.assertEqual((r.returncode, r.stdout), (0, "orders:0:1\n"), r.stderr)

        r = tool("kafka-log-dirs", "--bootstrap-server", self.bs, "--describe", "--topic-list", "orders")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.split("\n")
        self.assertEqual(lines[:2], ["Querying brokers for log directories information",
                                     "Received log directory information from brokers 0"])
        self.assertRegex(lines[2], r'^\{"brokers":\[\{"broker":0,"logDirs":\[\{"partitions":\[\{"partition":'
                                   r'"orders-[01]","size":\d+,"offsetLag":0,"isFuture":false\},\{"partition":'
                                   r'"orders-[01]","size":\d+,"offsetLag":0,"isFuture":false\}\],"error":null,'
                                   r'"logDir":"[^"]+"\}\]\}\],"version":1\}$')


class DownBroker(unittest.TestCase):
    """Tools against a port nothing listens on: Kafka's warning, a hint, exit 1, bounded time."""

    @classmethod
    def setUpClass(cls):
        cls.port = bh.free_port()
        cls.bs = f"127.0.0.1:{cls.port}"
        cls.warning = (f"Connection to node -1 (/127.0.0.1:{cls.port}) could not be established. "
                       "Broker may not be available.")

    def test_topics(self):
        with tempfile.NamedTemporaryFile("w", suffix=".properties") as cfg:
            cfg.write("default.api.timeout.ms=3000\n")
            cfg.flush()
            start = time.time()
            r = tool("kafka-topics", "--bootstrap-server", self.bs, "--command-config", cfg.name, "--list")
        self.assertLess(time.time() - start, 30)
        self.assertEqual((r.returncode, r.stdout),
                         (1, "Error while executing topic command : Timed out waiting for a node assignment. "
                             "Call: listTopics\n"))
        self.assertRegex(r.stderr, r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] WARN \[AdminClient "
                                   r"clientId=adminclient-1\] " + re.escape(self.warning) +
                         r" \(org\.apache\.kafka\.clients\.NetworkClient\)\n")
        self.assertIn(f"No broker answered at {self.bs}", r.stderr)

    def test_producer(self):
        start = time.time()
        r = tool("kafka-console-producer", "--bootstrap-server", self.bs, "--topic", "orders", "--max-block-ms",
                 "3000", stdin="lost\n")
        self.assertLess(time.time() - start, 30)
        self.assertEqual(r.returncode, 1)
        self.assertIn(self.warning, r.stderr)
        self.assertIn("ERROR Error when sending message to topic orders with key: null, value: 4 bytes with error: "
                      "(org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)", r.stderr)

    def test_consumer(self):
        start = time.time()
        r = tool("kafka-console-consumer", "--bootstrap-server", self.bs, "--topic", "orders",
                 "--consumer-property", "default.api.timeout.ms=3000", timeout=60)
        self.assertLess(time.time() - start, 45)
        self.assertEqual((r.returncode, r.stdout), (1, ""))
        self.assertIn(self.warning, r.stderr)
        self.assertTrue(r.stderr.endswith("Processed a total of 0 messages\n"), r.stderr)


class UsageErrors(unittest.TestCase):
    """Kafka's usage messages: one line, then the option table, exit 1."""

    def check_usage(self, r, first_line):
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "")
        lines = r.stderr.split("\n")
        self.assertEqual(lines[0], first_line)
        # The option table follows (Kafka's host:port message ends in "\n ", one more line).
        self.assertTrue(any(l.startswith("Option") and "Description" in l for l in lines[1:3]), r.stderr)

    def test_topics(self):
        self.check_usage(tool("kafka-topics"), "Create, delete, describe, or change a topic.")
        self.check_usage(tool("kafka-topics", "--help"), "This tool helps to create, delete, describe, or change a "
                                                         "topic.")
        self.check_usage(tool("kafka-topics", "--bootstrap-server", "localhost:9092"),
                         "Command must include exactly one action: --list, --describe, --create, --alter or --delete")
        self.check_usage(tool("kafka-topics", "--bootstrap-server", "localhost:9092", "--create"),
                         'Missing required argument "[topic]"')
        r = tool("kafka-topics", "--list")
        self.assertEqual((r.returncode, r.stdout), (1, ""))
        self.assertTrue(r.stderr.startswith("--bootstrap-server must be specified\n"), r.stderr)
        self.check_usage(tool("kafka-topics", "--bootstrap-server", "localhost:9092", "--list", "--partitions", "x"),
                         "kafka-topics: Cannot parse argument 'x' of option partitions")

    def test_producer(self):
        self.check_usage(tool("kafka-console-producer", "--topic", "t"), "Missing required option(s) "
                                                                         "[bootstrap-server]")
        self.check_usage(tool("kafka-console-producer", "--bootstrap-server", "localhost:9092"),
                         'Missing required argument "[topic]"')
        self.check_usage(tool("kafka-console-producer", "--bootstrap-server", "localhost", "--topic", "t"),
                         "Please provide valid host:port like host1:9091,host2:9092")

    def test_consumer(self):
        self.check_usage(tool("kafka-console-consumer", "--bootstrap-server", "localhost:9092"),
                         "Exactly one of --include/--topic is required. ()")
        self.check_usage(tool("kafka-console-consumer", "--topic", "t"), 'Missing required argument '
                                                                         '"[bootstrap-server]"')
        self.check_usage(tool("kafka-console-consumer", "--bootstrap-server", "localhost:9092", "--topic", "t",
                              "--offset", "5"), "The partition is required when offset is specified.")


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        BUILD = pathlib.Path(sys.argv.pop(1)).resolve().parent
    unittest.main(verbosity=2)
