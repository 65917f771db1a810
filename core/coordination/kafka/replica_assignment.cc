#include "coordination/kafka/replica_assignment.h"

#include <algorithm>
#include <charconv>
#include <memory>
#include <mutex>
#include <random>

#include "coordination/kafka/errc.h"

namespace odradek::coordination::kafka {

namespace {

std::string join(std::span<const int32_t> ids, std::string_view sep) {
    std::string out;
    for (size_t i = 0; i < ids.size(); ++i) {
        if (i) out += sep;
        out += std::to_string(ids[i]);
    }
    return out;
}

std::string join(const std::set<int32_t>& ids, std::string_view sep) {
    std::vector<int32_t> v(ids.begin(), ids.end());
    return join(std::span<const int32_t>(v), sep);
}

// Scala's Map toString of an existing assignment:
// "Map(0 -> ReplicaAssignment(replicas=0,1, addingReplicas=, removingReplicas=))".
std::string scala_assignment_string(const std::map<int32_t, replica_assignment>& m) {
    std::string out = "Map(";
    bool first = true;
    for (const auto& [p, r] : m) {
        if (!first) out += ", ";
        first = false;
        out += std::to_string(p) + " -> ReplicaAssignment(replicas=" + join(r.replicas, ",") +
               ", addingReplicas=" + join(r.adding_replicas, ",") + ", removingReplicas=" +
               join(r.removing_replicas, ",") + ")";
    }
    return out + ")";
}

bool has_duplicates(const std::vector<int32_t>& v) {
    std::set<int32_t> s(v.begin(), v.end());
    return s.size() != v.size();
}

// AdminUtils.replicaIndex.
int32_t replica_index(int32_t first_replica_index, int32_t second_replica_shift, int32_t replica_index_,
                      int32_t n_brokers) {
    int64_t shift = 1 + (int64_t(second_replica_shift) + replica_index_) % (n_brokers - 1);
    return int32_t((first_replica_index + shift) % n_brokers);
}

assignment_map assign_rack_unaware(int32_t n_partitions, int32_t rf, const std::vector<int32_t>& brokers,
                                   const random_source& random, int32_t fixed_start_index, int32_t start_partition_id) {
    assignment_map ret;
    const int32_t n = int32_t(brokers.size());
    int32_t start_index = fixed_start_index >= 0 ? fixed_start_index : random(n);
    int32_t current = std::max(0, start_partition_id);
    int32_t shift = fixed_start_index >= 0 ? fixed_start_index : random(n);
    for (int32_t i = 0; i < n_partitions; ++i) {
        if (current > 0 && current % n == 0) shift += 1;
        int32_t first = int32_t((int64_t(current) + start_index) % n);
        std::vector<int32_t> replicas{brokers[size_t(first)]};
        for (int32_t j = 0; j < rf - 1; ++j) replicas.push_back(brokers[size_t(replica_index(first, shift, j, n))]);
        ret[current] = std::move(replicas);
        current += 1;
    }
    return ret;
}

assignment_map assign_rack_aware(int32_t n_partitions, int32_t rf, std::span<const broker_metadata> metadata,
                                 const random_source& random, int32_t fixed_start_index, int32_t start_partition_id) {
    std::map<int32_t, std::string> rack_of;
    for (const auto& b : metadata) rack_of[b.id] = *b.rack;
    std::set<std::string> racks;
    for (const auto& [_, r] : rack_of) racks.insert(r);
    const int32_t num_racks = int32_t(racks.size());
    std::vector<int32_t> arranged = rack_alternated_broker_list(rack_of);
    const int32_t num_brokers = int32_t(arranged.size());
    assignment_map ret;
    int32_t start_index = fixed_start_index >= 0 ? fixed_start_index : random(num_brokers);
    int32_t current = std::max(0, start_partition_id);
    int32_t shift = fixed_start_index >= 0 ? fixed_start_index : random(num_brokers);
    for (int32_t i = 0; i < n_partitions; ++i) {
        if (current > 0 && current % num_brokers == 0) shift += 1;
        int32_t first = int32_t((int64_t(current) + start_index) % num_brokers);
        int32_t leader = arranged[size_t(first)];
        std::vector<int32_t> replicas{leader};
        std::set<std::string> racks_with_replicas{rack_of[leader]};
        std::set<int32_t> brokers_with_replicas{leader};
        int32_t k = 0;
        for (int32_t j = 0; j < rf - 1; ++j) {
            for (;;) {
                int32_t broker = arranged[size_t(replica_index(first, shift * num_racks, k, num_brokers))];
                const std::string& rack = rack_of[broker];
                k += 1;
                // Skip a broker whose rack already has a replica while some rack
                // has none, or that has a replica while some broker has none.
                if ((!racks_with_replicas.count(rack) || int32_t(racks_with_replicas.size()) == num_racks) &&
                    (!brokers_with_replicas.count(broker) || int32_t(brokers_with_replicas.size()) == num_brokers)) {
                    replicas.push_back(broker);
                    racks_with_replicas.insert(rack);
                    brokers_with_replicas.insert(broker);
                    break;
                }
            }
        }
        ret[current] = std::move(replicas);
        current += 1;
    }
    return ret;
}

// Java's String.split(regex) for a one-character separator: trailing empty
// strings are removed (so "" gives [""], "," gives []).
std::vector<std::string_view> java_split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    size_t start = 0;
    for (;;) {
        size_t at = s.find(sep, start);
        if (at == std::string_view::npos) {
            out.push_back(s.substr(start));
            break;
        }
        out.push_back(s.substr(start, at - start));
        start = at + 1;
    }
    if (s.empty()) return out;
    while (!out.empty() && out.back().empty()) out.pop_back();
    return out;
}

// String.trim: strips chars <= ' ' at both ends.
std::string_view java_trim(std::string_view s) {
    while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
    while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
    return s;
}

// Integer.parseInt.
result<int32_t> java_parse_int(std::string_view s) {
    auto fail = [&] { return error(errc::number_format, "For input string: \"" + std::string(s) + "\""); };
    if (s.empty()) return fail();
    std::string digits;
    size_t i = 0;
    if (s[0] == '+' || s[0] == '-') {
        if (s.size() == 1) return fail();
        if (s[0] == '-') digits.push_back('-');
        i = 1;
    }
    digits.append(s.substr(i));
    int32_t v = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc() || p != digits.data() + digits.size()) return fail();
    return v;
}

}  // namespace

