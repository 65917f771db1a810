// leader-epoch-checkpoint, offset checkpoints, log_config, log_dir.

#include <doctest/doctest.h>

#include "storage/checkpoint_file.h"
#include "storage/leader_epoch_cache.h"
#include "storage/log_dir.h"
#include "storage/posix_file_system.h"
#include "storage/test_util.h"

using namespace odradek;
using namespace odradek::storage;
using testing::make_batch;

TEST_CASE("leader epoch cache: assign, truncate both ends, end offset for epoch, file format") {
    testing::temp_dir td;
    posix_file_system fs;
    auto c = leader_epoch_cache::open(fs, td.path());
    REQUIRE(c);
    CHECK(c->end_offset_for(0, 10) == epoch_entry{-1, -1});
    REQUIRE(c->assign(1, 0));
    REQUIRE(c->assign(1, 5));  // same epoch, later offset: no change
    REQUIRE(c->assign(3, 10));
    REQUIRE(c->assign(5, 20));
    CHECK(c->entries() == std::vector<epoch_entry>{{1, 0}, {3, 10}, {5, 20}});
    CHECK(as_chars(*read_whole_file(fs, join_path(td.path(), "leader-epoch-checkpoint"))) == "0\n3\n1 0\n3 10\n5 20\n");
    CHECK(c->end_offset_for(5, 42) == epoch_entry{5, 42});
    CHECK(c->end_offset_for(3, 42) == epoch_entry{3, 20});
    CHECK(c->end_offset_for(4, 42) == epoch_entry{3, 20});  // unknown epoch: largest below it
    CHECK(c->end_offset_for(0, 42) == epoch_entry{0, 0});    // below the first
    CHECK(c->end_offset_for(9, 42) == epoch_entry{-1, -1});
    CHECK(c->epoch_for_offset(15) == 3);
    // A new epoch starting earlier replaces conflicting entries.
    REQUIRE(c->assign(6, 15));
    CHECK(c->entries() == std::vector<epoch_entry>{{1, 0}, {3, 10}, {6, 15}});
    REQUIRE(c->truncate_from_end(12));
    CHECK(c->entries() == std::vector<epoch_entry>{{1, 0}, {3, 10}});
    REQUIRE(c->truncate_from_start(11));
    CHECK(c->entries() == std::vector<epoch_entry>{{3, 11}});
    auto again = leader_epoch_cache::open(fs, td.path());
    REQUIRE(again);
    CHECK(again->entries() == std::vector<epoch_entry>{{3, 11}});
}

TEST_CASE("checkpoint files: exact text, round trip, malformed input") {
    testing::temp_dir td;
    posix_file_system fs;
    offset_map m{{{"orders", 0}, 120}, {{"orders", 1}, 7}, {{"a.b_c-d", 12}, 0}};
    REQUIRE(write_offset_checkpoint(fs, td.path(), "recovery-point-offset-checkpoint", m));
    const std::string path = join_path(td.path(), "recovery-point-offset-checkpoint");
    CHECK(as_chars(*read_whole_file(fs, path)) == "0\n3\na.b_c-d 12 0\norders 0 120\norders 1 7\n");
    auto back = read_offset_checkpoint(fs, path);
    REQUIRE(back);
    CHECK(*back == m);
    CHECK(read_offset_checkpoint(fs, join_path(td.path(), "missing"))->empty());
    for (const char* bad : {"1\n0\n", "0\n2\nt 0 1\n", "0\n1\nt 0\n", "0\n1\nt x 1\n", "", "0\n"}) {
        CAPTURE(bad);
        REQUIRE(write_file_atomic(fs, td.path(), "bad", as_bytes(bad)));
        auto r = read_offset_checkpoint(fs, join_path(td.path(), "bad"));
        REQUIRE(!r);
        CHECK(r.err().code == make_error_code(errc::corrupt_checkpoint));
    }
}

