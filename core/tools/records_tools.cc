#include "tools/records_tools.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "client/errc.h"
#include "config/properties.h"
#include "tools/admin_factory.h"
#include "tools/client_properties.h"
#include "tools/tool_log.h"

namespace odradek::tools {

namespace {

std::string tp_name(const client::topic_partition& tp) { return tp.topic + "-" + std::to_string(tp.partition); }

// A Jackson-style JSON string.
std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04X", c);
                    out += buf;
                } else {
                    out += char(c);
                }
        }
    }
    return out + "\"";
}

}  // namespace

int32_t java_string_hash(const std::string& s) {
    uint32_t h = 0;
    for (unsigned char c : s) h = 31 * h + c;  // UTF-8 bytes; equal to Java for ASCII names
    return int32_t(h);
}

std::vector<size_t> java_hash_map_order(const std::vector<int32_t>& hashes) {
    size_t capacity = 16;
    while (double(hashes.size()) > 0.75 * double(capacity)) capacity *= 2;
    std::vector<size_t> order(hashes.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto bucket = [&](size_t i) {
        uint32_t h = uint32_t(hashes[i]);
        h ^= h >> 16;
        return h & uint32_t(capacity - 1);
    };
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return bucket(a) < bucket(b); });
    return order;
}

int run_delete_records_with(const std::string& json_text, const admin_factory& make_admin, std::ostream& out,
                            std::ostream& err) {
    auto fail = [&](const std::string& exception, const std::string& message) {
        err << "Exception in thread \"main\" " << exception << ": " << message << '\n';
        return 1;
    };
    const char* admin_failed = "org.apache.kafka.server.common.AdminOperationException";
    nlohmann::json js = nlohmann::json::parse(json_text, nullptr, false);
    if (js.is_discarded() || !js.is_object()) return fail(admin_failed, "The input string is not a valid JSON");
    int version = 1;
    if (js.contains("version")) {
        if (!js["version"].is_number_integer())
            return fail("com.fasterxml.jackson.databind.JsonMappingException", "Expected `version` to be an int");
        version = js["version"].get<int>();
    }
    if (version != 1) return fail(admin_failed, "Not supported version field value " + std::to_string(version));
    if (!js.contains("partitions")) return fail(admin_failed, "Missing partitions field");
    if (!js["partitions"].is_array())
        return fail("com.fasterxml.jackson.databind.JsonMappingException", "Expected `partitions` to be an array");
    std::map<client::topic_partition, std::vector<int64_t>> offsets;
    std::vector<client::topic_partition> order;
    for (const auto& p : js["partitions"]) {
        if (!p.is_object() || !p.contains("topic") || !p["topic"].is_string() || !p.contains("partition") ||
            !p["partition"].is_number_integer() || !p.contains("offset") || !p["offset"].is_number_integer())
            return fail("com.fasterxml.jackson.databind.JsonMappingException",
                        "Each partition needs a string topic, an int partition and a long offset");
        client::topic_partition tp{p["topic"].get<std::string>(), p["partition"].get<int32_t>()};
        if (offsets.find(tp) == offsets.end()) order.push_back(tp);
        offsets[tp].push_back(p["offset"].get<int64_t>());
    }
    std::string dups;
    for (const auto& [tp, list] : offsets)
        if (list.size() > 1) dups += (dups.empty() ? "" : ",") + tp_name(tp);
    if (!dups.empty())
        return fail("org.apache.kafka.server.common.AdminCommandFailedException",
                    "Offset json file contains duplicate topic partitions: " + dups);
    error why;
    std::unique_ptr<client::admin_api> admin = make_admin(why);
    if (!admin) return fail("org.apache.kafka.common.KafkaException", "Failed to create new KafkaAdminClient");
    std::vector<std::pair<client::topic_partition, int64_t>> before;
    for (const auto& tp : order) before.emplace_back(tp, offsets[tp].front());
    out << "Executing records delete operation\n";
    out.flush();
    auto r = admin->delete_records(before);
    out << "Records delete operation completed:\n";
    std::vector<client::delete_records_result> results;
    if (r) {
        results = std::move(r).value();
    } else {
        for (const auto& [tp, o] : before) results.push_back({tp, r.err(), -1});
    }
    std::sort(results.begin(), results.end(),
              [](const auto& a, const auto& b) { return tp_name(a.tp) < tp_name(b.tp); });
    for (const auto& d : results) {
        if (d.result)
            out << "partition: " << tp_name(d.tp) << "\tlow_watermark: " << d.low_watermark << '\n';
        else
            out << "partition: " << tp_name(d.tp) << "\terror: " << exception_text(d.result.err(), "deleteRecords")
                << '\n';
    }
    return 0;
}

