#pragma once
// The records of the ZooKeeper client protocol (zookeeper.jute, modules
// org.apache.zookeeper.data and .proto) that a standalone server reads or writes,
// with their jute codecs. Decoders read into a struct from a sticky jute_reader
// (check r.ok() once afterwards); encoders append to a jute_writer.
//
// Packet shapes (each framed by a 4-byte length):
//   client -> server  ConnectRequest                       (first packet only)
//                     RequestHeader{xid,type} + request    (every later packet)
//   server -> client  ConnectResponse                      (answer to the first)
//                     ReplyHeader{xid,zxid,err} + response (body only when err == 0)
//
// Several requests share a layout and so share a struct:
//   path_watch_request  Exists/GetData/GetChildren/GetChildren2 {path, watch}
//   path_request        GetACL/Sync/GetAllChildrenNumber/GetEphemerals {path}
//   path_version        Delete/CheckVersion {path, version}
//   path_type           CheckWatches/RemoveWatches {path, type}, AddWatch {path, mode}

#include <cstdint>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "coordination/jute.h"

namespace odradek::coordination {

struct zk_id {
    std::string scheme;
    std::string id;
    bool operator==(const zk_id&) const = default;
};

struct zk_acl {
    int32_t perms = 0;
    zk_id id;
    bool operator==(const zk_acl&) const = default;
};
using acl_list = std::vector<zk_acl>;

struct zk_stat {
    int64_t czxid = 0;
    int64_t mzxid = 0;
    int64_t ctime = 0;
    int64_t mtime = 0;
    int32_t version = 0;
    int32_t cversion = 0;
    int32_t aversion = 0;
    int64_t ephemeral_owner = 0;
    int32_t data_length = 0;
    int32_t num_children = 0;
    int64_t pzxid = 0;
    bool operator==(const zk_stat&) const = default;
};

struct connect_request {
    int32_t protocol_version = 0;
    int64_t last_zxid_seen = 0;
    int32_t timeout = 0;
    int64_t session_id = 0;
    byte_buffer passwd;
    bool read_only = false;
    bool has_read_only = false;  // the client sent the trailing readOnly byte
};

struct connect_response {
    int32_t protocol_version = 0;
    int32_t timeout = 0;
    int64_t session_id = 0;
    byte_buffer passwd;
    bool read_only = false;
    bool has_read_only = false;  // write the trailing byte (only if the client sent one)
};

struct request_header {
    int32_t xid = 0;
    int32_t type = 0;
};

struct reply_header {
    int32_t xid = 0;
    int64_t zxid = 0;
    int32_t err = 0;
};

struct create_request {
    std::string path;
    byte_buffer data;
    acl_list acl;
    int32_t flags = 0;
    int64_t ttl = 0;  // CreateTTLRequest only
};

struct path_version {
    std::string path;
    int32_t version = -1;
};

struct path_watch_request {
    std::string path;
    bool watch = false;
};

struct path_request {
    std::string path;
};

struct path_type {
    std::string path;
    int32_t type = 0;
};

struct set_data_request {
    std::string path;
    byte_buffer data;
    int32_t version = -1;
};

struct set_acl_request {
    std::string path;
    acl_list acl;
    int32_t version = -1;
};

struct set_watches_request {
    int64_t relative_zxid = 0;
    std::vector<std::string> data_watches;
    std::vector<std::string> exist_watches;
    std::vector<std::string> child_watches;
    std::vector<std::string> persistent_watches;            // SetWatches2 only
    std::vector<std::string> persistent_recursive_watches;  // SetWatches2 only
};

struct auth_packet {
    int32_t type = 0;
    std::string scheme;
    byte_buffer auth;
};

struct watcher_event {
    int32_t type = 0;
    int32_t state = 0;
    std::string path;
};

// One operation of a multi (MultiOperationRecord): a MultiHeader{type,done,err}
// followed by the op's request record. Only the fields of `type` are meaningful.
struct multi_op {
    int32_t type = 0;
    create_request create;  // create, create2, createContainer, createTTL
    path_version version;   // delete, deleteContainer, check
    set_data_request set;   // setData
    path_watch_request read;  // getChildren, getData (multiRead)
    set_acl_request set_acl;  // setACL (never inside a multi; the engine reuses this struct)
};

// --- decoders (sticky: check r.ok() afterwards) ---
void read_acl_list(jute_reader& r, acl_list& out);
void read_stat(jute_reader& r, zk_stat& out);
// Accepts the request with and without the trailing readOnly byte.
void read_connect_request(jute_reader& r, connect_request& out);
void read_connect_response(jute_reader& r, connect_response& out);
void read_request_header(jute_reader& r, request_header& out);
void read_reply_header(jute_reader& r, reply_header& out);
void read_create_request(jute_reader& r, create_request& out, bool with_ttl);
void read_path_version(jute_reader& r, path_version& out);
void read_path_watch_request(jute_reader& r, path_watch_request& out);
void read_path_request(jute_reader& r, path_request& out);
void read_path_type(jute_reader& r, path_type& out);
void read_set_data_request(jute_reader& r, set_data_request& out);
void read_set_acl_request(jute_reader& r, set_acl_request& out);
void read_set_watches(jute_reader& r, set_watches_request& out, bool v2);
void read_auth_packet(jute_reader& r, auth_packet& out);
void read_watcher_event(jute_reader& r, watcher_event& out);
void read_string_list(jute_reader& r, std::vector<std::string>& out);
// Reads MultiHeader-framed ops up to the done marker. An op type that may not
// appear in a multi (or a missing done marker) fails the reader.
void read_multi_request(jute_reader& r, std::vector<multi_op>& out);

// --- encoders ---
void write_acl_list(jute_writer& w, const acl_list& acl);
void write_stat(jute_writer& w, const zk_stat& s);
void write_connect_request(jute_writer& w, const connect_request& c);
void write_connect_response(jute_writer& w, const connect_response& c);
void write_request_header(jute_writer& w, const request_header& h);
void write_reply_header(jute_writer& w, const reply_header& h);
void write_create_request(jute_writer& w, const create_request& c, bool with_ttl);
void write_path_version(jute_writer& w, const path_version& p);
void write_path_watch_request(jute_writer& w, const path_watch_request& p);
void write_set_data_request(jute_writer& w, const set_data_request& s);
void write_watcher_event(jute_writer& w, const watcher_event& e);
void write_string_list(jute_writer& w, const std::vector<std::string>& v);
void write_multi_request(jute_writer& w, const std::vector<multi_op>& ops);

}  // namespace odradek::coordination
