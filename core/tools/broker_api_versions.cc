#include "tools/broker_api_versions.h"

#include <algorithm>

#include "client/cluster.h"
#include "client/errc.h"
#include "config/properties.h"
#include "tools/client_properties.h"
#include "tools/tool_log.h"

namespace odradek::tools {

namespace {

struct api_row {
    int16_t key;
    const char* name;
    int16_t oldest;
    int16_t latest;
    bool client_api;  // ApiKeys.clientApis(): served to clients by ZK or KRaft brokers
};

// Kafka 3.7.0's ApiKeys: ids, names and versions of the Java client, from
// clients/src/main/resources/common/message/*Request.json.
constexpr api_row kApis[] = {
    {0, "Produce", 0, 10, true},
    {1, "Fetch", 0, 16, true},
    {2, "ListOffsets", 0, 8, true},
    {3, "Metadata", 0, 12, true},
    {4, "LeaderAndIsr", 0, 7, true},
    {5, "StopReplica", 0, 4, true},
    {6, "UpdateMetadata", 0, 8, true},
    {7, "ControlledShutdown", 0, 3, true},
    {8, "OffsetCommit", 0, 9, true},
    {9, "OffsetFetch", 0, 9, true},
    {10, "FindCoordinator", 0, 4, true},
    {11, "JoinGroup", 0, 9, true},
    {12, "Heartbeat", 0, 4, true},
    {13, "LeaveGroup", 0, 5, true},
    {14, "SyncGroup", 0, 5, true},
    {15, "DescribeGroups", 0, 5, true},
    {16, "ListGroups", 0, 4, true},
    {17, "SaslHandshake", 0, 1, true},
    {18, "ApiVersions", 0, 3, true},
    {19, "CreateTopics", 0, 7, true},
    {20, "DeleteTopics", 0, 6, true},
    {21, "DeleteRecords", 0, 2, true},
    {22, "InitProducerId", 0, 4, true},
    {23, "OffsetForLeaderEpoch", 0, 4, true},
    {24, "AddPartitionsToTxn", 0, 4, true},
    {25, "AddOffsetsToTxn", 0, 3, true},
    {26, "EndTxn", 0, 3, true},
    {27, "WriteTxnMarkers", 0, 1, true},
    {28, "TxnOffsetCommit", 0, 3, true},
    {29, "DescribeAcls", 0, 3, true},
    {30, "CreateAcls", 0, 3, true},
    {31, "DeleteAcls", 0, 3, true},
    {32, "DescribeConfigs", 0, 4, true},
    {33, "AlterConfigs", 0, 2, true},
    {34, "AlterReplicaLogDirs", 0, 2, true},
    {35, "DescribeLogDirs", 0, 4, true},
    {36, "SaslAuthenticate", 0, 2, true},
    {37, "CreatePartitions", 0, 3, true},
    {38, "CreateDelegationToken", 0, 3, true},
    {39, "RenewDelegationToken", 0, 2, true},
    {40, "ExpireDelegationToken", 0, 2, true},
    {41, "DescribeDelegationToken", 0, 3, true},
    {42, "DeleteGroups", 0, 2, true},
    {43, "ElectLeaders", 0, 2, true},
    {44, "IncrementalAlterConfigs", 0, 1, true},
    {45, "AlterPartitionReassignments", 0, 0, true},
    {46, "ListPartitionReassignments", 0, 0, true},
    {47, "OffsetDelete", 0, 0, true},
    {48, "DescribeClientQuotas", 0, 1, true},
    {49, "AlterClientQuotas", 0, 1, true},
    {50, "DescribeUserScramCredentials", 0, 0, true},
    {51, "AlterUserScramCredentials", 0, 0, true},
    {52, "Vote", 0, 0, false},
    {53, "BeginQuorumEpoch", 0, 0, false},
    {54, "EndQuorumEpoch", 0, 0, false},
    {55, "DescribeQuorum", 0, 1, true},
    {56, "AlterPartition", 0, 3, true},
    {57, "UpdateFeatures", 0, 1, true},
    {58, "Envelope", 0, 0, true},
    {59, "FetchSnapshot", 0, 0, false},
    {60, "DescribeCluster", 0, 1, true},
    {61, "DescribeProducers", 0, 0, true},
    {62, "BrokerRegistration", 0, 3, false},
    {63, "BrokerHeartbeat", 0, 1, false},
    {64, "UnregisterBroker", 0, 0, true},
    {65, "DescribeTransactions", 0, 0, true},
    {66, "ListTransactions", 0, 0, true},
    {67, "AllocateProducerIds", 0, 0, true},
    {68, "ConsumerGroupHeartbeat", 0, 0, true},
    {69, "ConsumerGroupDescribe", 0, 0, true},
    {70, "ControllerRegistration", 0, 0, false},
    {71, "GetTelemetrySubscriptions", 0, 0, true},
    {72, "PushTelemetry", 0, 0, true},
    {73, "AssignReplicasToDirs", 0, 0, false},
    {74, "ListClientMetricsResources", 0, 0, true},
};

const api_row* find_row(int16_t key) {
    for (const api_row& r : kApis)
        if (r.key == key) return &r;
    return nullptr;
}

}  // namespace

std::string format_api_versions(const api_version_map& versions) {
    std::map<int16_t, std::string> text;
    for (const auto& [key, range] : versions) {
        const api_row* row = find_row(key);
        std::string line = row != nullptr ? std::string(row->name) + "(" + std::to_string(key) + "): "
                                          : "UNKNOWN(" + std::to_string(key) + "): ";
        line += range.first == range.second ? std::to_string(range.first)
                                            : std::to_string(range.first) + " to " + std::to_string(range.second);
        if (row != nullptr) {
            if (row->latest < range.first)
                line += " [unusable: node too new]";
            else if (range.second < row->oldest)
                line += " [unusable: node too old]";
            else
                line += " [usable: " + std::to_string(std::min(row->latest, range.second)) + "]";
        }
        text[key] = line;
    }
    for (const api_row& r : kApis)
        if (r.client_api && text.find(r.key) == text.end())
            text[r.key] = std::string(r.name) + "(" + std::to_string(r.key) + "): UNSUPPORTED";
    std::string out = "(\n\t";
    bool first = true;
    for (const auto& [key, line] : text) {
        if (!first) out += ",\n\t";
        out += line;
        first = false;
    }
    return out + "\n)";
}

int run_broker_api_versions(const broker_api_versions_options& o, std::ostream& out, std::ostream& err) {
    tool_log log(err);
    config::properties props;
    if (o.command_config) {
        auto loaded = config::load_properties(*o.command_config);
        if (!loaded) {
            err << "Exception in thread \"main\" java.nio.file.NoSuchFileException: " << *o.command_config << '\n';
            return 1;
        }
        props = std::move(loaded).value();
    }
    client::client_config cfg;
    cfg.client_id = "admin-1";
    status applied = apply_client_properties(props, cfg);
    if (!applied) {
        err << "Exception in thread \"main\" " << client::kafka_exception_name(applied.err()) << ": "
            << client::user_message(applied.err()) << '\n';
        return 1;
    }
    cfg.bootstrap_servers = o.bootstrap_server;
    cfg.log_context = "[AdminClient clientId=" + cfg.client_id + "] ";
    cfg.log = log.fn();
    auto cluster = client::cluster::create(cfg);
    if (!cluster) {
        err << "Exception in thread \"main\" " << client::kafka_exception_name(cluster.err()) << ": "
            << client::user_message(cluster.err()) << '\n';
        return 1;
    }
    client::cluster& c = **cluster;
    auto md = c.refresh(std::vector<std::string>{}, false, client::clock::now() + client::millis(60000));
    if (!md) {
        err << "Exception in thread \"main\" java.lang.RuntimeException: Request METADATA failed on brokers List("
            << o.bootstrap_server << ")\n";
        if (md.err().code == client::make_error_code(client::errc::connection_failed))
            log.raw("No broker answered at " + o.bootstrap_server +
                    "; is one running there? Start one with: bin/kafka-server-start.sh config/server.properties\n");
        return 1;
    }
    for (const client::broker_node& b : md->brokers) {
        std::string node = b.host + ":" + std::to_string(b.port) + " (id: " + std::to_string(b.id) +
                           " rack: " + b.rack.value_or("null") + ")";
        auto conn = c.node(b.id, client::clock::now() + cfg.request_timeout);
        if (!conn) {
            out << node << " -> ERROR: " << client::kafka_exception_name(conn.err()) << ": "
                << client::user_message(conn.err()) << '\n';
            continue;
        }
        out << node << " -> " << format_api_versions((*conn)->all_broker_versions()) << '\n';
    }
    return 0;
}

}  // namespace odradek::tools
