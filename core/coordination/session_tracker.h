#pragma once
// Sessions and their expiry (SessionTrackerImpl). A session lives until its
// timeout passes without a packet from its client, or until the client closes
// it. Times are milliseconds of a monotonic clock supplied by the caller, so
// tests control time. Session ids are made as ZooKeeper makes them: the server
// id in the top byte, then the wall-clock milliseconds at startup shifted left 24
// bits (and right 8), incremented per session. The password is derived from the
// id (as ZooKeeper derives it from a fixed secret), so sessions survive a restart
// without storing passwords.

#include <cstdint>
#include <map>
#include <vector>

#include "base/bytes.h"

namespace odradek::coordination {

struct session {
    int64_t id = 0;
    int32_t timeout_ms = 0;
    int64_t expires_at = 0;  // monotonic ms
    uint64_t conn = 0;       // bound connection, 0 when none
    bool closing = false;    // close or expiry decided; no longer usable
};

class session_tracker {
public:
    session_tracker(int64_t server_id, int64_t wall_now_ms) noexcept;

    int64_t next_session_id() noexcept;
    void add(int64_t id, int32_t timeout_ms, int64_t now) noexcept;
    // Extends a live session's expiry; false if it is unknown or closing.
    bool touch(int64_t id, int64_t now) noexcept;
    session* find(int64_t id) noexcept;
    const session* find(int64_t id) const noexcept;
    void remove(int64_t id) noexcept { sessions_.erase(id); }
    // Live sessions whose expiry time has passed, marked closing.
    std::vector<int64_t> take_expired(int64_t now);
    // After recovery: every restored session gets a full timeout from now.
    void refresh_all(int64_t now) noexcept;

    const std::map<int64_t, session>& all() const noexcept { return sessions_; }

    static byte_buffer password_for(int64_t id);

private:
    std::map<int64_t, session> sessions_;
    int64_t next_id_;
};

}  // namespace odradek::coordination
