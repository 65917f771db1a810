#include "coordination/config.h"

#include <doctest/doctest.h>

#include "coordination/four_letter.h"

using namespace odradek::coordination;

TEST_CASE("Kafka's zookeeper.properties parses") {
    auto c = parse_server_config(
        "# comment\n"
        "dataDir=/tmp/zookeeper\n"
        "clientPort=2181\n"
        "maxClientCnxns=0\n"
        "admin.enableServer=false\n"
        "! another comment\n"
        "tickTime : 1000\n");
    REQUIRE(c);
    CHECK(c->data_dir == "/tmp/zookeeper");
    CHECK(c->client_port == 2181);
    CHECK(c->max_client_cnxns == 0);
    CHECK(c->tick_time == 1000);
    CHECK(c->effective_min_session_timeout() == 2000);
    CHECK(c->effective_max_session_timeout() == 20000);
    CHECK(c->ignored_keys == std::vector<std::string>{"admin.enableServer"});
    CHECK(c->four_letter_allowed("srvr"));
    CHECK_FALSE(c->four_letter_allowed("ruok"));
}

TEST_CASE("config errors") {
    CHECK_FALSE(parse_server_config("clientPort=1\n"));
    CHECK_FALSE(parse_server_config("dataDir=/x\n"));
    CHECK_FALSE(parse_server_config("dataDir=/x\nclientPort=abc\n"));
    CHECK_FALSE(parse_server_config("dataDir=/x\nclientPort=1\nserver.1=a:2888:3888\n"));
    CHECK_FALSE(parse_server_config("dataDir=/x\nclientPort=1\nminSessionTimeout=9000\nmaxSessionTimeout=100\n"));
}

TEST_CASE("4lw whitelist") {
    auto c = parse_server_config("dataDir=/x\nclientPort=1\n4lw.commands.whitelist=ruok, stat\n");
    REQUIRE(c);
    CHECK(c->four_letter_allowed("ruok"));
    CHECK(c->four_letter_allowed("stat"));
    CHECK_FALSE(c->four_letter_allowed("srvr"));
    auto all = parse_server_config("dataDir=/x\nclientPort=1\n4lw.commands.whitelist=*\n");
    CHECK(all->four_letter_allowed("mntr"));
}

TEST_CASE("four-letter words are recognised from the first four bytes") {
    CHECK(four_letter_name(0x72756f6b) == "ruok");
    CHECK(four_letter_name(0x73727672) == "srvr");
    CHECK(four_letter_name(44).empty());
}
