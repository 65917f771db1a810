#include "coordination/snapshot.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/crc32c.h"
#include "coordination/errc.h"
#include "coordination/file_format.h"
#include "coordination/jute.h"
#include "coordination/txn_log.h"

namespace odradek::coordination {

byte_buffer encode_snapshot(const data_tree& tree, const session_tracker& sessions, int64_t zxid) {
    byte_buffer b;
    jute_writer w(b);
    w.write_int(kSnapMagic);
    w.write_int(kFileVersion);
    w.write_long(zxid);
    w.write_count(sessions.all().size());
    for (const auto& [id, s] : sessions.all()) {
        w.write_long(id);
        w.write_int(s.timeout_ms);
    }
    w.write_count(tree.nodes().size());
    for (const auto& [path, n] : tree.nodes()) {
        w.write_string(path);
        w.write_buffer(n.data);
        write_acl_list(w, n.acl);
        const zk_stat& s = n.stat;
        w.write_long(s.czxid);
        w.write_long(s.mzxid);
        w.write_long(s.ctime);
        w.write_long(s.mtime);
        w.write_int(s.version);
        w.write_int(s.cversion);
        w.write_int(s.aversion);
        w.write_long(s.ephemeral_owner);
        w.write_long(s.pzxid);
    }
    append_be(b, crc32c(b));
    return b;
}

result<snapshot_data> decode_snapshot(byte_span bytes) {
    if (bytes.size() >= 4 && load_be<int32_t>(bytes.data()) == kZkSnapMagic)
        return error(errc::foreign_format, "an Apache ZooKeeper snapshot");
    if (bytes.size() < 20) return error(errc::corrupt, "snapshot too short");
    byte_span body = bytes.first(bytes.size() - 4);
    if (crc32c(body) != load_be<uint32_t>(bytes.data() + body.size()))
        return error(errc::corrupt, "snapshot checksum mismatch");
    jute_reader r(body, INT32_MAX);
    if (r.read_int() != kSnapMagic || r.read_int() != kFileVersion)
        return error(errc::corrupt, "bad snapshot magic or version");
    snapshot_data out;
    out.zxid = r.read_long();
    int32_t sessions = r.read_count(12);
    for (int32_t i = 0; i < sessions && r.ok(); ++i) {
        int64_t id = r.read_long();
        out.sessions[id] = r.read_int();
    }
    int32_t nodes = r.read_count(60);
    for (int32_t i = 0; i < nodes && r.ok(); ++i) {
        std::string path = r.read_string();
        znode n;
        n.data = r.read_buffer();
        read_acl_list(r, n.acl);
        zk_stat& s = n.stat;
        s.czxid = r.read_long();
        s.mzxid = r.read_long();
        s.ctime = r.read_long();
        s.mtime = r.read_long();
        s.version = r.read_int();
        s.cversion = r.read_int();
        s.aversion = r.read_int();
        s.ephemeral_owner = r.read_long();
        s.pzxid = r.read_long();
        out.nodes.emplace(std::move(path), std::move(n));
    }
    if (!r.at_end()) return error(errc::corrupt, "malformed snapshot body");
    return out;
}

status write_snapshot_file(const std::filesystem::path& dir, int64_t zxid, byte_span bytes) {
    auto final_path = dir / fmt::format("snapshot.{:x}", zxid);
    auto tmp_path = dir / fmt::format("snapshot.{:x}.tmp", zxid);
    int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return error(errc::io, fmt::format("cannot create {}: {}", tmp_path.string(), std::strerror(errno)));
    size_t off = 0;
    while (off < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            ::close(fd);
            return error(errc::io, fmt::format("cannot write {}: {}", tmp_path.string(), std::strerror(errno)));
        }
        off += size_t(n);
    }
    int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return error(errc::io, fmt::format("cannot fsync {}", tmp_path.string()));
    std::error_code ec;
    std::filesystem::rename(tmp_path, final_path, ec);
    if (ec) return error(errc::io, fmt::format("cannot rename {}: {}", tmp_path.string(), ec.message()));
    return sync_dir(dir);
}

}  // namespace odradek::coordination
