#include "client/consumer.h"

#include <algorithm>
#include <set>

#include "protocol/messages/fetch.h"
#include "record/batch_view.h"
#include "record/control_record.h"
#include "record/legacy.h"
#include "record/record_set.h"

namespace odradek::client {

namespace {

using ec = protocol::error_code;
constexpr const char* kFetcher = "org.apache.kafka.clients.consumer.internals.AbstractFetch";
// Fetch v13+ names topics by id; this client stays with names.
constexpr int16_t kFetchMax = 12;
constexpr const char* kSessionHandler = "org.apache.kafka.clients.FetchSessionHandler";

std::optional<std::string> text_of(const std::optional<byte_span>& b) {
    if (!b) return std::nullopt;
    return std::string(as_chars(*b));
}

std::string tp_name(const topic_partition& tp) { return tp.topic + "-" + std::to_string(tp.partition); }

// Errors after which the partition's leader must be looked up again.
bool needs_metadata(ec e) {
    switch (e) {
        case ec::not_leader_or_follower:
        case ec::leader_not_available:
        case ec::unknown_topic_or_partition:
        case ec::unknown_topic_id:
        case ec::fenced_leader_epoch:
        case ec::unknown_leader_epoch:
        case ec::kafka_storage_error:
        case ec::replica_not_available:
            return true;
        default:
            return false;
    }
}

// A Fetch request from a session's next request: partitions grouped by
// topic in order, forgotten partitions likewise.
protocol::fetch_request to_request(const fetch_session::request& next, int32_t max_wait_ms) {
    protocol::fetch_request req;
    req.replica_id = -1;
    req.max_wait_ms = max_wait_ms;
    req.session_id = next.session_id;
    req.session_epoch = next.epoch;
    for (const auto& [tp, data] : next.to_send) {
        if (req.topics.empty() || req.topics.back().topic != tp.topic) req.topics.push_back({tp.topic, {}, {}, {}});
        protocol::fetch_request::fetch_partition p;
        p.partition = tp.partition;
        p.fetch_offset = data.fetch_offset;
        p.partition_max_bytes = data.max_bytes;
        p.current_leader_epoch = data.current_leader_epoch;
        p.last_fetched_epoch = data.last_fetched_epoch;
        p.log_start_offset = data.log_start_offset;
        req.topics.back().partitions.push_back(p);
    }
    for (const topic_partition& tp : next.to_forget) {
        if (req.forgotten_topics_data.empty() || req.forgotten_topics_data.back().topic != tp.topic)
            req.forgotten_topics_data.emplace_back().topic = tp.topic;
        req.forgotten_topics_data.back().partitions.push_back(tp.partition);
    }
    return req;
}

}  // namespace

result<std::unique_ptr<consumer>> consumer::create(client_config config, consumer_config cconfig) {
    ODRADEK_TRY_ASSIGN(auto c, cluster::create(std::move(config)));
    return std::unique_ptr<consumer>(new consumer(std::move(c), cconfig));
}

result<std::vector<int32_t>> consumer::partitions_for(const std::string& topic, millis timeout) {
    time_point deadline = clock::now() + timeout;
    for (;;) {
        ODRADEK_TRY_ASSIGN(cluster_metadata md, cluster_->refresh(std::vector<std::string>{topic},
                                                                  config_.allow_auto_create_topics, deadline));
        const topic_metadata* t = md.find_topic(topic);
        int16_t code = t == nullptr ? int16_t(ec::unknown_topic_or_partition) : t->error_code;
        if (code == 0 && !t->partitions.empty()) {
            std::vector<int32_t> out;
            for (const partition_metadata& p : t->partitions) out.push_back(p.partition);
            return out;
        }
        if (code != 0 && !is_retriable(ec(code))) return kafka_error(code);
        // A topic being auto-created answers LEADER_NOT_AVAILABLE (or
        // UNKNOWN_TOPIC_OR_PARTITION) until its partitions exist.
        if (code != 0)
            cluster_->log(log_level::warn,
                          "Error while fetching metadata with correlation id " + std::to_string(md.correlation_id) +
                              " : {" + topic + "=" + std::string(protocol::error_code_name(ec(code))) + "}",
                          "org.apache.kafka.clients.NetworkClient");
        if (clock::now() >= deadline) return kafka_error(code != 0 ? code : int16_t(ec::unknown_topic_or_partition));
        cluster_->sleep_for(cluster_->config().retry_backoff, deadline);
        if (cluster_->cancelled()) return error(errc::cancelled, "waiting for metadata of " + topic);
    }
}

result<std::vector<std::string>> consumer::list_topics(millis timeout) {
    ODRADEK_TRY_ASSIGN(cluster_metadata md, cluster_->refresh(std::nullopt, false, clock::now() + timeout));
    std::vector<std::string> out;
    for (const topic_metadata& t : md.topics)
        if (t.error_code == 0) out.push_back(t.name);
    std::sort(out.begin(), out.end());
    return out;
}

void consumer::assign(const std::vector<std::pair<topic_partition, start_position>>& assignment) {
    assigned_.clear();
    buffer_.clear();
    buffer_pos_ = 0;
    for (const auto& [tp, start] : assignment) {
        partition_state st;
        st.start = start;
        if (start.where == start_position::kind::offset) {
            st.position = start.offset;
            st.reset_pending = false;
        } else {
            st.reset_pending = true;
            st.reset_to_earliest = start.where == start_position::kind::earliest;
        }
        assigned_[tp] = st;
    }
    metadata_stale_ = true;
}

std::vector<topic_partition> consumer::assignment() const {
    std::vector<topic_partition> out;
    for (const auto& [tp, st] : assigned_) out.push_back(tp);
    return out;
}

std::optional<int64_t> consumer::position(const topic_partition& tp) const {
    auto it = assigned_.find(tp);
    if (it == assigned_.end()) return std::nullopt;
    return it->second.position;
}

void consumer::seek(const topic_partition& tp, int64_t offset) {
    auto it = assigned_.find(tp);
    if (it == assigned_.end()) return;
    it->second.position = offset;
    it->second.reset_pending = false;
    // Records already buffered for the partition are dropped.
    std::vector<consumer_record> keep;
    for (size_t i = buffer_pos_; i < buffer_.size(); ++i)
        if (!(buffer_[i].topic == tp.topic && buffer_[i].partition == tp.partition)) keep.push_back(std::move(buffer_[i]));
    buffer_ = std::move(keep);
    buffer_pos_ = 0;
}

status consumer::refresh_assigned(time_point deadline) {
    std::set<std::string> topics;
    for (const auto& [tp, st] : assigned_) topics.insert(tp.topic);
    if (topics.empty()) return ok();
    ODRADEK_TRY(cluster_->refresh(std::vector<std::string>(topics.begin(), topics.end()),
                                  config_.allow_auto_create_topics, deadline));
    metadata_stale_ = false;
    return ok();
}

int32_t consumer::leader_of(const topic_partition& tp) const {
    const topic_metadata* t = cluster_->cached_topic(tp.topic);
    if (t == nullptr || t->error_code != 0) return -1;
    for (const partition_metadata& p : t->partitions)
        if (p.partition == tp.partition) return p.leader;
    return -1;
}

status consumer::resolve_positions(time_point deadline) {
    std::vector<std::pair<topic_partition, int64_t>> wanted;
    time_point now = clock::now();
    for (const auto& [tp, st] : assigned_)
        if (st.reset_pending && st.retry_at <= now)
            wanted.emplace_back(tp, st.reset_to_earliest ? kEarliestTimestamp : kLatestTimestamp);
    if (wanted.empty()) return ok();
    admin lookup(*cluster_, std::chrono::duration_cast<millis>(deadline - now));
    ODRADEK_TRY_ASSIGN(auto results, lookup.list_offsets(wanted, config_.isolation));
    for (const offset_result& r : results) {
        partition_state& st = assigned_[r.tp];
        if (!r.result) {
            // Retried on the next poll; a timeout here is not fatal.
            st.retry_at = clock::now() + cluster_->config().retry_backoff;
            if (auto code = kafka_code(r.result.err()); code && !is_retriable(*code)) return r.result.err();
            continue;
        }
        st.position = r.offset;
        st.reset_pending = false;
    }
    return ok();
}

void consumer::decode_partition(const topic_partition& tp, partition_state& st, byte_span records,
                                const std::vector<std::pair<int64_t, int64_t>>& aborted, int64_t) {
    record::record_set_reader rs(records);
    record::batch_entry be;
    byte_buffer scratch;
    std::set<int64_t> aborted_pids;
    size_t next_aborted = 0;
    int64_t position = *st.position;
    bool committed_only = config_.isolation == isolation_level::read_committed;
    while (rs.next(be)) {
        if (be.frame.magic < record::kMagicV2) {
            record::legacy_reader lr(be.bytes);
            record::legacy_message m;
            while (lr.next(m)) {
                if (m.offset < position) continue;
                consumer_record cr;
                cr.topic = tp.topic;
                cr.partition = tp.partition;
                cr.offset = m.offset;
                cr.timestamp = m.timestamp;
                cr.timestamp_type = m.magic == 0 ? timestamp_kind::none
                                    : m.ts_type == record::timestamp_type::log_append_time
                                        ? timestamp_kind::log_append_time
                                        : timestamp_kind::create_time;
                cr.key = text_of(m.key);
                cr.value = text_of(m.value);
                buffer_.push_back(std::move(cr));
                position = m.offset + 1;
            }
            if (!lr.result()) {
                cluster_->log(log_level::error,
                              "Record batch for partition " + tp_name(tp) + " at offset " + std::to_string(position) +
                                  " is invalid, cause: " + lr.result().err().message(),
                              kFetcher);
                break;
            }
            continue;
        }
        auto view = record::batch_view::parse(be.bytes);
        if (!view) break;
        const record::batch_header& h = view->header();
        if (h.last_offset() < position) continue;
        if (config_.check_crcs && !view->crc_valid()) {
            cluster_->log(log_level::error,
                          "Record batch for partition " + tp_name(tp) + " at offset " + std::to_string(h.base_offset) +
                              " is invalid, cause: Record is corrupt (stored crc = " + std::to_string(h.crc) +
                              ", computed crc = " + std::to_string(record::compute_batch_crc(be.bytes)) + ")",
                          kFetcher);
            // Skipping the batch would lose data silently; stop here and
            // retry it on the next poll (Kafka raises KafkaException).
            break;
        }
        if (committed_only) {
            while (next_aborted < aborted.size() && aborted[next_aborted].second <= h.last_offset())
                aborted_pids.insert(aborted[next_aborted++].first);
        }
        if (h.is_control()) {
            if (committed_only) {
                auto it = view->records(scratch);
                record::record_view r;
                if (it && it->next(r)) {
                    auto key = record::parse_control_key(r.key);
                    if (key && key->type == record::control_type::abort) aborted_pids.erase(h.producer_id);
                }
            }
            position = h.next_offset();
            continue;
        }
        if (committed_only && h.is_transactional() && aborted_pids.count(h.producer_id) != 0) {
            position = h.next_offset();
            continue;
        }
        auto it = view->records(scratch);
        if (!it) {
            cluster_->log(log_level::error,
                          "Record batch for partition " + tp_name(tp) + " at offset " + std::to_string(h.base_offset) +
                              " is invalid, cause: " + it.err().message(),
                          kFetcher);
            break;
        }
        record::record_view r;
        bool log_append = h.ts_type() == record::timestamp_type::log_append_time;
        while (it->next(r)) {
            int64_t off = r.offset(h.base_offset);
            if (off < position) continue;
            consumer_record cr;
            cr.topic = tp.topic;
            cr.partition = tp.partition;
            cr.offset = off;
            cr.timestamp = log_append ? h.max_timestamp : r.timestamp(h.base_timestamp);
            cr.timestamp_type = log_append ? timestamp_kind::log_append_time : timestamp_kind::create_time;
            cr.leader_epoch = h.partition_leader_epoch;
            cr.key = text_of(r.key);
            cr.value = text_of(r.value);
            for (const record::header& hd : r.headers) cr.headers.push_back({std::string(hd.key), text_of(hd.value)});
            buffer_.push_back(std::move(cr));
        }
        if (!it->result()) {
            cluster_->log(log_level::error,
                          "Record batch for partition " + tp_name(tp) + " at offset " + std::to_string(h.base_offset) +
                              " is invalid, cause: " + it->result().err().message(),
                          kFetcher);
            break;
        }
        position = h.next_offset();
    }
    st.position = position;
}

status consumer::fetch_round(time_point deadline) {
    using protocol::fetch_request;
    using protocol::fetch_response;
    if (metadata_stale_) {
        auto r = refresh_assigned(deadline);
        // A lost connection is retried; an unreachable cluster ends the poll.
        if (!r && (!cluster::is_transport_error(r.err()) ||
                   r.err().code == make_error_code(errc::connection_failed)))
            return r;
    }
    time_point now = clock::now();
    std::map<int32_t, std::vector<topic_partition>> by_leader;
    for (const auto& [tp, st] : assigned_) {
        if (!st.position || st.retry_at > now) continue;
        int32_t leader = leader_of(tp);
        if (leader < 0) {
            metadata_stale_ = true;
            continue;
        }
        by_leader[leader].push_back(tp);
    }
    if (by_leader.empty()) {
        cluster_->sleep_for(cluster_->config().retry_backoff, deadline);
        return ok();
    }
    for (const auto& group : by_leader) {
        // Named copies: lambdas below capture them (clang 14 cannot capture bindings).
        const auto& leader = group.first;
        const auto& tps = group.second;
        fetch_session& session = sessions_.try_emplace(leader).first->second;
        fetch_session::partition_list wanted;
        wanted.reserve(tps.size());
        for (const topic_partition& tp : tps) {
            fetch_partition fp;
            fp.fetch_offset = *assigned_[tp].position;
            fp.max_bytes = config_.max_partition_fetch_bytes;
            wanted.emplace_back(tp, fp);
        }
        now = clock::now();
        millis wait = std::clamp(std::chrono::duration_cast<millis>(deadline - now), millis(0), config_.fetch_max_wait);
        std::string sent_metadata;  // the request's, for log lines
        bool sent_full = true;
        std::function<result<response<fetch_response>>(connection&, time_point)> fn =
            [&](connection& c, time_point d) -> result<response<fetch_response>> {
            int16_t floor = config_.isolation == isolation_level::read_committed ? 4 : 0;
            ODRADEK_TRY_ASSIGN(int16_t v, c.pick_version(protocol::api_key::fetch, floor, kFetchMax));
            // Below v7 a request cannot carry a session: keep it full.
            if (v < 7 && session.epoch() != kFetchInitialEpoch) session.handle_error();
            sent_metadata = session.metadata_text();
            fetch_session::request next = session.build(wanted);
            sent_full = next.full();
            fetch_request req = to_request(next, int32_t(wait.count()));
            req.min_bytes = config_.fetch_min_bytes;
            req.max_bytes = config_.fetch_max_bytes;
            req.isolation_level = int8_t(config_.isolation);
            auto r = c.call<fetch_response>(req, v, d + wait);
            if (!r) session.handle_error();
            return r;
        };
        auto resp = cluster_->call<response<fetch_response>>(leader, deadline + cluster_->config().request_timeout, fn);
        if (!resp) {
            if (cluster::is_transport_error(resp.err()) && resp.err().code != make_error_code(errc::connection_failed)) {
                metadata_stale_ = true;
                continue;
            }
            return std::move(resp).err();
        }
        const fetch_response& body = resp->body;
        std::vector<topic_partition> answered;
        for (const auto& t : body.responses)
            for (const auto& p : t.partitions) answered.push_back({t.topic, p.partition_index});
        if (!session.handle_response(body.error_code, body.session_id, body.throttle_time_ms, answered)) {
            // FetchSessionHandler.handleResponse: the answer is dropped and the
            // next request to the node is full.
            ec code = ec(body.error_code);
            if (body.error_code != 0) {
                cluster_->log(log_level::info,
                              "Node " + std::to_string(leader) + " was unable to process the fetch request with " +
                                  sent_metadata + ": " + std::string(protocol::error_code_name(code)) + ".",
                              kSessionHandler);
                // Not a session error: the leader may have moved.
                if (code != ec::fetch_session_id_not_found && code != ec::invalid_fetch_session_epoch)
                    metadata_stale_ = true;
            } else if (!session.problem().empty()) {
                cluster_->log(log_level::info,
                              "Node " + std::to_string(leader) + " sent an invalid " +
                                  (sent_full ? "full" : "incremental") + " fetch response with " + session.problem(),
                              kSessionHandler);
            }
            continue;
        }
        for (const auto& t : body.responses) {
            for (const auto& p : t.partitions) {
                topic_partition tp{t.topic, p.partition_index};
                auto it = assigned_.find(tp);
                if (it == assigned_.end() || !it->second.position) continue;
                partition_state& st = it->second;
                if (p.error_code == 0) {
                    if (!p.records || p.records->empty()) continue;
                    std::vector<std::pair<int64_t, int64_t>> aborted;
                    if (p.aborted_transactions)
                        for (const auto& a : *p.aborted_transactions) aborted.emplace_back(a.producer_id, a.first_offset);
                    std::sort(aborted.begin(), aborted.end(),
                              [](const auto& a, const auto& b) { return a.second < b.second; });
                    decode_partition(tp, st, *p.records, aborted, p.high_watermark);
                    continue;
                }
                ec code = ec(p.error_code);
                if (code == ec::offset_out_of_range) {
                    if (config_.reset == offset_reset::none)
                        return kafka_error(code, "Fetch position FetchPosition{offset=" + std::to_string(*st.position) +
                                                     "} is out of range for partition " + tp_name(tp));
                    cluster_->log(log_level::info,
                                  "Fetch position FetchPosition{offset=" + std::to_string(*st.position) +
                                      "} is out of range for partition " + tp_name(tp) + ", resetting offset",
                                  "org.apache.kafka.clients.consumer.internals.SubscriptionState");
                    st.reset_pending = true;
                    st.reset_to_earliest = config_.reset == offset_reset::earliest;
                    st.position.reset();
                    continue;
                }
                if (needs_metadata(code)) metadata_stale_ = true;
                if (!is_retriable(code) && !needs_metadata(code))
                    cluster_->log(log_level::warn,
                                  "Unexpected error code " + std::string(protocol::error_code_name(code)) +
                                      " while fetching at offset " + std::to_string(*st.position) + " from topic-partition " +
                                      tp_name(tp),
                                  kFetcher);
                st.retry_at = clock::now() + cluster_->config().retry_backoff;
            }
        }
    }
    return ok();
}

consumer::~consumer() { close(); }

void consumer::close(millis timeout) {
    // AbstractFetch.maybeCloseFetchSessions: epoch -1 and no partitions, to
    // brokers we are still connected to; failures only leave a session for
    // the broker to evict.
    time_point deadline = clock::now() + timeout;
    for (auto& [node, session] : sessions_) {
        if (session.session_id() == kFetchInvalidSessionId || cluster_->cancelled()) continue;
        connection* c = cluster_->connected(node);
        if (c == nullptr) continue;
        auto v = c->pick_version(protocol::api_key::fetch, 7, kFetchMax);
        if (!v) continue;
        session.notify_close();
        protocol::fetch_request req = to_request(session.build({}), 0);
        req.min_bytes = config_.fetch_min_bytes;
        req.max_bytes = config_.fetch_max_bytes;
        req.isolation_level = int8_t(config_.isolation);
        auto r = c->call<protocol::fetch_response>(req, *v, deadline);
        if (!r) cluster_->drop(node);
    }
    sessions_.clear();
}

result<std::vector<consumer_record>> consumer::poll(millis timeout) {
    time_point deadline = clock::now() + timeout;
    for (;;) {
        if (buffer_pos_ < buffer_.size()) {
            size_t n = std::min(buffer_.size() - buffer_pos_, size_t(std::max(1, config_.max_poll_records)));
            std::vector<consumer_record> out(std::make_move_iterator(buffer_.begin() + long(buffer_pos_)),
                                             std::make_move_iterator(buffer_.begin() + long(buffer_pos_ + n)));
            buffer_pos_ += n;
            if (buffer_pos_ == buffer_.size()) {
                buffer_.clear();
                buffer_pos_ = 0;
            }
            return out;
        }
        if (cluster_->cancelled()) return error(errc::cancelled, "poll");
        if (assigned_.empty()) {
            cluster_->sleep_for(timeout, deadline);
            if (cluster_->cancelled()) return error(errc::cancelled, "poll");
            return std::vector<consumer_record>{};
        }
        status s = resolve_positions(deadline);
        if (!s) {
            if (s.err().code == make_error_code(errc::connection_failed) ||
                s.err().code == make_error_code(errc::cancelled) || kafka_code(s.err()))
                return std::move(s).err();
        }
        ODRADEK_TRY(fetch_round(deadline));
        if (buffer_pos_ < buffer_.size()) continue;
        if (clock::now() >= deadline) return std::vector<consumer_record>{};
    }
}

}  // namespace odradek::client
