#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <fstream>

#include "base/uuid_text.h"
#include "broker/errc.h"
#include "broker/meta_properties.h"
#include "broker/partition_metadata.h"
#include "storage/posix_file_system.h"
#include "storage/test_util.h"

using namespace odradek;
using namespace odradek::broker;

namespace {
void write_text(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary);
    f << text;
}
}  // namespace

TEST_CASE("meta.properties: written as Java's Properties.store writes it") {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    meta_properties m;
    m.broker_id = 0;
    m.cluster_id = "LsfhJ0lRQk-9PHrdJ2P_Hw";
    // 2026-11-22 08:52:13 UTC, a Sunday.
    CHECK(format_meta_properties(m, 1795337533000) ==
          "#\n#Sun Nov 22 08:52:13 UTC 2026\nbroker.id=0\nversion=0\ncluster.id=LsfhJ0lRQk-9PHrdJ2P_Hw\n");
    m.directory_id = "AAAAAAAAAAAAAAAAAAAAAA";
    CHECK(format_meta_properties(m, 1795337533000) ==
          "#\n#Sun Nov 22 08:52:13 UTC 2026\nbroker.id=0\ndirectory.id=AAAAAAAAAAAAAAAAAAAAAA\nversion=0\n"
          "cluster.id=LsfhJ0lRQk-9PHrdJ2P_Hw\n");
}

TEST_CASE("meta.properties: read back, and Kafka's files") {
    storage::testing::temp_dir d;
    storage::posix_file_system fs;
    auto none = read_meta_properties(fs, d.path());
    REQUIRE(none);
    CHECK(!*none);

    meta_properties m;
    m.broker_id = 3;
    m.cluster_id = "abc";
    REQUIRE(write_meta_properties(fs, d.path(), m, 0));
    auto back = read_meta_properties(fs, d.path());
    REQUIRE(back);
    REQUIRE(*back);
    CHECK(**back == m);

    // A file written by Kafka 3.7 (ZooKeeper mode), any key order, CRLF.
    write_text(d.path() + "/meta.properties", "#\r\n#Tue Jan 02 10:00:00 CET 2024\r\ncluster.id=xyz\r\nversion=0\r\nbroker.id=1\r\n");
    back = read_meta_properties(fs, d.path());
    REQUIRE(back);
    CHECK((*back)->broker_id == 1);
    CHECK((*back)->cluster_id == "xyz");

    // Without version and broker.id (old brokers): version 0, no id.
    write_text(d.path() + "/meta.properties", "cluster.id=xyz\n");
    back = read_meta_properties(fs, d.path());
    REQUIRE(back);
    CHECK((*back)->version == 0);
    CHECK(!(*back)->broker_id);

    write_text(d.path() + "/meta.properties", "version=0\nbroker.id=x1\n");
    back = read_meta_properties(fs, d.path());
    REQUIRE(!back);
    CHECK(back.err().detail == "Unable to read broker.id as a base-10 number.");

    write_text(d.path() + "/meta.properties", "version=7\n");
    back = read_meta_properties(fs, d.path());
    REQUIRE(!back);
    CHECK(back.err().detail == "Unknown meta.properties version number 7");
}

TEST_CASE("meta.properties: verification with Kafka's messages") {
    meta_properties m;
    m.broker_id = 1;
    m.cluster_id = "c1";
    std::optional<std::string> cluster = "c2";
    std::optional<int32_t> broker = 1;
    auto st = verify_meta_properties(m, "/data/k", cluster, broker);
    REQUIRE(!st);
    CHECK(st.err().code == errc::inconsistent_cluster_id);
    CHECK(st.err().detail == "Invalid cluster.id in: /data/k/meta.properties. Expected c2, but read c1");

    cluster = "c1";
    broker = 0;
    st = verify_meta_properties(m, "/data/k", cluster, broker);
    REQUIRE(!st);
    CHECK(st.err().code == errc::inconsistent_broker_id);
    CHECK(st.err().detail ==
          "Stored node id 1 doesn't match previous node id 0 in /data/k/meta.properties. If you moved your data, make "
          "sure your configured node id matches. If you intend to create a new node, you should remove all data in "
          "your data directories.");

    // Unknown expectations are learnt from the file.
    std::optional<std::string> c;
    std::optional<int32_t> b;
    REQUIRE(verify_meta_properties(m, "/d", c, b));
    CHECK(c == "c1");
    CHECK(b == 1);

    m.version = 1;
    st = verify_meta_properties(m, "/d", c, b);
    REQUIRE(!st);
    CHECK(st.err().detail.find("ZK-based brokers that are not migrating only support version 0") != std::string::npos);
}

TEST_CASE("partition.metadata: Kafka's topic id text") {
    protocol::uuid id;
    for (size_t i = 0; i < 16; ++i) id.bytes[i] = uint8_t(i * 17);
    const std::string s = uuid_to_base64(id.bytes);
    CHECK(s == "ABEiM0RVZneImaq7zN3u_w");

    storage::testing::temp_dir d;
    storage::posix_file_system fs;
    REQUIRE(write_partition_metadata(fs, d.path(), id));
    std::ifstream f(d.path() + "/partition.metadata");
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    CHECK(text == "version: 0\ntopic_id: ABEiM0RVZneImaq7zN3u_w");
    auto read = read_partition_metadata(fs, d.path());
    REQUIRE(read);
    CHECK(*read == id);
}
