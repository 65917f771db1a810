#pragma once
// Requests for APIs a Kafka 3.7 ZooKeeper-mode broker serves and we know the
// format of but do not serve yet: the group coordinator's, the transaction
// coordinator's, partition reassignments, DescribeProducers,
// ACLs, delegation tokens, client quotas, SCRAM credentials, UpdateFeatures,
// AlterReplicaLogDirs, AllocateProducerIds, SaslAuthenticate. They are not
// advertised by ApiVersions, so clients do not send them; one that does
// anyway gets the answer Kafka's AbstractRequest.getErrorResponse builds —
// every resource the request names with the error, and the top-level error
// where the response has one — instead of a dropped connection:
//  - UNSUPPORTED_VERSION (35): "this broker does not support this API";
//  - where Kafka 3.7 answers otherwise on a broker without an authorizer or a
//    SASL listener, Kafka's answer: SaslAuthenticate ILLEGAL_SASL_STATE; ACLs
//    SECURITY_DISABLED ("No Authorizer is configured..."); delegation tokens
//    DELEGATION_TOKEN_REQUEST_NOT_ALLOWED.
// A version outside the API's schema, or a body that does not decode (or that
// Kafka's request classes reject, as an ACL filter with UNKNOWN elements), still
// closes the connection, as Kafka does. Envelope has a spec but no handler: a
// ZooKeeper-mode broker without forwarding closes the connection on it too.
// The socket server logs one warning per connection and API.
//
// Files: unserved.cc (groups, reassignments, producers, SASL),
// unserved_txn.cc, unserved_security.cc, unserved_admin.cc; unserved_detail.h
// holds what they share.

#include <vector>

#include "broker/network/request_context.h"

namespace odradek::broker {

// One handler per unserved API (marked `unserved`); the caller serves them
// without advertising them.
std::vector<api_handler> make_unserved_apis();

}  // namespace odradek::broker
