#include <doctest/doctest.h>

#include <ostream>

#include <condition_variable>
#include <limits>
#include <mutex>

#include "coordination/client/sync_client.h"
#include "coordination/client/test_server.h"
#include "coordination/client/zk_errc.h"
#include "coordination/kafka/errc.h"
#include "coordination/kafka/kafka_zk_client.h"
#include "coordination/kafka/producer_id_manager.h"

using namespace odradek;
using namespace odradek::coordination;
using namespace odradek::coordination::kafka;
using namespace odradek::coordination::testing;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<sync_client> connect(const std::string& where) {
    client_options o;
    o.connect = where;
    o.session_timeout_ms = 10000;
    auto c = sync_client::open(std::move(o));
    REQUIRE(c);
    REQUIRE((*c)->wait_connected(20s));
    return std::move(*c);
}

kafka_zk_client::options fixed_clock() {
    kafka_zk_client::options o;
    o.now_ms = [] { return int64_t(1700000000000); };
    return o;
}

broker_registration broker(int32_t id, uint16_t port) {
    broker_registration b;
    b.id = id;
    b.endpoints.push_back({"PLAINTEXT", "PLAINTEXT", "localhost", port});
    return b;
}

std::string data_of(sync_client& zk, const std::string& path) {
    auto d = zk.get_data(path);
    REQUIRE(d);
    return std::string(d->data.begin(), d->data.end());
}

template <typename T>
void check_errc(const result<T>& r, errc code, const std::string& detail) {
    REQUIRE_FALSE(r);
    CHECK(r.err().code == make_error_code(code));
    CHECK(r.err().detail == detail);
}

// Counts watch events; wait() is bounded, so a missing event fails the test
// rather than hanging it.
struct event_flag {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<watched_event> events;
    watcher_fn fn() {
        return [this](const watched_event& ev) {
            std::lock_guard lk(mu);
            events.push_back(ev);
            cv.notify_all();
        };
    }
    bool wait(int32_t type) {
        std::unique_lock lk(mu);
        return cv.wait_for(lk, 20s, [&] {
            for (const auto& e : events)
                if (e.type == type) return true;
            return false;
        });
    }
};

}  // namespace

TEST_CASE("kafka_zk: persistent paths and the cluster id") {
    zk_target srv;
    auto zk = connect(srv.address());
    kafka_zk_client kz(*zk, fixed_clock());
    REQUIRE(kz.make_persistent_paths());
    REQUIRE(kz.make_persistent_paths());  // idempotent
    for (auto p : paths::persistent_zk_paths) CHECK(zk->exists(std::string(p))->has_value());

    CHECK_FALSE(kz.get_cluster_id()->has_value());
    auto id = kz.get_or_create_cluster_id([] { return std::string("NPmZHyhbR9y00wMglMH2sg"); });
    REQUIRE(id);
    CHECK(*id == "NPmZHyhbR9y00wMglMH2sg");
    CHECK(data_of(*zk, "/cluster/id") == R"({"version":"1","id":"NPmZHyhbR9y00wMglMH2sg"})");
    // A second broker finds it; one racing with a proposal of its own loses.
    CHECK(*kz.get_or_create_cluster_id() == "NPmZHyhbR9y00wMglMH2sg");
    CHECK(*kz.create_or_get_cluster_id("other") == "NPmZHyhbR9y00wMglMH2sg");
    // A generated id is 22 characters of URL-safe Base64.
    zk_target srv2;
    auto zk2 = connect(srv2.address());
    kafka_zk_client kz2(*zk2);
    auto generated = kz2.get_or_create_cluster_id();
    REQUIRE(generated);
    CHECK(generated->size() == 22);
}

