// Unit tests of the client pieces that need no broker: errors, bootstrap
// lists, the partitioner, and connection failures against a closed port.
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>
#include <string>
#include <vector>

#include "client/admin.h"
#include "client/errc.h"
#include "client/partitioner.h"

using namespace odradek;
using namespace odradek::client;

namespace {

// A port on 127.0.0.1 nothing listens on: bound, then closed.
int closed_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

}  // namespace

TEST_CASE("kafka errors carry Kafka's default message unless the broker sent one") {
    error e = kafka_error(protocol::error_code::topic_already_exists);
    CHECK(user_message(e) == "Topic with this name already exists.");
    CHECK(kafka_code(e) == protocol::error_code::topic_already_exists);
    CHECK(kafka_exception_name(e) == "org.apache.kafka.common.errors.TopicExistsException");
    error f = kafka_error(int16_t(36), std::string("Topic 'orders' already exists."));
    CHECK(user_message(f) == "Topic 'orders' already exists.");
    CHECK(kafka_default_message(protocol::error_code::unknown_topic_or_partition) ==
          "This server does not host this topic-partition.");
    CHECK(!kafka_code(error(errc::timeout, "x")));
    CHECK(is_retriable(protocol::error_code::not_leader_or_follower));
    CHECK(!is_retriable(protocol::error_code::topic_already_exists));
}

TEST_CASE("bootstrap lists are split and checked as Kafka's ClientUtils does") {
    auto eps = parse_bootstrap_servers(" localhost:9092, 127.0.0.1:9093 ,,[::1]:9094");
    REQUIRE(eps);
    REQUIRE(eps->size() == 3);
    CHECK((*eps)[0] == endpoint{"localhost", 9092});
    CHECK((*eps)[1] == endpoint{"127.0.0.1", 9093});
    CHECK((*eps)[2] == endpoint{"::1", 9094});

    auto bad = parse_bootstrap_servers("localhost");
    REQUIRE(!bad);
    CHECK(bad.err().detail == "Invalid url in bootstrap.servers: localhost");
    auto empty = parse_bootstrap_servers(" , ");
    REQUIRE(!empty);
    CHECK(empty.err().detail == "No resolvable bootstrap urls given in bootstrap.servers");

    CHECK(valid_host_port_list("h1:9091,h2:9092"));
    CHECK(valid_host_port_list("h1:9091,"));
    CHECK(!valid_host_port_list("h1"));
    CHECK(!valid_host_port_list(""));
    CHECK(!valid_host_port_list("h1:9091,,h2:9092"));
}

TEST_CASE("murmur2 matches Kafka's Utils.murmur2") {
    // The vectors of Kafka's UtilsTest.testMurmur2.
    CHECK(murmur2(as_bytes("21")) == -973932308);
    CHECK(murmur2(as_bytes("foobar")) == -790332482);
    CHECK(murmur2(as_bytes("a-little-bit-long-string")) == -985981536);
    CHECK(murmur2(as_bytes("a-little-bit-longer-string")) == -1486304829);
    CHECK(murmur2(as_bytes("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8")) == -58897971);
    CHECK(murmur2(as_bytes("abc")) == 479470107);
    // toPositive(murmur2) % n
    CHECK(partition_for_key(as_bytes("21"), 3) == int32_t((uint32_t(-973932308) & 0x7fffffff) % 3));
    CHECK(partition_for_key(as_bytes("foobar"), 1) == 0);
}

TEST_CASE("the sticky partitioner stays on one partition for batch.size bytes, then moves") {
    sticky_partitioner sp(100, 42);
    int32_t first = sp.next("t", 4, {}, 60);
    CHECK(sp.next("t", 4, {}, 30) == first);  // 90 bytes so far
    CHECK(sp.next("t", 4, {}, 30) == first);  // reaches 120 >= 100 after this one
    int32_t second = sp.next("t", 4, {}, 10);
    CHECK(second != first);
    CHECK(second >= 0);
    CHECK(second < 4);
    // Only partitions with a leader are chosen.
    sticky_partitioner only(100, 7);
    for (int i = 0; i < 20; ++i) CHECK(only.next("u", 4, {2}, 200) == 2);
}

TEST_CASE("a cluster nobody listens on fails in bounded time with Kafka's warning") {
    int port = closed_port();
    std::vector<std::string> warnings;
    client_config cfg;
    cfg.bootstrap_servers = "localhost:" + std::to_string(port);
    cfg.client_id = "test";
    cfg.unreachable_timeout = millis(600);
    cfg.log = [&](log_level level, const std::string& msg, const std::string&) {
        if (level == log_level::warn) warnings.push_back(msg);
    };
    auto a = admin::create(cfg, millis(60000));
    REQUIRE(a);
    auto start = clock::now();
    auto topics = (*a)->list_topics(true);
    REQUIRE(!topics);
    CHECK(topics.err().code == make_error_code(errc::connection_failed));
    CHECK(clock::now() - start < std::chrono::seconds(30));
    REQUIRE(!warnings.empty());
    std::string expected_v4 = "Connection to node -1 (localhost/127.0.0.1:" + std::to_string(port) +
                              ") could not be established. Broker may not be available.";
    // localhost may resolve to ::1 first on some hosts.
    std::string expected_v6 = "Connection to node -1 (localhost/::1:" + std::to_string(port) +
                              ") could not be established. Broker may not be available.";
    bool matched = false;
    for (const std::string& w : warnings) matched = matched || w == expected_v4 || w == expected_v6;
    CHECK_MESSAGE(matched, warnings.front());
    CHECK(user_message(topics.err()) == warnings.back());
}

TEST_CASE("an IP bootstrap address prints as Java's /ip:port and bootstrap nodes count down from -1") {
    int port1 = closed_port();
    int port2 = closed_port();
    std::set<std::string> warnings;
    client_config cfg;
    cfg.bootstrap_servers = "127.0.0.1:" + std::to_string(port1) + ",127.0.0.1:" + std::to_string(port2);
    cfg.unreachable_timeout = millis(300);
    cfg.log = [&](log_level, const std::string& msg, const std::string&) { warnings.insert(msg); };
    auto c = cluster::create(cfg);
    REQUIRE(c);
    auto md = (*c)->refresh(std::nullopt, false, clock::now() + millis(5000));
    REQUIRE(!md);
    CHECK(warnings.count("Connection to node -1 (/127.0.0.1:" + std::to_string(port1) +
                         ") could not be established. Broker may not be available.") == 1);
    CHECK(warnings.count("Connection to node -2 (/127.0.0.1:" + std::to_string(port2) +
                         ") could not be established. Broker may not be available.") == 1);
}

TEST_CASE("a raised cancel flag ends a wait for an unreachable cluster") {
    std::atomic<bool> cancel{true};
    client_config cfg;
    cfg.bootstrap_servers = "127.0.0.1:" + std::to_string(closed_port());
    cfg.cancel = &cancel;
    auto c = cluster::create(cfg);
    REQUIRE(c);
    auto md = (*c)->refresh(std::nullopt, false, clock::now() + millis(60000));
    REQUIRE(!md);
    CHECK(md.err().code == make_error_code(errc::cancelled));
}
