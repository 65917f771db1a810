// The transaction, ACL, delegation-token, quota, SCRAM, feature, log-dir,
// Envelope and producer-id APIs against bytes written out by hand from Kafka
// 3.7's JSON schemas — an encoding independent of our generator: each message
// encodes to exactly these bytes and decodes back. First and last versions,
// and the versions where a field appears, goes or becomes nullable.

#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "golden_bytes.h"
#include "protocol/message.h"
#include "protocol/messages/add_offsets_to_txn.h"
#include "protocol/messages/add_partitions_to_txn.h"
#include "protocol/messages/allocate_producer_ids.h"
#include "protocol/messages/alter_client_quotas.h"
#include "protocol/messages/alter_replica_log_dirs.h"
#include "protocol/messages/alter_user_scram_credentials.h"
#include "protocol/messages/create_acls.h"
#include "protocol/messages/create_delegation_token.h"
#include "protocol/messages/delete_acls.h"
#include "protocol/messages/describe_acls.h"
#include "protocol/messages/describe_client_quotas.h"
#include "protocol/messages/describe_delegation_token.h"
#include "protocol/messages/describe_transactions.h"
#include "protocol/messages/describe_user_scram_credentials.h"
#include "protocol/messages/end_txn.h"
#include "protocol/messages/envelope.h"
#include "protocol/messages/expire_delegation_token.h"
#include "protocol/messages/list_transactions.h"
#include "protocol/messages/renew_delegation_token.h"
#include "protocol/messages/txn_offset_commit.h"
#include "protocol/messages/update_features.h"
#include "protocol/messages/write_txn_markers.h"

using namespace odradek;
using namespace odradek::protocol;
using namespace odradek::protocol::golden;

namespace {

byte_buffer buf(const char* s) { return byte_buffer(s, s + std::strlen(s)); }

}  // namespace

TEST_CASE("AddPartitionsToTxn: v0 and v3 (clients), v4 (brokers, batched)") {
    add_partitions_to_txn_request req;
    req.v3_and_below_transactional_id = "tx";
    req.v3_and_below_producer_id = 7;
    req.v3_and_below_producer_epoch = 2;
    req.v3_and_below_topics.push_back({"t", {0, 1}, {}});
    check_golden(req, 0, bytes_of{}.str("tx").i64(7).i16(2).arr(1).str("t").arr(2).i32(0).i32(1).b);
    check_golden(req, 3,
                 bytes_of{}.cstr("tx").i64(7).i16(2).carr(1).cstr("t").carr(2).i32(0).i32(1).tags().tags().b);

    add_partitions_to_txn_request batched;
    auto& tx = batched.transactions.emplace_back();
    tx.transactional_id = "tx";
    tx.producer_id = 7;
    tx.producer_epoch = 2;
    tx.verify_only = true;
    tx.topics.push_back({"t", {3}, {}});
    check_golden(batched, 4,
                 bytes_of{}.carr(1).cstr("tx").i64(7).i16(2).i8(1).carr(1).cstr("t").carr(1).i32(3).tags()
                     .tags().tags().b);

    add_partitions_to_txn_response v0;
    v0.throttle_time_ms = 5;
    auto& rt = v0.results_by_topic_v3_and_below.emplace_back();
    rt.name = "t";
    rt.results_by_partition.push_back({0, 35, {}});
    check_golden(v0, 0, bytes_of{}.i32(5).arr(1).str("t").arr(1).i32(0).i16(35).b);

    add_partitions_to_txn_response v4;
    v4.error_code = 35;
    auto& res = v4.results_by_transaction.emplace_back();
    res.transactional_id = "tx";
    auto& tr = res.topic_results.emplace_back();
    tr.name = "t";
    tr.results_by_partition.push_back({1, 0, {}});
    check_golden(v4, 4,
                 bytes_of{}.i32(0).i16(35).carr(1).cstr("tx").carr(1).cstr("t").carr(1).i32(1).i16(0).tags()
                     .tags().tags().tags().b);
}

TEST_CASE("AddOffsetsToTxn v0 and EndTxn v3") {
    add_offsets_to_txn_request a;
    a.transactional_id = "tx";
    a.producer_id = 1;
    a.producer_epoch = 0;
    a.group_id = "g";
    check_golden(a, 0, bytes_of{}.str("tx").i64(1).i16(0).str("g").b);

    end_txn_request e;
    e.transactional_id = "tx";
    e.producer_id = 1;
    e.producer_epoch = 3;
    e.committed = true;
    check_golden(e, 3, bytes_of{}.cstr("tx").i64(1).i16(3).i8(1).tags().b);
    end_txn_response er;
    er.throttle_time_ms = 1;
    er.error_code = 35;
    check_golden(er, 0, bytes_of{}.i32(1).i16(35).b);
}

