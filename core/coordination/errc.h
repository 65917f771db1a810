#pragma once
// Errors of the coordination module: what can be wrong with bytes that claim to be
// ZooKeeper packets, with our data files, or with a configuration file. Errors that
// ZooKeeper clients see (NONODE, BADVERSION, ...) are not here: they are reply data
// (see zk_codes.h), never a failed result<>.

#include <system_error>

#include "base/error_category.h"

namespace odradek::coordination {

enum class errc {
    truncated = 1,     // fewer bytes than a record needs
    too_large,         // a length exceeds the remaining input or jute.maxbuffer
    malformed,         // bytes that parse but cannot be meaningful (bad op in a multi, ...)
    io,                // a file operation failed
    corrupt,           // a data file fails its magic, version or checksum
    foreign_format,    // a data file written by someone else (Apache ZooKeeper)
    bad_config,        // a configuration key has an invalid value or is not supported
};

const std::error_category& coordination_category() noexcept;
inline std::error_code make_error_code(errc e) noexcept { return {int(e), coordination_category()}; }

}  // namespace odradek::coordination

ODRADEK_ERRC_ENUM(odradek::coordination::errc)
