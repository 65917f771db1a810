#include "broker/errc.h"

namespace odradek::broker {

namespace {
const char* message(int v) {
    switch (errc(v)) {
        case errc::log_dir_locked: return "log directory in use";
        case errc::inconsistent_broker_id: return "inconsistent broker id";
        case errc::inconsistent_cluster_id: return "inconsistent cluster id";
        case errc::bad_meta_properties: return "bad meta.properties";
        case errc::inconsistent_topic_id: return "inconsistent topic id";
        case errc::io: return "I/O error";
        case errc::invalid_argument: return "invalid argument";
    }
    return "unknown broker error";
}
const simple_category category("broker", message);
}  // namespace

const std::error_category& broker_category() noexcept { return category; }

}  // namespace odradek::broker
