#include "broker/partition_metadata.h"

#include "base/uuid_text.h"
#include "storage/errc.h"

namespace odradek::broker {

result<std::optional<protocol::uuid>> read_partition_metadata(storage::file_system& fs, const std::string& dir) {
    const std::string path = storage::join_path(dir, kPartitionMetadataFile);
    ODRADEK_TRY_ASSIGN(bool present, fs.exists(path));
    if (!present) return std::optional<protocol::uuid>();
    ODRADEK_TRY_ASSIGN(auto bytes, storage::read_whole_file(fs, path));
    std::string_view text = as_chars(bytes);
    auto malformed = [&] { return error(storage::errc::corrupt_checkpoint, path); };
    size_t nl = text.find('\n');
    if (nl == std::string_view::npos || text.substr(0, nl) != "version: 0") return malformed();
    std::string_view rest = text.substr(nl + 1);
    while (!rest.empty() && (rest.back() == '\n' || rest.back() == '\r')) rest.remove_suffix(1);
    constexpr std::string_view kPrefix = "topic_id: ";
    if (rest.substr(0, kPrefix.size()) != kPrefix) return malformed();
    auto id = uuid_from_base64(rest.substr(kPrefix.size()));
    if (!id) return malformed();
    return std::optional<protocol::uuid>(protocol::uuid{*id});
}

status write_partition_metadata(storage::file_system& fs, const std::string& dir, const protocol::uuid& id) {
    std::string text = "version: 0\ntopic_id: " + uuid_to_base64(id.bytes);
    return storage::write_file_atomic(fs, dir, kPartitionMetadataFile, as_bytes(text));
}

}  // namespace odradek::broker
