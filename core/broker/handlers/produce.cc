#include "broker/handlers/produce.h"

#include <set>

#include "record/batch_header.h"
#include "record/record_set.h"

namespace odradek::broker {

namespace {

using protocol::error_code;
using presp = protocol::produce_response;

presp::partition_produce_response error_partition(int32_t index, error_code c,
                                                  std::optional<std::string> message = std::nullopt) {
    presp::partition_produce_response r;
    r.index = index;
    r.error_code = int16_t(c);
    r.base_offset = -1;
    r.log_append_time_ms = -1;
    r.log_start_offset = -1;
    r.error_message = std::move(message);
    return r;
}

// What ProduceRequest.validateRecords and RequestUtils.hasTransactionalRecords
// look at: the whole batches of a partition's record set.
struct records_shape {
    size_t batches = 0;
    int8_t first_magic = -1;
    bool first_transactional = false;
    record::compression first_codec = record::compression::none;
    bool framing_error = false;
};

records_shape inspect(byte_span records) {
    records_shape s;
    record::record_set_reader rd(records);
    record::batch_entry e;
    while (rd.next(e)) {
        if (s.batches++ == 0) {
            s.first_magic = e.frame.magic;
            if (e.frame.magic == record::kMagicV2 && e.bytes.size() >= record::kBatchHeaderSize) {
                const uint16_t attrs = load_be<uint16_t>(e.bytes.data() + record::kAttributesPos);
                s.first_transactional = attrs & record::kTransactionalBit;
                s.first_codec = record::compression(attrs & record::kCompressionMask);
            }
        }
    }
    s.framing_error = !rd.result();
    return s;
}

presp::partition_produce_response produce_partition(const std::string& topic,
                                                    protocol::produce_request::partition_produce_data& pd,
                                                    int16_t version, int16_t acks, const produce_env& env,
                                                    std::optional<replication_wait>& wait) {
    const byte_span records = pd.records.value_or(byte_span{});
    if (!env.topics.partition_exists(topic, pd.index)) return error_partition(pd.index, error_code::unknown_topic_or_partition);
    const records_shape shape = inspect(records);
    if (version >= 3) {
        if (shape.framing_error) return error_partition(pd.index, error_code::corrupt_message);
        if (shape.batches == 0 || shape.first_magic != record::kMagicV2) {
            return error_partition(pd.index, error_code::invalid_record);
        }
        if (version < 7 && shape.first_codec == record::compression::zstd) {
            return error_partition(pd.index, error_code::unsupported_compression_type);
        }
        if (shape.batches > 1) return error_partition(pd.index, error_code::invalid_record);
    }
    if (acks != -1 && acks != 0 && acks != 1) return error_partition(pd.index, error_code::invalid_required_acks);
    if (shape.first_transactional) {
        return error_partition(pd.index, error_code::not_enough_replicas,
                               "Unable to verify the partition has been added to the transaction. Underlying error: "
                               "COORDINATOR_NOT_AVAILABLE");
    }
    if (is_internal_topic(topic) && !env.internal_topics_allowed) {
        return error_partition(pd.index, error_code::invalid_topic_exception);
    }
    auto p = env.replicas.get({topic, pd.index});
    if (!p) return error_partition(pd.index, error_code::not_leader_or_follower);

    // The request buffer is the caller's and writable (see produce.h).
    mutable_byte_span writable(const_cast<uint8_t*>(records.data()), records.size());
    append_result r = env.replicas.append_records(*p, writable, acks);
    presp::partition_produce_response out;
    out.index = pd.index;
    out.error_code = r.error.wire();
    out.base_offset = r.base_offset;
    out.log_append_time_ms = r.log_append_time;
    out.log_start_offset = r.log_start_offset;
    for (auto& e : r.record_errors) {
        presp::batch_index_and_error_message m;
        m.batch_index = e.batch_index;
        m.batch_index_error_message = std::move(e.message);
        out.record_errors.push_back(std::move(m));
    }
    // Kafka sends a message only with a RecordValidationException.
    if (!r.error.ok() && !out.record_errors.empty()) out.error_message = r.error.message;
    if (acks == -1 && r.error.ok()) {
        // DelayedProduce's first tryComplete: a single-replica ISR is done
        // here, as is a leadership lost since the append.
        if (auto outcome = p->replication_outcome(r.last_offset + 1))
            out.error_code = int16_t(*outcome);
        else
            wait = {0, 0, p, r.last_offset + 1};
    }
    return out;
}

}  // namespace

protocol::produce_response handle_produce(protocol::produce_request& req, int16_t version, const produce_env& env) {
    presp resp;
    bool transactional = false;
    for (const auto& t : req.topic_data) {
        for (const auto& pd : t.partition_data) {
            if (pd.records && inspect(*pd.records).first_transactional) transactional = true;
        }
    }
    if (transactional && !req.transactional_id) {
        for (const auto& t : req.topic_data) {
            presp::topic_produce_response tr;
            tr.name = t.name;
            for (const auto& pd : t.partition_data) {
                tr.partition_responses.push_back(error_partition(pd.index,
                                                                 error_code::transactional_id_authorization_failed,
                                                                 "Transactional Id authorization failed."));
            }
            resp.responses.push_back(std::move(tr));
        }
        return resp;
    }

