// Fuzzes the broker's request path past the decoders: a request frame (header
// and body, size prefix removed) is decoded as the socket server does and,
// when it parses, handed to the real handler over a real log manager and
// replica manager in a temp dir (partitions t-0 and t-1 led here). Produce
// input reaches record validation, in-place stamping and the log; the others
// read what earlier inputs wrote. Every answer must encode. Fetch's reads go
// through partition::read (its long poll needs an io_context, not fuzzed here).
// Every other API key with a handler in handlers/unserved.h (the APIs we know
// but do not serve) runs that handler, as the socket server would: it must
// answer with one well-formed frame for its correlation id, or close.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <vector>

#include "broker/handlers/delete_records.h"
#include "broker/handlers/describe_cluster.h"
#include "broker/handlers/list_offsets.h"
#include "broker/handlers/metadata.h"
#include "broker/handlers/offset_for_leader_epoch.h"
#include "broker/handlers/produce.h"
#include "broker/handlers/unserved.h"
#include "broker/log_manager.h"
#include "broker/replica_manager.h"
#include "protocol/header.h"
#include "protocol/message.h"
#include "protocol/messages/fetch.h"
#include "storage/posix_file_system.h"
#include "run_handler.h"

using namespace odradek;
using namespace odradek::broker;

namespace {

struct known_topics final : topic_lookup {
    bool partition_exists(std::string_view topic, int32_t p) const override {
        return topic == "t" && (p == 0 || p == 1);
    }
};

struct world {
    storage::posix_file_system fs;
    storage::system_clock clock;
    std::string dir;
    std::unique_ptr<log_manager> logs;
    std::unique_ptr<replica_manager> replicas;
    known_topics topics;
    metadata_snapshot cluster;

    world() {
        dir = (std::filesystem::temp_directory_path() / ("odradek-broker-fuzz-" + std::to_string(::getpid())))
                  .string();
        std::filesystem::remove_all(dir);
        log_manager_options o;
        o.log_dirs = {dir};
        o.cluster_id = "LsfhJ0lRQk-9PHrdJ2P_Hw";
        o.defaults.segment_bytes = 1 << 20;
        logs = std::move(log_manager::open(fs, clock, o).value());
        replicas = std::make_unique<replica_manager>(0, *logs);
        cluster.cluster_id = o.cluster_id;
        cluster.controller_id = 0;
        cluster.brokers[0] = broker_info{0, std::nullopt, {{"PLAINTEXT", "127.0.0.1", 9092}}};
        topic_info t;
        t.name = "t";
        for (int32_t p = 0; p < 2; ++p) {
            partition_state st;
            st.leader = 0;
            st.replicas = {0};
            st.isr = {0};
            if (!replicas->become_leader({"t", p}, st, {})) std::abort();
            t.partitions.push_back(partition_info{p, 0, 0, {0}, {0}, {}});
        }
        cluster.topics["t"] = t;
    }
    ~world() { std::filesystem::remove_all(dir); }
};

world& the_world() {
    static world w;
    return w;
}

template <typename Resp>
void encode_answer(const Resp& r, int16_t version) {
    byte_buffer out;
    protocol::append_response_frame(1, r, version, out);
}

// The unserved handlers by API key (empty fn: none).
const std::vector<api_handler>& unserved_table() {
    static const std::vector<api_handler> table = [] {
        std::vector<api_handler> t;
        for (auto& h : make_unserved_apis()) {
            if (size_t(h.key) >= t.size()) t.resize(size_t(h.key) + 1);
            t[size_t(h.key)] = std::move(h);
        }
        return t;
    }();
    return table;
}

void run_unserved(const protocol::request_frame& req) {
    const auto& table = unserved_table();
    const auto& h = req.header;
    if (h.api_key < 0 || size_t(h.api_key) >= table.size() || !table[size_t(h.api_key)].fn) return;
    const api_handler& handler = table[size_t(h.api_key)];
    if (!handler.unserved) std::abort();
    // Outside the schema's versions the socket server closes before the handler.
    if (h.api_version < handler.min_version || h.api_version > handler.max_version) return;
    request_context ctx{h, req.body, "127.0.0.1", "PLAINTEXT", 1};
    response answer = fuzz::run_handler(handler, ctx);
    if (answer.close) return;
    // One frame: size prefix, then the correlation id.
    const auto& f = answer.frame;
    if (!answer.send || f.size() < 8) std::abort();
    uint32_t size = (uint32_t(f[0]) << 24) | (uint32_t(f[1]) << 16) | (uint32_t(f[2]) << 8) | f[3];
    int32_t correlation = int32_t((uint32_t(f[4]) << 24) | (uint32_t(f[5]) << 16) | (uint32_t(f[6]) << 8) | f[7]);
    if (size != f.size() - 4 || correlation != h.correlation_id) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto& w = the_world();
    // The handlers stamp produce records in place, as in the receive buffer.
    byte_buffer frame(data, data + size);
    auto req = protocol::decode_request(frame);
    if (!req) return 0;
    int16_t v = req->header.api_version;
    switch (protocol::api_key(req->header.api_key)) {
        case protocol::api_key::produce: {
            auto m = protocol::decode_message<protocol::produce_request>(req->body, v);
            if (!m) return 0;
            produce_env env(*w.replicas, w.topics);
            encode_answer(handle_produce(*m, v, env), v);
            break;
        }
        case protocol::api_key::list_offsets: {
            auto m = protocol::decode_message<protocol::list_offsets_request>(req->body, v);
            if (!m) return 0;
            encode_answer(handle_list_offsets(*m, v, {*w.replicas, w.topics}), v);
            break;
        }
        case protocol::api_key::metadata: {
            auto m = protocol::decode_message<protocol::metadata_request>(req->body, v);
            if (!m) return 0;
            metadata_env env{w.cluster, "PLAINTEXT", true, {}};
            encode_answer(handle_metadata(*m, v, env), v);
            break;
        }
        case protocol::api_key::delete_records: {
            auto m = protocol::decode_message<protocol::delete_records_request>(req->body, v);
            if (!m) return 0;
            encode_answer(handle_delete_records(*m, v, {*w.replicas, w.topics}), v);
            break;
        }
        case protocol::api_key::offset_for_leader_epoch: {
            auto m = protocol::decode_message<protocol::offset_for_leader_epoch_request>(req->body, v);
            if (!m) return 0;
            encode_answer(handle_offset_for_leader_epoch(*m, v, {*w.replicas, w.topics}), v);
            break;
        }
        case protocol::api_key::describe_cluster: {
            auto m = protocol::decode_message<protocol::describe_cluster_request>(req->body, v);
            if (!m) return 0;
            encode_answer(handle_describe_cluster(w.cluster, "PLAINTEXT", *m, v), v);
            break;
        }
        case protocol::api_key::fetch: {
            auto m = protocol::decode_message<protocol::fetch_request>(req->body, v);
            if (!m) return 0;
            for (const auto& t : m->topics)
                for (const auto& p : t.partitions) {
                    auto part = w.replicas->get({t.topic, p.partition});
                    if (!part) continue;
                    read_options o;
                    o.fetch_offset = p.fetch_offset;
                    o.max_bytes = std::max<int32_t>(p.partition_max_bytes, 0);
                    auto r = part->read(o);
                    (void)r;
                }
            break;
        }
        default:
            run_unserved(*req);
            break;
    }
    return 0;
}
