#include "tools/dump_log.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <climits>
#include <filesystem>
#include <optional>
#include <utility>

#include "base/bytes.h"
#include "base/crc32c.h"
#include "record/batch_view.h"
#include "record/control_record.h"
#include "record/legacy.h"
#include "record/record_set.h"
#include "storage/offset_index.h"
#include "storage/posix_file_system.h"
#include "storage/segment.h"
#include "storage/time_index.h"
#include "tools/mapped_file.h"

namespace odradek::tools {

namespace {

namespace fs = std::filesystem;
using record::batch_header;

// How a key or payload is printed: Kafka's Decoder classes by name.
enum class decoder { string, integer, long_value, hex };

std::optional<decoder> decoder_by_name(const std::string& name) {
    auto is = [&](const char* simple) {
        return name == simple || name == std::string("kafka.serializer.") + simple ||
               name == std::string("org.apache.kafka.tools.api.") + simple;
    };
    if (is("StringDecoder")) return decoder::string;
    if (is("IntegerDecoder")) return decoder::integer;
    if (is("LongDecoder")) return decoder::long_value;
    if (is("DefaultDecoder")) return decoder::hex;
    return std::nullopt;
}

std::string decode(decoder d, byte_span b) {
    switch (d) {
        case decoder::string: return std::string(as_chars(b));
        case decoder::integer:
            return b.size() >= 4 ? std::to_string(load_be<int32_t>(b.data()))
                                 : fmt::format("<{} bytes, too short for IntegerDecoder>", b.size());
        case decoder::long_value:
            return b.size() >= 8 ? std::to_string(load_be<int64_t>(b.data()))
                                 : fmt::format("<{} bytes, too short for LongDecoder>", b.size());
        case decoder::hex: {
            std::string s;
            s.reserve(b.size() * 2);
            for (uint8_t c : b) s += fmt::format("{:02x}", c);
            return s;
        }
    }
    return {};
}

const char* codec_name(uint16_t attributes) {
    switch (attributes & record::kCompressionMask) {
        case 0: return "none";
        case 1: return "gzip";
        case 2: return "snappy";
        case 3: return "lz4";
        case 4: return "zstd";
    }
    return "unknown";
}

const char* timestamp_type_name(record::timestamp_type t) {
    return t == record::timestamp_type::log_append_time ? "LogAppendTime" : "CreateTime";
}

// Kafka's DefaultRecordBatch.incrementSequence: sequences wrap at INT32_MAX to 0.
int32_t increment_sequence(int32_t sequence, int32_t increment) {
    if (sequence > INT32_MAX - increment) return increment - (INT32_MAX - sequence) - 1;
    return sequence + increment;
}

const char* control_type_name(int16_t type) {
    switch (type) {
        case 0: return "ABORT";
        case 1: return "COMMIT";
        case 2: return "LEADER_CHANGE";
        case 3: return "SNAPSHOT_HEADER";
        case 4: return "SNAPSHOT_FOOTER";
    }
    return "UNKNOWN";
}

fs::path sibling(const fs::path& file, const char* suffix) {
    std::string stem = file.filename().string();
    return fs::absolute(file).parent_path() / (stem.substr(0, stem.find('.')) + suffix);
}

class dumper {
public:
    dumper(const dump_log_options& o, decoder key, decoder value, std::ostream& out, std::ostream& err)
        : o_(o), key_decoder_(key), value_decoder_(value), out_(out), err_(err) {}

