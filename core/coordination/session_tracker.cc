#include "coordination/session_tracker.h"

namespace odradek::coordination {

namespace {
uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
constexpr uint64_t kSecret = 0xB3415C00ULL;  // fixed, like ZooKeeper's superSecret
}  // namespace

session_tracker::session_tracker(int64_t server_id, int64_t wall_now_ms) noexcept
    : next_id_(int64_t((uint64_t(wall_now_ms) << 24) >> 8) | int64_t(uint64_t(server_id) << 56)) {}

int64_t session_tracker::next_session_id() noexcept {
    while (sessions_.count(next_id_) || next_id_ == 0) ++next_id_;
    return next_id_++;
}

void session_tracker::add(int64_t id, int32_t timeout_ms, int64_t now) noexcept {
    session& s = sessions_[id];
    s.id = id;
    s.timeout_ms = timeout_ms;
    s.expires_at = now + timeout_ms;
    s.closing = false;
}

bool session_tracker::touch(int64_t id, int64_t now) noexcept {
    auto it = sessions_.find(id);
    if (it == sessions_.end() || it->second.closing) return false;
    it->second.expires_at = now + it->second.timeout_ms;
    return true;
}

session* session_tracker::find(int64_t id) noexcept {
    auto it = sessions_.find(id);
    return it == sessions_.end() ? nullptr : &it->second;
}

const session* session_tracker::find(int64_t id) const noexcept {
    auto it = sessions_.find(id);
    return it == sessions_.end() ? nullptr : &it->second;
}

std::vector<int64_t> session_tracker::take_expired(int64_t now) {
    std::vector<int64_t> out;
    for (auto& [id, s] : sessions_) {
        if (!s.closing && s.expires_at <= now) {
            s.closing = true;
            out.push_back(id);
        }
    }
    return out;
}

void session_tracker::refresh_all(int64_t now) noexcept {
    for (auto& [id, s] : sessions_) s.expires_at = now + s.timeout_ms;
}

byte_buffer session_tracker::password_for(int64_t id) {
    byte_buffer p;
    uint64_t state = uint64_t(id) ^ kSecret;
    append_be(p, splitmix64(state));
    append_be(p, splitmix64(state));
    return p;
}

}  // namespace odradek::coordination
