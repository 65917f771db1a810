#pragma once
// The numbers of the ZooKeeper client protocol: op codes (RequestHeader.type),
// error codes (ReplyHeader.err), special xids, watch event types and states,
// create modes and permission bits. Values are fixed by the wire protocol.

#include <cstdint>

namespace odradek::coordination {

namespace op {
inline constexpr int32_t notification = 0;
inline constexpr int32_t create = 1;
inline constexpr int32_t remove = 2;  // "delete"
inline constexpr int32_t exists = 3;
inline constexpr int32_t get_data = 4;
inline constexpr int32_t set_data = 5;
inline constexpr int32_t get_acl = 6;
inline constexpr int32_t set_acl = 7;
inline constexpr int32_t get_children = 8;
inline constexpr int32_t sync = 9;
inline constexpr int32_t ping = 11;
inline constexpr int32_t get_children2 = 12;
inline constexpr int32_t check = 13;
inline constexpr int32_t multi = 14;
inline constexpr int32_t create2 = 15;
inline constexpr int32_t reconfig = 16;
inline constexpr int32_t check_watches = 17;
inline constexpr int32_t remove_watches = 18;
inline constexpr int32_t create_container = 19;
inline constexpr int32_t delete_container = 20;
inline constexpr int32_t create_ttl = 21;
inline constexpr int32_t multi_read = 22;
inline constexpr int32_t auth = 100;
inline constexpr int32_t set_watches = 101;
inline constexpr int32_t sasl = 102;
inline constexpr int32_t get_ephemerals = 103;
inline constexpr int32_t get_all_children_number = 104;
inline constexpr int32_t set_watches2 = 105;
inline constexpr int32_t add_watch = 106;
inline constexpr int32_t who_am_i = 107;
inline constexpr int32_t create_session = -10;
inline constexpr int32_t close_session = -11;
inline constexpr int32_t error = -1;
}  // namespace op

// ReplyHeader.err values (KeeperException.Code).
enum class zk_error : int32_t {
    ok = 0,
    system_error = -1,
    runtime_inconsistency = -2,
    data_inconsistency = -3,
    connection_loss = -4,
    marshalling_error = -5,
    unimplemented = -6,
    operation_timeout = -7,
    bad_arguments = -8,
    unknown_session = -12,
    api_error = -100,
    no_node = -101,
    no_auth = -102,
    bad_version = -103,
    no_children_for_ephemerals = -108,
    node_exists = -110,
    not_empty = -111,
    session_expired = -112,
    invalid_callback = -113,
    invalid_acl = -114,
    auth_failed = -115,
    session_moved = -118,
    not_read_only = -119,
    no_watcher = -121,
};

namespace xid {
inline constexpr int32_t notification = -1;
inline constexpr int32_t ping = -2;
inline constexpr int32_t auth = -4;
inline constexpr int32_t set_watches = -8;
}  // namespace xid

namespace event_type {
inline constexpr int32_t none = -1;
inline constexpr int32_t node_created = 1;
inline constexpr int32_t node_deleted = 2;
inline constexpr int32_t node_data_changed = 3;
inline constexpr int32_t node_children_changed = 4;
}  // namespace event_type

namespace keeper_state {
inline constexpr int32_t disconnected = 0;
inline constexpr int32_t sync_connected = 3;
inline constexpr int32_t expired = -112;
}  // namespace keeper_state

// CreateRequest.flags.
namespace create_mode {
inline constexpr int32_t persistent = 0;
inline constexpr int32_t ephemeral = 1;
inline constexpr int32_t persistent_sequential = 2;
inline constexpr int32_t ephemeral_sequential = 3;
inline constexpr int32_t container = 4;
inline constexpr int32_t persistent_with_ttl = 5;
inline constexpr int32_t persistent_sequential_with_ttl = 6;
}  // namespace create_mode

// AddWatchRequest.mode.
namespace add_watch_mode {
inline constexpr int32_t persistent = 0;
inline constexpr int32_t persistent_recursive = 1;
}  // namespace add_watch_mode

// ACL permission bits.
namespace perm {
inline constexpr int32_t read = 1, write = 2, create = 4, remove = 8, admin = 16, all = 31;
}

// Stat.ephemeralOwner of a container node (EphemeralType.CONTAINER_EPHEMERAL_OWNER).
inline constexpr int64_t kContainerOwner = INT64_MIN;

// jute.maxbuffer default: the largest packet or field a server accepts.
inline constexpr int32_t kDefaultMaxBuffer = 0xfffff;

}  // namespace odradek::coordination
