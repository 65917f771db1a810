#pragma once
// A ZooKeeper connect string: "host:port[,host:port...][/chroot]", as
// ZooKeeper's ConnectStringParser reads it. A host without a port gets 2181.
// The chroot, when present, is a valid absolute path other than "/"; a trailing
// "/" alone means no chroot.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace odradek::coordination {

struct host_port {
    std::string host;
    uint16_t port = 2181;
};

struct connect_string {
    std::vector<host_port> hosts;
    std::string chroot;  // empty: none

    // Adds the chroot to a client path ("/x" -> "/chroot/x", "/" -> "/chroot").
    std::string to_server(std::string_view path) const;
    // Strips the chroot from a server path; a path outside the chroot is kept.
    std::string to_client(std::string_view path) const;
};

// Errors are zk_error::bad_arguments with the reason as detail.
result<connect_string> parse_connect_string(std::string_view s);

// ZooKeeper's PathUtils.validatePath: "" when the path is valid, else the
// reason ("Path must start with / character", ...).
std::string path_problem(std::string_view path, bool sequential = false);

}  // namespace odradek::coordination