random_source default_random_source() {
    auto gen = std::make_shared<std::mt19937>(std::random_device{}());
    auto mu = std::make_shared<std::mutex>();
    return [gen, mu](int32_t bound) {
        std::lock_guard lk(*mu);
        return std::uniform_int_distribution<int32_t>(0, bound - 1)(*gen);
    };
}

std::string java_list_string(std::span<const int32_t> ids) { return "[" + join(ids, ", ") + "]"; }

std::vector<int32_t> rack_alternated_broker_list(const std::map<int32_t, std::string>& broker_racks) {
    std::map<std::string, std::vector<int32_t>> by_rack;  // racks sorted, ids sorted (map order)
    for (const auto& [id, rack] : broker_racks) by_rack[rack].push_back(id);
    std::vector<std::pair<const std::vector<int32_t>*, size_t>> cursors;
    for (const auto& [_, ids] : by_rack) cursors.push_back({&ids, 0});
    std::vector<int32_t> result_list;
    size_t rack = 0;
    while (result_list.size() < broker_racks.size()) {
        auto& [ids, at] = cursors[rack];
        if (at < ids->size()) result_list.push_back((*ids)[at++]);
        rack = (rack + 1) % cursors.size();
    }
    return result_list;
}

result<assignment_map> assign_replicas_to_brokers(std::span<const broker_metadata> brokers, int32_t partitions,
                                                  int32_t replication_factor, const random_source& random,
                                                  int32_t fixed_start_index, int32_t start_partition_id) {
    if (partitions <= 0) return error(errc::invalid_partitions, "Number of partitions must be larger than 0.");
    if (replication_factor <= 0)
        return error(errc::invalid_replication_factor, "Replication factor must be larger than 0.");
    if (size_t(replication_factor) > brokers.size())
        return error(errc::invalid_replication_factor, "Replication factor: " + std::to_string(replication_factor) +
                                                           " larger than available brokers: " +
                                                           std::to_string(brokers.size()) + ".");
    bool any_rack = std::any_of(brokers.begin(), brokers.end(), [](const auto& b) { return b.rack.has_value(); });
    if (!any_rack) {
        std::vector<int32_t> ids;
        for (const auto& b : brokers) ids.push_back(b.id);
        return assign_rack_unaware(partitions, replication_factor, ids, random, fixed_start_index, start_partition_id);
    }
    if (std::any_of(brokers.begin(), brokers.end(), [](const auto& b) { return !b.rack.has_value(); }))
        return error(errc::admin_operation, "Not all brokers have rack information for replica rack aware assignment.");
    return assign_rack_aware(partitions, replication_factor, brokers, random, fixed_start_index, start_partition_id);
}

