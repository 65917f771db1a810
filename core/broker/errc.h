#pragma once
// Errors of the broker module's own making (start-up checks of the log
// directories, topic ids on disk). Kafka error codes sent to clients are wire
// data (protocol::error_code), not these; kafka_error.h maps between them.

#include <system_error>

#include "base/error_category.h"

namespace odradek::broker {

enum class errc {
    log_dir_locked = 1,       // another process holds <log.dir>/.lock
    inconsistent_broker_id,   // meta.properties was written by another broker id
    inconsistent_cluster_id,  // meta.properties belongs to another cluster
    bad_meta_properties,      // meta.properties does not parse or has an unknown version
    inconsistent_topic_id,    // partition.metadata names another topic id
    io,                       // a system call failed (detail names the path)
    invalid_argument,         // a caller passed a value outside the contract
};

const std::error_category& broker_category() noexcept;
inline std::error_code make_error_code(errc e) noexcept { return {int(e), broker_category()}; }

}  // namespace odradek::broker

ODRADEK_ERRC_ENUM(odradek::broker::errc)
