#include "coordination/watch_manager.h"

namespace odradek::coordination {

void watch_manager::set_flag(table t, const std::string& path, uint64_t conn, uint8_t flag) {
    uint8_t& f = tables_[t][path][conn];
    if (flag == kRecursive && !(f & kRecursive)) ++recursive_count_;
    f |= flag;
    by_conn_[t][conn].insert(path);
}

void watch_manager::add(table t, const std::string& path, uint64_t conn) { set_flag(t, path, conn, kStandard); }

void watch_manager::add_persistent(const std::string& path, uint64_t conn, bool recursive) {
    if (recursive) {
        set_flag(data, path, conn, kRecursive);
    } else {
        set_flag(data, path, conn, kPersistent);
        set_flag(child, path, conn, kPersistent);
    }
}

void watch_manager::trigger(table t, const std::string& path, int32_t type, std::vector<watch_event>& out,
                            std::set<uint64_t>& suppress) {
    auto& tab = tables_[t];
    if (auto it = tab.find(path); it != tab.end()) {
        for (auto w = it->second.begin(); w != it->second.end();) {
            if (suppress.insert(w->first).second) out.push_back({w->first, type, path});
            if (w->second & kStandard) {
                w->second &= uint8_t(~kStandard);
                if (w->second == 0) {
                    by_conn_[t][w->first].erase(path);
                    w = it->second.erase(w);
                    continue;
                }
            }
            ++w;
        }
        if (it->second.empty()) tab.erase(it);
    }
    if (recursive_count_ == 0 || t != data) return;
    // Recursive watches on ancestors, nearest first.
    std::string_view p = path;
    while (p.size() > 1) {
        size_t slash = p.rfind('/');
        p = slash == 0 ? std::string_view("/") : p.substr(0, slash);
        auto it = tab.find(p);
        if (it == tab.end()) continue;
        for (const auto& [conn, flags] : it->second)
            if ((flags & kRecursive) && suppress.insert(conn).second) out.push_back({conn, type, path});
    }
}

bool watch_manager::remove(table t, const std::string& path, uint64_t conn) {
    auto it = tables_[t].find(path);
    if (it == tables_[t].end()) return false;
    auto w = it->second.find(conn);
    if (w == it->second.end()) return false;
    if (w->second & kRecursive) --recursive_count_;
    it->second.erase(w);
    if (it->second.empty()) tables_[t].erase(it);
    by_conn_[t][conn].erase(path);
    return true;
}

bool watch_manager::has(table t, const std::string& path, uint64_t conn) const {
    auto it = tables_[t].find(path);
    return it != tables_[t].end() && it->second.count(conn) > 0;
}

void watch_manager::remove_connection(uint64_t conn) {
    for (int t = 0; t < 2; ++t) {
        auto bc = by_conn_[t].find(conn);
        if (bc == by_conn_[t].end()) continue;
        for (const auto& path : bc->second) {
            auto it = tables_[t].find(path);
            if (it == tables_[t].end()) continue;
            if (auto w = it->second.find(conn); w != it->second.end()) {
                if (w->second & kRecursive) --recursive_count_;
                it->second.erase(w);
            }
            if (it->second.empty()) tables_[t].erase(it);
        }
        by_conn_[t].erase(bc);
    }
}

size_t watch_manager::watch_count() const noexcept {
    size_t n = 0;
    for (const auto& tab : tables_)
        for (const auto& [path, conns] : tab) n += conns.size();
    return n;
}

}  // namespace odradek::coordination
