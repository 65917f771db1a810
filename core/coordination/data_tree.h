#pragma once
// The znode tree: data, ACLs and persisted Stat fields of every node, children
// sets, and the index of ephemeral nodes by owning session. It changes only by
// applying transactions (txn.h), in zxid order, so that replaying the log
// rebuilds exactly the same tree; validation happens before, in the engine.
//
// Present from the start, as in ZooKeeper: "/", "/zookeeper", "/zookeeper/quota"
// and "/zookeeper/config", all with zero stats, empty data and world:anyone ACLs.
// ACLs are stored and returned faithfully but never enforced.
//
// Stat rules (DataTree.java): a create sets czxid=mzxid=pzxid=zxid and
// ctime=mtime=txn time, and sets the parent's cversion to the txn's value and its
// pzxid to zxid; a delete moves the parent's pzxid forward but leaves its stored
// cversion, which so counts creates only and names sequential nodes. Clients see
// cversion = 2 x stored - numChildren (creates + deletes), and ephemeralOwner 0
// for containers, as DataNode.copyStat reports them. setData sets mzxid, mtime
// and version; setACL sets aversion. dataLength and numChildren are derived.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "coordination/messages.h"
#include "coordination/txn.h"
#include "coordination/watch_manager.h"

namespace odradek::coordination {

struct znode {
    byte_buffer data;
    acl_list acl;
    zk_stat stat;  // data_length and num_children are filled by data_tree::stat_of
    std::set<std::string, std::less<>> children;
};

class data_tree {
public:
    using node_map = std::map<std::string, znode, std::less<>>;

    data_tree();

    const znode* find(std::string_view path) const;
    static zk_stat stat_of(const znode& n);

    // Applies a validated transaction. Events for the watches it fires are
    // appended to `events` when `watches` is not null. Returns false when the
    // txn does not fit the tree (only possible when replaying damaged data); the
    // tree is then left as the parts that did fit made it.
    bool apply(const txn_header& h, const txn& t, watch_manager* watches, std::vector<watch_event>& events);

    // Paths of the ephemeral nodes a session owns (empty set if none).
    const std::set<std::string>& ephemerals(int64_t session) const;
    const std::map<int64_t, std::set<std::string>>& all_ephemerals() const noexcept { return ephemerals_; }
    // Container nodes that have had children and have none left (ContainerManager).
    std::vector<std::string> empty_containers() const;

    const node_map& nodes() const noexcept { return nodes_; }
    size_t node_count() const noexcept { return nodes_.size(); }
    uint64_t approximate_data_size() const noexcept;
    // All nodes under path (not counting path itself).
    int32_t descendant_count(std::string_view path) const;

    // Snapshot restore: replace every node. Children sets and the ephemeral index
    // are rebuilt from the paths; false if a node's parent is missing.
    bool restore(node_map nodes);

    static std::string_view parent_of(std::string_view path);
    static std::string_view name_of(std::string_view path);

private:
    bool create_node(const txn_header& h, const txn& t, watch_manager* w, std::vector<watch_event>& ev);
    bool delete_node(const txn_header& h, const std::string& path, watch_manager* w, std::vector<watch_event>& ev);

    node_map nodes_;
    std::map<int64_t, std::set<std::string>> ephemerals_;
};

// True when the owner field marks a session-owned ephemeral (not a container).
inline bool is_session_ephemeral(int64_t owner) { return owner != 0 && owner != INT64_MIN && owner > 0; }

}  // namespace odradek::coordination