    int dump(const std::string& arg);
    void print_problems();

private:
    int dump_log(const fs::path& file);
    void dump_batch_records(const record::batch_view& batch, int64_t& last_offset, const fs::path& file);
    void dump_legacy_entry(const record::batch_entry& entry, size_t position, bool deep, int64_t& last_offset,
                           const fs::path& file);
    void note_offset(int64_t offset, int64_t& last_offset, const fs::path& file);
    // Kafka's tail of a record line: a key takes the current separator, a
    // payload always " payload: ".
    void append_data(std::string& line, const char* prefix, const std::optional<byte_span>& key,
                     const std::optional<byte_span>& value) const {
        if (key) line += std::string(prefix) + "key: " + decode(key_decoder_, *key);
        if (value) line += " payload: " + decode(value_decoder_, *value);
    }
    template <typename Entry>
    struct index_files {
        int64_t base;
        int64_t file_size;
        std::vector<Entry> entries;
        mapped_file log;
    };
    template <typename Entry, typename Reader>
    std::optional<index_files<Entry>> open_index(const fs::path& file, Reader read_entries);
    int dump_offset_index(const fs::path& file);
    int dump_time_index(const fs::path& file);
    int cannot_open(const fs::path& file, const error& e) {
        err_ << "kafka-dump-log: cannot read " << file.string() << ": " << e.code.message() << '\n';
        return 1;
    }

    const dump_log_options& o_;
    decoder key_decoder_, value_decoder_;
    std::ostream& out_;
    std::ostream& err_;
    storage::posix_file_system fs_;
    byte_buffer scratch_;  // decompression buffer reused across batches

