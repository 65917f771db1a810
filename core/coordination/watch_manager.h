#pragma once
// Watches, as ZooKeeper's WatchManager keeps them: two tables keyed by path,
// one for data watches (set by getData and exists, also on absent paths) and one
// for child watches (getChildren). A watch belongs to a connection (the client
// re-registers with setWatches after reconnecting), identified by a conn id.
//
// Modes per (path, conn):  standard  one-shot, removed when it fires
//                          persistent  addWatch mode 0: stays; in both tables
//                          recursive   addWatch mode 1: stays; data table only,
//                                      fires for events on every descendant too
//                                      (never NodeChildrenChanged, as in ZooKeeper)
// A trigger notifies each connection at most once per call.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace odradek::coordination {

struct watch_event {
    uint64_t conn = 0;
    int32_t type = 0;  // event_type::
    std::string path;
};

class watch_manager {
public:
    enum table { data = 0, child = 1 };

    void add(table t, const std::string& path, uint64_t conn);
    void add_persistent(const std::string& path, uint64_t conn, bool recursive);

    // Fires the watches on `path` (and recursive watches on its ancestors) of
    // table t, appending one event per connection to out. Connections in
    // `suppress` are skipped; every notified connection is added to it.
    void trigger(table t, const std::string& path, int32_t type, std::vector<watch_event>& out,
                 std::set<uint64_t>& suppress);

    // Removes a connection's watches of table t on path (RemoveWatches); true if any.
    bool remove(table t, const std::string& path, uint64_t conn);
    bool has(table t, const std::string& path, uint64_t conn) const;
    void remove_connection(uint64_t conn);

    size_t watch_count() const noexcept;
    size_t path_count() const noexcept { return tables_[0].size() + tables_[1].size(); }

private:
    static constexpr uint8_t kStandard = 1, kPersistent = 2, kRecursive = 4;
    void set_flag(table t, const std::string& path, uint64_t conn, uint8_t flag);

    std::map<std::string, std::map<uint64_t, uint8_t>, std::less<>> tables_[2];
    std::map<uint64_t, std::set<std::string>> by_conn_[2];
    size_t recursive_count_ = 0;
};

}  // namespace odradek::coordination
