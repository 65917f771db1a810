#include "broker/handlers/fetch.h"

#include <chrono>

#include "broker/partition.h"
#include "broker/replica_manager.h"
#include "protocol/error_code.h"

namespace odradek::broker {

using protocol::error_code;
using fetch_response = protocol::fetch_response;

namespace {

// One partition to read, resolved from the request.
struct wanted {
    size_t topic_index;  // into the response's topics
    storage::topic_partition tp;
    const protocol::fetch_request::fetch_partition* req;
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
        o.fetch_offset = w.req->fetch_offset;
        o.max_bytes = std::min<int64_t>(std::max<int32_t>(w.req->partition_max_bytes, 0), budget);
        o.isolation = req.isolation_level == 1 ? fetch_isolation::txn_committed : fetch_isolation::high_watermark;
        o.min_one_message = min_one;
        if (version >= 9 && w.req->current_leader_epoch >= 0) o.current_leader_epoch = w.req->current_leader_epoch;
        if (version >= 12 && w.req->last_fetched_epoch >= 0) o.last_fetched_epoch = w.req->last_fetched_epoch;
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

}  // namespace

asio::awaitable<response> handle_fetch(request_context& ctx, protocol::fetch_request& req, int16_t version,
                                       fetch_env env) {
    fetch_response resp;
    if (version >= 7 && req.session_id != 0 && req.session_epoch > 0) {
        resp.error_code = int16_t(error_code::fetch_session_id_not_found);
        co_return make_response(ctx.header.correlation_id, resp, version);
    }
    auto cluster = env.cache.snapshot();

    std::vector<wanted> parts;
    for (const auto& t : req.topics) {
        size_t ti = resp.responses.size();
        auto& rt = resp.responses.emplace_back();
        rt.topic = t.topic;
        rt.topic_id = t.topic_id;
        std::string name = t.topic;
        error_code topic_error = error_code::none;
        if (version >= 13) {
            const topic_info* info = cluster->topic_by_id(t.topic_id);
            if (info)
                name = info->name;
            else
                topic_error = error_code::unknown_topic_id;
        }
        for (const auto& p : t.partitions) parts.push_back({ti, {name, p.partition}, &p, topic_error});
    }

    auto pass = read_all(parts, req, version, env.replicas, *cluster);
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

    file_records_splicer splicer(parts.size());
    for (size_t i = 0; i < parts.size(); ++i) {
        const auto& w = parts[i];
        auto& r = pass.reads[i];
        auto& pd = resp.responses[w.topic_index].partitions.emplace_back();
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