result<std::vector<broker_metadata>> broker_metadatas(std::vector<broker_metadata> brokers, rack_aware_mode mode) {
    size_t with_rack =
        size_t(std::count_if(brokers.begin(), brokers.end(), [](const auto& b) { return b.rack.has_value(); }));
    if (mode == rack_aware_mode::enforced && with_rack > 0 && with_rack < brokers.size())
        return error(errc::admin_operation,
                     "Not all brokers have rack information. Add --disable-rack-aware in command line to make "
                     "replica assignment without rack information.");
    if (mode == rack_aware_mode::disabled || (mode == rack_aware_mode::safe && with_rack < brokers.size()))
        for (auto& b : brokers) b.rack.reset();
    std::stable_sort(brokers.begin(), brokers.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return brokers;
}

result<assignment_map> parse_replica_assignment(std::string_view text) {
    assignment_map ret;
    auto partition_list = java_split(text, ',');
    for (size_t i = 0; i < partition_list.size(); ++i) {
        std::vector<int32_t> broker_list;
        for (auto part : java_split(partition_list[i], ':')) {
            ODRADEK_TRY_ASSIGN(int32_t id, java_parse_int(java_trim(part)));
            broker_list.push_back(id);
        }
        std::set<int32_t> seen, dups;
        for (int32_t b : broker_list)
            if (!seen.insert(b).second) dups.insert(b);
        if (!dups.empty())
            return error(errc::admin_command_failed,
                         "Partition replica lists may not contain duplicate entries: " + join(dups, ","));
        ret[int32_t(i)] = broker_list;
        if (ret[int32_t(i)].size() != ret[0].size())
            return error(errc::admin_operation, "Partition " + std::to_string(i) +
                                                    " has different replication factor: " +
                                                    java_list_string(broker_list));
    }
    return ret;
}

status validate_topic_create_assignment(const assignment_map& assignment) {
    std::set<size_t> sizes;
    for (const auto& [_, replicas] : assignment) sizes.insert(replicas.size());
    if (sizes.size() != 1)
        return error(errc::invalid_replica_assignment, "All partitions should have the same number of replicas");
    for (const auto& [_, replicas] : assignment) {
        if (!has_duplicates(replicas)) continue;
        // The broker's map is a mutable.HashMap of ArrayBuffers.
        std::string m = "HashMap(";
        bool first = true;
        for (const auto& [p, r] : assignment) {
            if (!first) m += ", ";
            first = false;
            m += std::to_string(p) + " -> ArrayBuffer(" + join(r, ", ") + ")";
        }
        return error(errc::invalid_replica_assignment, "Duplicate replica assignment found: " + m + ")");
    }
    // Kafka's check, quirks included: the sum of the non-negative ids must be
    // that of 0..n-1.
    int64_t n = int64_t(assignment.size());
    int64_t sum = 0;
    for (const auto& [p, _] : assignment)
        if (p >= 0) sum += p;
    if (sum != n * (n - 1) / 2)
        return error(errc::invalid_replica_assignment, "partitions should be a consecutive 0-based integer sequence");
    return ok();
}

status validate_replica_assignment(const assignment_map& assignment, int32_t expected_replication_factor,
                                   const std::set<int32_t>& available_brokers) {
    for (const auto& [p, replicas] : assignment) {
        if (replicas.empty())
            return error(errc::invalid_replica_assignment,
                         "Cannot have replication factor of 0 for partition id " + std::to_string(p) + ".");
        if (has_duplicates(replicas))
            return error(errc::invalid_replica_assignment, "Duplicate brokers not allowed in replica assignment: " +
                                                               join(replicas, ", ") + " for partition id " +
                                                               std::to_string(p) + ".");
        for (int32_t b : replicas)
            if (!available_brokers.count(b))
                return error(errc::broker_not_available,
                             "Some brokers specified for partition id " + std::to_string(p) +
                                 " are not available. Specified brokers: " + join(replicas, ", ") +
                                 ", available brokers: " + join(available_brokers, ", ") + ".");
    }
    std::vector<int32_t> bad_partitions, bad_factors;
    for (const auto& [p, replicas] : assignment)
        if (int32_t(replicas.size()) != expected_replication_factor) {
            bad_partitions.push_back(p);
            bad_factors.push_back(int32_t(replicas.size()));
        }
    if (!bad_partitions.empty())
        return error(errc::invalid_replica_assignment,
                     "Inconsistent replication factor between partitions, partition 0 has " +
                         std::to_string(expected_replication_factor) + " while partitions [" +
                         join(bad_partitions, ", ") + "] have replication factors [" + join(bad_factors, ", ") +
                         "], respectively.");
    return ok();
}

result<assignment_map> create_new_partitions_assignment(std::string_view topic,
                                                        const std::map<int32_t, replica_assignment>& existing,
                                                        std::span<const broker_metadata> brokers,
                                                        int32_t num_partitions,
                                                        const std::optional<assignment_map>& manual,
                                                        const random_source& random) {
    auto p0 = existing.find(0);
    if (p0 == existing.end())
        return error(errc::admin_operation, "Unexpected existing replica assignment for topic '" + std::string(topic) +
                                                "', partition id 0 is missing. Assignment: " +
                                                scala_assignment_string(existing));
    const std::vector<int32_t>& partition0 = p0->second.replicas;
    int64_t to_add = int64_t(num_partitions) - int64_t(existing.size());
    if (to_add <= 0)
        return error(errc::invalid_partitions,
                     "The number of partitions for a topic can only be increased. Topic " + std::string(topic) +
                         " currently has " + std::to_string(existing.size()) + " partitions, " +
                         std::to_string(num_partitions) + " would not be an increase.");
    if (manual) {
        std::set<int32_t> ids;
        for (const auto& b : brokers) ids.insert(b.id);
        ODRADEK_TRY(validate_replica_assignment(*manual, int32_t(partition0.size()), ids));
        return *manual;
    }
    if (partition0.empty())
        return error(errc::admin_operation, "Unexpected existing replica assignment for topic '" + std::string(topic) +
                                                "', partition id 0 has no replicas");
    // The start index: the first broker whose id is >= partition 0's leader.
    int32_t start_index = 0;
    for (size_t i = 0; i < brokers.size(); ++i)
        if (brokers[i].id >= partition0.front()) {
            start_index = int32_t(i);
            break;
        }
    return assign_replicas_to_brokers(brokers, int32_t(to_add), int32_t(partition0.size()), random, start_index,
                                      int32_t(existing.size()));
}

result<assignment_map> plan_create_partitions(std::string_view topic,
                                              const std::map<int32_t, replica_assignment>& existing,
                                              std::span<const broker_metadata> brokers, int32_t new_count,
                                              const std::optional<std::vector<std::vector<int32_t>>>& manual,
                                              const random_source& random) {
    for (const auto& [_, r] : existing)
        if (r.is_being_reassigned())
            return error(errc::reassignment_in_progress,
                         "A partition reassignment is in progress for the topic '" + std::string(topic) + "'.");
    if (existing.empty())
        return error(errc::unknown_topic, "The topic '" + std::string(topic) + "' does not exist.");
    const int64_t old_count = int64_t(existing.size());
    const int64_t increment = int64_t(new_count) - old_count;
    if (increment < 0)
        return error(errc::invalid_partitions, "Topic currently has " + std::to_string(old_count) +
                                                   " partitions, which is higher than the requested " +
                                                   std::to_string(new_count) + ".");
    if (increment == 0)
        return error(errc::invalid_partitions, "Topic already has " + std::to_string(old_count) + " partitions.");
    std::optional<assignment_map> manual_map;
    if (manual) {
        std::set<int32_t> ids, unknown;
        for (const auto& b : brokers) ids.insert(b.id);
        for (const auto& replicas : *manual)
            for (int32_t b : replicas)
                if (!ids.count(b)) unknown.insert(b);
        if (!unknown.empty())
            return error(errc::invalid_replica_assignment,
                         "Unknown broker(s) in replica assignment: " + join(unknown, ", ") + ".");
        if (int64_t(manual->size()) != increment)
            return error(errc::invalid_replica_assignment, "Increasing the number of partitions by " +
                                                               std::to_string(increment) + " but " +
                                                               std::to_string(manual->size()) +
                                                               " assignments provided.");
        manual_map.emplace();
        for (size_t i = 0; i < manual->size(); ++i) (*manual_map)[int32_t(old_count + int64_t(i))] = (*manual)[i];
    }
    return create_new_partitions_assignment(topic, existing, brokers, new_count, manual_map, random);
}

}  // namespace odradek::coordination::kafka
