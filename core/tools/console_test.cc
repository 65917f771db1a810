// The console producer's line reader, the consumer's formatter, and the
// option checks of both tools.
#include <doctest/doctest.h>

#include <sstream>

#include "tools/console_consumer.h"
#include "tools/console_producer.h"
#include "tools/line_reader.h"
#include "tools/message_formatter.h"

using namespace odradek;
using namespace odradek::tools;

namespace {

config::properties props(std::initializer_list<std::pair<const char*, const char*>> kv) {
    config::properties p;
    for (const auto& [k, v] : kv) p.set(k, v);
    return p;
}

std::string format(const message_formatter& f, const client::consumer_record& r) {
    std::ostringstream os;
    REQUIRE(f.write(r, os));
    return os.str();
}

client::consumer_record sample() {
    client::consumer_record r;
    r.topic = "orders";
    r.partition = 0;
    r.offset = 5;
    r.timestamp = 1700000000000;
    r.key = "mykey";
    r.value = "myvalue";
    return r;
}

}  // namespace

TEST_CASE("the line reader takes the whole line as the value by default") {
    auto r = line_reader::create("orders", {});
    REQUIRE(r);
    auto rec = r->parse("hello\tworld");
    REQUIRE(rec);
    CHECK(rec->topic == "orders");
    CHECK(!rec->key);
    CHECK(*rec->value == "hello\tworld");
    CHECK(rec->headers.empty());
}

TEST_CASE("parse.key and parse.headers split the line at the first separators") {
    auto r = line_reader::create("t", props({{"parse.key", "true"}, {"parse.headers", " TRUE "}}));
    REQUIRE(r);
    auto rec = r->parse("h1:v1,h2:v2\tk\tv\twith tab");
    REQUIRE(rec);
    CHECK(*rec->key == "k");
    CHECK(*rec->value == "v\twith tab");
    REQUIRE(rec->headers.size() == 2);
    CHECK(rec->headers[0].key == "h1");
    CHECK(*rec->headers[0].value == "v1");
    CHECK(rec->headers[1].key == "h2");

    auto keyed = line_reader::create("t", props({{"parse.key", "true"}, {"key.separator", ":"}}));
    REQUIRE(keyed);
    auto kv = keyed->parse("a:b:c");
    REQUIRE(kv);
    CHECK(*kv->key == "a");
    CHECK(*kv->value == "b:c");
    auto missing = keyed->parse("nokey");
    REQUIRE(!missing);
    CHECK(missing.err().detail == "No key separator found on line number 2: 'nokey'");
}

TEST_CASE("ignore.error and null.marker behave as Kafka's LineMessageReader") {
    auto r = line_reader::create("t", props({{"parse.key", "true"}, {"ignore.error", "true"}, {"null.marker", "NULL"}}));
    REQUIRE(r);
    auto rec = r->parse("nokey");
    REQUIRE(rec);
    CHECK(!rec->key);
    CHECK(*rec->value == "nokey");
    auto nulls = r->parse("NULL\tNULL");
    REQUIRE(nulls);
    CHECK(!nulls->key);
    CHECK(!nulls->value);

    auto bad = line_reader::create("t", props({{"headers.delimiter", ","}}));
    REQUIRE(!bad);
    CHECK(bad.err().detail == "headers.delimiter and headers.separator may not be equal");
    auto bad_marker = line_reader::create("t", props({{"null.marker", "\t"}}));
    REQUIRE(!bad_marker);
    CHECK(bad_marker.err().detail == "null.marker and key.separator may not be equal");

    auto headers = line_reader::create("t", props({{"parse.headers", "true"}}));
    REQUIRE(headers);
    auto no_sep = headers->parse("h1\tvalue");
    REQUIRE(!no_sep);
    CHECK(no_sep.err().detail == "No header key separator found in pair 'h1' on line number 1");
}

TEST_CASE("the default formatter prints the value, or the fields asked for in Kafka's fixed order") {
    auto plain = message_formatter::create("kafka.tools.DefaultMessageFormatter", {});
    REQUIRE(plain);
    CHECK(format(*plain, sample()) == "myvalue\n");

    auto all = message_formatter::create("kafka.tools.DefaultMessageFormatter",
                                         props({{"print.key", "true"},
                                                {"print.partition", "true"},
                                                {"print.offset", "true"},
                                                {"print.timestamp", "true"}}));
    REQUIRE(all);
    CHECK(format(*all, sample()) == "CreateTime:1700000000000\tPartition:0\tOffset:5\tmykey\tmyvalue\n");

    auto headers = message_formatter::create(
        "kafka.tools.DefaultMessageFormatter",
        props({{"print.headers", "true"}, {"print.value", "false"}, {"print.key", "true"}, {"key.separator", "|"},
               {"null.literal", "<nil>"}}));
    REQUIRE(headers);
    client::consumer_record r = sample();
    r.key = std::nullopt;
    CHECK(format(*headers, r) == "NO_HEADERS|<nil>\n");
    r.headers = {{"a", std::string("1")}, {"b", std::nullopt}};
    CHECK(format(*headers, r) == "a:1,b:<nil>|<nil>\n");

    auto ts = message_formatter::create("kafka.tools.DefaultMessageFormatter",
                                        props({{"print.timestamp", "true"}, {"line.separator", ";"}}));
    REQUIRE(ts);
    r = sample();
    r.timestamp_type = client::timestamp_kind::log_append_time;
    CHECK(format(*ts, r) == "LogAppendTime:1700000000000\tmyvalue;");
    r.timestamp_type = client::timestamp_kind::none;
    CHECK(format(*ts, r) == "NO_TIMESTAMP\tmyvalue;");

    auto noop = message_formatter::create("kafka.tools.NoOpMessageFormatter", {});
    REQUIRE(noop);
    CHECK(format(*noop, sample()).empty());
    auto unknown = message_formatter::create("com.example.Fancy", {});
    REQUIRE(!unknown);
    CHECK(unknown.err().detail == "java.lang.ClassNotFoundException: com.example.Fancy");
}