TEST_CASE("WriteTxnMarkers v0 request and v1 response (no ThrottleTimeMs)") {
    write_txn_markers_request req;
    auto& m = req.markers.emplace_back();
    m.producer_id = 9;
    m.producer_epoch = 1;
    m.transaction_result = true;
    m.topics.push_back({"t", {0}, {}});
    m.coordinator_epoch = 4;
    check_golden(req, 0, bytes_of{}.arr(1).i64(9).i16(1).i8(1).arr(1).str("t").arr(1).i32(0).i32(4).b);

    write_txn_markers_response resp;
    auto& rm = resp.markers.emplace_back();
    rm.producer_id = 9;
    auto& rt = rm.topics.emplace_back();
    rt.name = "t";
    rt.partitions.push_back({0, 35, {}});
    check_golden(resp, 1,
                 bytes_of{}.carr(1).i64(9).carr(1).cstr("t").carr(1).i32(0).i16(35).tags().tags().tags().tags().b);
}

TEST_CASE("TxnOffsetCommit v0 and v3 (leader epoch, member, null instance id)") {
    txn_offset_commit_request req;
    req.transactional_id = "tx";
    req.group_id = "g";
    req.producer_id = 1;
    req.producer_epoch = 0;
    auto& t = req.topics.emplace_back();
    t.name = "t";
    auto& p = t.partitions.emplace_back();
    p.partition_index = 0;
    p.committed_offset = 42;
    p.committed_metadata = std::nullopt;
    check_golden(req, 0, bytes_of{}.str("tx").str("g").i64(1).i16(0).arr(1).str("t").arr(1).i32(0).i64(42)
                             .null_str().b);

    req.generation_id = 5;
    req.member_id = "m";
    p.committed_leader_epoch = 6;
    p.committed_metadata = "x";
    check_golden(req, 3,
                 bytes_of{}.cstr("tx").cstr("g").i64(1).i16(0).i32(5).cstr("m").null_compact()
                     .carr(1).cstr("t").carr(1).i32(0).i64(42).i32(6).cstr("x").tags().tags().tags().b);
}

TEST_CASE("DescribeTransactions and ListTransactions v0") {
    describe_transactions_request d;
    d.transactional_ids = {"a", "b"};
    check_golden(d, 0, bytes_of{}.carr(2).cstr("a").cstr("b").tags().b);
    describe_transactions_response dr;
    auto& s = dr.transaction_states.emplace_back();
    s.error_code = 35;
    s.transactional_id = "a";
    check_golden(dr, 0, bytes_of{}.i32(0).carr(1).i16(35).cstr("a").cstr("").i32(0).i64(0).i64(0).i16(0).carr(0)
                            .tags().tags().b);

    list_transactions_request l;
    l.state_filters = {"Ongoing"};
    l.producer_id_filters = {11};
    check_golden(l, 0, bytes_of{}.carr(1).cstr("Ongoing").carr(1).i64(11).tags().b);
    list_transactions_response lr;
    lr.error_code = 35;
    check_golden(lr, 0, bytes_of{}.i32(0).i16(35).carr(0).carr(0).tags().b);
}

TEST_CASE("DescribeAcls: v0 has no pattern type; v3 response with a message") {
    describe_acls_request req;
    req.resource_type_filter = 2;
    req.resource_name_filter = std::nullopt;
    req.principal_filter = "User:a";
    req.host_filter = std::nullopt;
    req.operation = 1;
    req.permission_type = 3;
    check_golden(req, 0, bytes_of{}.i8(2).null_str().str("User:a").null_str().i8(1).i8(3).b);
    req.pattern_type_filter = 4;
    check_golden(req, 3, bytes_of{}.i8(2).null_compact().i8(4).cstr("User:a").null_compact().i8(1).i8(3).tags().b);

    describe_acls_response resp;
    resp.error_code = 54;
    resp.error_message = "no";
    auto& r = resp.resources.emplace_back();
    r.resource_type = 2;
    r.resource_name = "t";
    r.acls.push_back({"User:a", "*", 3, 3, {}});
    check_golden(resp, 3, bytes_of{}.i32(0).i16(54).cstr("no").carr(1).i8(2).cstr("t").i8(3)
                              .carr(1).cstr("User:a").cstr("*").i8(3).i8(3).tags().tags().tags().b);
    check_golden(resp, 0, bytes_of{}.i32(0).i16(54).str("no").arr(1).i8(2).str("t")
                              .arr(1).str("User:a").str("*").i8(3).i8(3).b);
}

