#include "tools/leader_election.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "client/admin.h"
#include "client/errc.h"
#include "tools/admin_factory.h"
#include "tools/tool_log.h"

namespace odradek::tools {

namespace {

std::string tp_name(const client::topic_partition& tp) { return tp.topic + "-" + std::to_string(tp.partition); }

std::string join(const std::vector<client::topic_partition>& tps) {
    std::string out;
    for (const auto& tp : tps) out += (out.empty() ? "" : ", ") + tp_name(tp);
    return out;
}

// LeaderElectionCommand.parseReplicaElectionData; an error text or the partitions.
std::optional<std::string> parse_partitions(const std::string& text, std::vector<client::topic_partition>& out) {
    nlohmann::json js = nlohmann::json::parse(text, nullptr, false);
    if (js.is_discarded()) return "The JSON file is not valid JSON: name a file like {\"partitions\": [{\"topic\": \"foo\", \"partition\": 1}]}";
    if (!js.is_object() || !js.contains("partitions"))
        return "Replica election data is missing \"partitions\" field";
    if (!js["partitions"].is_array()) return "Expected \"partitions\" to be an array of {\"topic\": ..., \"partition\": ...}";
    std::map<client::topic_partition, int> seen;
    for (const auto& p : js["partitions"]) {
        if (!p.is_object() || !p.contains("topic") || !p["topic"].is_string() || !p.contains("partition") ||
            !p["partition"].is_number_integer())
            return "Each entry of \"partitions\" needs a string \"topic\" and an int \"partition\"";
        client::topic_partition tp{p["topic"].get<std::string>(), p["partition"].get<int32_t>()};
        if (seen[tp]++ == 0) out.push_back(tp);
    }
    std::string dups;
    for (const auto& [tp, n] : seen)
        if (n > 1) dups += (dups.empty() ? "" : ",") + tp_name(tp);
    if (!dups.empty()) return "Replica election data contains duplicate partitions: Set(" + dups + ")";
    return std::nullopt;
}

}  // namespace

int run_leader_election_with(const leader_election_options& o, const std::optional<std::string>& json_text,
                             const admin_factory& make_admin, std::ostream& out, std::ostream& err) {
    auto fail = [&](const std::string& message) {
        err << message << '\n';
        return 1;
    };
    // LeaderElectionCommandOptions.validate, in its order.
    std::vector<std::string> missing;
    if (!o.bootstrap_server) missing.push_back("bootstrap-server");
    if (!o.election_type) missing.push_back("election-type");
    if (!missing.empty()) {
        std::string m;
        for (const auto& s : missing) m += (m.empty() ? "" : ", ") + s;
        return fail("Missing required option(s): " + m);
    }
    int exclusive = int(o.topic.has_value()) + int(o.all_topic_partitions) + int(o.path_to_json_file.has_value());
    if (exclusive != 1)
        return fail("One and only one of the following options is required: topic, all-topic-partitions, "
                    "path-to-json-file");
    if (o.topic && !o.partition) return fail("Missing required option(s): partition");
    if (!o.topic && o.partition) return fail("Option partition is only allowed if topic is used");
    std::string type_name = *o.election_type;
    std::transform(type_name.begin(), type_name.end(), type_name.begin(), [](unsigned char c) { return std::toupper(c); });
    if (type_name != "PREFERRED" && type_name != "UNCLEAN")
        return fail("Invalid election type '" + *o.election_type + "': use preferred or unclean");
    const auto type = type_name == "PREFERRED" ? client::election_type::preferred : client::election_type::unclean;

    std::optional<std::vector<client::topic_partition>> partitions;
    if (o.topic) {
        partitions = std::vector<client::topic_partition>{{*o.topic, *o.partition}};
    } else if (o.path_to_json_file) {
        partitions.emplace();
        if (auto bad = parse_partitions(json_text.value_or(""), *partitions)) return fail(*bad);
    }

    error why;
    std::unique_ptr<client::admin_api> admin = make_admin(why);
    if (!admin) return fail("Failed to create new KafkaAdminClient: " + client::user_message(why));
    auto results = admin->elect_leaders(type, partitions);
    if (!results) {
        if (results.err().code == client::make_error_code(client::errc::timeout)) {
            out << "Timeout waiting for election results\n";
            return fail("Timeout waiting for election results");
        }
        return fail(exception_text(results.err(), "electLeaders"));
    }
    std::vector<client::topic_partition> succeeded, noop;
    std::vector<std::pair<client::topic_partition, error>> failed;
    for (const auto& r : *results) {
        if (r.result)
            succeeded.push_back(r.partition);
        else if (client::is_kafka_error(r.result.err(), protocol::error_code::election_not_needed))
            noop.push_back(r.partition);
        else
            failed.emplace_back(r.partition, r.result.err());
    }
    if (!succeeded.empty())
        out << "Successfully completed leader election (" << type_name << ") for partitions " << join(succeeded)
            << '\n';
    if (!noop.empty()) out << "Valid replica already elected for partitions " << join(noop) << '\n';
    for (const auto& [tp, e] : failed)
        out << "Error completing leader election (" << type_name << ") for partition: " << tp_name(tp) << ": "
            << client::kafka_exception_name(e) << ": " << client::user_message(e) << '\n';
    if (!failed.empty()) return fail(std::to_string(failed.size()) + " replica(s) could not be elected");
    return 0;
}

int run_leader_election(const leader_election_options& o, std::ostream& out, std::ostream& err) {
    std::optional<std::string> json_text;
    if (o.path_to_json_file) {
        std::ifstream in(*o.path_to_json_file, std::ios::binary);
        if (!in) {
            err << "Cannot read the JSON file " << *o.path_to_json_file << ": no such file or not readable\n";
            return 1;
        }
        std::stringstream text;
        text << in.rdbuf();
        json_text = text.str();
    }
    tool_log log(err);
    return run_leader_election_with(o, json_text,
                                    make_factory(o.bootstrap_server.value_or(""), o.admin_config, "adminclient-1", log),
                                    out, err);
}

}  // namespace odradek::tools
