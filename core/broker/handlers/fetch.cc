#include "broker/handlers/fetch.h"

#include <chrono>

#include "broker/fetch_session_cache.h"
#include "broker/partition.h"
#include "broker/replica_manager.h"
#include "protocol/error_code.h"

namespace odradek::broker {

using protocol::error_code;
using fetch_response = protocol::fetch_response;

namespace {

// One partition to read, resolved from the request or the session.
struct wanted {
    storage::topic_partition tp;
    protocol::uuid topic_id;
    int64_t fetch_offset = 0;
    int32_t max_bytes = 0;
    int32_t current_leader_epoch = -1;
    int32_t last_fetched_epoch = -1;
    error_code resolve_error = error_code::none;
};

struct pass_result {
    std::vector<read_result> reads;  // parallel to the wanted list
    int64_t bytes = 0;
    bool any_error = false;
};

pass_result read_all(const std::vector<wanted>& parts, const protocol::fetch_request& req, int16_t version,
                     replica_manager& replicas, const metadata_snapshot& cluster) {
    pass_result out;
    out.reads.resize(parts.size());
    // v0-2 have no response limit and no "at least one batch" rule.
    int64_t budget = version >= 3 ? std::max<int64_t>(req.max_bytes, 0) : INT64_MAX;
    bool min_one = version >= 3;
    for (size_t i = 0; i < parts.size(); ++i) {
        const auto& w = parts[i];
        auto& r = out.reads[i];
        if (w.resolve_error != error_code::none) {
            r.error = kafka_error(w.resolve_error);
            out.any_error = true;
            continue;
        }
        auto p = replicas.get(w.tp);
        if (!p) {
            r.error = kafka_error(cluster.partition(w.tp.topic, w.tp.partition) ? error_code::not_leader_or_follower
                                                                                : error_code::unknown_topic_or_partition);
            out.any_error = true;
            continue;
        }
        read_options o;
        o.fetch_offset = w.fetch_offset;
        o.max_bytes = std::min<int64_t>(std::max<int32_t>(w.max_bytes, 0), budget);
        const int32_t replica = version >= 15 ? req.replica_state.replica_id : req.replica_id;
        if (replica >= 0) {
            // A follower: reads up to the log end, and its fetch offset is its log end.
            o.isolation = fetch_isolation::log_end;
            o.replica_id = replica;
        } else {
            o.isolation = req.isolation_level == 1 ? fetch_isolation::txn_committed : fetch_isolation::high_watermark;
        }
        o.min_one_message = min_one;
        if (version >= 9 && w.current_leader_epoch >= 0) o.current_leader_epoch = w.current_leader_epoch;
        if (version >= 12 && w.last_fetched_epoch >= 0) o.last_fetched_epoch = w.last_fetched_epoch;
        r = p->read(o);
        if (!r.error.ok()) {
            out.any_error = true;
            continue;
        }
        if (r.bytes > 0) {
            min_one = false;
            budget = std::max<int64_t>(0, budget - r.bytes);
            out.bytes += r.bytes;
        }
        if (r.diverging_epoch) out.any_error = true;  // answer at once, as Kafka does
    }
    return out;
}


// The request's partitions as session entries, names resolved from ids (v13+).
std::vector<cached_partition> requested_partitions(const protocol::fetch_request& req, int16_t version,
                                                   const metadata_snapshot& cluster) {
    std::vector<cached_partition> out;
    for (const auto& t : req.topics) {
        std::string name = t.topic;
        if (version >= 13) {
            const topic_info* info = cluster.topic_by_id(t.topic_id);
            name = info ? info->name : std::string();
        }
        for (const auto& p : t.partitions) {
            cached_partition c;
            c.topic = name;
            c.topic_id = t.topic_id;
            c.partition = p.partition;
            c.fetch_offset = p.fetch_offset;
            c.max_bytes = p.partition_max_bytes;
            c.current_leader_epoch = p.current_leader_epoch;
            c.last_fetched_epoch = p.last_fetched_epoch;
            c.log_start_offset = p.log_start_offset;
            out.push_back(std::move(c));
        }
    }
    return out;
}

std::vector<fetch_session_cache::forgotten> forgotten_partitions(const protocol::fetch_request& req) {
    std::vector<fetch_session_cache::forgotten> out;
    for (const auto& t : req.forgotten_topics_data)
        for (int32_t p : t.partitions) out.push_back({t.topic, t.topic_id, p});
    return out;
}

wanted to_wanted(const cached_partition& c, int16_t version, const metadata_snapshot& cluster) {
    wanted w{{c.topic, c.partition}, c.topic_id, c.fetch_offset, c.max_bytes, c.current_leader_epoch,
             c.last_fetched_epoch};
    if (version >= 13) {
        // A session may outlive its topic: resolve the id again.
        const topic_info* info = cluster.topic_by_id(c.topic_id);
        if (info)
            w.tp.topic = info->name;
        else
            w.resolve_error = error_code::unknown_topic_id;
    }
    return w;
}

partition_answer answer_of(const read_result& r) {
    partition_answer a;
    a.error = r.error.ok() ? error_code::none : error_code(r.error.wire());
    a.bytes = r.error.ok() ? r.bytes : 0;
    a.high_watermark = r.error.ok() ? r.high_watermark : -1;
    a.log_start_offset = r.error.ok() ? r.log_start_offset : -1;
    a.diverging = r.diverging_epoch.has_value();
    return a;
}

int64_t wall_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

asio::awaitable<response> handle_fetch(request_context& ctx, protocol::fetch_request& req, int16_t version,
                                       fetch_env env) {
    fetch_response resp;
    auto cluster = env.cache.snapshot();
    const int32_t replica = version >= 15 ? req.replica_state.replica_id : req.replica_id;
    // FetchManager.newContext: v0-6 carry no session (SessionEpoch defaults to
    // FINAL_EPOCH); a full request (epoch 0 or -1) closes the session it names
    // and, with epoch 0, asks for a new one.
    enum class context { sessionless, full, incremental } kind = context::sessionless;
    if (version >= 7) {
        if (req.session_epoch == kInitialFetchEpoch || req.session_epoch == kFinalFetchEpoch) {
            if (req.session_id != kInvalidSessionId) env.sessions.remove(req.session_id);
            kind = req.session_epoch == kInitialFetchEpoch ? context::full : context::sessionless;
        } else {
            kind = context::incremental;
        }
    }

    std::vector<cached_partition> entries;
    int32_t next_epoch = 0;
    if (kind == context::incremental) {
        auto inc = env.sessions.begin_incremental(req.session_id, req.session_epoch, version >= 13,
                                                  requested_partitions(req, version, *cluster),
                                                  forgotten_partitions(req), wall_now_ms());
        if (inc.error != error_code::none) {
            // SessionErrorContext: the error alone, no session, no partitions.
            resp.error_code = int16_t(inc.error);
            co_return make_response(ctx.header.correlation_id, resp, version);
        }
        if (inc.closed) {
            kind = context::sessionless;
            entries = requested_partitions(req, version, *cluster);
        } else {
            next_epoch = inc.next_epoch;
            entries = std::move(inc.partitions);
        }
    } else {
        entries = requested_partitions(req, version, *cluster);
    }
    std::vector<wanted> parts;
    parts.reserve(entries.size());
    for (const auto& c : entries) parts.push_back(to_wanted(c, version, *cluster));

    auto pass = read_all(parts, req, version, env.replicas, *cluster);
    if (replica >= 0) {
        // A follower's fetch may have moved high watermarks: wake the acks=-1
        // produces and consumer long polls waiting on them.
        for (size_t i = 0; i < parts.size(); ++i)
            if (pass.reads[i].error.ok()) env.waiters.notify(parts[i].tp);
    }
    bool wait = req.max_wait_ms > 0 && !parts.empty() && !pass.any_error && pass.bytes < req.min_bytes;
    if (wait) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(req.max_wait_ms);
        auto state = std::make_shared<fetch_waiters::wait_state>(co_await asio::this_coro::executor);
        std::vector<storage::topic_partition> tps;
        for (const auto& w : parts) tps.push_back(w.tp);
        uint64_t id = env.waiters.add(tps, state);
        while (std::chrono::steady_clock::now() < deadline) {
            if (!state->fired.exchange(false)) {
                state->timer.expires_at(deadline);
                std::error_code ec;
                co_await state->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
                state->fired = false;
            }
            cluster = env.cache.snapshot();
            pass = read_all(parts, req, version, env.replicas, *cluster);
            if (pass.any_error || pass.bytes >= req.min_bytes) break;
        }
        env.waiters.remove(id);
    }

