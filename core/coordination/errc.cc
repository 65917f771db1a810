#include "coordination/errc.h"

namespace odradek::coordination {

namespace {
const char* message(int v) {
    switch (errc(v)) {
        case errc::truncated: return "truncated ZooKeeper record";
        case errc::too_large: return "ZooKeeper record length out of bounds";
        case errc::malformed: return "malformed ZooKeeper record";
        case errc::io: return "coordination I/O error";
        case errc::corrupt: return "corrupt coordination data file";
        case errc::foreign_format: return "data file in a foreign format";
        case errc::bad_config: return "invalid coordination configuration";
    }
    return "unknown coordination error";
}
const simple_category category("coordination", message);
}  // namespace

const std::error_category& coordination_category() noexcept { return category; }

}  // namespace odradek::coordination
