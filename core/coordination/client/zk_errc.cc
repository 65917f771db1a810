#include "coordination/client/zk_errc.h"

namespace odradek::coordination {

const char* zk_error_name(zk_error e) noexcept {
    switch (e) {
        case zk_error::ok: return "OK";
        case zk_error::system_error: return "SystemError";
        case zk_error::runtime_inconsistency: return "RuntimeInconsistency";
        case zk_error::data_inconsistency: return "DataInconsistency";
        case zk_error::connection_loss: return "ConnectionLoss";
        case zk_error::marshalling_error: return "MarshallingError";
        case zk_error::unimplemented: return "Unimplemented";
        case zk_error::operation_timeout: return "OperationTimeout";
        case zk_error::bad_arguments: return "BadArguments";
        case zk_error::unknown_session: return "Unknown session";
        case zk_error::api_error: return "APIError";
        case zk_error::no_node: return "NoNode";
        case zk_error::no_auth: return "NoAuth";
        case zk_error::bad_version: return "BadVersion";
        case zk_error::no_children_for_ephemerals: return "NoChildrenForEphemerals";
        case zk_error::node_exists: return "NodeExists";
        case zk_error::not_empty: return "Directory not empty";
        case zk_error::session_expired: return "Session expired";
        case zk_error::invalid_callback: return "Invalid callback";
        case zk_error::invalid_acl: return "InvalidACL";
        case zk_error::auth_failed: return "AuthFailed";
        case zk_error::session_moved: return "Session moved";
        case zk_error::not_read_only: return "Not a read-only call";
        case zk_error::no_watcher: return "No such watcher";
    }
    return "Unknown error";
}

std::string keeper_message(zk_error e, const std::string& path) {
    std::string m = "KeeperErrorCode = ";
    m += zk_error_name(e);
    if (!path.empty()) {
        m += " for ";
        m += path;
    }
    return m;
}

namespace {
const char* message(int v) { return zk_error_name(zk_error(v)); }
const simple_category category("zookeeper", message);
}  // namespace

const std::error_category& zk_category() noexcept { return category; }

zk_error zk_code_of(const error& e) noexcept {
    return e.code.category() == zk_category() ? zk_error(e.code.value()) : zk_error::system_error;
}

}  // namespace odradek::coordination