TEST_CASE("log_config: Kafka keys, defaults and ranges") {
    log_config c;
    CHECK(c.segment_bytes == 1073741824);
    CHECK(c.segment_ms == 604800000);
    CHECK(c.segment_index_bytes == 10485760);
    CHECK(c.index_interval_bytes == 4096);
    CHECK(c.retention_ms == 604800000);
    CHECK(c.retention_bytes == -1);
    CHECK(c.max_message_bytes == 1048588);
    CHECK(c.file_delete_delay_ms == 60000);
    REQUIRE(c.set("segment.bytes", "2048"));
    CHECK(c.segment_bytes == 2048);
    CHECK(!c.set("segment.bytes", "13"));
    CHECK(!c.set("retention.ms", "-2"));
    REQUIRE(c.set("message.timestamp.type", "LogAppendTime"));
    REQUIRE(c.set("cleanup.policy", "compact,delete"));
    CHECK(c.cleanup_compact);
    CHECK(c.cleanup_delete);
    bool known = true;
    REQUIRE(c.set("min.insync.replicas", "2", &known));
    CHECK(!known);
}

TEST_CASE("log_dir: discover logs, checkpoints, clean shutdown marker, delete") {
    testing::temp_dir td;
    posix_file_system fs;
    manual_clock clk;
    log_config cfg;
    cfg.segment_bytes = 600;
    {
        auto d = log_dir::open(fs, td.path(), cfg, clk);
        REQUIRE(d);
        CHECK(!(*d)->had_clean_shutdown());
        for (int p = 0; p < 2; ++p) {
            auto l = (*d)->get_or_create({"orders", p});
            REQUIRE(l);
            for (int i = 0; i < 4 + p; ++i) {
                byte_buffer b = make_batch(2, 1000, 100);
                REQUIRE((*l)->append_as_leader(b, 0));
            }
        }
        REQUIRE((*(*d)->get_or_create({"gone", 0}))->log_end_offset() == 0);
        REQUIRE((*d)->get({"orders", 1})->delete_records(5, 100));
        REQUIRE((*d)->write_replication_offsets({{{"orders", 0}, 8}, {{"orders", 1}, 10}}));
        REQUIRE((*d)->delete_log({"gone", 0}));
        CHECK(!*fs.exists(join_path(td.path(), "gone-0")));
        REQUIRE((*d)->close());
    }
    CHECK(*fs.exists(join_path(td.path(), ".kafka_cleanshutdown")));
    CHECK(as_chars(*read_whole_file(fs, join_path(td.path(), "recovery-point-offset-checkpoint"))) ==
          "0\n2\norders 0 8\norders 1 10\n");
    CHECK(as_chars(*read_whole_file(fs, join_path(td.path(), "log-start-offset-checkpoint"))) ==
          "0\n1\norders 1 5\n");
    // Non-log directories are ignored; a "-delete" directory is removed.
    REQUIRE(fs.make_dirs(join_path(td.path(), "orders-7.abcdef-delete")));
    REQUIRE(fs.make_dirs(join_path(td.path(), "not_a_partition")));
    auto d = log_dir::open(fs, td.path(), cfg, clk);
    REQUIRE(d);
    CHECK((*d)->had_clean_shutdown());
    CHECK(!*fs.exists(join_path(td.path(), ".kafka_cleanshutdown")));
    CHECK(!*fs.exists(join_path(td.path(), "orders-7.abcdef-delete")));
    CHECK((*d)->partitions() == std::vector<topic_partition>{{"orders", 0}, {"orders", 1}});
    CHECK((*d)->get({"orders", 0})->log_end_offset() == 8);
    CHECK((*d)->get({"orders", 1})->log_start_offset() == 5);
    CHECK((*(*d)->read_replication_offsets())[{"orders", 1}] == 10);
    auto n = (*d)->cleanup_logs();
    REQUIRE(n);
    REQUIRE((*d)->flush_dirty_logs());
    // An unclean stop (no marker) recovers from the checkpointed recovery points.
    d->reset();
    auto again = log_dir::open(fs, td.path(), cfg, clk);
    REQUIRE(again);
    CHECK(!(*again)->had_clean_shutdown());
    CHECK((*again)->get({"orders", 1})->log_end_offset() == 10);
}

TEST_CASE("partition directory names") {
    CHECK(*parse_partition_dir_name("my-topic-12") == topic_partition{"my-topic", 12});
    CHECK(!parse_partition_dir_name("topic"));
    CHECK(!parse_partition_dir_name("topic-"));
    CHECK(!parse_partition_dir_name("-1"));
    CHECK(!parse_partition_dir_name("topic-01"));
    CHECK(topic_partition{"t", 3}.dir_name() == "t-3");
}