TEST_CASE("CreateAcls v0/v3 and DeleteAcls v1 request, v0 response") {
    create_acls_request c;
    auto& a = c.creations.emplace_back();
    a.resource_type = 2;
    a.resource_name = "t";
    a.principal = "User:a";
    a.host = "*";
    a.operation = 3;
    a.permission_type = 3;
    check_golden(c, 0, bytes_of{}.arr(1).i8(2).str("t").str("User:a").str("*").i8(3).i8(3).b);
    check_golden(c, 3, bytes_of{}.carr(1).i8(2).cstr("t").i8(3).cstr("User:a").cstr("*").i8(3).i8(3).tags().tags().b);
    create_acls_response cr;
    cr.results.push_back({54, std::nullopt, {}});
    check_golden(cr, 1, bytes_of{}.i32(0).arr(1).i16(54).null_str().b);

    delete_acls_request d;
    auto& f = d.filters.emplace_back();
    f.resource_type_filter = 1;
    f.resource_name_filter = std::nullopt;
    f.pattern_type_filter = 1;
    f.principal_filter = std::nullopt;
    f.host_filter = std::nullopt;
    f.operation = 1;
    f.permission_type = 1;
    check_golden(d, 1, bytes_of{}.arr(1).i8(1).null_str().i8(1).null_str().null_str().i8(1).i8(1).b);
    delete_acls_response dr;
    auto& fr = dr.filter_results.emplace_back();
    fr.error_code = 54;
    fr.error_message = "m";
    check_golden(dr, 0, bytes_of{}.i32(0).arr(1).i16(54).str("m").arr(0).b);
}

TEST_CASE("Delegation tokens: CreateDelegationToken v0/v3, Renew, Expire, Describe") {
    create_delegation_token_request c;
    c.renewers.push_back({"User", "r", {}});
    c.max_lifetime_ms = -1;
    check_golden(c, 0, bytes_of{}.arr(1).str("User").str("r").i64(-1).b);
    c.owner_principal_type = std::nullopt;
    c.owner_principal_name = "o";
    check_golden(c, 3, bytes_of{}.null_compact().cstr("o").carr(1).cstr("User").cstr("r").tags().i64(-1).tags().b);

    create_delegation_token_response cr;
    cr.error_code = 64;
    cr.principal_type = "User";
    cr.principal_name = "ANONYMOUS";
    cr.token_requester_principal_type = "User";
    cr.token_requester_principal_name = "ANONYMOUS";
    cr.issue_timestamp_ms = -1;
    cr.expiry_timestamp_ms = -1;
    cr.max_timestamp_ms = -1;
    check_golden(cr, 3, bytes_of{}.i16(64).cstr("User").cstr("ANONYMOUS").cstr("User").cstr("ANONYMOUS")
                            .i64(-1).i64(-1).i64(-1).cstr("").i8(1).i32(0).tags().b);
    cr.token_requester_principal_type.clear();
    cr.token_requester_principal_name.clear();
    check_golden(cr, 0, bytes_of{}.i16(64).str("User").str("ANONYMOUS").i64(-1).i64(-1).i64(-1).str("").i32(0)
                            .i32(0).b);

    renew_delegation_token_request rn;
    rn.hmac = buf("hm");
    rn.renew_period_ms = 100;
    check_golden(rn, 0, bytes_of{}.i32(2).raw("hm").i64(100).b);
    check_golden(rn, 2, bytes_of{}.i8(3).raw("hm").i64(100).tags().b);
    expire_delegation_token_response ex;
    ex.error_code = 64;
    ex.expiry_timestamp_ms = -1;
    ex.throttle_time_ms = 2;
    check_golden(ex, 2, bytes_of{}.i16(64).i64(-1).i32(2).tags().b);

    describe_delegation_token_request dd;
    dd.owners = std::nullopt;
    check_golden(dd, 0, bytes_of{}.i32(-1).b);
    check_golden(dd, 3, bytes_of{}.null_compact().tags().b);
    describe_delegation_token_response ddr;
    ddr.error_code = 64;
    check_golden(ddr, 3, bytes_of{}.i16(64).carr(0).i32(0).tags().b);
}

