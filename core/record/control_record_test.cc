#include "record/control_record.h"

#include <doctest/doctest.h>

#include "record/batch_view.h"

using namespace odradek;
using namespace odradek::record;

TEST_CASE("control batch: COMMIT and ABORT markers round-trip") {
    for (control_type t : {control_type::commit, control_type::abort}) {
        batch_options o;
        o.producer_id = 42;
        o.producer_epoch = 1;
        o.base_offset = 77;
        auto batch = build_end_txn_batch(o, t, 9, 1234);
        REQUIRE(batch);
        auto v = batch_view::parse(*batch);
        REQUIRE(v);
        CHECK(v->is_control());
        CHECK(v->header().is_transactional());
        CHECK(v->header().producer_id == 42);
        byte_buffer scratch;
        REQUIRE(v->validate(scratch));
        auto it = v->records(scratch);
        REQUIRE(it);
        record_view r;
        REQUIRE(it->next(r));
        auto k = parse_control_key(r.key);
        REQUIRE(k);
        CHECK(k->type == t);
        CHECK(k->version == 0);
        auto m = parse_end_txn_marker(r.value);
        REQUIRE(m);
        CHECK(m->coordinator_epoch == 9);
        CHECK_FALSE(it->next(r));
        CHECK(it->result());
    }
}

TEST_CASE("control key: known bytes, and malformed keys") {
    const uint8_t commit[] = {0, 0, 0, 1};
    CHECK(parse_control_key(byte_span(commit))->type == control_type::commit);
    const uint8_t short_key[] = {0, 0, 0};
    CHECK(parse_control_key(byte_span(short_key)).err().code == errc::bad_record);
    CHECK(parse_control_key(std::nullopt).err().code == errc::bad_record);
    const uint8_t neg[] = {0xff, 0xff, 0, 0};
    CHECK(parse_control_key(byte_span(neg)).err().code == errc::bad_record);
    const uint8_t marker[] = {0, 0, 0, 0, 0, 5};
    CHECK(parse_end_txn_marker(byte_span(marker))->coordinator_epoch == 5);
    CHECK(parse_end_txn_marker(byte_span(marker).first(5)).err().code == errc::bad_record);
}
