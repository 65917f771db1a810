#pragma once
// DescribeCluster (key 60), versions 0-1 (v1 adds EndpointType, KIP-919).
// As Kafka 3.7's KafkaApis.handleDescribeCluster for a ZooKeeper-mode
// broker: the live brokers on the request's listener, the cluster id and the
// controller. EndpointType 2 (controllers) is a KRaft notion: a broker
// answers UNSUPPORTED_ENDPOINT_TYPE, as Kafka's brokers do.

#include <string>

#include "broker/metadata_cache.h"
#include "protocol/messages/describe_cluster.h"

namespace odradek::broker {

protocol::describe_cluster_response handle_describe_cluster(const metadata_snapshot& cluster,
                                                            const std::string& listener,
                                                            const protocol::describe_cluster_request& req,
                                                            int16_t version);

}  // namespace odradek::broker
