// kafka-configs against a fake admin client.
#include "tools/configs.h"

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

configs_options base(bool alter) {
    configs_options o;
    o.bootstrap_server = "localhost:9092";
    o.alter = alter;
    o.describe = !alter;
    o.args = {"--bootstrap-server", "localhost:9092"};
    return o;
}

run_result run(const configs_options& o, fake_admin& admin) {
    std::ostringstream out, err;
    int code = run_configs_with(o, testing::factory_for(admin), out, err);
    return {code, out.str(), err.str()};
}

client::config_entry_info entry(const std::string& name, const std::string& value, int8_t source,
                                std::vector<client::config_synonym_info> synonyms = {}) {
    client::config_entry_info e;
    e.name = name;
    e.value = value;
    e.source = source;
    e.is_default = source == 5;
    e.synonyms = std::move(synonyms);
    return e;
}

}  // namespace

TEST_CASE("describe prints the dynamic configs of a topic with their synonyms") {
    fake_admin admin;
    admin.add_topic("orders", 1);
    admin.configs["orders"] = {
        entry("retention.ms", "1000", 1, {{"retention.ms", "1000", 1}, {"log.retention.hours", "168", 5}}),
        entry("cleanup.policy", "delete", 5),
        entry("max.message.bytes", "2000", 1, {{"max.message.bytes", "2000", 1}})};
    configs_options o = base(false);
    o.entity_types = {"topics"};
    o.entity_names = {"orders"};
    auto r = run(o, admin);
    CHECK(r.code == 0);
    CHECK(r.out == "Dynamic configs for topic orders are:\n"
                   "  max.message.bytes=2000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:max.message.bytes=2000}\n"
                   "  retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000, "
                   "DEFAULT_CONFIG:log.retention.hours=168}\n");
    o.all = true;
    r = run(o, admin);
    CHECK(r.out.rfind("All configs for topic orders are:\n  cleanup.policy=delete sensitive=false synonyms={}\n", 0) == 0);
}

TEST_CASE("describe of brokers lists each broker and the cluster default") {
    fake_admin admin;
    admin.configs["0"] = {entry("log.cleaner.threads", "2", 2), entry("num.io.threads", "8", 4)};
    admin.configs[""] = {entry("log.retention.ms", "5000", 3)};
    configs_options o = base(false);
    o.entity_types = {"brokers"};
    auto r = run(o, admin);
    CHECK(r.out == "Dynamic configs for broker 0 are:\n"
                   "  log.cleaner.threads=2 sensitive=false synonyms={}\n"
                   "Default configs for brokers in the cluster are:\n"
                   "  log.retention.ms=5000 sensitive=false synonyms={}\n");
}

TEST_CASE("alter a topic: incremental SET and DELETE, Kafka's completion line and errors") {
    fake_admin admin;
    admin.add_topic("orders", 1);
    admin.configs["orders"] = {entry("retention.ms", "1000", 1)};
    configs_options o = base(true);
    o.shortcuts = {{"topics", "orders"}};
    o.add_config = "max.message.bytes=2000,cleanup.policy=[compact,delete], flush.ms = 5";
    o.delete_config = {"retention.ms"};
    auto r = run(o, admin);
    CHECK(r.code == 0);
    CHECK(r.out == "Completed updating config for topic orders.\n");
    REQUIRE(admin.incremental.size() == 1);
    const auto& ops = admin.incremental[0].second;
    REQUIRE(ops.size() == 4);
    CHECK(ops[0].name == "cleanup.policy");
    CHECK(*ops[0].value == "compact,delete");
    CHECK(ops[1].name == "flush.ms");
    CHECK(*ops[1].value == "5");
    CHECK(ops[3].name == "retention.ms");
    CHECK(ops[3].op == client::alter_config_op::remove);

    o.delete_config = {"segment.ms"};
    o.add_config = std::nullopt;
    r = run(o, admin);
    CHECK(r.code == 1);
    CHECK(r.err == "Invalid config(s): segment.ms\n");
    o.delete_config = {};
    o.add_config = "novalue";
    r = run(o, admin);
    CHECK(r.err == "requirement failed: Invalid entity config: all configs to be added must be in the format "
                   "\"key=val\".\n");
    o.add_config = "ssl.endpoint.identification.algorithm=";
    r = run(o, admin);
    CHECK(r.code == 0);
    CHECK(*admin.incremental.back().second[0].value == "");
    o.add_config = "bad key!=1";
    r = run(o, admin);
    CHECK(r.err == "Invalid character found for config key: bad key!\n");
}

