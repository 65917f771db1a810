#pragma once
// Turning a typed handler into a socket_server handler: decode the request
// body as Req at the header's version, call the handler, encode its answer.
// A body that does not decode closes the connection, as Kafka does
// (InvalidRequestException from RequestContext.parseRequest).

#include <utility>

#include <asio.hpp>

#include "broker/network/request_context.h"
#include "protocol/message.h"

namespace odradek::broker {

// fn(request_context&, Req&, int16_t version) -> response
template <typename Req, typename F>
api_handler sync_api(int16_t min_version, int16_t max_version, F fn) {
    return api_handler{
        int16_t(Req::kApiKey), min_version, max_version,
        [fn = std::move(fn)](request_context& ctx) -> asio::awaitable<response> {
            auto req = protocol::decode_message<Req>(ctx.body, ctx.header.api_version);
            if (!req) co_return response::close_connection();
            co_return fn(ctx, *req, ctx.header.api_version);
        }};
}

// fn(request_context&, Req&, int16_t version) -> asio::awaitable<response>
template <typename Req, typename F>
api_handler async_api(int16_t min_version, int16_t max_version, F fn) {
    return api_handler{
        int16_t(Req::kApiKey), min_version, max_version,
        [fn = std::move(fn)](request_context& ctx) -> asio::awaitable<response> {
            auto req = protocol::decode_message<Req>(ctx.body, ctx.header.api_version);
            if (!req) co_return response::close_connection();
            co_return co_await fn(ctx, *req, ctx.header.api_version);
        }};
}

// Runs blocking `f` (ZooKeeper calls, waits) on `pool` and resumes the
// calling coroutine on its own executor with the result.
template <typename Pool, typename F>
auto run_blocking(Pool& pool, F f) -> asio::awaitable<decltype(f())> {
    co_return co_await asio::co_spawn(
        pool, [f = std::move(f)]() mutable -> asio::awaitable<decltype(f())> { co_return f(); },
        asio::use_awaitable);
}

}  // namespace odradek::broker
