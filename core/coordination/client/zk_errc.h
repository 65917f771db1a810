#pragma once
// ZooKeeper's error codes (ReplyHeader.err, zk_codes.h) as a std::error_code
// category, so the client reports them as result<T> errors: a failed request
// carries error{make_error_code(zk_error::no_node), "/path"}. message() gives
// ZooKeeper's own wording ("KeeperErrorCode = NoNode for /path" when the detail
// is the path), which tools print as is.

#include <string>
#include <system_error>

#include "base/error_category.h"
#include "base/result.h"
#include "coordination/zk_codes.h"

namespace odradek::coordination {

const std::error_category& zk_category() noexcept;
inline std::error_code make_error_code(zk_error e) noexcept { return {int(e), zk_category()}; }

// The code's name as KeeperException.Code spells it ("NoNode", "ConnectionLoss").
const char* zk_error_name(zk_error e) noexcept;

// "KeeperErrorCode = <Name>" or "KeeperErrorCode = <Name> for <path>".
std::string keeper_message(zk_error e, const std::string& path);

// The zk_error of a failed result, or zk_error::system_error when the error is
// of another category (a client-side failure that is no ZooKeeper code).
zk_error zk_code_of(const error& e) noexcept;

}  // namespace odradek::coordination

ODRADEK_ERRC_ENUM(odradek::coordination::zk_error)
