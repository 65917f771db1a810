#pragma once
// Shared by the unserved_*.cc files (see unserved.h): the handler shape of an
// API that is answered with an error, and the error it usually carries.

#include <optional>
#include <vector>

#include "broker/api_adapter.h"
#include "broker/network/response.h"
#include "protocol/error_code.h"

namespace odradek::broker::unserved_detail {

inline constexpr int16_t kUnsupported = int16_t(protocol::error_code::unsupported_version);

// An unserved API over every version of its schema: `answer(request, version)`
// builds the response. Marked so the socket server warns about it and
// ApiVersions never lists it.
template <typename Req, typename F>
api_handler unserved(F answer) {
    auto h = sync_api<Req>(Req::kMinVersion, Req::kMaxVersion,
                           [answer](request_context& ctx, Req& req, int16_t v) -> response {
                               return make_response(ctx.header.correlation_id, answer(req, v), v);
                           });
    h.unserved = true;
    return h;
}

// As unserved(), for requests Kafka refuses while parsing them (its
// constructors validate): `answer` returns nullopt for those, and the
// connection is closed, as Kafka closes it on an InvalidRequestException.
template <typename Req, typename F>
api_handler unserved_or_close(F answer) {
    auto h = sync_api<Req>(Req::kMinVersion, Req::kMaxVersion,
                           [answer](request_context& ctx, Req& req, int16_t v) -> response {
                               auto resp = answer(req, v);
                               if (!resp) return response::close_connection();
                               return make_response(ctx.header.correlation_id, *resp, v);
                           });
    h.unserved = true;
    return h;
}

// An unserved API whose error response is its top-level error code alone
// (every other field at its default).
template <typename Req, typename Resp>
api_handler unserved_top_level(int16_t error = kUnsupported) {
    return unserved<Req>([error](const Req&, int16_t) {
        Resp r;
        r.error_code = error;
        return r;
    });
}

void add_transaction_apis(std::vector<api_handler>& out);  // unserved_txn.cc
void add_security_apis(std::vector<api_handler>& out);     // unserved_security.cc
void add_admin_apis(std::vector<api_handler>& out);        // unserved_admin.cc

}  // namespace odradek::broker::unserved_detail
