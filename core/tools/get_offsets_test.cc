// kafka-get-offsets against a fake admin client.
#include "tools/get_offsets.h"

#include <doctest/doctest.h>

#include <sstream>

#include "tools/test_fake_admin.h"

using namespace odradek;
using namespace odradek::tools;
using odradek::tools::testing::fake_admin;

namespace {

struct run_result {
    int code;
    std::string out, err;
};

run_result run(get_offsets_options o, fake_admin& admin) {
    o.bootstrap_server = "localhost:9092";
    std::ostringstream out, err;
    int code = run_get_offsets_with(o, testing::factory_for(admin), out, err);
    return {code, out.str(), err.str()};
}

void answer(fake_admin& admin, const std::string& topic, int32_t p, int64_t ts, int64_t offset) {
    admin.offsets[{{topic, p}, ts}] = client::offset_result{{topic, p}, ok(), offset};
}

}  // namespace

TEST_CASE("offsets print as topic:partition:offset sorted by the topic-partition string") {
    fake_admin admin;
    admin.add_topic("orders", 12);
    admin.add_topic("audit", 1);
    for (int p = 0; p < 12; ++p) answer(admin, "orders", p, client::kLatestTimestamp, 100 + p);
    answer(admin, "audit", 0, client::kLatestTimestamp, 7);
    get_offsets_options o;
    o.topic = "orders";
    o.partitions = "2,10,1";
    auto r = run(o, admin);
    CHECK(r.code == 0);
    // "orders-10" sorts before "orders-2", as TopicPartition.toString does.
    CHECK(r.out == "orders:1:101\norders:10:110\norders:2:102\n");

    get_offsets_options all;
    r = run(all, admin);
    CHECK(r.out.rfind("audit:0:7\norders:0:100\norders:1:101\norders:10:110\norders:11:111\norders:2:102\n", 0) == 0);

    get_offsets_options rules;
    rules.topic_partitions = "ord.*:3-5,audit";
    r = run(rules, admin);
    CHECK(r.out == "audit:0:7\norders:3:103\norders:4:104\n");
}

TEST_CASE("times, unknown offsets, and Kafka's error texts") {
    fake_admin admin;
    admin.add_topic("t", 2);
    answer(admin, "t", 0, client::kEarliestTimestamp, 0);
    answer(admin, "t", 1, client::kEarliestTimestamp, -1);  // UNKNOWN_OFFSET: not printed
    get_offsets_options o;
    o.time = "-2";
    auto r = run(o, admin);
    CHECK(r.out == "t:0:0\n");
    o.time = "yesterday";
    r = run(o, admin);
    CHECK(r.code == 1);
    CHECK(r.err == "Error occurred: Malformed time argument yesterday. Please use -1 or latest / -2 or earliest / -3 "
                   "or max-timestamp, or a specified long format timestamp\n");
    get_offsets_options none;
    none.topic = "zzz";
    r = run(none, admin);
    CHECK(r.err == "Error occurred: Could not match any topic-partitions with the specified filters\n");
    get_offsets_options both;
    both.topic = "t";
    both.topic_partitions = "t:0";
    r = run(both, admin);
    CHECK(r.err == "Error occurred: --topic-partitions cannot be used with --topic or --partitions\n");
    get_offsets_options bad;
    bad.partitions = "0,x";
    r = run(bad, admin);
    CHECK(r.err == "Error occurred: --partitions expects a comma separated list of numeric partition ids, but "
                   "received: 0,x\n");
    get_offsets_options failing;
    failing.time = "latest";
    r = run(failing, admin);  // no answers set for latest: per-partition errors are skipped
    CHECK(r.code == 0);
    CHECK(r.out.empty());
    CHECK(r.err.find("Skip getting offsets for topic-partition t-0 due to error: "
                     "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host "
                     "this topic-partition.") != std::string::npos);
}
