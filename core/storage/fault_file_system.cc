#include "storage/fault_file_system.h"

#include <algorithm>

namespace odradek::storage {

namespace {

using state = fault_file_system::state;
using rule = fault_file_system::rule;

// True when the armed rule fires for this operation on `path`.
bool fires(rule& r, const std::string& path) {
    if (r.remaining < 0) return false;
    if (!r.path_contains.empty() && path.find(r.path_contains) == std::string::npos) return false;
    if (r.fired) return r.sticky;
    if (--r.remaining > 0) return false;
    r.fired = true;
    if (!r.sticky) r.remaining = -1;
    return true;
}

class fault_file final : public file {
public:
    fault_file(std::shared_ptr<file> f, std::shared_ptr<state> st) : f_(std::move(f)), st_(std::move(st)) {}

    result<size_t> read_at(uint64_t pos, mutable_byte_span out) override { return f_->read_at(pos, out); }

    status write_at(uint64_t pos, byte_span data) override {
        ++st_->writes;
        if (fires(st_->write_rule, path())) {
            if (st_->write_rule.short_write && data.size() > 1) {
                ODRADEK_TRY(f_->write_at(pos, data.first(data.size() / 2)));
            }
            return error(errc::injected_fault, "write " + path());
        }
        return f_->write_at(pos, data);
    }

    status writev_at(uint64_t pos, std::span<const byte_span> parts) override {
        ++st_->writes;
        if (fires(st_->write_rule, path())) {
            if (st_->write_rule.short_write) {
                size_t total = 0;
                for (auto p : parts) total += p.size();
                size_t left = total / 2;
                for (auto p : parts) {
                    if (left == 0) break;
                    size_t n = std::min(left, p.size());
                    ODRADEK_TRY(f_->write_at(pos, p.first(n)));
                    pos += n;
                    left -= n;
                }
            }
            return error(errc::injected_fault, "writev " + path());
        }
        return f_->writev_at(pos, parts);
    }

    status truncate(uint64_t size) override {
        ODRADEK_TRY(f_->truncate(size));
        auto& d = st_->durable[path()];
        d = std::min(d, size);
        return ok();
    }
    result<uint64_t> size() override { return f_->size(); }
    status sync() override { return do_sync(false); }
    status datasync() override { return do_sync(true); }
    int native_handle() const noexcept override { return f_->native_handle(); }
    const std::string& path() const noexcept override { return f_->path(); }

private:
    status do_sync(bool data_only) {
        ++st_->syncs;
        if (fires(st_->sync_rule, path())) return error(errc::injected_fault, "sync " + path());
        if (!st_->simulated_sync) ODRADEK_TRY(data_only ? f_->datasync() : f_->sync());
        ODRADEK_TRY_ASSIGN(uint64_t sz, f_->size());
        st_->durable[path()] = sz;
        return ok();
    }

    std::shared_ptr<file> f_;
    std::shared_ptr<state> st_;
};

}  // namespace

fault_file_system::fault_file_system(file_system& base) : base_(base), state_(std::make_shared<state>()) {}

void fault_file_system::fail_write(int nth, std::string path_contains, bool short_write, bool sticky) {
    state_->write_rule = rule{nth, std::move(path_contains), short_write, sticky, false};
}

void fault_file_system::fail_sync(int nth, std::string path_contains, bool sticky) {
    state_->sync_rule = rule{nth, std::move(path_contains), false, sticky, false};
}

void fault_file_system::clear_faults() {
    state_->write_rule = rule{};
    state_->sync_rule = rule{};
}

status fault_file_system::crash() {
    for (const auto& [path, durable] : state_->durable) {
        ODRADEK_TRY_ASSIGN(bool present, base_.exists(path));
        if (!present) continue;
        ODRADEK_TRY_ASSIGN(auto f, base_.open(path, open_mode::read_write));
        ODRADEK_TRY_ASSIGN(uint64_t size, f->size());
        if (size > durable) ODRADEK_TRY(f->truncate(durable));
    }
    return ok();
}

status fault_file_system::cut(const std::string& path, uint64_t size) {
    ODRADEK_TRY_ASSIGN(auto f, base_.open(path, open_mode::read_write));
    ODRADEK_TRY(f->truncate(size));
    auto it = state_->durable.find(path);
    if (it != state_->durable.end()) it->second = std::min(it->second, size);
    return ok();
}

int64_t fault_file_system::write_count() const noexcept { return state_->writes; }
int64_t fault_file_system::sync_count() const noexcept { return state_->syncs; }

result<std::shared_ptr<file>> fault_file_system::open(const std::string& path, open_mode mode) {
    ODRADEK_TRY_ASSIGN(auto f, base_.open(path, mode));
    if (!state_->durable.count(path)) {
        // What was there before we first saw the file counts as durable.
        ODRADEK_TRY_ASSIGN(uint64_t sz, f->size());
        state_->durable[path] = sz;
    }
    return std::shared_ptr<file>(std::make_shared<fault_file>(std::move(f), state_));
}

result<bool> fault_file_system::exists(const std::string& path) { return base_.exists(path); }
result<std::vector<dir_entry>> fault_file_system::list_dir(const std::string& dir) { return base_.list_dir(dir); }
status fault_file_system::make_dirs(const std::string& dir) { return base_.make_dirs(dir); }

status fault_file_system::rename(const std::string& from, const std::string& to) {
    ODRADEK_TRY(base_.rename(from, to));
    auto it = state_->durable.find(from);
    if (it != state_->durable.end()) {
        state_->durable[to] = it->second;
        state_->durable.erase(it);
    } else {
        state_->durable.erase(to);
    }
    return ok();
}

status fault_file_system::remove(const std::string& path) {
    ODRADEK_TRY(base_.remove(path));
    state_->durable.erase(path);
    return ok();
}

status fault_file_system::sync_dir(const std::string& dir) {
    ++state_->syncs;
    if (fires(state_->sync_rule, dir)) return error(errc::injected_fault, "sync dir " + dir);
    if (state_->simulated_sync) return ok();
    return base_.sync_dir(dir);
}

result<int64_t> fault_file_system::modified_ms(const std::string& path) { return base_.modified_ms(path); }

}  // namespace odradek::storage
