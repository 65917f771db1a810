#include "coordination/prep.h"

#include "coordination/auth.h"

namespace odradek::coordination {

namespace {

// Decodes one UTF-8 code point at s[i]; -1 when malformed.
int32_t next_code_point(std::string_view s, size_t& i) {
    auto c = uint8_t(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + size_t(len) > s.size()) return -1;
    int32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    for (int k = 1; k < len; ++k) {
        auto cc = uint8_t(s[i + size_t(k)]);
        if ((cc & 0xc0) != 0x80) return -1;
        cp = (cp << 6) | (cc & 0x3f);
    }
    i += size_t(len);
    return cp;
}

int32_t next_version(int32_t current) {
    // checkAndIncVersion: wraps to 1, never to a negative version.
    return current == INT32_MAX ? 1 : current + 1;
}

}  // namespace

bool valid_path(std::string_view p) {
    if (p.empty() || p[0] != '/') return false;
    if (p.size() == 1) return true;
    if (p.back() == '/') return false;
    for (size_t i = 1; i < p.size();) {
        char c = p[i];
        if (c == '/' && p[i - 1] == '/') return false;
        if (c == '.' && p[i - 1] == '/') {
            // "." or ".." as a whole segment
            size_t j = i + 1;
            if (j < p.size() && p[j] == '.') ++j;
            if (j == p.size() || p[j] == '/') return false;
        }
        int32_t cp = next_code_point(p, i);
        if (cp < 0) return false;
        if ((cp > 0 && cp <= 0x1f) || cp == 0 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xf8ff) ||
            (cp >= 0xfff0 && cp <= 0xffff))
            return false;
    }
    return true;
}

bool special_path(std::string_view p) {
    return p == "/" || p == "/zookeeper" || p == "/zookeeper/quota" || p == "/zookeeper/config";
}

txn_preparer::view txn_preparer::get(const std::string& path) const {
    if (auto it = overlay_.find(path); it != overlay_.end()) return it->second;
    view v;
    if (const znode* n = tree_.find(path)) {
        v.exists = true;
        v.version = n->stat.version;
        v.cversion = n->stat.cversion;
        v.aversion = n->stat.aversion;
        v.num_children = int32_t(n->children.size());
        v.owner = n->stat.ephemeral_owner;
    }
    return v;
}

zk_error txn_preparer::prepare_create(int32_t type, const create_request& req, int64_t session,
                                      const std::vector<zk_id>& auth, txn& out) {
    int32_t flags = req.flags;
    if (flags < 0 || flags > create_mode::persistent_sequential_with_ttl) return zk_error::bad_arguments;
    // TTL nodes need ZooKeeper's extended types, off by default there and not offered here.
    if (type == op::create_ttl || flags == create_mode::persistent_with_ttl ||
        flags == create_mode::persistent_sequential_with_ttl)
        return zk_error::unimplemented;
    if (type == op::create_container && flags != create_mode::container) return zk_error::bad_arguments;
    std::string path = req.path;
    size_t last_slash = path.rfind('/');
    if (last_slash == std::string::npos || path.find('\0') != std::string::npos) return zk_error::bad_arguments;
    acl_list acl = req.acl;
    if (zk_error e = fixup_acl(acl, auth); e != zk_error::ok) return e;
    std::string parent_path(data_tree::parent_of(path));
    view parent = get(parent_path);
    if (!parent.exists) return zk_error::no_node;
    bool sequential = flags == create_mode::persistent_sequential || flags == create_mode::ephemeral_sequential;
    if (sequential) {
        char suffix[16];
        snprintf(suffix, sizeof suffix, "%010d", parent.cversion);
        path += suffix;
    }
    if (!valid_path(path)) return zk_error::bad_arguments;
    if (get(path).exists) return zk_error::node_exists;
    if (is_session_ephemeral(parent.owner)) return zk_error::no_children_for_ephemerals;
    int32_t new_cversion = parent.cversion + 1;

    bool ephemeral = flags == create_mode::ephemeral || flags == create_mode::ephemeral_sequential;
    out = txn{};
    out.type = op::create;
    out.path = path;
    out.data = req.data;
    out.acl = std::move(acl);
    out.ephemeral_owner = ephemeral ? session : flags == create_mode::container ? kContainerOwner : 0;
    out.version = new_cversion;

    parent.cversion = new_cversion;
    parent.num_children += 1;
    overlay_[parent_path] = parent;
    view child;
    child.exists = true;
    child.owner = out.ephemeral_owner;
    overlay_[path] = child;
    return zk_error::ok;
}

zk_error txn_preparer::prepare(int32_t type, const multi_op& req, int64_t session, const std::vector<zk_id>& auth,
                               txn& out) {
    switch (type) {
        case op::create:
        case op::create2:
        case op::create_container:
        case op::create_ttl:
            return prepare_create(type, req.create, session, auth, out);
        case op::remove:
        case op::delete_container: {
            const std::string& path = req.version.path;
            if (path.rfind('/') == std::string::npos || path.find('\0') != std::string::npos || special_path(path))
                return zk_error::bad_arguments;
            std::string parent_path(data_tree::parent_of(path));
            view parent = get(parent_path);
            if (!parent.exists) return zk_error::no_node;
            view node = get(path);
            if (!node.exists) return zk_error::no_node;
            if (req.version.version != -1 && req.version.version != node.version) return zk_error::bad_version;
            if (node.num_children > 0) return zk_error::not_empty;
            if (type == op::delete_container && node.owner != kContainerOwner) return zk_error::bad_arguments;
            out = txn{};
            out.type = op::remove;
            out.path = path;
            parent.num_children -= 1;
            overlay_[parent_path] = parent;
            overlay_[path] = view{};
            return zk_error::ok;
        }
        case op::set_data: {
            const std::string& path = req.set.path;
            if (!valid_path(path)) return zk_error::bad_arguments;
            view node = get(path);
            if (!node.exists) return zk_error::no_node;
            if (req.set.version != -1 && req.set.version != node.version) return zk_error::bad_version;
            out = txn{};
            out.type = op::set_data;
            out.path = path;
            out.data = req.set.data;
            out.version = next_version(node.version);
            node.version = out.version;
            overlay_[path] = node;
            return zk_error::ok;
        }
        case op::set_acl: {
            const std::string& path = req.set_acl.path;
            if (!valid_path(path)) return zk_error::bad_arguments;
            view node = get(path);
            if (!node.exists) return zk_error::no_node;
            acl_list acl = req.set_acl.acl;
            if (zk_error e = fixup_acl(acl, auth); e != zk_error::ok) return e;
            if (req.set_acl.version != -1 && req.set_acl.version != node.aversion) return zk_error::bad_version;
            out = txn{};
            out.type = op::set_acl;
            out.path = path;
            out.acl = std::move(acl);
            out.version = next_version(node.aversion);
            node.aversion = out.version;
            overlay_[path] = node;
            return zk_error::ok;
        }
        case op::check: {
            const std::string& path = req.version.path;
            if (!valid_path(path)) return zk_error::bad_arguments;
            view node = get(path);
            if (!node.exists) return zk_error::no_node;
            if (req.version.version != -1 && req.version.version != node.version) return zk_error::bad_version;
            out = txn{};
            out.type = op::check;
            out.path = path;
            out.version = req.version.version;
            return zk_error::ok;
        }
        default:
            return zk_error::bad_arguments;
    }
}

}  // namespace odradek::coordination
