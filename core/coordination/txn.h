#pragma once
// A transaction: one state change of the coordination database, decided by the
// engine from a client request and then applied to the data tree. Transactions
// are what the transaction log stores (txn_log.h) and what recovery replays, so
// applying one must depend on nothing but the tree it is applied to.
//
// Encoding (jute), header then body by type:
//   header: long zxid, long sessionId, int cxid, long time, int type
//   create / create2 / createContainer / createTTL (all stored as op::create):
//           ustring path, buffer data, vector<ACL> acl, long ephemeralOwner,
//           int parentCVersion (the parent's cversion after this create)
//   delete / deleteContainer:  ustring path
//   setData:                   ustring path, buffer data, int version (the new one)
//   setACL:                    ustring path, vector<ACL> acl, int aversion (the new one)
//   check:                     ustring path, int version            (no effect)
//   createSession:             int timeout
//   closeSession:              (nothing; the tree knows the session's ephemerals)
//   error:                     int err                              (no effect)
//   multi:                     int count, then per op: int type + body as above
// A failed request still consumes a zxid and is logged as an error txn, as
// ZooKeeper does; a failed multi is a multi of error txns.

#include <cstdint>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "coordination/jute.h"
#include "coordination/messages.h"

namespace odradek::coordination {

struct txn {
    int32_t type = 0;         // an op:: code
    std::string path;
    byte_buffer data;
    acl_list acl;
    int64_t ephemeral_owner = 0;
    int32_t version = 0;      // create: parent cversion; setData: version; setACL: aversion; check
    int32_t timeout = 0;      // createSession
    int32_t err = 0;          // error
    std::vector<txn> ops;     // multi
};

struct txn_header {
    int64_t zxid = 0;
    int64_t session_id = 0;
    int32_t cxid = 0;
    int64_t time = 0;
};

void write_txn(jute_writer& w, const txn_header& h, const txn& t);
// Sticky like every jute decoder: check r.ok() afterwards.
void read_txn(jute_reader& r, txn_header& h, txn& t);

}  // namespace odradek::coordination
