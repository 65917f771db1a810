#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "broker/errc.h"
#include "broker/log_manager.h"
#include "broker/meta_properties.h"
#include "broker/test_util.h"
#include "storage/checkpoint_file.h"

using namespace odradek;
using namespace odradek::broker;
using namespace odradek::broker::testing;

namespace {
std::string read_text(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}
}  // namespace

TEST_CASE("log manager: first start writes meta.properties and takes the lock") {
    broker_fixture b;
    const std::string dir = b.logs->dirs().front();
    auto meta = read_meta_properties(b.fs, dir);
    REQUIRE(meta);
    REQUIRE(*meta);
    CHECK((*meta)->broker_id == kBroker);
    CHECK((*meta)->cluster_id == std::string(kCluster));
    CHECK(std::filesystem::exists(dir + "/.lock"));
    CHECK(std::filesystem::path(dir).is_absolute());
}

TEST_CASE("log manager: a second broker on the same directory is refused, nothing touched") {
    broker_fixture b;
    const std::string dir = b.logs->dirs().front();
    const std::string before = read_text(dir + "/meta.properties");
    auto opts = b.options();
    opts.broker_id = 1;  // would also mismatch; the lock is checked first
    auto second = log_manager::open(b.fs, b.clock, opts);
    REQUIRE(!second);
    CHECK(second.err().code == errc::log_dir_locked);
    CHECK(second.err().detail == "Failed to acquire lock on file .lock in " + dir +
                                     ". A Kafka instance in another process or thread is using this directory.");
    CHECK(read_text(dir + "/meta.properties") == before);
    // The first broker still works.
    auto p = b.lead("t", 0);
    CHECK(p->is_leader());
}

TEST_CASE("log manager: meta.properties of another broker or cluster is refused") {
    broker_fixture b;
    const std::string dir = b.logs->dirs().front();
    b.replicas.reset();
    REQUIRE(b.logs->close());
    b.logs.reset();

    auto opts = b.options();
    opts.broker_id = 7;
    auto r = log_manager::open(b.fs, b.clock, opts);
    REQUIRE(!r);
    CHECK(r.err().code == errc::inconsistent_broker_id);
    CHECK(r.err().detail.rfind("Stored node id 0 doesn't match previous node id 7 in " + dir + "/meta.properties.", 0) ==
          0);

    opts = b.options();
    opts.cluster_id = "another-cluster";
    r = log_manager::open(b.fs, b.clock, opts);
    REQUIRE(!r);
    CHECK(r.err().code == errc::inconsistent_cluster_id);
    CHECK(r.err().detail == "Invalid cluster.id in: " + dir + "/meta.properties. Expected another-cluster, but read " +
                                std::string(kCluster));
    // The refused starts released their locks and left the file alone.
    REQUIRE(b.open());
    auto meta = read_meta_properties(b.fs, dir);
    CHECK((*meta)->broker_id == kBroker);
}

TEST_CASE("log manager: duplicate log directories are refused") {
    temp_dir d;
    storage::posix_file_system fs;
    storage::manual_clock clk;
    log_manager_options o;
    o.log_dirs = {d.path() + "/a", d.path() + "/a/"};
    auto r = log_manager::open(fs, clk, o);
    REQUIRE(!r);
    CHECK(r.err().detail == "Duplicate log directory found: " + d.path() + "/a, " + d.path() + "/a");
}

TEST_CASE("log manager: new logs go to the directory with the fewest") {
    broker_fixture b(2);
    const auto dirs = b.logs->dirs();
    REQUIRE(dirs.size() == 2);
    std::vector<std::string> placed;
    for (int i = 0; i < 4; ++i) {
        auto h = b.logs->get_or_create({"t", i}, {});
        REQUIRE(h);
        placed.push_back((*h)->dir);
    }
    CHECK(placed == std::vector<std::string>{dirs[0], dirs[1], dirs[0], dirs[1]});
    CHECK(std::filesystem::exists(dirs[1] + "/t-1"));
    // Same partition again: the same log.
    auto again = b.logs->get_or_create({"t", 1}, {});
    REQUIRE(again);
    CHECK((*again)->dir == dirs[1]);
}

TEST_CASE("log manager: restart keeps logs and high watermarks; checkpoints are Kafka's files") {
    broker_fixture b;
    auto p = b.lead("orders", 0);
    for (int i = 0; i < 3; ++i) {
        batch_spec s;
        s.count = 2;
        byte_buffer batch = make_batch(s);
        REQUIRE(b.replicas->append_records(*p, batch, 1).error.ok());
    }
    CHECK(p->high_watermark() == 6);
    REQUIRE(b.logs->checkpoint_high_watermarks());
    REQUIRE(b.logs->checkpoint_recovery_points());
    const std::string dir = b.logs->dirs().front();
    auto hw = storage::read_offset_checkpoint(b.fs, dir + "/replication-offset-checkpoint");
    REQUIRE(hw);
    CHECK(hw->at({"orders", 0}) == 6);

    REQUIRE(b.restart());
    CHECK(b.logs->had_clean_shutdown());
    auto h = b.logs->get({"orders", 0});
    REQUIRE(h);
    {
        std::lock_guard lk(h->mu);
        CHECK(h->log->log_end_offset() == 6);
        CHECK(h->high_watermark == 6);
    }
    // The old partition object sees its log gone.
    CHECK(p->log_end_offset() == -1);
}

TEST_CASE("log manager: retention is bounded by the high watermark") {
    broker_fixture b;
    topic_settings s;
    s.log.segment_bytes = 100;  // one small batch per segment
    s.log.retention_ms = 1000;
    s.log.file_delete_delay_ms = 0;
    auto p = b.lead("r", 0, s);
    for (int i = 0; i < 4; ++i) {
        batch_spec bs;
        bs.ts = b.clock.now_ms();
        byte_buffer batch = make_batch(bs);
        REQUIRE(b.replicas->append_records(*p, batch, 1).error.ok());
    }
    b.clock.advance(10'000);
    auto h = b.logs->get({"r", 0});
    {
        std::lock_guard lk(h->mu);
        h->high_watermark = 2;  // as if followers lagged
    }
    auto n = b.logs->cleanup_logs();
    REQUIRE(n);
    CHECK(*n == 2);
    CHECK(p->log_start_offset() == 2);
}

TEST_CASE("log manager: delete_log removes the directory; update_config reaches the logs") {
    broker_fixture b;
    auto p = b.lead("gone", 0);
    const std::string dir = b.logs->dirs().front();
    CHECK(std::filesystem::exists(dir + "/gone-0"));
    storage::log_config c;
    c.retention_ms = 1234;
    REQUIRE(b.logs->update_config("gone", c));
    {
        auto h = b.logs->get({"gone", 0});
        std::lock_guard lk(h->mu);
        CHECK(h->log->config().retention_ms == 1234);
    }
    REQUIRE(b.replicas->stop_replica({"gone", 0}, true));
    CHECK(!std::filesystem::exists(dir + "/gone-0"));
    CHECK(b.logs->get({"gone", 0}) == nullptr);
    CHECK(b.replicas->get({"gone", 0}) == nullptr);
    // An append through a stale partition object fails cleanly.
    byte_buffer batch = make_batch({});
    CHECK(p->append_records_as_leader(batch, 1).error.code == protocol::error_code::not_leader_or_follower);
}
