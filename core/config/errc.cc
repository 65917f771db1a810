#include "config/errc.h"

namespace odradek::config {

namespace {
const char* message(int v) {
    switch (errc(v)) {
        case errc::io: return "cannot read configuration file";
        case errc::malformed: return "malformed configuration";
        case errc::invalid_value: return "invalid configuration value";
        case errc::missing_required: return "missing required configuration";
        case errc::invalid_config: return "invalid configuration";
        case errc::unknown_key: return "unknown configuration";
        case errc::unsupported: return "unsupported configuration";
        case errc::invalid_topic: return "invalid topic";
    }
    return "unknown config error";
}
const simple_category category("config", message);
}  // namespace

const std::error_category& config_category() noexcept { return category; }

}  // namespace odradek::config
