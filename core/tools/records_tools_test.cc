// kafka-delete-records and kafka-log-dirs against a fake admin client.
#include "tools/records_tools.h"

#include <doctest/doctest.h>

#include <sstream>

#include "tools/test_fake_admin.h"

using namespace odradek;
using namespace odradek::tools;
using odradek::tools::testing::fake_admin;

TEST_CASE("Java's HashMap order, as Jackson prints it") {
    // {"version", "brokers"} iterate brokers first; partition/size/offsetLag/isFuture keep that order.
    CHECK(java_hash_map_order({java_string_hash("version"), java_string_hash("brokers")}) == std::vector<size_t>{1, 0});
    CHECK(java_hash_map_order({java_string_hash("logDir"), java_string_hash("error"), java_string_hash("partitions")}) ==
          std::vector<size_t>{2, 1, 0});
    CHECK(java_string_hash("orders") == int32_t(0xc3df62e5u));  // "orders".hashCode()
}

TEST_CASE("delete-records prints Kafka's lines and per-partition errors") {
    fake_admin admin;
    admin.add_topic("orders", 2);
    std::ostringstream out, err;
    int code = run_delete_records_with(
        R"({"partitions": [{"topic": "orders", "partition": 1, "offset": 5}, {"topic": "gone", "partition": 0, "offset": 1}], "version": 1})",
        testing::factory_for(admin), out, err);
    CHECK(code == 0);
    CHECK(out.str() == "Executing records delete operation\nRecords delete operation completed:\n"
                       "partition: gone-0\terror: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: "
                       "This server does not host this topic-partition.\n"
                       "partition: orders-1\tlow_watermark: 5\n");
    std::ostringstream out2, err2;
    code = run_delete_records_with(
        R"({"partitions": [{"topic": "orders", "partition": 1, "offset": 5}, {"topic": "orders", "partition": 1, "offset": 6}]})",
        testing::factory_for(admin), out2, err2);
    CHECK(code == 1);
    CHECK(err2.str() == "Exception in thread \"main\" org.apache.kafka.server.common.AdminCommandFailedException: "
                        "Offset json file contains duplicate topic partitions: orders-1\n");
    std::ostringstream out3, err3;
    CHECK(run_delete_records_with("not json", testing::factory_for(admin), out3, err3) == 1);
    CHECK(err3.str() == "Exception in thread \"main\" org.apache.kafka.server.common.AdminOperationException: The "
                        "input string is not a valid JSON\n");
}

TEST_CASE("log-dirs prints Kafka's two lines and Jackson's JSON") {
    fake_admin admin;
    client::log_dir_description d;
    d.broker = 0;
    d.path = "/tmp/kafka-logs";
    d.replicas = {{{"orders", 0}, 120, 0, false}, {{"other", 0}, 7, 0, false}};
    admin.log_dirs = {d};
    log_dirs_options o;
    o.topic_list = "orders";
    std::ostringstream out, err;
    CHECK(run_log_dirs_with(o, testing::factory_for(admin), out, err) == 0);
    CHECK(out.str() == "Querying brokers for log directories information\n"
                       "Received log directory information from brokers 0\n"
                       "{\"brokers\":[{\"broker\":0,\"logDirs\":[{\"partitions\":[{\"partition\":\"orders-0\","
                       "\"size\":120,\"offsetLag\":0,\"isFuture\":false}],\"error\":null,\"logDir\":"
                       "\"/tmp/kafka-logs\"}]}],\"version\":1}\n");
    log_dirs_options missing;
    missing.broker_list = "0,5";
    std::ostringstream out2, err2;
    CHECK(run_log_dirs_with(missing, testing::factory_for(admin), out2, err2) == 1);
    CHECK(err2.str() == "ERROR: The given brokers do not exist from --broker-list: 5. Current existent brokers: 0\n");
}