    std::set<int32_t> endpoints_added;
    for (auto& t : req.topic_data) {
        presp::topic_produce_response tr;
        tr.name = t.name;
        for (auto& pd : t.partition_data) {
            std::optional<replication_wait> wait;
            auto pr = produce_partition(t.name, pd, version, req.acks, env, wait);
            if (wait && env.replication_waits) {
                wait->topic = resp.responses.size();
                wait->index = tr.partition_responses.size();
                env.replication_waits->push_back(std::move(*wait));
            }
            if (version >= 10 && pr.error_code == int16_t(error_code::not_leader_or_follower) && env.current_leader) {
                leader_hint h = env.current_leader(t.name, pd.index);
                pr.current_leader.leader_id = h.leader_id;
                pr.current_leader.leader_epoch = h.leader_epoch;
                if (h.node && endpoints_added.insert(h.node->node_id).second) resp.node_endpoints.push_back(*h.node);
            }
            tr.partition_responses.push_back(std::move(pr));
        }
        resp.responses.push_back(std::move(tr));
    }
    return resp;
}

asio::awaitable<void> await_replication(std::vector<replication_wait> waits, protocol::produce_response& resp,
                                        fetch_waiters& waiters, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    auto state = std::make_shared<fetch_waiters::wait_state>(co_await asio::this_coro::executor);
    std::vector<storage::topic_partition> tps;
    for (const auto& w : waits) tps.push_back(w.part->tp());
    uint64_t id = waiters.add(tps, state);
    auto settle = [&](replication_wait& w, error_code code) {
        resp.responses[w.topic].partition_responses[w.index].error_code = int16_t(code);
        w.part.reset();  // done
    };
    for (;;) {
        bool pending = false;
        for (auto& w : waits) {
            if (!w.part) continue;
            if (auto outcome = w.part->replication_outcome(w.required_offset))
                settle(w, *outcome);
            else
                pending = true;
        }
        if (!pending) break;
        if (std::chrono::steady_clock::now() >= deadline) {
            for (auto& w : waits)
                if (w.part) settle(w, error_code::request_timed_out);
            break;
        }
        if (!state->fired.exchange(false)) {
            state->timer.expires_at(deadline);
            std::error_code ec;
            co_await state->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            state->fired = false;
        }
    }
    waiters.remove(id);
}

bool produce_has_errors(const protocol::produce_response& resp) {
    for (const auto& t : resp.responses)
        for (const auto& p : t.partition_responses)
            if (p.error_code != 0) return true;
    return false;
}

}  // namespace odradek::broker
