#pragma once
// One request as a handler sees it: the decoded header, the body bytes (valid
// until the handler's response is sent), and where it came from.

#include <cstdint>
#include <functional>
#include <string>

#include <asio.hpp>

#include "base/bytes.h"
#include "broker/network/response.h"
#include "protocol/header.h"

namespace odradek::broker {

struct request_context {
    protocol::request_header header;
    byte_span body;
    std::string client_host;    // the peer's address, e.g. "127.0.0.1"
    std::string listener_name;  // e.g. "PLAINTEXT"
    uint64_t connection_id = 0;
};

// A handler answers one API at every version in its range. It runs on the
// connection's coroutine; blocking work (ZooKeeper) must be moved off the
// network threads by the handler.
using handler_fn = std::function<asio::awaitable<response>(request_context&)>;

struct api_handler {
    int16_t key = 0;
    int16_t min_version = 0;
    int16_t max_version = 0;
    handler_fn fn;
    // An API we know but do not serve (broker/handlers/unserved.h): answered
    // with an error, never advertised; the socket server warns once per
    // connection when one arrives.
    bool unserved = false;
};

}  // namespace odradek::broker
