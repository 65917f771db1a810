#pragma once
// Requests for APIs this broker knows the format of but does not serve yet
// (the group coordinator's, ElectLeaders, partition reassignments,
// DescribeProducers, SaslAuthenticate). They are not advertised by
// ApiVersions, so clients do not send them; one that does anyway gets the
// answer Kafka's AbstractRequest.getErrorResponse builds — every resource the
// request names with the error, and the top-level error where the response
// has one — instead of a dropped connection:
//  - UNSUPPORTED_VERSION (35): "this broker does not support this API";
//  - SaslAuthenticate: ILLEGAL_SASL_STATE with Kafka's message, as Kafka
//    answers one outside a SASL handshake.
// A version outside the API's schema, or a body that does not decode, still
// closes the connection, as Kafka does.

#include <vector>

#include "broker/network/request_context.h"

namespace odradek::broker {

// One handler per unserved API; the caller serves them without advertising them.
std::vector<api_handler> make_unserved_apis();

}  // namespace odradek::broker
