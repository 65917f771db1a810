#include "broker/handlers/describe_cluster.h"

#include "broker/handlers/metadata.h"
#include "protocol/error_code.h"

namespace odradek::broker {

protocol::describe_cluster_response handle_describe_cluster(const metadata_snapshot& cluster,
                                                            const std::string& listener,
                                                            const protocol::describe_cluster_request& req,
                                                            int16_t version) {
    protocol::describe_cluster_response resp;
    resp.endpoint_type = req.endpoint_type;
    if (version >= 1 && req.endpoint_type != 1) {
        resp.error_code = int16_t(protocol::error_code::unsupported_endpoint_type);
        resp.error_message = "The request was sent to an endpoint of type BROKER, but we wanted an endpoint of "
                             "type CONTROLLER";
        return resp;
    }
    resp.cluster_id = cluster.cluster_id;
    resp.controller_id = cluster.brokers.count(cluster.controller_id) ? cluster.controller_id : -1;
    for (const auto& [id, b] : cluster.brokers) {
        const broker_endpoint* ep = b.endpoint_for(listener);
        if (!ep) continue;
        auto& out = resp.brokers.emplace_back();
        out.broker_id = id;
        out.host = ep->host;
        out.port = ep->port;
        out.rack = b.rack;
    }
    if (req.include_cluster_authorized_operations) resp.cluster_authorized_operations = kAllClusterOperations;
    return resp;
}

}  // namespace odradek::broker
