#pragma once
// Deciding a write: validates one write request against the tree (plus the
// changes of earlier ops of the same multi) and turns it into a txn, checking in
// the order ZooKeeper's PrepRequestProcessor does, so clients see the same error
// for the same request. Nothing here changes the tree.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "coordination/data_tree.h"
#include "coordination/messages.h"
#include "coordination/txn.h"
#include "coordination/zk_codes.h"

namespace odradek::coordination {

// PathUtils.validatePath: absolute, no empty, "." or ".." segment, no trailing
// slash, no control or reserved characters, valid UTF-8.
bool valid_path(std::string_view path);
// "/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config": never deleted.
bool special_path(std::string_view path);

class txn_preparer {
public:
    explicit txn_preparer(const data_tree& tree) : tree_(tree) {}

    // Validates request `type` (a write op code) carried in `req` for `session`;
    // on success fills `out` and remembers its effect for later ops.
    zk_error prepare(int32_t type, const multi_op& req, int64_t session, const std::vector<zk_id>& auth,
                     txn& out);

private:
    struct view {
        bool exists = false;
        int32_t version = 0, cversion = 0, aversion = 0, num_children = 0;
        int64_t owner = 0;
    };
    view get(const std::string& path) const;

    zk_error prepare_create(int32_t type, const create_request& req, int64_t session,
                            const std::vector<zk_id>& auth, txn& out);

    const data_tree& tree_;
    std::map<std::string, view, std::less<>> overlay_;
};

}  // namespace odradek::coordination
