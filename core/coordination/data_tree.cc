#include "coordination/data_tree.h"

#include "coordination/zk_codes.h"

namespace odradek::coordination {

namespace {
const acl_list& open_acl() {
    static const acl_list a{{perm::all, {"world", "anyone"}}};
    return a;
}
}  // namespace

data_tree::data_tree() {
    for (const char* p : {"/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config"}) nodes_[p].acl = open_acl();
    nodes_["/"].children = {"zookeeper"};
    nodes_["/zookeeper"].children = {"config", "quota"};
    // addConfigNode: read-only ACL, set with version -1.
    znode& config = nodes_["/zookeeper/config"];
    config.acl = {{perm::read, {"world", "anyone"}}};
    config.stat.aversion = -1;
}

std::string_view data_tree::parent_of(std::string_view path) {
    size_t slash = path.rfind('/');
    if (slash == 0 || slash == std::string_view::npos) return "/";
    return path.substr(0, slash);
}

std::string_view data_tree::name_of(std::string_view path) {
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

const znode* data_tree::find(std::string_view path) const {
    auto it = nodes_.find(path);
    return it == nodes_.end() ? nullptr : &it->second;
}

zk_stat data_tree::stat_of(const znode& n) {
    zk_stat s = n.stat;
    s.data_length = int32_t(n.data.size());
    s.num_children = int32_t(n.children.size());
    // DataNode.copyStat: the stored cversion counts creates (sequential names come
    // from it); clients see creates + deletes, which is 2 x creates - children.
    s.cversion = n.stat.cversion * 2 - s.num_children;
    // Containers (and TTL nodes) show no owner.
    if (!is_session_ephemeral(n.stat.ephemeral_owner)) s.ephemeral_owner = 0;
    return s;
}

const std::set<std::string>& data_tree::ephemerals(int64_t session) const {
    static const std::set<std::string> none;
    auto it = ephemerals_.find(session);
    return it == ephemerals_.end() ? none : it->second;
}

std::vector<std::string> data_tree::empty_containers() const {
    std::vector<std::string> out;
    for (const auto& [path, n] : nodes_)
        if (n.stat.ephemeral_owner == kContainerOwner && n.children.empty() && n.stat.cversion > 0)
            out.push_back(path);
    return out;
}

uint64_t data_tree::approximate_data_size() const noexcept {
    uint64_t n = 0;
    for (const auto& [path, node] : nodes_) n += path.size() + node.data.size();
    return n;
}

int32_t data_tree::descendant_count(std::string_view path) const {
    if (!find(path)) return 0;
    // Descendants are exactly the keys starting with "<path>/", contiguous in the
    // sorted map; counting them needs no recursion however deep the tree is.
    if (path == "/") return int32_t(nodes_.size() - 1);
    std::string prefix = std::string(path) + "/";
    int32_t count = 0;
    for (auto it = nodes_.lower_bound(prefix); it != nodes_.end() && it->first.starts_with(prefix); ++it) ++count;
    return count;
}

bool data_tree::create_node(const txn_header& h, const txn& t, watch_manager* w, std::vector<watch_event>& ev) {
    if (t.path.empty() || t.path == "/" || nodes_.count(t.path)) return false;
    std::string_view parent_path = parent_of(t.path);
    auto parent = nodes_.find(parent_path);
    if (parent == nodes_.end()) return false;
    znode n;
    n.data = t.data;
    n.acl = t.acl;
    n.stat.czxid = n.stat.mzxid = n.stat.pzxid = h.zxid;
    n.stat.ctime = n.stat.mtime = h.time;
    n.stat.ephemeral_owner = t.ephemeral_owner;
    parent->second.children.emplace(name_of(t.path));
    if (t.version > parent->second.stat.cversion) parent->second.stat.cversion = t.version;
    parent->second.stat.pzxid = h.zxid;
    std::string parent_str(parent_path);
    nodes_.emplace(t.path, std::move(n));
    if (is_session_ephemeral(t.ephemeral_owner)) ephemerals_[t.ephemeral_owner].insert(t.path);
    if (w) {
        std::set<uint64_t> seen;
        w->trigger(watch_manager::data, t.path, event_type::node_created, ev, seen);
        seen.clear();
        w->trigger(watch_manager::child, parent_str, event_type::node_children_changed, ev, seen);
    }
    return true;
}

bool data_tree::delete_node(const txn_header& h, const std::string& path, watch_manager* w,
                            std::vector<watch_event>& ev) {
    auto it = nodes_.find(path);
    if (it == nodes_.end() || path == "/") return false;
    std::string parent_str(parent_of(path));
    auto parent = nodes_.find(parent_str);
    if (parent != nodes_.end()) {
        parent->second.children.erase(std::string(name_of(path)));
        if (h.zxid > parent->second.stat.pzxid) parent->second.stat.pzxid = h.zxid;
    }
    int64_t owner = it->second.stat.ephemeral_owner;
    if (is_session_ephemeral(owner)) {
        auto e = ephemerals_.find(owner);
        if (e != ephemerals_.end()) {
            e->second.erase(path);
            if (e->second.empty()) ephemerals_.erase(e);
        }
    }
    nodes_.erase(it);
    if (w) {
        std::set<uint64_t> seen;
        w->trigger(watch_manager::data, path, event_type::node_deleted, ev, seen);
        w->trigger(watch_manager::child, path, event_type::node_deleted, ev, seen);
        seen.clear();
        w->trigger(watch_manager::child, parent_str, event_type::node_children_changed, ev, seen);
    }
    return true;
}

bool data_tree::apply(const txn_header& h, const txn& t, watch_manager* w, std::vector<watch_event>& ev) {
    switch (t.type) {
        case op::create:
            return create_node(h, t, w, ev);
        case op::remove:
            return delete_node(h, t.path, w, ev);
        case op::set_data: {
            auto it = nodes_.find(t.path);
            if (it == nodes_.end()) return false;
            it->second.data = t.data;
            it->second.stat.version = t.version;
            it->second.stat.mzxid = h.zxid;
            it->second.stat.mtime = h.time;
            if (w) {
                std::set<uint64_t> seen;
                w->trigger(watch_manager::data, t.path, event_type::node_data_changed, ev, seen);
            }
            return true;
        }
        case op::set_acl: {
            auto it = nodes_.find(t.path);
            if (it == nodes_.end()) return false;
            it->second.acl = t.acl;
            it->second.stat.aversion = t.version;
            return true;
        }
        case op::close_session: {
            // Copy: deleting edits the index.
            std::set<std::string> paths = ephemerals(h.session_id);
            bool ok = true;
            for (const auto& p : paths) ok = delete_node(h, p, w, ev) && ok;
            return ok;
        }
        case op::multi: {
            bool ok = true;
            for (const auto& o : t.ops) ok = apply(h, o, w, ev) && ok;
            return ok;
        }
        case op::check:
        case op::error:
        case op::create_session:
            return true;
        default:
            return false;
    }
}

bool data_tree::restore(node_map nodes) {
    for (auto& [path, n] : nodes) n.children.clear();
    ephemerals_.clear();
    for (auto& [path, n] : nodes) {
        if (path == "/") continue;
        auto parent = nodes.find(parent_of(path));
        if (parent == nodes.end()) return false;
        parent->second.children.emplace(name_of(path));
        if (is_session_ephemeral(n.stat.ephemeral_owner)) ephemerals_[n.stat.ephemeral_owner].insert(path);
    }
    if (!nodes.count("/")) return false;
    nodes_ = std::move(nodes);
    return true;
}

}  // namespace odradek::coordination
