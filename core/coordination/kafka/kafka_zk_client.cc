#include "coordination/kafka/kafka_zk_client.h"

#include <algorithm>
#include <charconv>
#include <limits>

#include "coordination/client/zk_errc.h"
#include "coordination/kafka/errc.h"

namespace odradek::coordination::kafka {

namespace {

// The first failure in a multi's results: ZooKeeper answers a failed multi
// with an error result per op, OK for those before the failing one and
// RuntimeInconsistency for those after it.
std::optional<std::pair<size_t, zk_error>> multi_failure(const std::vector<multi_result_op>& results) {
    for (size_t i = 0; i < results.size(); ++i) {
        const auto& r = results[i];
        if (r.type != op::error) continue;
        auto e = zk_error(r.err);
        if (e != zk_error::ok && e != zk_error::runtime_inconsistency) return std::pair{i, e};
    }
    for (size_t i = 0; i < results.size(); ++i)
        if (results[i].type == op::error) return std::pair{i, zk_error::runtime_inconsistency};
    return std::nullopt;
}

bool is_zk(const error& e, zk_error code) { return zk_code_of(e) == code && e.code.category() == zk_category(); }

std::optional<int32_t> to_int(std::string_view s) {
    int32_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i) out += sep;
        out += v[i];
    }
    return out;
}

// Topic.unifyCollisionChars (config/topic_name.h, which this module may not
// include): '.' and '_' collide in metric names.
std::string unify_collision_chars(std::string_view t) {
    std::string out(t);
    std::replace(out.begin(), out.end(), '.', '_');
    return out;
}

std::string hex(int64_t v) {
    char buf[32];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, uint64_t(v), 16);
    (void)ec;
    return std::string(buf, p);
}

constexpr int kMaxConnectionRetries = 10;
constexpr int kMaxConflictRetries = 100;

}  // namespace

kafka_zk_client::kafka_zk_client(sync_client& zk, options opts) : zk_(zk), opts_(std::move(opts)) {}