    std::vector<partition_answer> answers;
    answers.reserve(parts.size());
    for (const auto& r : pass.reads) answers.push_back(answer_of(r));
    std::vector<bool> send(parts.size(), true);
    if (kind == context::incremental) {
        auto fin = env.sessions.finish_incremental(req.session_id, next_epoch, answers);
        resp.session_id = req.session_id;
        if (fin.error != error_code::none) {
            // Another request of this session came in meanwhile (a duplicate).
            resp.error_code = int16_t(fin.error);
            co_return make_response(ctx.header.correlation_id, resp, version);
        }
        send = std::move(fin.send);
    } else if (kind == context::full) {
        for (size_t i = 0; i < entries.size(); ++i) update_from_answer(entries[i], answers[i]);
        resp.session_id = env.sessions.create(replica >= 0, version >= 13, std::move(entries), wall_now_ms());
    }

    // Consecutive partitions of one topic share a topic entry, as in Kafka's
    // FetchResponse (a session's order may interleave topics).
    file_records_splicer splicer(parts.size());
    for (size_t i = 0; i < parts.size(); ++i) {
        if (!send[i]) continue;
        const auto& w = parts[i];
        auto& r = pass.reads[i];
        bool same_topic = !resp.responses.empty() && (version >= 13 ? resp.responses.back().topic_id == w.topic_id
                                                                    : resp.responses.back().topic == w.tp.topic);
        if (!same_topic) {
            auto& rt = resp.responses.emplace_back();
            rt.topic = w.tp.topic;
            rt.topic_id = w.topic_id;
        }
        auto& pd = resp.responses.back().partitions.emplace_back();
        pd.partition_index = w.tp.partition;
        pd.error_code = r.error.wire();
        pd.high_watermark = r.error.ok() ? r.high_watermark : -1;
        pd.last_stable_offset = r.error.ok() ? r.last_stable_offset : -1;
        pd.log_start_offset = r.error.ok() ? r.log_start_offset : -1;
        if (r.diverging_epoch) {
            pd.diverging_epoch.epoch = r.diverging_epoch->epoch;
            pd.diverging_epoch.end_offset = r.diverging_epoch->start_offset;
        }
        if (req.isolation_level == 0) pd.aborted_transactions.reset();
        if (r.error.ok() && r.bytes > 0)
            pd.records = splicer.placeholder(std::move(r.slices), r.bytes);
        else
            pd.records = byte_span();
    }
    co_return make_response(ctx.header.correlation_id, resp, version, splicer);
}

}  // namespace odradek::broker