TEST_CASE("Client quotas: DescribeClientQuotas v0/v1 (null entries), AlterClientQuotas v0/v1") {
    describe_client_quotas_request d;
    d.components.push_back({"user", 0, "alice", {}});
    d.strict = true;
    check_golden(d, 0, bytes_of{}.arr(1).str("user").i8(0).str("alice").i8(1).b);
    d.components[0].match = std::nullopt;
    check_golden(d, 1, bytes_of{}.carr(1).cstr("user").i8(0).null_compact().tags().i8(1).tags().b);

    describe_client_quotas_response dr;
    dr.error_code = 35;
    dr.error_message = std::nullopt;
    dr.entries = std::nullopt;
    check_golden(dr, 0, bytes_of{}.i32(0).i16(35).null_str().i32(-1).b);
    check_golden(dr, 1, bytes_of{}.i32(0).i16(35).null_compact().null_compact().tags().b);

    alter_client_quotas_request a;
    auto& e = a.entries.emplace_back();
    e.entity.push_back({"client-id", std::nullopt, {}});
    e.ops.push_back({"producer_byte_rate", 1024.5, false, {}});
    a.validate_only = true;
    check_golden(a, 0, bytes_of{}.arr(1).arr(1).str("client-id").null_str().arr(1).str("producer_byte_rate")
                           .f64(1024.5).i8(0).i8(1).b);
    alter_client_quotas_response ar;
    auto& re = ar.entries.emplace_back();
    re.error_code = 35;
    re.error_message = "x";
    re.entity.push_back({"user", "u", {}});
    check_golden(ar, 1, bytes_of{}.i32(0).carr(1).i16(35).cstr("x").carr(1).cstr("user").cstr("u").tags().tags()
                            .tags().b);
}

TEST_CASE("SCRAM credentials: Describe with null users, Alter with bytes") {
    describe_user_scram_credentials_request d;
    d.users = std::nullopt;
    check_golden(d, 0, bytes_of{}.null_compact().tags().b);
    describe_user_scram_credentials_response dr;
    dr.error_code = 35;
    dr.error_message = std::nullopt;
    auto& u = dr.results.emplace_back();
    u.error_code = 35;
    u.error_message = std::nullopt;
    check_golden(dr, 0, bytes_of{}.i32(0).i16(35).null_compact().carr(1).cstr("").i16(35).null_compact().carr(0)
                            .tags().tags().b);

    alter_user_scram_credentials_request a;
    a.deletions.push_back({"bob", 1, {}});
    a.upsertions.push_back({"al", 2, 4096, buf("s"), buf("pw"), {}});
    check_golden(a, 0, bytes_of{}.carr(1).cstr("bob").i8(1).tags().carr(1).cstr("al").i8(2).i32(4096)
                           .i8(2).raw("s").i8(3).raw("pw").tags().tags().b);
}

TEST_CASE("UpdateFeatures v0 (AllowDowngrade) and v1 (UpgradeType, ValidateOnly)") {
    update_features_request req;
    req.timeout_ms = 1000;
    auto& f = req.feature_updates.emplace_back();
    f.feature = "metadata.version";
    f.max_version_level = 3;
    f.allow_downgrade = true;
    check_golden(req, 0, bytes_of{}.i32(1000).carr(1).cstr("metadata.version").i16(3).i8(1).tags().tags().b);
    f.allow_downgrade = false;
    f.upgrade_type = 2;
    req.validate_only = true;
    check_golden(req, 1, bytes_of{}.i32(1000).carr(1).cstr("metadata.version").i16(3).i8(2).tags().i8(1).tags().b);

    update_features_response resp;
    resp.error_code = 35;
    resp.error_message = std::nullopt;
    check_golden(resp, 1, bytes_of{}.i32(0).i16(35).null_compact().carr(0).tags().b);
}

TEST_CASE("AlterReplicaLogDirs v0 request and v2 response") {
    alter_replica_log_dirs_request req;
    auto& d = req.dirs.emplace_back();
    d.path = "/d";
    d.topics.push_back({"t", {0, 2}, {}});
    check_golden(req, 0, bytes_of{}.arr(1).str("/d").arr(1).str("t").arr(2).i32(0).i32(2).b);
    alter_replica_log_dirs_response resp;
    auto& r = resp.results.emplace_back();
    r.topic_name = "t";
    r.partitions.push_back({2, 35, {}});
    check_golden(resp, 2, bytes_of{}.i32(0).carr(1).cstr("t").carr(1).i32(2).i16(35).tags().tags().tags().b);
}

TEST_CASE("Envelope v0 and AllocateProducerIds v0") {
    envelope_request e;
    e.request_data = buf("rq");
    e.request_principal = std::nullopt;
    e.client_host_address = buf("\x7f");
    check_golden(e, 0, bytes_of{}.i8(3).raw("rq").null_compact().i8(2).i8(0x7f).tags().b);
    envelope_response er;
    er.response_data = std::nullopt;
    er.error_code = 41;
    check_golden(er, 0, bytes_of{}.null_compact().i16(41).tags().b);

    allocate_producer_ids_request a;
    a.broker_id = 1;
    a.broker_epoch = 20;
    check_golden(a, 0, bytes_of{}.i32(1).i64(20).tags().b);
    allocate_producer_ids_response ar;
    ar.error_code = 35;
    check_golden(ar, 0, bytes_of{}.i32(0).i16(35).i64(0).i32(0).tags().b);
}