TEST_CASE("deserializers print numbers from big-endian bytes and refuse wrong sizes") {
    auto ints = message_formatter::create(
        "kafka.tools.DefaultMessageFormatter",
        props({{"value.deserializer", "org.apache.kafka.common.serialization.IntegerDeserializer"},
               {"key.deserializer", "org.apache.kafka.common.serialization.LongDeserializer"},
               {"print.key", "true"}}));
    REQUIRE(ints);
    client::consumer_record r = sample();
    r.value = std::string("\x00\x00\x01\x02", 4);
    r.key = std::string("\xff\xff\xff\xff\xff\xff\xff\xfe", 8);
    CHECK(format(*ints, r) == "-2\t258\n");
    r.value = "abc";
    std::ostringstream os;
    status s = ints->write(r, os);
    REQUIRE(!s);
    CHECK(s.err().detail == "Size of data received by IntegerDeserializer is not 4");
}

TEST_CASE("console consumer option checks carry Kafka's messages") {
    console_consumer_options o;
    o.bootstrap_server = "localhost:9092";
    CHECK(*check_console_consumer_options(o) == "Exactly one of --include/--topic is required. ()");
    o.topic = "t";
    o.include = "x";
    CHECK(*check_console_consumer_options(o) == "Exactly one of --include/--topic is required. ()");
    o.include = std::nullopt;
    CHECK(!check_console_consumer_options(o));
    o.offset = "earliest";
    CHECK(*check_console_consumer_options(o) == "The partition is required when offset is specified.");
    o.partition = 0;
    o.from_beginning = true;
    CHECK(*check_console_consumer_options(o) == "Options from-beginning and offset cannot be specified together.");
    o.from_beginning = false;
    o.offset = "-5";
    CHECK(*check_console_consumer_options(o) ==
          "The provided offset value '-5' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.");
    o.offset = "LATEST";
    CHECK(!check_console_consumer_options(o));
    o.group = "g";
    CHECK(*check_console_consumer_options(o) == "Options group and partition cannot be specified together.");
    o.partition = std::nullopt;
    o.offset = std::nullopt;
    o.consumer_properties = {"group.id=other"};
    CHECK(*check_console_consumer_options(o) ==
          "The group ids provided in different places (directly using '--group', via '--consumer-property', or via "
          "'--consumer.config') do not match. Detected group ids: 'g', 'other'");
    console_consumer_options nobs;
    nobs.topic = "t";
    CHECK(*check_console_consumer_options(nobs) == "Missing required argument \"[bootstrap-server]\"");
}

TEST_CASE("the console consumer refuses consumer groups with a clear message") {
    console_consumer_options o;
    o.bootstrap_server = "localhost:1";
    o.topic = "t";
    o.group = "my-group";
    std::ostringstream out, err;
    CHECK(run_console_consumer(o, out, err) == 1);
    CHECK(err.str().find("Consumer groups are not supported yet: group 'my-group'") != std::string::npos);
}

TEST_CASE("console producer hosts are checked as Kafka's validatePortOrDie") {
    console_producer_options o;
    o.topic = "t";
    o.bootstrap_server = "localhost:9092,other:9093";
    CHECK(!check_console_producer_options(o));
    o.bootstrap_server = "localhost";
    CHECK(*check_console_producer_options(o) == "Please provide valid host:port like host1:9091,host2:9092\n ");
    o.bootstrap_server = std::nullopt;
    o.broker_list = "h:1";
    CHECK(!check_console_producer_options(o));
}

TEST_CASE("a console producer with a line the reader cannot parse exits 1 with Kafka's message") {
    console_producer_options o;
    o.topic = "t";
    o.bootstrap_server = "127.0.0.1:1";
    o.properties = {"parse.key=true"};
    std::istringstream in("no separator here\n");
    std::ostringstream out, err;
    CHECK(run_console_producer(o, in, out, err) == 1);
    CHECK(err.str().find("org.apache.kafka.common.KafkaException: No key separator found on line number 1: 'no "
                         "separator here'") != std::string::npos);
    CHECK(out.str().empty());  // no prompt without a terminal
}
