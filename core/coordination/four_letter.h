#pragma once
// Four-letter words: 4 ASCII bytes sent instead of a first packet's length
// (ruok, srvr, stat, mntr, conf, cons, envi, isro, dirs). The server answers
// with text and closes the connection. A command missing from
// 4lw.commands.whitelist gets ZooKeeper's refusal line instead.

#include <cstdint>
#include <string>
#include <string_view>

#include "coordination/config.h"
#include "coordination/engine.h"

namespace odradek::coordination {

inline constexpr const char* kZooKeeperVersion = "3.8.4-odradek, built on 2026-11-22 00:00 UTC";

struct four_letter_context {
    const engine& eng;
    const server_config& cfg;
    std::string snap_dir;  // absolute version-2 directories
    std::string log_dir;
};

// The command a first 4-byte "length" spells, or empty when it is not one of
// ZooKeeper's four-letter words.
std::string four_letter_name(int32_t first_word);

// The full answer to `cmd` (whitelist applied).
std::string run_four_letter(std::string_view cmd, const four_letter_context& ctx);

}  // namespace odradek::coordination
