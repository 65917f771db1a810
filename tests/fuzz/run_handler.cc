#include "run_handler.h"

#include <cstdlib>
#include <exception>
#include <optional>

#include <asio.hpp>

namespace odradek::fuzz {

broker::response run_handler(const broker::api_handler& handler, broker::request_context& ctx) {
    asio::io_context io;
    std::optional<broker::response> answer;
    asio::co_spawn(io, handler.fn(ctx), [&](std::exception_ptr e, broker::response r) {
        if (e) std::abort();
        answer = std::move(r);
    });
    io.run();
    if (!answer) std::abort();
    return std::move(*answer);
}

}  // namespace odradek::fuzz