int run_delete_records(const delete_records_options& o, std::ostream& out, std::ostream& err) {
    std::ifstream in(o.offset_json_file, std::ios::binary);
    if (!in) {
        err << "Exception in thread \"main\" java.nio.file.NoSuchFileException: " << o.offset_json_file << '\n';
        return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    tool_log log(err);
    return run_delete_records_with(text.str(), make_factory(o.bootstrap_server, o.command_config, "adminclient-1", log),
                                   out, err);
}

int run_log_dirs_with(const log_dirs_options& o, const admin_factory& make_admin, std::ostream& out,
                      std::ostream& err) {
    auto split = [](const std::string& s) {
        std::vector<std::string> parts;
        std::stringstream ss(s);
        std::string item;
        while (std::getline(ss, item, ','))
            if (!item.empty()) parts.push_back(item);
        return parts;
    };
    std::set<std::string> topics;
    for (const auto& t : split(o.topic_list)) topics.insert(t);
    std::set<int32_t> input;
    for (const auto& b : split(o.broker_list)) {
        try {
            size_t used = 0;
            int v = std::stoi(b, &used);
            if (used != b.size()) throw std::invalid_argument(b);
            input.insert(v);
        } catch (const std::exception&) {
            err << "For input string: \"" << b << "\"\njava.lang.NumberFormatException: For input string: \"" << b
                << "\"\n";
            return 1;
        }
    }
    error why;
    std::unique_ptr<client::admin_api> admin = make_admin(why);
    if (!admin) {
        err << "Failed to create new KafkaAdminClient\n";
        return 1;
    }
    auto cluster = admin->describe_cluster();
    if (!cluster) {
        std::string text = exception_text(cluster.err(), "describeCluster");
        err << text << '\n' << "java.util.concurrent.ExecutionException: " << text << '\n';
        return 1;
    }
    std::set<int32_t> live;
    for (const auto& b : cluster->brokers) live.insert(b.id);
    std::set<int32_t> existing = input.empty() ? live : std::set<int32_t>{};
    std::set<int32_t> missing;
    for (int32_t b : input) (live.count(b) ? existing : missing).insert(b);
    auto join = [](const std::set<int32_t>& ids) {
        std::string text;
        for (int32_t v : ids) text += (text.empty() ? "" : ",") + std::to_string(v);
        return text;
    };
    if (!missing.empty()) {
        err << "ERROR: The given brokers do not exist from --broker-list: " << join(missing)
            << ". Current existent brokers: " << join(live) << '\n';
        return 1;
    }
    out << "Querying brokers for log directories information\n";
    auto dirs = admin->describe_log_dirs(std::vector<int32_t>(existing.begin(), existing.end()));
    if (!dirs) {
        std::string text = exception_text(dirs.err(), "describeLogDirs");
        err << text << '\n' << "java.util.concurrent.ExecutionException: " << text << '\n';
        return 1;
    }
    for (const auto& d : *dirs)
        if (!d.result && d.path.empty()) {
            std::string text = exception_text(d.result.err(), "describeLogDirs");
            err << text << '\n' << "java.util.concurrent.ExecutionException: " << text << '\n';
            return 1;
        }
    out << "Received log directory information from brokers " << join(existing) << '\n';
    // Jackson over Java HashMaps: keys in their HashMap order (see header).
    std::string json = "{\"brokers\":[";
    bool first_broker = true;
    for (int32_t b : existing) {
        std::vector<const client::log_dir_description*> mine;
        for (const auto& d : *dirs)
            if (d.broker == b) mine.push_back(&d);
        std::vector<int32_t> dir_hashes;
        for (const auto* d : mine) dir_hashes.push_back(java_string_hash(d->path));
        json += std::string(first_broker ? "" : ",") + "{\"broker\":" + std::to_string(b) + ",\"logDirs\":[";
        first_broker = false;
        bool first_dir = true;
        for (size_t di : java_hash_map_order(dir_hashes)) {
            const auto* d = mine[di];
            std::vector<const client::replica_log_info*> reps;
            for (const auto& r : d->replicas)
                if (topics.empty() || topics.count(r.tp.topic)) reps.push_back(&r);
            std::vector<int32_t> rep_hashes;
            for (const auto* r : reps)
                rep_hashes.push_back(int32_t(31u * (31u + uint32_t(r->tp.partition)) + uint32_t(java_string_hash(r->tp.topic))));
            json += std::string(first_dir ? "" : ",") + "{\"partitions\":[";
            first_dir = false;
            bool first_rep = true;
            for (size_t ri : java_hash_map_order(rep_hashes)) {
                const auto* r = reps[ri];
                json += std::string(first_rep ? "" : ",") + "{\"partition\":" + json_string(tp_name(r->tp)) +
                        ",\"size\":" + std::to_string(r->size) + ",\"offsetLag\":" + std::to_string(r->offset_lag) +
                        ",\"isFuture\":" + (r->is_future ? "true" : "false") + "}";
                first_rep = false;
            }
            std::string error_text = d->result ? "null" : json_string(client::kafka_exception_name(d->result.err()));
            json += "],\"error\":" + error_text + ",\"logDir\":" + json_string(d->path) + "}";
        }
        json += "]}";
    }
    json += "],\"version\":1}";
    out << json << '\n';
    return 0;
}

int run_log_dirs(const log_dirs_options& o, std::ostream& out, std::ostream& err) {
    tool_log log(err);
    return run_log_dirs_with(o, make_factory(o.bootstrap_server, o.command_config, "log-dirs-tool", log), out, err);
}

}  // namespace odradek::tools