TEST_CASE("kafka_zk: broker registration is an ephemeral node of one session") {
    zk_target srv;
    auto zk = connect(srv.address());
    auto other = connect(srv.address());
    kafka_zk_client kz(*zk, fixed_clock());
    kafka_zk_client kz_other(*other, fixed_clock());
    REQUIRE(kz.make_persistent_paths());

    event_flag ids_changed;
    CHECK(kz.get_broker_ids(ids_changed.fn())->empty());

    auto epoch = kz.register_broker(broker(0, 9092));
    REQUIRE(epoch);
    CHECK(*epoch > 0);
    CHECK(ids_changed.wait(event_type::node_children_changed));
    auto stat = zk->exists("/brokers/ids/0");
    REQUIRE(stat->has_value());
    CHECK((*stat)->ephemeral_owner == zk->client().session_id());
    CHECK((*stat)->czxid == *epoch);
    CHECK(data_of(*zk, "/brokers/ids/0") ==
          R"({"features":{},"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://localhost:9092"],"jmx_port":-1,"port":9092,"host":"localhost","version":5,"timestamp":"1700000000000"})");

    // The same session again: Kafka's CheckedEphemeral accepts its own node.
    auto again = kz.register_broker(broker(0, 9092));
    REQUIRE(again);
    CHECK(*again == *epoch);

    // Another session: NodeExists, as Kafka's fatal startup error.
    auto twice = kz_other.register_broker(broker(0, 9093));
    REQUIRE_FALSE(twice);
    CHECK(zk_code_of(twice.err()) == zk_error::node_exists);
    CHECK(keeper_message(zk_code_of(twice.err()), twice.err().detail) == "KeeperErrorCode = NodeExists");

    REQUIRE(kz_other.register_broker(broker(1, 9093)));
    CHECK(*kz.get_broker_ids() == std::vector<int32_t>{0, 1});
    auto b1 = kz.get_broker(1);
    REQUIRE(b1);
    REQUIRE(b1->has_value());
    CHECK((*b1)->endpoints[0].port == 9093);
    CHECK_FALSE(kz.get_broker(7)->has_value());
    std::map<int32_t, int64_t> epochs;
    auto all = kz.get_all_brokers(&epochs);
    REQUIRE(all);
    CHECK(all->size() == 2);
    CHECK(epochs.at(0) == *epoch);

    // The registration goes away with its session.
    other->close();
    bool gone = false;
    for (int i = 0; i < 200 && !gone; ++i) {
        gone = *kz.get_broker_ids() == std::vector<int32_t>{0};
        if (!gone) std::this_thread::sleep_for(50ms);
    }
    CHECK(gone);

    CHECK(*kz.generate_broker_sequence_id() == 1);
    CHECK(*kz.generate_broker_sequence_id() == 2);
}

TEST_CASE("kafka_zk: controller election and the epoch") {
    zk_target srv;
    auto zk0 = connect(srv.address());
    auto zk1 = connect(srv.address());
    kafka_zk_client kz0(*zk0, fixed_clock());
    kafka_zk_client kz1(*zk1, fixed_clock());

    CHECK_FALSE(kz0.get_controller_id()->has_value());
    auto first = kz0.try_elect_controller(0);
    REQUIRE(first);
    CHECK(first->elected);
    CHECK(first->controller_id == 0);
    CHECK(first->controller_epoch == 1);
    CHECK(first->epoch_zk_version == 1);
    CHECK(data_of(*zk0, "/controller_epoch") == "1");
    CHECK(data_of(*zk0, "/controller") ==
          R"({"version":2,"brokerid":0,"timestamp":"1700000000000","kraftControllerEpoch":-1})");
    CHECK((*zk0->exists("/controller"))->ephemeral_owner == zk0->client().session_id());

    // Broker 1 sees a controller and does not stand.
    event_flag moved;
    auto seen = kz1.get_controller_id(moved.fn());
    REQUIRE(seen);
    CHECK(*seen == std::optional<int32_t>(0));
    auto lost = kz1.try_elect_controller(1);
    REQUIRE(lost);
    CHECK_FALSE(lost->elected);
    CHECK(lost->controller_id == 0);
    // Registering regardless is ControllerMovedException.
    check_errc(kz1.register_controller_and_increment_epoch(1), errc::controller_moved,
               "Controller moved to another broker. Aborting controller startup procedure");
    CHECK(data_of(*zk0, "/controller_epoch") == "1");

    // The controller resigns: broker 1's watch fires and it wins epoch 2.
    REQUIRE(kz0.delete_controller(first->epoch_zk_version));
    CHECK(moved.wait(event_type::node_deleted));
    auto second = kz1.try_elect_controller(1);
    REQUIRE(second);
    CHECK(second->elected);
    CHECK(second->controller_epoch == 2);
    CHECK(second->epoch_zk_version == 2);
    auto epoch = kz0.get_controller_epoch();
    REQUIRE(epoch);
    REQUIRE(epoch->has_value());
    CHECK((*epoch)->first == 2);

    // The old controller is fenced: its writes carry an outdated epoch version.
    REQUIRE(kz1.create_recursive(paths::topic("t")));
    partition_state st;
    st.leader = 0;
    st.isr = {0};
    st.controller_epoch = 1;
    check_errc(kz0.create_partition_state("t", 0, st, first->epoch_zk_version), errc::controller_moved,
               "Controller epoch zkVersion check fails. Expected zkVersion = 1");
    CHECK_FALSE(kz0.get_partition_state("t", 0)->has_value());
    CHECK(kz1.create_partition_state("t", 0, st, second->epoch_zk_version));
}

TEST_CASE("kafka_zk: topics are created, read back and refused twice") {
    zk_target srv;
    auto zk = connect(srv.address());
    kafka_zk_client kz(*zk, fixed_clock());
    REQUIRE(kz.make_persistent_paths());

    event_flag topics_changed;
    CHECK(kz.get_all_topics(topics_changed.fn())->empty());
    const uuid id = *uuid_from_base64("NPmZHyhbR9y00wMglMH2sg");
    assignment_map assignment{{0, {0, 1}}, {1, {1, 0}}};
    REQUIRE(kz.create_topic("orders", assignment, {{"retention.ms", "86400000"}}, id));
    CHECK(topics_changed.wait(event_type::node_children_changed));

    CHECK(*kz.get_all_topics() == std::vector<std::string>{"orders"});
    CHECK(*kz.topic_exists("orders"));
    auto a = kz.get_topic_assignment("orders");
    REQUIRE(a);
    REQUIRE(a->has_value());
    CHECK((*a)->topic_id == id);
    CHECK((*a)->partitions.at(0).replicas == std::vector<int32_t>{0, 1});
    CHECK((*a)->partitions.at(1).replicas == std::vector<int32_t>{1, 0});
    CHECK(data_of(*zk, "/brokers/topics/orders") ==
          R"({"partitions":{"0":[0,1],"1":[1,0]},"removing_replicas":{},"topic_id":"NPmZHyhbR9y00wMglMH2sg","adding_replicas":{},"version":3})");
    CHECK(data_of(*zk, "/config/topics/orders") == R"({"version":1,"config":{"retention.ms":"86400000"}})");
    CHECK(kz.get_entity_config("topics", "orders")->at("retention.ms") == "86400000");
    CHECK_FALSE(kz.get_topic_assignment("nope")->has_value());

    // Twice: TopicExistsException; the config is not touched.
    check_errc(kz.create_topic("orders", assignment, {{"retention.ms", "1"}}, std::nullopt), errc::topic_exists,
               "Topic 'orders' already exists.");
    CHECK(kz.get_entity_config("topics", "orders")->at("retention.ms") == "86400000");
    // Unvalidated (the broker's path after its own checks): the znode refuses.
    check_errc(kz.create_topic("orders", assignment, {}, std::nullopt, false), errc::topic_exists,
               "Topic 'orders' already exists.");

    // A collision on '.' vs '_', and a bad assignment.
    REQUIRE(kz.create_topic("my.topic", {{0, {0}}}, {}, std::nullopt));
    check_errc(kz.create_topic("my_topic", {{0, {0}}}, {}, std::nullopt), errc::invalid_topic,
               "Topic 'my_topic' collides with existing topics: my.topic");
    check_errc(kz.create_topic("dup", {{0, {1, 1}}}, {}, std::nullopt), errc::invalid_replica_assignment,
               "Duplicate replica assignment found: HashMap(0 -> ArrayBuffer(1, 1))");
    CHECK_FALSE(*kz.topic_exists("dup"));
    // Without a topic id (usesTopicId false) the field is absent.
    auto no_id = kz.get_topic_assignment("my.topic");
    CHECK_FALSE((*no_id)->topic_id.has_value());

    // Adding partitions keeps the id.
    auto combined = kz.add_partitions("orders", (*a)->partitions, {{2, {0, 1}}});
    REQUIRE(combined);
    CHECK(combined->size() == 3);
    auto after = kz.get_topic_assignment("orders");
    CHECK((*after)->topic_id == id);
    CHECK((*after)->partitions.at(2).replicas == std::vector<int32_t>{0, 1});
}

TEST_CASE("kafka_zk: partition states with conditional updates") {
    zk_target srv;
    auto zk = connect(srv.address());
    kafka_zk_client kz(*zk, fixed_clock());
    REQUIRE(kz.make_persistent_paths());
    REQUIRE(kz.create_topic("t", {{0, {0, 1}}, {1, {1, 0}}}, {}, random_uuid()));

    partition_state s;
    s.leader = 0;
    s.isr = {0, 1};
    s.controller_epoch = 1;
    CHECK(*kz.create_partition_state("t", 0, s) == 0);
    s.leader = 1;
    CHECK(*kz.create_partition_state("t", 1, s) == 0);
    auto again = kz.create_partition_state("t", 0, s);
    REQUIRE_FALSE(again);
    CHECK(zk_code_of(again.err()) == zk_error::node_exists);
    CHECK(data_of(*zk, "/brokers/topics/t/partitions/0/state") ==
          R"({"controller_epoch":1,"leader":0,"version":1,"leader_epoch":0,"isr":[0,1]})");

    auto read = kz.get_partition_state("t", 0);
    REQUIRE(read);
    REQUIRE(read->has_value());
    CHECK((*read)->zk_version == 0);
    partition_state next = **read;
    next.isr = {0};
    next.leader_epoch = 1;
    auto v = kz.update_partition_state("t", 0, next);
    REQUIRE(v);
    CHECK(*v == 1);
    // A write based on the old version loses.
    auto stale = kz.update_partition_state("t", 0, **read);
    REQUIRE_FALSE(stale);
    CHECK(zk_code_of(stale.err()) == zk_error::bad_version);

    auto all = kz.get_partition_states("t");
    REQUIRE(all);
    REQUIRE(all->size() == 2);
    CHECK(all->at(0).isr == std::vector<int32_t>{0});
    CHECK(all->at(0).zk_version == 1);
    CHECK(all->at(1).leader == 1);
}

TEST_CASE("kafka_zk: topic deletion") {
    zk_target srv;
    auto zk = connect(srv.address());
    kafka_zk_client kz(*zk, fixed_clock());
    REQUIRE(kz.make_persistent_paths());
    REQUIRE(kz.create_topic("doomed", {{0, {0}}}, {{"cleanup.policy", "compact"}}, random_uuid()));
    partition_state s;
    s.leader = 0;
    s.isr = {0};
    REQUIRE(kz.create_partition_state("doomed", 0, s));

    check_errc(kz.mark_topic_for_deletion("ghost"), errc::unknown_topic, "Topic `ghost` to delete does not exist");
    event_flag marked;
    CHECK(kz.get_topics_marked_for_deletion(marked.fn())->empty());
    REQUIRE(kz.mark_topic_for_deletion("doomed"));
    CHECK(marked.wait(event_type::node_children_changed));
    CHECK(*kz.is_topic_marked_for_deletion("doomed"));
    CHECK(*kz.get_topics_marked_for_deletion() == std::vector<std::string>{"doomed"});
    check_errc(kz.mark_topic_for_deletion("doomed"), errc::topic_already_marked_for_deletion,
               "topic doomed is already marked for deletion");
    // While marked, the name cannot be created again.
    check_errc(kz.validate_topic_create("doomed", {{0, {0}}}), errc::topic_exists,
               "Topic 'doomed' is marked for deletion.");

    REQUIRE(kz.delete_topic_znodes("doomed"));
    CHECK_FALSE(*kz.topic_exists("doomed"));
    CHECK_FALSE(zk->exists("/config/topics/doomed")->has_value());
    CHECK_FALSE(*kz.is_topic_marked_for_deletion("doomed"));
    CHECK(kz.get_all_topics()->empty());
    CHECK(kz.delete_topic_znodes("doomed"));  // nothing left: still fine
    CHECK_FALSE(*kz.delete_recursive("/nothing/here"));
}

TEST_CASE("kafka_zk: config changes are stored and announced") {
    zk_target srv;
    auto zk = connect(srv.address());
    kafka_zk_client kz(*zk, fixed_clock());
    REQUIRE(kz.make_persistent_paths());

    event_flag announced;
    CHECK(kz.get_config_changes(announced.fn())->empty());
    REQUIRE(kz.set_entity_config("brokers", "<default>", {{"log.cleaner.threads", "2"}}));
    CHECK(announced.wait(event_type::node_children_changed));
    REQUIRE(kz.set_entity_config("topics", "foo", {{"retention.ms", "1000"}}));
    REQUIRE(kz.set_entity_config("topics", "foo", {{"retention.ms", "2000"}}));

    CHECK(kz.get_entity_config("brokers", "<default>")->at("log.cleaner.threads") == "2");
    CHECK(kz.get_entity_config("topics", "foo")->at("retention.ms") == "2000");
    CHECK(kz.get_entity_config("topics", "absent")->empty());
    auto changes = kz.get_config_changes();
    REQUIRE(changes);
    REQUIRE(changes->size() == 3);
    CHECK((*changes)[0].name == "config_change_0000000000");
    CHECK((*changes)[0].entity_path == "brokers/<default>");
    CHECK((*changes)[2].name == "config_change_0000000002");
    CHECK((*changes)[2].entity_path == "topics/foo");
    CHECK(data_of(*zk, "/config/changes/config_change_0000000001") == R"({"version":2,"entity_path":"topics/foo"})");
    CHECK(*kz.get_all_entities_with_config("topics") == std::vector<std::string>{"foo"});

    // Emptying a quota entity removes its node (and still announces it).
    REQUIRE(kz.set_entity_config("clients", "app", {{"producer_byte_rate", "1024"}}));
    CHECK(zk->exists("/config/clients/app")->has_value());
    REQUIRE(kz.set_entity_config("clients", "app", {}));
    CHECK_FALSE(zk->exists("/config/clients/app")->has_value());
    CHECK(kz.get_config_changes()->back().entity_path == "clients/app");
    // <user>/clients/<client>: the empty parents go too.
    REQUIRE(kz.set_entity_config("users", "alice/clients/app", {{"producer_byte_rate", "1"}}));
    CHECK(zk->exists("/config/users/alice/clients/app")->has_value());
    REQUIRE(kz.set_entity_config("users", "alice/clients/app", {}));
    CHECK_FALSE(zk->exists("/config/users/alice")->has_value());
}

TEST_CASE("kafka_zk: producer id blocks are consecutive across brokers") {
    zk_target srv;
    auto zk0 = connect(srv.address());
    auto zk1 = connect(srv.address());
    kafka_zk_client kz0(*zk0, fixed_clock());
    kafka_zk_client kz1(*zk1, fixed_clock());
    REQUIRE(kz0.make_persistent_paths());

    auto b0 = kz0.allocate_producer_id_block(0);
    REQUIRE(b0);
    CHECK(*b0 == producer_id_block{0, 0, 1000});
    CHECK(data_of(*zk0, "/latest_producer_id_block") ==
          R"({"version":1,"broker":0,"block_start":"0","block_end":"999"})");
    auto b1 = kz1.allocate_producer_id_block(1);
    REQUIRE(b1);
    CHECK(*b1 == producer_id_block{1, 1000, 1000});
    auto b2 = kz0.allocate_producer_id_block(0);
    REQUIRE(b2);
    CHECK(b2->first_producer_id == 2000);
    CHECK(b2->last_producer_id() == 2999);

    // Without the persistent paths the node is created on first use.
    zk_target fresh;
    auto zk2 = connect(fresh.address());
    kafka_zk_client kz2(*zk2);
    CHECK(kz2.allocate_producer_id_block(5)->first_producer_id == 0);

    // The id space used up.
    REQUIRE(zk0->set_data("/latest_producer_id_block",
                          encode_producer_id_block({0, std::numeric_limits<int64_t>::max() - 1500, 1000})));
    check_errc(kz0.allocate_producer_id_block(0), errc::producer_ids_exhausted, "Have exhausted all producerIds.");
}

TEST_CASE("kafka_zk: the producer id manager moves to a new block when one is used up") {
    zk_target srv;
    auto zk0 = connect(srv.address());
    auto zk1 = connect(srv.address());
    kafka_zk_client kz0(*zk0, fixed_clock());
    kafka_zk_client kz1(*zk1, fixed_clock());
    REQUIRE(kz0.make_persistent_paths());
    producer_id_manager m0(0, kz0);
    producer_id_manager m1(1, kz1);
    CHECK_FALSE(m0.current_block());
    CHECK(*m0.generate_producer_id() == 0);
    CHECK(*m1.generate_producer_id() == 1000);  // broker 1 got the next block
    for (int64_t id = 1; id < 1000; ++id) REQUIRE(*m0.generate_producer_id() == id);
    CHECK(*m0.generate_producer_id() == 2000);  // block 0 used up: a third block
    CHECK(m0.current_block() == producer_id_block{0, 2000, 1000});
    CHECK(*m1.generate_producer_id() == 1001);
}

TEST_CASE("kafka_zk: isr change and log dir notifications, the feature znode") {
    zk_target srv;
    auto zk = connect(srv.address());
    kafka_zk_client kz(*zk, fixed_clock());
    REQUIRE(kz.make_persistent_paths());

    auto path = kz.propagate_isr_changes({{"t", 0}, {"t", 1}});
    REQUIRE(path);
    CHECK(*path == "/isr_change_notification/isr_change_0000000000");
    REQUIRE(kz.propagate_isr_changes({{"u", 2}}));
    auto seqs = kz.get_isr_change_notifications();
    REQUIRE(seqs);
    CHECK(*seqs == std::vector<std::string>{"0000000000", "0000000001"});
    auto parts = kz.get_partitions_from_isr_change_notifications(*seqs);
    REQUIRE(parts);
    CHECK(*parts == std::vector<topic_partition>{{"t", 0}, {"t", 1}, {"u", 2}});
    REQUIRE(kz.delete_isr_change_notifications(*seqs));
    CHECK(kz.get_isr_change_notifications()->empty());

    auto ev = kz.propagate_log_dir_event(3);
    REQUIRE(ev);
    CHECK(*ev == "/log_dir_event_notification/log_dir_event_0000000000");
    CHECK(data_of(*zk, *ev) == R"({"version":1,"broker":3,"event":1})");

    CHECK_FALSE(kz.get_feature_znode()->has_value());
    REQUIRE(kz.create_feature_znode({}));
    CHECK(data_of(*zk, "/feature") == R"({"features":{},"version":2,"status":1})");
    feature_znode f;
    f.features["metadata.version"] = 3;
    CHECK(*kz.update_feature_znode(f) == 1);
    CHECK(**kz.get_feature_znode() == f);
}

TEST_CASE("kafka_zk: kafka_error_code maps errors to the protocol's codes") {
    CHECK(kafka_error_code(error(errc::topic_exists, "x")) == 36);
    CHECK(kafka_error_code(error(errc::invalid_replication_factor, "x")) == 38);
    CHECK(kafka_error_code(error(errc::invalid_topic, "x")) == 17);
    CHECK(kafka_error_code(error(errc::malformed_data, "x")) == -1);
    CHECK(kafka_error_code(error(zk_error::no_node, "/x")) == -1);
}