int64_t kafka_zk_client::now() const {
    if (opts_.now_ms) return opts_.now_ms();
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void kafka_zk_client::info(const std::string& line) const {
    if (opts_.logger) opts_.logger->info(line);
}

void kafka_zk_client::log_error(const std::string& line) const {
    if (opts_.logger) opts_.logger->error(line);
}

// retryRequestUntilConnected: ConnectionLoss means the request may or may not
// have been applied; Kafka sends it again once connected, and so do we.
template <typename F>
auto kafka_zk_client::retry(F&& f) -> decltype(f()) {
    for (int attempt = 0;; ++attempt) {
        auto r = f();
        if (r || !is_zk(r.err(), zk_error::connection_loss) || attempt >= kMaxConnectionRetries) return r;
        if (zk_.client().expired() || !zk_.wait_connected(opts_.connection_wait)) return r;
    }
}

result<std::optional<node_data>> kafka_zk_client::get_raw(const std::string& path, watch_with watch) {
    auto r = retry([&] { return zk_.get_data(path, watch); });
    if (!r) {
        if (is_zk(r.err(), zk_error::no_node)) return std::optional<node_data>();
        return std::move(r).err();
    }
    return std::optional<node_data>(std::move(*r));
}

result<std::string> kafka_zk_client::create_raw(const std::string& path, const byte_buffer* data, int32_t mode) {
    return retry([&] { return zk_.create(path, data, open_acl_unsafe(), mode); });
}

result<multi_result_op> kafka_zk_client::checked_write(multi_request_op w, int32_t expected) {
    if (expected < -1)
        return error(errc::invalid_argument, "Expected controller epoch zkVersion " + std::to_string(expected) +
                                                 " should be non-negative or equal to -1");
    std::vector<multi_request_op> ops;
    if (expected >= 0) ops.push_back({op::check, paths::controller_epoch(), {}, {}, 0, expected});
    ops.push_back(std::move(w));
    ODRADEK_TRY_ASSIGN(auto results, retry([&] { return zk_.multi(ops); }));
    if (results.size() != ops.size()) return error(zk_error::marshalling_error, ops.back().path);
    if (expected >= 0 && results[0].type == op::error) {
        auto code = zk_error(results[0].err);
        if (code == zk_error::bad_version)
            return error(errc::controller_moved,
                         "Controller epoch zkVersion check fails. Expected zkVersion = " + std::to_string(expected));
        if (code != zk_error::ok && code != zk_error::runtime_inconsistency)
            return error(code, paths::controller_epoch());
    }
    if (auto f = multi_failure(results)) return error(f->second, ops[f->first].path);
    return results.back();
}

// ----------------------------------------------------------------- generic --

status kafka_zk_client::create_recursive(const std::string& path, const byte_buffer* data, bool throw_if_exists) {
    auto parent_of = [](const std::string& p) { return p.substr(0, p.rfind('/')); };
    // createRecursive0: the parents, with null data, tolerating NodeExists.
    std::function<status(const std::string&)> create_parents = [&](const std::string& p) -> status {
        if (p.empty()) return ok();
        auto r = create_raw(p, nullptr, create_mode::persistent);
        if (!r && is_zk(r.err(), zk_error::no_node)) {
            ODRADEK_TRY(create_parents(parent_of(p)));
            r = create_raw(p, nullptr, create_mode::persistent);
        }
        if (!r && !is_zk(r.err(), zk_error::node_exists)) return std::move(r).err();
        return ok();
    };
    if (path.empty() || path[0] != '/') return error(errc::invalid_argument, "Invalid path " + path);
    auto r = create_raw(path, data, create_mode::persistent);
    if (r) return ok();
    if (is_zk(r.err(), zk_error::node_exists)) return throw_if_exists ? status(std::move(r).err()) : ok();
    if (!is_zk(r.err(), zk_error::no_node)) return std::move(r).err();
    ODRADEK_TRY(create_parents(parent_of(path)));
    r = create_raw(path, data, create_mode::persistent);
    if (r) return ok();
    if (!throw_if_exists && is_zk(r.err(), zk_error::node_exists)) return ok();
    return std::move(r).err();
}

status kafka_zk_client::make_sure_persistent_path_exists(const std::string& path) {
    return create_recursive(path, nullptr, false);
}

status kafka_zk_client::make_persistent_paths() {
    for (auto p : paths::persistent_zk_paths) ODRADEK_TRY(make_sure_persistent_path_exists(std::string(p)));
    return ok();
}

result<bool> kafka_zk_client::delete_recursive(const std::string& path, int32_t expected) {
    auto children = retry([&] { return zk_.get_children(path); });
    if (!children) {
        if (is_zk(children.err(), zk_error::no_node)) return false;
        return std::move(children).err();
    }
    for (const auto& child : children->children) ODRADEK_TRY(delete_recursive(path + "/" + child, expected));
    auto r = checked_write({op::remove, path, {}, {}, 0, -1}, expected);
    if (!r && !is_zk(r.err(), zk_error::no_node)) return std::move(r).err();
    return true;
}

result<bool> kafka_zk_client::path_exists(const std::string& path) {
    ODRADEK_TRY_ASSIGN(auto st, retry([&] { return zk_.exists(path); }));
    return st.has_value();
}

result<std::optional<node_data>> kafka_zk_client::get_data_and_stat(const std::string& path) { return get_raw(path); }

result<std::vector<std::string>> kafka_zk_client::get_children(const std::string& path, watch_with watch) {
    auto r = retry([&] { return zk_.get_children(path, watch); });
    if (!r) {
        if (is_zk(r.err(), zk_error::no_node)) return std::vector<std::string>();
        return std::move(r).err();
    }
    return std::move(r->children);
}

// -------------------------------------------------------------- cluster id --

result<std::optional<std::string>> kafka_zk_client::get_cluster_id() {
    ODRADEK_TRY_ASSIGN(auto raw, get_raw(paths::cluster_id()));
    if (!raw) return std::optional<std::string>();
    ODRADEK_TRY_ASSIGN(auto id, decode_cluster_id(raw->data));
    return std::optional<std::string>(std::move(id));
}

result<std::string> kafka_zk_client::create_or_get_cluster_id(const std::string& proposed) {
    auto data = encode_cluster_id(proposed);
    auto r = create_recursive(paths::cluster_id(), &data);
    if (r) return proposed;
    if (!is_zk(r.err(), zk_error::node_exists)) return std::move(r).err();
    ODRADEK_TRY_ASSIGN(auto id, get_cluster_id());
    if (!id)
        return error(errc::cluster_id_missing, "Failed to get cluster id from Zookeeper. This can happen if "
                                               "/cluster/id is deleted from Zookeeper.");
    return *id;
}

result<std::string> kafka_zk_client::get_or_create_cluster_id(const std::function<std::string()>& generate) {
    ODRADEK_TRY_ASSIGN(auto id, get_cluster_id());
    if (id) return *id;
    return create_or_get_cluster_id(generate());
}

// ----------------------------------------------------------------- brokers --

result<int64_t> kafka_zk_client::register_broker(broker_registration registration) {
    if (registration.timestamp_ms == 0) registration.timestamp_ms = now();
    const std::string path = paths::broker(registration.id);
    const byte_buffer data = encode_broker_registration(registration);
    info("Creating " + path + " (is it secure? false)");
    // CheckedEphemeral.create: the node is created empty and filled in the
    // same transaction; when it exists, it is ours only if our session owns it.
    for (int attempt = 0; attempt < kMaxConflictRetries; ++attempt) {
        std::vector<multi_request_op> ops{
            {op::create, path, {}, open_acl_unsafe(), create_mode::ephemeral, -1},
            {op::set_data, path, data, {}, 0, 0},
        };
        ODRADEK_TRY_ASSIGN(auto results, retry([&] { return zk_.multi(ops); }));
        auto failure = multi_failure(results);
        int64_t czxid = 0;
        if (!failure) {
            if (results.size() != 2) return error(zk_error::marshalling_error, path);
            czxid = results[1].stat.czxid;
        } else if (failure->second != zk_error::node_exists) {
            log_error("Error while creating ephemeral at " + path + " with return code: " +
                      zk_error_name(failure->second));
            return error(failure->second, "");
        } else {
            ODRADEK_TRY_ASSIGN(auto existing, get_raw(path));
            if (!existing) {
                info("The ephemeral node at " + path + " went away while reading it, attempting create() again");
                continue;
            }
            int64_t owner = existing->stat.ephemeral_owner;
            int64_t session = zk_.client().session_id();
            if (owner != session) {
                log_error("Error while creating ephemeral at " + path + ", node already exists and owner '0x" +
                          hex(owner) + "' does not match current session '0x" + hex(session) + "'");
                return error(zk_error::node_exists, "");
            }
            czxid = existing->stat.czxid;
        }
        std::string addresses;
        for (const auto& ep : registration.endpoints)
            addresses += (addresses.empty() ? "" : ",") + ep.connection_string();
        info("Registered broker " + std::to_string(registration.id) + " at path " + path +
             " with addresses: " + addresses + ", czxid (broker epoch): " + std::to_string(czxid));
        return czxid;
    }
    return error(zk_error::node_exists, "");
}

status kafka_zk_client::update_broker_info(broker_registration registration) {
    if (registration.timestamp_ms == 0) registration.timestamp_ms = now();
    const std::string path = paths::broker(registration.id);
    auto data = encode_broker_registration(registration);
    ODRADEK_TRY(retry([&] { return zk_.set_data(path, data, kMatchAnyVersion); }));
    return ok();
}

result<std::vector<int32_t>> kafka_zk_client::get_broker_ids(watch_with watch) {
    ODRADEK_TRY_ASSIGN(auto children, get_children(paths::brokers_ids(), std::move(watch)));
    std::vector<int32_t> ids;
    for (const auto& c : children)
        if (auto id = to_int(c)) ids.push_back(*id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

result<std::optional<broker_registration>> kafka_zk_client::get_broker(int32_t id) {
    ODRADEK_TRY_ASSIGN(auto raw, get_raw(paths::broker(id)));
    if (!raw) return std::optional<broker_registration>();
    ODRADEK_TRY_ASSIGN(auto b, decode_broker_registration(id, raw->data));
    return std::optional<broker_registration>(std::move(b));
}

result<std::vector<broker_registration>> kafka_zk_client::get_all_brokers(std::map<int32_t, int64_t>* epochs) {
    ODRADEK_TRY_ASSIGN(auto ids, get_broker_ids());
    std::vector<broker_registration> out;
    for (int32_t id : ids) {
        ODRADEK_TRY_ASSIGN(auto raw, get_raw(paths::broker(id)));
        if (!raw) continue;  // went away since the listing
        ODRADEK_TRY_ASSIGN(auto b, decode_broker_registration(id, raw->data));
        if (epochs) (*epochs)[id] = raw->stat.czxid;
        out.push_back(std::move(b));
    }
    return out;
}

result<int32_t> kafka_zk_client::generate_broker_sequence_id() {
    const byte_buffer empty;
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto r = retry([&] { return zk_.set_data(paths::seqid(), empty, kMatchAnyVersion); });
        if (r) return r->version;
        if (!is_zk(r.err(), zk_error::no_node)) return std::move(r).err();
        ODRADEK_TRY(create_recursive(paths::seqid(), &empty, false));
    }
    return error(zk_error::no_node, paths::seqid());
}

// -------------------------------------------------------------- controller --

result<std::optional<std::pair<int32_t, zk_stat>>> kafka_zk_client::get_controller_epoch() {
    using out_t = std::optional<std::pair<int32_t, zk_stat>>;
    ODRADEK_TRY_ASSIGN(auto raw, get_raw(paths::controller_epoch()));
    if (!raw) return out_t();
    ODRADEK_TRY_ASSIGN(int32_t epoch, decode_controller_epoch(raw->data));
    return out_t(std::pair{epoch, raw->stat});
}

result<std::pair<int32_t, int32_t>> kafka_zk_client::maybe_create_controller_epoch_znode() {
    auto data = encode_controller_epoch(kInitialControllerEpoch);
    auto r = create_raw(paths::controller_epoch(), &data, create_mode::persistent);
    if (r) {
        info("Successfully created " + paths::controller_epoch() + " with initial epoch " +
             std::to_string(kInitialControllerEpoch));
        return std::pair{kInitialControllerEpoch, kInitialControllerEpochZkVersion};
    }
    if (!is_zk(r.err(), zk_error::node_exists)) return std::move(r).err();
    ODRADEK_TRY_ASSIGN(auto cur, get_controller_epoch());
    if (!cur)
        return error(errc::invalid_argument,
                     paths::controller_epoch() + " existed before but goes away while trying to read it");
    return std::pair{cur->first, cur->second.version};
}

result<std::pair<int32_t, int32_t>> kafka_zk_client::register_controller_and_increment_epoch(int32_t broker_id) {
    const int64_t timestamp = now();
    std::pair<int32_t, int32_t> current;
    ODRADEK_TRY_ASSIGN(auto epoch, get_controller_epoch());
    if (epoch) {
        current = {epoch->first, epoch->second.version};
    } else {
        ODRADEK_TRY_ASSIGN(current, maybe_create_controller_epoch_znode());
    }
    const int32_t new_epoch = current.first + 1;
    controller_registration reg{broker_id, timestamp, -1};
    std::vector<multi_request_op> ops{
        {op::create, paths::controller(), encode_controller(reg), open_acl_unsafe(), create_mode::ephemeral, -1},
        {op::set_data, paths::controller_epoch(), encode_controller_epoch(new_epoch), {}, 0, current.second},
    };
    ODRADEK_TRY_ASSIGN(auto results, retry([&] { return zk_.multi(ops); }));
    auto failure = multi_failure(results);
    if (!failure) {
        if (results.size() != 2) return error(zk_error::marshalling_error, paths::controller());
        return std::pair{new_epoch, results[1].stat.version};
    }
    if (failure->second != zk_error::node_exists && failure->second != zk_error::bad_version)
        return error(failure->second, "");
    // checkControllerAndEpoch: a retried request may have won after all.
    ODRADEK_TRY_ASSIGN(auto controller, get_controller_id());
    if (!controller)
        return error(errc::controller_moved, "The ephemeral node at " + paths::controller() +
                                                 " went away while checking whether the controller election "
                                                 "succeeds. Aborting controller startup procedure");
    if (*controller == broker_id) {
        ODRADEK_TRY_ASSIGN(auto now_epoch, get_controller_epoch());
        if (!now_epoch)
            return error(errc::invalid_argument,
                         paths::controller_epoch() + " existed before but goes away while trying to read it");
        if (now_epoch->first == new_epoch) return std::pair{new_epoch, now_epoch->second.version};
    }
    return error(errc::controller_moved, "Controller moved to another broker. Aborting controller startup procedure");
}

result<election_result> kafka_zk_client::try_elect_controller(int32_t broker_id) {
    election_result out;
    ODRADEK_TRY_ASSIGN(auto current, get_controller_id());
    if (current) {
        out.controller_id = *current;
        return out;
    }
    auto r = register_controller_and_increment_epoch(broker_id);
    if (r) {
        out.elected = true;
        out.controller_id = broker_id;
        out.controller_epoch = r->first;
        out.epoch_zk_version = r->second;
        info(std::to_string(broker_id) + " successfully elected as the controller. Epoch incremented to " +
             std::to_string(out.controller_epoch) + " and epoch zk version is now " +
             std::to_string(out.epoch_zk_version));
        return out;
    }
    if (r.err().code != make_error_code(errc::controller_moved)) return std::move(r).err();
    ODRADEK_TRY_ASSIGN(auto winner, get_controller_id());
    out.controller_id = winner.value_or(-1);
    return out;
}

result<std::optional<int32_t>> kafka_zk_client::get_controller_id(watch_with watch) {
    using out_t = std::optional<int32_t>;
    if (watch) {
        // An exists watch: it fires on creation as well as on deletion.
        ODRADEK_TRY_ASSIGN(auto st, retry([&] { return zk_.exists(paths::controller(), watch); }));
        if (!st) return out_t();
    }
    ODRADEK_TRY_ASSIGN(auto raw, get_raw(paths::controller()));
    if (!raw) return out_t();
    // Kafka reads an unparsable registration as "no controller".
    auto c = decode_controller(raw->data);
    if (!c) return out_t();
    return out_t(c->broker_id);
}

status kafka_zk_client::delete_controller(int32_t expected) {
    auto r = checked_write({op::remove, paths::controller(), {}, {}, 0, kMatchAnyVersion}, expected);
    if (!r && !is_zk(r.err(), zk_error::no_node)) return std::move(r).err();
    return ok();
}

// ------------------------------------------------------------------ topics --

result<std::vector<std::string>> kafka_zk_client::get_all_topics(watch_with watch) {
    ODRADEK_TRY_ASSIGN(auto topics, get_children(paths::topics(), std::move(watch)));
    std::sort(topics.begin(), topics.end());
    return topics;
}

result<bool> kafka_zk_client::topic_exists(std::string_view topic) { return path_exists(paths::topic(topic)); }

result<std::optional<topic_assignment>> kafka_zk_client::get_topic_assignment(std::string_view topic) {
    ODRADEK_TRY_ASSIGN(auto raw, get_raw(paths::topic(topic)));
    if (!raw) return std::optional<topic_assignment>();
    ODRADEK_TRY_ASSIGN(auto a, decode_topic_assignment(raw->data));
    return std::optional<topic_assignment>(std::move(a));
}

status kafka_zk_client::validate_topic_create(std::string_view topic, const assignment_map& assignment) {
    const std::string quoted = "Topic '" + std::string(topic) + "'";
    ODRADEK_TRY_ASSIGN(bool marked, is_topic_marked_for_deletion(topic));
    if (marked) return error(errc::topic_exists, quoted + " is marked for deletion.");
    ODRADEK_TRY_ASSIGN(bool exists, topic_exists(topic));
    if (exists) return error(errc::topic_exists, quoted + " already exists.");
    if (topic.find_first_of("._") != std::string_view::npos) {
        ODRADEK_TRY_ASSIGN(auto all, get_all_topics());
        // Checked again: the topic may have been created in the meantime.
        if (std::find(all.begin(), all.end(), topic) != all.end())
            return error(errc::topic_exists, quoted + " already exists.");
        std::vector<std::string> colliding;
        const std::string unified = unify_collision_chars(topic);
        for (const auto& t : all)
            if (unify_collision_chars(t) == unified) colliding.push_back(t);
        if (!colliding.empty())
            return error(errc::invalid_topic, quoted + " collides with existing topics: " + join(colliding, ", "));
    }
    return validate_topic_create_assignment(assignment);
}

status kafka_zk_client::create_topic(std::string_view topic, const assignment_map& assignment,
                                     const config_map& configs, std::optional<uuid> topic_id, bool validate) {
    if (validate) ODRADEK_TRY(validate_topic_create(topic, assignment));
    info("Creating topic " + std::string(topic) + " with " + std::to_string(configs.size()) +
         " config override(s) and " + std::to_string(assignment.size()) + " partition(s)");
    // The config first; like Kafka's, not transactional with the assignment.
    ODRADEK_TRY(set_or_create_entity_config(config_type::topic, topic, configs));
    topic_assignment a;
    a.topic_id = topic_id;
    for (const auto& [p, replicas] : assignment) a.partitions[p].replicas = replicas;
    auto data = encode_topic_assignment(a);
    auto r = create_recursive(paths::topic(topic), &data);
    if (!r && is_zk(r.err(), zk_error::node_exists))
        return error(errc::topic_exists, "Topic '" + std::string(topic) + "' already exists.");
    return r;
}

status kafka_zk_client::set_topic_assignment(std::string_view topic, std::optional<uuid> topic_id,
                                             const std::map<int32_t, replica_assignment>& assignment,
                                             int32_t expected) {
    topic_assignment a{topic_id, assignment};
    ODRADEK_TRY(checked_write({op::set_data, paths::topic(topic), encode_topic_assignment(a), {}, 0, kMatchAnyVersion},
                              expected));
    return ok();
}

result<std::map<int32_t, replica_assignment>> kafka_zk_client::add_partitions(
    std::string_view topic, const std::map<int32_t, replica_assignment>& existing,
    const assignment_map& new_partitions) {
    auto combined = existing;
    for (const auto& [p, replicas] : new_partitions) combined[p] = replica_assignment{replicas, {}, {}};
    // Keep the topic's id (getTopicIdsForTopics).
    ODRADEK_TRY_ASSIGN(auto current, get_topic_assignment(topic));
    std::optional<uuid> id = current ? current->topic_id : std::nullopt;
    info("Creating " + std::to_string(new_partitions.size()) + " partitions for '" + std::string(topic) +
         "' with the following replica assignment");
    ODRADEK_TRY(set_topic_assignment(topic, id, combined));
    return combined;
}

// -------------------------------------------------------- partition states --

result<std::optional<partition_state>> kafka_zk_client::get_partition_state(std::string_view topic,
                                                                           int32_t partition) {
    ODRADEK_TRY_ASSIGN(auto raw, get_raw(paths::partition_state(topic, partition)));
    if (!raw) return std::optional<partition_state>();
    ODRADEK_TRY_ASSIGN(auto s, decode_partition_state(raw->data, raw->stat.version));
    return std::optional<partition_state>(std::move(s));
}

result<std::map<int32_t, partition_state>> kafka_zk_client::get_partition_states(std::string_view topic) {
    ODRADEK_TRY_ASSIGN(auto children, get_children(paths::partitions(topic)));
    std::map<int32_t, partition_state> out;
    for (const auto& c : children) {
        auto p = to_int(c);
        if (!p) continue;
        ODRADEK_TRY_ASSIGN(auto s, get_partition_state(topic, *p));
        if (s) out[*p] = std::move(*s);
    }
    return out;
}

result<int32_t> kafka_zk_client::create_partition_state(std::string_view topic, int32_t partition,
                                                        const partition_state& state, int32_t expected) {
    // createTopicPartitions / createTopicPartition: their outcome is not
    // checked (they usually exist), except for a moved controller.
    for (const auto& dir : {paths::partitions(topic), paths::partition(topic, partition)}) {
        auto r = checked_write({op::create, dir, {}, open_acl_unsafe(), create_mode::persistent, -1}, expected);
        if (!r && r.err().code.category() == kafka_zk_category()) return std::move(r).err();
    }
    ODRADEK_TRY(checked_write({op::create, paths::partition_state(topic, partition), encode_partition_state(state),
                               open_acl_unsafe(), create_mode::persistent, -1},
                              expected));
    return 0;
}

result<int32_t> kafka_zk_client::update_partition_state(std::string_view topic, int32_t partition,
                                                        const partition_state& state, int32_t expected) {
    ODRADEK_TRY_ASSIGN(auto r, checked_write({op::set_data, paths::partition_state(topic, partition),
                                              encode_partition_state(state), {}, 0, state.zk_version},
                                             expected));
    return r.stat.version;
}

// ---------------------------------------------------------------- deletion --

status kafka_zk_client::mark_topic_for_deletion(std::string_view topic) {
    ODRADEK_TRY_ASSIGN(bool exists, topic_exists(topic));
    if (!exists) return error(errc::unknown_topic, "Topic `" + std::string(topic) + "` to delete does not exist");
    auto r = create_recursive(paths::delete_topic(topic));
    if (!r && is_zk(r.err(), zk_error::node_exists))
        return error(errc::topic_already_marked_for_deletion,
                     "topic " + std::string(topic) + " is already marked for deletion");
    return r;
}

result<bool> kafka_zk_client::is_topic_marked_for_deletion(std::string_view topic) {
    return path_exists(paths::delete_topic(topic));
}

result<std::vector<std::string>> kafka_zk_client::get_topics_marked_for_deletion(watch_with watch) {
    return get_children(paths::delete_topics(), std::move(watch));
}

status kafka_zk_client::delete_topic_znodes(std::string_view topic, int32_t expected) {
    ODRADEK_TRY(delete_recursive(paths::topic(topic), expected));
    // deleteTopicConfigs / deleteTopicDeletions: a missing node is fine.
    for (const auto& p : {paths::config_entity(config_type::topic, topic), paths::delete_topic(topic)}) {
        auto r = checked_write({op::remove, p, {}, {}, 0, kMatchAnyVersion}, expected);
        if (!r && !is_zk(r.err(), zk_error::no_node)) return std::move(r).err();
    }
    return ok();
}

// ----------------------------------------------------------------- configs --

result<config_map> kafka_zk_client::get_entity_config(std::string_view type, std::string_view name) {
    ODRADEK_TRY_ASSIGN(auto raw, get_raw(paths::config_entity(type, name)));
    if (!raw || raw->is_null) return config_map();
    return decode_entity_config(raw->data);
}

status kafka_zk_client::set_or_create_entity_config(std::string_view type, std::string_view name,
                                                    const config_map& config) {
    const std::string path = paths::config_entity(type, name);
    const byte_buffer data = encode_entity_config(config);
    auto set = [&] { return retry([&] { return zk_.set_data(path, data, kMatchAnyVersion); }); };
    auto r = set();
    if (r) return ok();
    if (!is_zk(r.err(), zk_error::no_node)) return std::move(r).err();
    auto c = create_recursive(path, &data);
    if (c) return ok();
    if (!is_zk(c.err(), zk_error::node_exists)) return c;
    ODRADEK_TRY(set());
    return ok();
}

status kafka_zk_client::try_clean_quota_node(std::string_view type, std::string_view name, bool& deleted) {
    deleted = false;
    const std::string path = paths::config_entity(type, name);
    ODRADEK_TRY_ASSIGN(auto children, get_children(path));
    if (!children.empty()) return ok();
    std::string to_delete = path;
    // <user>/clients/<client-id>: the clients node and then the user node go
    // too when nothing else is left in them.
    const bool user_client = type == config_type::user && name.find("/clients/") != std::string_view::npos;
    if (user_client) {
        std::string user(name.substr(0, name.find('/')));
        std::string client(name.substr(name.rfind('/') + 1));
        const std::string clients_path = paths::config_entity(config_type::user, user + "/clients");
        ODRADEK_TRY_ASSIGN(auto clients, get_children(clients_path));
        if (clients == std::vector<std::string>{client}) {
            to_delete = clients_path;
            ODRADEK_TRY_ASSIGN(auto user_config, get_entity_config(config_type::user, user));
            const std::string user_path = paths::config_entity(config_type::user, user);
            ODRADEK_TRY_ASSIGN(auto user_children, get_children(user_path));
            if (user_config.empty() && user_children == std::vector<std::string>{"clients"}) to_delete = user_path;
        }
    }
    info("Deleting zk node " + to_delete + " since node of entityType " + std::string(type) + " and entityName " +
         std::string(name) + " is empty.");
    ODRADEK_TRY(delete_recursive(to_delete));
    deleted = true;
    return ok();
}

status kafka_zk_client::set_entity_config(std::string_view type, std::string_view name, const config_map& config) {
    bool update = true;
    if ((type == config_type::client || type == config_type::user || type == config_type::ip) && config.empty()) {
        bool deleted = false;
        ODRADEK_TRY(try_clean_quota_node(type, name, deleted));
        update = !deleted;
    }
    if (update) ODRADEK_TRY(set_or_create_entity_config(type, name, config));
    ODRADEK_TRY(create_config_change_notification(std::string(type) + "/" + std::string(name)));
    return ok();
}

result<std::string> kafka_zk_client::create_config_change_notification(std::string_view entity_path) {
    ODRADEK_TRY(make_sure_persistent_path_exists(paths::config_changes()));
    auto data = encode_config_change(entity_path);
    return create_raw(paths::config_change_create(), &data, create_mode::persistent_sequential);
}

result<std::vector<config_change>> kafka_zk_client::get_config_changes(watch_with watch) {
    ODRADEK_TRY_ASSIGN(auto children, get_children(paths::config_changes(), std::move(watch)));
    // Sequence suffixes are zero-padded: name order is creation order.
    std::sort(children.begin(), children.end());
    std::vector<config_change> out;
    for (const auto& name : children) {
        if (name.rfind(paths::config_change_prefix, 0) != 0) continue;
        ODRADEK_TRY_ASSIGN(auto raw, get_raw(paths::config_changes() + "/" + name));
        if (!raw) continue;  // purged since the listing
        ODRADEK_TRY_ASSIGN(auto entity_path, decode_config_change(raw->data));
        out.push_back({name, std::move(entity_path)});
    }
    return out;
}

result<std::vector<std::string>> kafka_zk_client::get_all_entities_with_config(std::string_view type) {
    return get_children(paths::config_entity_type(type));
}

// ------------------------------------------------------------ producer ids --

result<producer_id_block> kafka_zk_client::allocate_producer_id_block(int32_t broker_id) {
    const std::string path = paths::latest_producer_id_block();
    for (int attempt = 0; attempt < kMaxConflictRetries; ++attempt) {
        ODRADEK_TRY_ASSIGN(auto raw, get_raw(path));
        if (!raw) {
            // Kafka expects the node from make_persistent_paths (and would spin
            // without it); create it instead.
            ODRADEK_TRY(make_sure_persistent_path_exists(path));
            continue;
        }
        producer_id_block next{broker_id, 0, kProducerIdBlockSize};
        if (!raw->is_null && !raw->data.empty()) {
            ODRADEK_TRY_ASSIGN(auto current, decode_producer_id_block(raw->data));
            if (current.last_producer_id() > std::numeric_limits<int64_t>::max() - kProducerIdBlockSize) {
                log_error("Exhausted all producerIds as the next block's end producerId is will has exceeded long "
                          "type limit (current block end producerId is " +
                          std::to_string(current.last_producer_id()) + ")");
                return error(errc::producer_ids_exhausted, "Have exhausted all producerIds.");
            }
            next.first_producer_id = current.next_block_first_id();
        }
        auto data = encode_producer_id_block(next);
        auto r = retry([&] { return zk_.set_data(path, data, raw->stat.version); });
        if (r) {
            info("Acquired new producerId block ProducerIdsBlock(assignedBrokerId=" + std::to_string(broker_id) +
                 ", firstProducerId=" + std::to_string(next.first_producer_id) +
                 ", size=" + std::to_string(next.size) + ") by writing to Zk with path version " +
                 std::to_string(r->version));
            return next;
        }
        if (!is_zk(r.err(), zk_error::bad_version) && !is_zk(r.err(), zk_error::no_node)) return std::move(r).err();
    }
    return error(zk_error::bad_version, path);
}

// ----------------------------------------------------------- notifications --

result<std::string> kafka_zk_client::propagate_isr_changes(const std::vector<topic_partition>& partitions) {
    auto data = encode_isr_change(partitions);
    return create_raw(paths::isr_change(""), &data, create_mode::persistent_sequential);
}

result<std::vector<std::string>> kafka_zk_client::get_isr_change_notifications(watch_with watch) {
    ODRADEK_TRY_ASSIGN(auto children, get_children(paths::isr_change_notification(), std::move(watch)));
    std::sort(children.begin(), children.end());
    std::vector<std::string> seqs;
    for (const auto& c : children) seqs.push_back(paths::sequence_number(c, paths::isr_change_prefix));
    return seqs;
}

result<std::vector<topic_partition>> kafka_zk_client::get_partitions_from_isr_change_notifications(
    const std::vector<std::string>& sequence_numbers) {
    std::vector<topic_partition> out;
    for (const auto& seq : sequence_numbers) {
        ODRADEK_TRY_ASSIGN(auto raw, get_raw(paths::isr_change(seq)));
        if (!raw) continue;
        ODRADEK_TRY_ASSIGN(auto partitions, decode_isr_change(raw->data));
        out.insert(out.end(), partitions.begin(), partitions.end());
    }
    return out;
}

status kafka_zk_client::delete_isr_change_notifications(const std::vector<std::string>& sequence_numbers,
                                                        int32_t expected) {
    for (const auto& seq : sequence_numbers) {
        auto r = checked_write({op::remove, paths::isr_change(seq), {}, {}, 0, kMatchAnyVersion}, expected);
        if (!r && r.err().code.category() == kafka_zk_category()) return std::move(r).err();
    }
    return ok();
}

result<std::string> kafka_zk_client::propagate_log_dir_event(int32_t broker_id) {
    auto data = encode_log_dir_event(broker_id);
    return create_raw(paths::log_dir_event(""), &data, create_mode::persistent_sequential);
}

// ----------------------------------------------------------------- feature --

result<std::optional<feature_znode>> kafka_zk_client::get_feature_znode() {
    ODRADEK_TRY_ASSIGN(auto raw, get_raw(paths::feature()));
    if (!raw) return std::optional<feature_znode>();
    ODRADEK_TRY_ASSIGN(auto f, decode_feature_znode(raw->data));
    return std::optional<feature_znode>(std::move(f));
}

status kafka_zk_client::create_feature_znode(const feature_znode& f) {
    auto data = encode_feature_znode(f);
    ODRADEK_TRY(create_raw(paths::feature(), &data, create_mode::persistent));
    return ok();
}

result<int32_t> kafka_zk_client::update_feature_znode(const feature_znode& f) {
    auto data = encode_feature_znode(f);
    ODRADEK_TRY_ASSIGN(auto st, retry([&] { return zk_.set_data(paths::feature(), data, kMatchAnyVersion); }));
    return st.version;
}

}  // namespace odradek::coordination::kafka
