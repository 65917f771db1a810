#pragma once
// Runs one broker API handler to completion on a private io_context. In its
// own translation unit, built without -fsanitize=fuzzer and
// -fsanitize=function: clang 14 cannot emit coroutines under either ("Cannot
// represent a difference across sections"; see core/broker/CMakeLists.txt).

#include "broker/network/request_context.h"
#include "broker/network/response.h"

namespace odradek::fuzz {

// The handler's response; aborts if the handler throws or never finishes.
broker::response run_handler(const broker::api_handler& handler, broker::request_context& ctx);

}  // namespace odradek::fuzz