    // Problems reported on stderr after all files, as Kafka does.
    std::vector<std::pair<std::string, std::vector<std::pair<int64_t, int64_t>>>> index_mismatches_;
    std::vector<std::pair<std::string, std::vector<std::pair<int64_t, int64_t>>>> non_consecutive_;
    std::vector<std::string> time_index_problems_;
};

int dumper::dump(const std::string& arg) {
    fs::path file(arg);
    out_ << "Dumping " << arg << '\n';
    std::string ext = file.extension().string();
    if (ext == ".log") return dump_log(file);
    if (ext == ".index") return dump_offset_index(file);
    if (ext == ".timeindex") return dump_time_index(file);
    err_ << "Ignoring unknown file " << arg << '\n';
    return 0;
}

int dumper::dump_log(const fs::path& file) {
    auto base = storage::parse_offset_file_stem(file.stem().string());
    if (!base) {
        err_ << "kafka-dump-log: " << file.string()
             << " is not named after a base offset (expected a name like 00000000000000000000.log)\n";
        return 1;
    }
    out_ << "Log starting offset: " << base->value() << '\n';
    auto mapped = mapped_file::open(file.string());
    if (!mapped) return cannot_open(file, mapped.err());
    byte_span all = mapped->bytes();
    byte_span data = all.first(std::min(all.size(), size_t(o_.max_bytes)));

    bool deep = o_.deep_iteration || o_.print_data_log;
    int64_t last_offset = -1;
    record::record_set_reader reader(data);
    record::batch_entry entry;
    while (reader.next(entry)) {
        size_t position = reader.consumed() - entry.bytes.size();
        if (entry.frame.magic != record::kMagicV2) {
            dump_legacy_entry(entry, position, deep, last_offset, file);
            continue;
        }
        auto batch = record::batch_view::parse(entry.bytes);
        if (!batch) {
            err_ << "Batch at position " << position << " of " << file.string()
                 << " is malformed: " << batch.err().message() << '\n';
            continue;
        }
        const batch_header& h = batch->header();
        int32_t last_sequence =
            h.base_sequence == record::kNoSequence ? record::kNoSequence : increment_sequence(h.base_sequence, h.last_offset_delta);
        std::string delete_horizon =
            h.has_delete_horizon() ? fmt::format("OptionalLong[{}]", h.base_timestamp) : "OptionalLong.empty";
        fmt::print(out_,
                   "baseOffset: {} lastOffset: {} count: {} baseSequence: {} lastSequence: {} producerId: {} "
                   "producerEpoch: {} partitionLeaderEpoch: {} isTransactional: {} isControl: {} deleteHorizonMs: {} "
                   "position: {} {}: {} size: {} magic: {} compresscodec: {} crc: {} isvalid: {}\n",
                   h.base_offset, h.last_offset(), h.records_count, h.base_sequence, last_sequence, h.producer_id,
                   h.producer_epoch, h.partition_leader_epoch, h.is_transactional(), h.is_control(), delete_horizon,
                   position, timestamp_type_name(h.ts_type()), h.max_timestamp, h.size_bytes(), int(h.magic), codec_name(h.attributes),
                   h.crc, batch->crc_valid());
        if (deep) dump_batch_records(*batch, last_offset, file);
    }
    if (!reader.result()) {
        err_ << "Stopped reading " << file.string() << " at position " << reader.consumed() << ": "
             << reader.result().err().message() << '\n';
    }
    size_t trailing = all.size() - reader.consumed();
    if (trailing > 0 && o_.max_bytes == INT32_MAX) {
        out_ << "Found " << trailing << " invalid bytes at the end of " << file.filename().string() << '\n';
    }
    return 0;
}

void dumper::dump_batch_records(const record::batch_view& batch, int64_t& last_offset, const fs::path& file) {
    const batch_header& h = batch.header();
    auto records = batch.records(scratch_, size_t(std::max(o_.max_message_size, 1)) * 64);
    if (!records) {
        err_ << "Cannot read the records of the batch at offset " << h.base_offset << ": " << records.err().message() << '\n';
        return;
    }
    bool log_append = h.ts_type() == record::timestamp_type::log_append_time;
    record::record_view r;
    while (records->next(r)) {
        int64_t offset = r.offset(h.base_offset);
        note_offset(offset, last_offset, file);

        // Kafka's layout: "| " then metadata; after metadata the separator is one
        // space; a key takes the current separator, a payload always " payload: ".
        std::string line;
        const char* prefix = "| ";
        if (!o_.skip_record_metadata) {
            int64_t ts = log_append ? h.max_timestamp : r.timestamp(h.base_timestamp);
            int32_t sequence = h.base_sequence == record::kNoSequence
                                   ? record::kNoSequence
                                   : increment_sequence(h.base_sequence, int32_t(r.offset_delta));
            std::string header_keys;
            for (const auto& hdr : r.headers) header_keys += (header_keys.empty() ? "" : ",") + std::string(hdr.key);
            line += fmt::format("| offset: {} {}: {} keySize: {} valueSize: {} sequence: {} headerKeys: [{}]", offset,
                                timestamp_type_name(h.ts_type()), ts, r.key ? int64_t(r.key->size()) : -1,
                                r.value ? int64_t(r.value->size()) : -1, sequence, header_keys);
            prefix = " ";
            if (h.is_control()) {
                auto key = record::parse_control_key(r.key);
                if (!key) {
                    line += " controlType: invalid (" + key.err().message() + ")";
                } else if (key->type == record::control_type::abort || key->type == record::control_type::commit) {
                    auto marker = record::parse_end_txn_marker(r.value);
                    if (marker) {
                        line += fmt::format(" endTxnMarker: {} coordinatorEpoch: {}", control_type_name(int16_t(key->type)),
                                            marker->coordinator_epoch);
                    } else {
                        line += " endTxnMarker: invalid (" + marker.err().message() + ")";
                    }
                } else {
                    line += fmt::format(" controlType: {}({})", control_type_name(int16_t(key->type)), int16_t(key->type));
                }
            }
        }
        if (o_.print_data_log && !h.is_control()) append_data(line, prefix, r.key, r.value);
        out_ << line << '\n';
    }
    if (!records->result()) {
        err_ << "Malformed record in the batch at offset " << h.base_offset << ": " << records->result().err().message()
             << '\n';
    }
}

void dumper::note_offset(int64_t offset, int64_t& last_offset, const fs::path& file) {
    if (last_offset != -1 && offset != last_offset + 1) {
        std::string key = fs::absolute(file).string();
        if (non_consecutive_.empty() || non_consecutive_.back().first != key) non_consecutive_.push_back({key, {}});
        non_consecutive_.back().second.push_back({last_offset, offset});
    }
    last_offset = offset;
}

// A magic v0/v1 entry (a message, or a compressed wrapper of messages), as
// Kafka prints an AbstractLegacyRecordBatch: "offset:" is the entry's (last)
// offset; v0 has no timestamp type.
void dumper::dump_legacy_entry(const record::batch_entry& entry, size_t position, bool deep, int64_t& last_offset,
                               const fs::path& file) {
    byte_span b = entry.bytes;
    int8_t magic = entry.frame.magic;
    size_t min_size = record::kLegacyMagicPos + 2 + (magic == 1 ? 8 : 0);
    if (b.size() < min_size) {
        err_ << "Message at position " << position << " of " << file.string() << " is too short\n";
        return;
    }
    uint32_t crc = load_be<uint32_t>(b.data() + record::kLegacyCrcPos);
    bool valid = crc == crc32_ieee(b.subspan(record::kLegacyMagicPos));
    auto attributes = uint8_t(b[record::kLegacyMagicPos + 1]);
    const char* ts_type = "NoTimestampType";
    int64_t ts = -1;
    if (magic == 1) {
        ts_type = (attributes & record::kLegacyTimestampTypeBit) ? "LogAppendTime" : "CreateTime";
        ts = load_be<int64_t>(b.data() + record::kLegacyMagicPos + 2);
    }
    fmt::print(out_, "offset: {} position: {} {}: {} size: {} magic: {} compresscodec: {} crc: {} isvalid: {}\n",
               entry.frame.base_offset, position, ts_type, ts, b.size(), int(magic), codec_name(attributes), crc, valid);
    if (!deep) return;
    record::legacy_reader reader(b, size_t(std::max(o_.max_message_size, 1)) * 64);
    bool compressed = (attributes & record::kCompressionMask) != 0;
    record::legacy_message m;
    while (reader.next(m)) {
        note_offset(m.offset, last_offset, file);
        std::string line;
        const char* prefix = "| ";
        if (!o_.skip_record_metadata) {
            const char* type = m.magic == 0 ? "NoTimestampType" : timestamp_type_name(m.ts_type);
            line += fmt::format("| offset: {} {}: {} keySize: {} valueSize: {}", m.offset, type,
                                m.magic == 0 ? -1 : m.timestamp, m.key ? int64_t(m.key->size()) : -1,
                                m.value ? int64_t(m.value->size()) : -1);
            // Kafka prints a stray "}" after a legacy record's crc; kept for scripts that match it.
            if (!compressed) line += fmt::format(" isValid: {} crc: {}}}", valid, crc);
            prefix = " ";
        }
        if (o_.print_data_log) append_data(line, prefix, m.key, m.value);
        out_ << line << '\n';
    }
    if (!reader.result()) {
        err_ << "Malformed message at position " << position << ": " << reader.result().err().message() << '\n';
    }
}

// The pieces every index dump needs: the base offset from the file name, the
// index entries, the sibling .log mapped, and the index file's size (for the
// sanity check). Prints the problem and returns nullopt when one is missing.
template <typename Entry, typename Reader>
std::optional<dumper::index_files<Entry>> dumper::open_index(const fs::path& file, Reader read_entries) {
    auto base = storage::parse_offset_file_stem(file.stem().string());
    if (!base) {
        err_ << "kafka-dump-log: " << file.string()
             << " is not named after a base offset (expected a name like 00000000000000000000" << file.extension().string()
             << ")\n";
        return std::nullopt;
    }
    std::error_code ec;
    auto size = fs::file_size(file, ec);
    if (ec) {
        cannot_open(file, error(ec));
        return std::nullopt;
    }
    auto entries = read_entries(fs_, file.string(), *base);
    if (!entries) {
        cannot_open(file, entries.err());
        return std::nullopt;
    }
    fs::path log_path = sibling(file, ".log");
    auto log = mapped_file::open(log_path.string());
    if (!log) {
        cannot_open(log_path, log.err());
        return std::nullopt;
    }
    return index_files<Entry>{base->value(), int64_t(size), std::move(entries).value(), std::move(log).value()};
}

int dumper::dump_offset_index(const fs::path& file) {
    auto idx = open_index<storage::offset_position>(file, storage::read_offset_index_file);
    if (!idx) return 1;
    if (idx->entries.empty()) {
        out_ << file.string() << " is empty.\n";
        return 0;
    }
    if (o_.index_sanity_check) {
        std::string abs = fs::absolute(file).string();
        int64_t last = idx->entries.back().off.value();
        if (last < idx->base) {
            out_ << "Corrupt index found, index file (" << abs << ") has non-zero size but the last offset is " << last
                 << " which is less than the base offset " << idx->base << ".\n";
        } else if (idx->file_size % int64_t(storage::kOffsetIndexEntrySize) != 0) {
            out_ << "Index file " << abs << " is corrupt, found " << idx->file_size
                 << " bytes which is neither positive nor a multiple of " << storage::kOffsetIndexEntrySize << ".\n";
        } else {
            out_ << file.string() << " passed sanity check.\n";
        }
        return 0;
    }
    byte_span log = idx->log.bytes();
    std::vector<std::pair<int64_t, int64_t>> mismatches;
    for (size_t i = 0; i < idx->entries.size(); ++i) {
        int64_t offset = idx->entries[i].off.value(), position = idx->entries[i].pos.value();
        // A preallocated index of an active segment is zero-filled past its entries.
        if (offset == idx->base && i > 0) break;
        int64_t found = -1;
        if (position >= 0 && size_t(position) < log.size()) {
            byte_span at = log.subspan(size_t(position));
            at = at.first(std::min(at.size(), size_t(o_.max_message_size)));
            if (auto h = record::parse_batch_header(at)) found = h->last_offset();
        }
        if (found != offset) mismatches.push_back({offset, found});
        if (!o_.verify_index_only) out_ << "offset: " << offset << " position: " << position << '\n';
    }
    if (!mismatches.empty()) index_mismatches_.push_back({fs::absolute(file).string(), std::move(mismatches)});
    return 0;
}

int dumper::dump_time_index(const fs::path& file) {
    auto idx = open_index<storage::timestamp_offset>(file, storage::read_time_index_file);
    if (!idx) return 1;
    fs::path offset_index_path = sibling(file, ".index");
    auto offsets = storage::read_offset_index_file(fs_, offset_index_path.string(), odradek::offset(idx->base));
    if (!offsets) return cannot_open(offset_index_path, offsets.err());

    const auto& entries = idx->entries;
    std::string abs = fs::absolute(file).string();
    if (o_.index_sanity_check) {
        if (!entries.empty() && entries.back().timestamp < entries.front().timestamp) {
            out_ << "Corrupt time index found, time index file (" << abs
                 << ") has non-zero size but the last timestamp is " << entries.back().timestamp
                 << " which is less than the first timestamp " << entries.front().timestamp << '\n';
        } else if (!entries.empty() && entries.back().off.value() < idx->base) {
            out_ << "Corrupt time index found, time index file (" << abs
                 << ") has non-zero size but the last offset is " << entries.back().off.value()
                 << " which is less than the first offset " << idx->base << '\n';
        } else if (idx->file_size % int64_t(storage::kTimeIndexEntrySize) != 0) {
            out_ << "Time index file " << abs << " is corrupt, found " << idx->file_size
                 << " bytes which is neither positive nor a multiple of " << storage::kTimeIndexEntrySize << ".\n";
        } else {
            out_ << file.string() << " passed sanity check.\n";
        }
        return 0;
    }
    // Position of the largest offset-index entry at or below `offset`.
    auto lookup_position = [&](int64_t offset) -> size_t {
        size_t best = 0;
        for (size_t i = 0; i < offsets->size(); ++i) {
            int64_t o = (*offsets)[i].off.value();
            if ((i > 0 && o == idx->base) || o > offset) break;
            best = size_t((*offsets)[i].pos.value());
        }
        return best;
    };
    byte_span log = idx->log.bytes();
    int64_t prev_timestamp = -1;
    for (size_t i = 0; i < entries.size(); ++i) {
        int64_t timestamp = entries[i].timestamp, offset = entries[i].off.value();
        if (offset == idx->base && i > 0) break;
        size_t position = lookup_position(offset);
        std::optional<batch_header> found;
        if (position < log.size()) {
            record::record_set_reader reader(log.subspan(position));
            record::batch_entry e;
            while (reader.next(e)) {
                auto h = record::parse_batch_header(e.bytes);
                if (h && h->last_offset() >= offset) {
                    found = *h;
                    break;
                }
            }
        }
        if (!found) {
            time_index_problems_.push_back(fmt::format("Indexed offset: {}, found log offset: -1", offset));
        } else if (found->last_offset() != offset) {
            time_index_problems_.push_back(fmt::format("Indexed offset: {}, found log offset: {}", offset, found->last_offset()));
        } else {
            if (found->max_timestamp != timestamp) {
                time_index_problems_.push_back(fmt::format("Found timestamp mismatch in :{}\n  Index timestamp: {}, log timestamp: {}",
                                                           abs, timestamp, found->max_timestamp));
            }
            if (prev_timestamp >= timestamp) {
                time_index_problems_.push_back(
                    fmt::format("Found out of order timestamp in :{}\n  Index timestamp: {}, Previously indexed timestamp: {}",
                                abs, timestamp, prev_timestamp));
            }
        }
        if (!o_.verify_index_only) out_ << "timestamp: " << timestamp << " offset: " << offset << '\n';
        prev_timestamp = timestamp;
    }
    return 0;
}

void dumper::print_problems() {
    for (const auto& [file, list] : index_mismatches_) {
        err_ << "Mismatches in :" << file << '\n';
        for (auto it = list.rbegin(); it != list.rend(); ++it)
            err_ << "  Index offset: " << it->first << ", log offset: " << it->second << '\n';
    }
    for (const auto& p : time_index_problems_) {
        if (p.rfind("Indexed offset", 0) == 0) err_ << "The following indexed offsets are not found in the log.\n";
        err_ << p << '\n';
    }
    for (const auto& [file, list] : non_consecutive_) {
        err_ << "Non-consecutive offsets in " << file << '\n';
        for (auto it = list.rbegin(); it != list.rend(); ++it)
            err_ << "  " << it->first << " is followed by " << it->second << '\n';
    }
}

}  // namespace

std::vector<std::string> split_file_list(const std::string& list) {
    std::vector<std::string> files;
    size_t start = 0;
    while (start <= list.size()) {
        size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        if (comma > start) files.push_back(list.substr(start, comma - start));
        start = comma + 1;
    }
    return files;
}

int run_dump_log(const dump_log_options& options, std::ostream& out, std::ostream& err) {
    auto key = decoder_by_name(options.key_decoder);
    auto value = decoder_by_name(options.value_decoder);
    for (const auto* name : {&options.key_decoder, &options.value_decoder}) {
        if (!decoder_by_name(*name)) {
            err << "kafka-dump-log: unknown decoder class '" << *name
                << "' (use StringDecoder, IntegerDecoder, LongDecoder or DefaultDecoder)\n";
            return 1;
        }
    }
    if (options.max_message_size <= 0 || options.max_bytes <= 0) {
        err << "kafka-dump-log: --max-message-size and --max-bytes must be positive\n";
        return 1;
    }
    if (options.files.empty()) {
        err << "kafka-dump-log: --files names no file\n";
        return 1;
    }
    dumper d(options, *key, *value, out, err);
    int code = 0;
    for (const auto& f : options.files) code = std::max(code, d.dump(f));
    d.print_problems();
    return code;
}

}  // namespace odradek::tools