TEST_CASE("alter brokers sends the whole dynamic config through AlterConfigs") {
    fake_admin admin;
    admin.configs["0"] = {entry("log.cleaner.threads", "2", 2), entry("num.io.threads", "8", 2)};
    configs_options o = base(true);
    o.entity_types = {"brokers"};
    o.entity_names = {"0"};
    o.add_config = "log.cleaner.threads=3";
    o.delete_config = {"num.io.threads"};
    auto r = run(o, admin);
    CHECK(r.code == 0);
    CHECK(r.out == "Completed updating config for broker 0.\n");
    REQUIRE(admin.replaced.size() == 1);
    CHECK(admin.replaced[0].second ==
          std::vector<std::pair<std::string, std::optional<std::string>>>{{"log.cleaner.threads", "3"}});
    configs_options d = base(true);
    d.shortcuts = {{"brokers", ""}};
    d.add_config = "log.retention.ms=1";
    r = run(d, admin);
    CHECK(r.out == "Completed updating default config for brokers in the cluster.\n");
}

TEST_CASE("a broker id that is not registered fails in one line naming the live ones") {
    fake_admin admin;
    admin.fail_all = error(client::errc::connection_failed, "broker 7 is not in the cluster (live brokers: 0, 1)");
    configs_options o = base(false);
    o.entity_types = {"brokers"};
    o.entity_names = {"7"};
    auto r = run(o, admin);
    CHECK(r.code == 1);
    CHECK(r.out == "Dynamic configs for broker 7 are:\n");  // Kafka prints the heading before asking
    CHECK(r.err == "Broker 7 is not in the cluster (live brokers: 0, 1); name a running broker with --entity-name.\n");
    // Any other unreachable broker keeps Kafka's timeout text and the hint.
    admin.fail_all = error(client::errc::connection_failed, "connection refused");
    r = run(o, admin);
    CHECK(r.code == 1);
    CHECK(r.err.find("TimeoutException: Timed out waiting for a node assignment. Call: describeConfigs\n") !=
          std::string::npos);
}

TEST_CASE("option checks carry Kafka's messages") {
    configs_options none;
    none.bootstrap_server = "x:1";
    auto p = check_configs_options(none);
    REQUIRE(p);
    CHECK(p->message == "Command must include exactly one action: --describe, --alter");
    CHECK(p->print_usage);
    configs_options o = base(false);
    CHECK(check_configs_options(o)->message == "At least one entity type must be specified");
    o.entity_types = {"topics", "topics"};
    CHECK(check_configs_options(o)->message == "Duplicate entity type(s) specified: topics");
    o.entity_types = {"widgets"};
    CHECK(check_configs_options(o)->message ==
          "Invalid entity type widgets, the entity type must be one of topics, clients, users, brokers, ips, "
          "broker-loggers, client-metrics with a --bootstrap-server or --bootstrap-controller argument");
    configs_options a = base(true);
    a.entity_types = {"topics"};
    a.add_config = "a=b";
    CHECK(check_configs_options(a)->message == "an entity name must be specified with --alter of topics");
    a.entity_names = {"t"};
    CHECK(!check_configs_options(a));
    a.add_config = std::nullopt;
    CHECK(check_configs_options(a)->message ==
          "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter");
    configs_options b = base(false);
    b.entity_types = {"brokers"};
    b.entity_names = {"zero"};
    CHECK(check_configs_options(b)->message ==
          "The entity name for brokers must be a valid integer broker id, but it is: zero");
    configs_options nb;
    nb.describe = true;
    nb.entity_types = {"topics"};
    // Without --bootstrap-server only the ZooKeeper entity types are allowed, checked first (as Kafka).
    CHECK(check_configs_options(nb)->message ==
          "Invalid entity type topics, the entity type must be one of users, brokers with a --zookeeper argument");
    nb.entity_types = {"brokers"};
    CHECK(check_configs_options(nb)->message ==
          "One of the required --bootstrap-server, --boostrap-controller, or --zookeeper arguments must be specified");
}
