#include "client/producer.h"

#include <algorithm>
#include <set>

#include "protocol/messages/produce.h"

namespace odradek::client {

namespace {

using ec = protocol::error_code;
constexpr const char* kNetworkClient = "org.apache.kafka.clients.NetworkClient";
// Produce v3 is the first version carrying record batch v2; v9 is what this
// client needs (v10 only adds leader hints).
constexpr int16_t kProduceMin = 3;
constexpr int16_t kProduceMax = 9;

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// AbstractRecords.estimateSizeInBytesUpperBound for one v2 record: the batch
// overhead, the worst-case record overhead, and the payloads.
size_t estimate_size(const producer_record& r) {
    size_t n = 61 + 21;
    if (r.key) n += r.key->size();
    if (r.value) n += r.value->size();
    for (const producer_header& h : r.headers) n += 10 + h.key.size() + (h.value ? h.value->size() : 0);
    return n;
}

std::optional<byte_span> bytes_of(const std::optional<std::string>& s) {
    if (!s) return std::nullopt;
    return as_bytes(*s);
}

std::string tp_name(const topic_partition& tp) { return tp.topic + "-" + std::to_string(tp.partition); }

}  // namespace

result<std::unique_ptr<producer>> producer::create(client_config config, producer_config pconfig) {
    if (pconfig.acks != 0 && pconfig.acks != 1 && pconfig.acks != -1)
        return error(errc::invalid_config, "Invalid value " + std::to_string(pconfig.acks) +
                                               " for configuration acks: String must be one of: all, -1, 0, 1");
    ODRADEK_TRY_ASSIGN(auto c, cluster::create(std::move(config)));
    return std::unique_ptr<producer>(new producer(std::move(c), pconfig));
}

producer::producer(std::unique_ptr<cluster> c, producer_config pconfig)
    : cluster_(std::move(c)), config_(pconfig), sticky_(pconfig.batch_size) {
    sender_ = std::thread([this] { run(); });
}

producer::~producer() { close(); }

status producer::send(producer_record rec, delivery_callback cb) {
    size_t size = estimate_size(rec);
    if (size > size_t(config_.max_request_size))
        return error(errc::record_too_large, "The message is " + std::to_string(size) +
                                                 " bytes when serialized which is larger than " +
                                                 std::to_string(config_.max_request_size) +
                                                 ", which is the value of the max.request.size configuration.");
    if (rec.timestamp < 0) rec.timestamp = now_ms();
    std::lock_guard lk(mu_);
    if (closing_ || closed_) return error(errc::invalid_config, "Cannot perform operation after producer has been closed");
    incoming_.push_back(queued_record{std::move(rec), std::move(cb), clock::now()});
    ++outstanding_;
    work_cv_.notify_all();
    return ok();
}

void producer::flush() {
    std::unique_lock lk(mu_);
    ++flush_requests_;
    work_cv_.notify_all();
    done_cv_.wait(lk, [&] { return outstanding_ == 0 || closed_; });
    --flush_requests_;
}

void producer::close() {
    {
        std::lock_guard lk(mu_);
        closing_ = true;
        work_cv_.notify_all();
    }
    // close() is not for concurrent callers: the first joins the thread.
    if (sender_.joinable()) sender_.join();
    std::lock_guard lk(mu_);
    closed_ = true;
    done_cv_.notify_all();
}

void producer::complete_record(const delivery_callback& cb, const record_metadata& md, const status& outcome) {
    if (cb) cb(md, outcome);
    std::lock_guard lk(mu_);
    if (outcome)
        ++acked_;
    else
        ++failed_;
    --outstanding_;
    done_cv_.notify_all();
}

void producer::complete_batch(batch& b, int64_t base_offset, int64_t append_time, const status& outcome) {
    for (size_t i = 0; i < b.records.size(); ++i) {
        record_metadata md;
        md.topic = b.tp.topic;
        md.partition = b.tp.partition;
        md.offset = base_offset < 0 ? -1 : base_offset + int64_t(i);
        md.timestamp = append_time >= 0 ? append_time : b.records[i].timestamp;
        complete_record(b.records[i].cb, md, outcome);
    }
    b.records.clear();
}

void producer::fail_everything(const error& why) {
    std::vector<queued_record> waiting = std::move(waiting_);
    waiting_.clear();
    for (queued_record& q : waiting)
        complete_record(q.cb, record_metadata{q.rec.topic, q.rec.partition.value_or(-1), -1, q.rec.timestamp}, why);
    auto batches = std::move(batches_);
    batches_.clear();
    for (auto& [tp, dq] : batches)
        for (batch_ptr& b : dq) complete_batch(*b, -1, -1, why);
}

void producer::append(const topic_partition& tp, queued_record& q) {
    std::deque<batch_ptr>& dq = batches_[tp];
    size_t size = estimate_size(q.rec);
    if (dq.empty() || dq.back()->closed ||
        (!dq.back()->records.empty() && dq.back()->builder.records_size_bytes() + size > size_t(config_.batch_size))) {
        if (!dq.empty() && !dq.back()->closed) {
            batch& last = *dq.back();
            auto built = last.builder.build();
            if (built) {
                last.built = std::move(built).value();
                last.closed = true;
            }
        }
        auto b = std::make_unique<batch>(config_);
        b->tp = tp;
        b->created = clock::now();
        dq.push_back(std::move(b));
    }
    batch& b = *dq.back();
    std::vector<record::header> headers;
    headers.reserve(q.rec.headers.size());
    for (const producer_header& h : q.rec.headers) headers.push_back(record::header{h.key, bytes_of(h.value)});
    b.builder.add(q.rec.timestamp, bytes_of(q.rec.key), bytes_of(q.rec.value), headers);
    b.records.push_back(batch_record{std::move(q.cb), q.rec.timestamp});
}

bool producer::assign(queued_record& q, time_point) {
    const topic_metadata* t = cluster_->cached_topic(q.rec.topic);
    if (t == nullptr || t->error_code != 0 || t->partitions.empty()) return false;
    int32_t n = int32_t(t->partitions.size());
    int32_t p;
    if (q.rec.partition) {
        if (*q.rec.partition < 0 || *q.rec.partition >= n) return false;
        p = *q.rec.partition;
    } else if (q.rec.key) {
        p = partition_for_key(as_bytes(*q.rec.key), n);
    } else {
        std::vector<int32_t> available;
        for (const partition_metadata& pm : t->partitions)
            if (pm.leader >= 0) available.push_back(pm.partition);
        p = sticky_.next(q.rec.topic, n, available, estimate_size(q.rec));
    }
    append(topic_partition{q.rec.topic, p}, q);
    return true;
}

void producer::refresh_metadata(time_point now) {
    std::set<std::string> topics;
    for (const queued_record& q : waiting_) topics.insert(q.rec.topic);
    if (metadata_stale_)
        for (const auto& [tp, dq] : batches_)
            if (!dq.empty()) topics.insert(tp.topic);
    if (topics.empty() || now < next_metadata_attempt_) return;
    auto md = cluster_->refresh(std::vector<std::string>(topics.begin(), topics.end()),
                                config_.allow_auto_create_topics, now + cluster_->config().request_timeout);
    next_metadata_attempt_ = clock::now() + cluster_->config().retry_backoff;
    if (!md) {
        if (md.err().code == make_error_code(errc::connection_failed) ||
            md.err().code == make_error_code(errc::cancelled))
            fail_everything(md.err());
        return;
    }
    metadata_stale_ = false;
    std::string errors;
    for (const topic_metadata& t : md->topics) {
        if (t.error_code == 0) continue;
        if (!errors.empty()) errors += ", ";
        errors += t.name + "=" + std::string(protocol::error_code_name(ec(t.error_code)));
        if (!is_retriable(ec(t.error_code))) {
            // Kafka fails the records of a topic the cluster refuses outright.
            error why = kafka_error(t.error_code);
            std::vector<queued_record> keep;
            for (queued_record& q : waiting_) {
                if (q.rec.topic == t.name)
                    complete_record(q.cb, record_metadata{q.rec.topic, q.rec.partition.value_or(-1), -1, q.rec.timestamp},
                                    why);
                else
                    keep.push_back(std::move(q));
            }
            waiting_ = std::move(keep);
        }
    }
    if (!errors.empty())
        cluster_->log(log_level::warn,
                      "Error while fetching metadata with correlation id " + std::to_string(md->correlation_id) +
                          " : {" + errors + "}",
                      kNetworkClient);
}

void producer::expire(time_point now) {
    std::vector<queued_record> keep;
    for (queued_record& q : waiting_) {
        if (now - q.enqueued < config_.max_block) {
            keep.push_back(std::move(q));
            continue;
        }
        std::string text;
        const topic_metadata* t = cluster_->cached_topic(q.rec.topic);
        if (q.rec.partition && t != nullptr && t->error_code == 0 && !t->partitions.empty())
            text = "Partition " + std::to_string(*q.rec.partition) + " of topic " + q.rec.topic +
                   " with partition count " + std::to_string(t->partitions.size()) +
                   " is not present in metadata after " + std::to_string(config_.max_block.count()) + " ms.";
        else
            text = "Topic " + q.rec.topic + " not present in metadata after " +
                   std::to_string(config_.max_block.count()) + " ms.";
        complete_record(q.cb, record_metadata{q.rec.topic, q.rec.partition.value_or(-1), -1, q.rec.timestamp},
                        error(errc::timeout, text));
    }
    waiting_ = std::move(keep);
    for (auto& [tp, dq] : batches_) {
        while (!dq.empty() && now - dq.front()->created >= config_.delivery_timeout) {
            batch_ptr b = std::move(dq.front());
            dq.pop_front();
            auto age = std::chrono::duration_cast<millis>(now - b->created).count();
            complete_batch(*b, -1, -1,
                           error(errc::timeout, "Expiring " + std::to_string(b->records.size()) + " record(s) for " +
                                                    tp_name(tp) + ":" + std::to_string(age) +
                                                    " ms has passed since batch creation"));
        }
    }
}

void producer::requeue(batch_ptr b, const error& why) {
    time_point now = clock::now();
    ++b->attempts;
    if (b->attempts > config_.retries || now - b->created >= config_.delivery_timeout) {
        complete_batch(*b, -1, -1, why);
        return;
    }
    b->retry_at = now + cluster_->config().retry_backoff;
    metadata_stale_ = true;
    batches_[b->tp].push_front(std::move(b));
}

void producer::send_to_leader(int32_t leader, std::vector<batch_ptr> ready) {
    using protocol::produce_request;
    using protocol::produce_response;
    // One request carries at most max.request.size bytes of batches; the
    // rest wait for the next round.
    std::vector<batch_ptr> now_batches;
    size_t total = 0;
    for (batch_ptr& b : ready) {
        if (!now_batches.empty() && total + b->built.size() > size_t(config_.max_request_size)) {
            batches_[b->tp].push_front(std::move(b));
            continue;
        }
        total += b->built.size();
        now_batches.push_back(std::move(b));
    }
    produce_request req;
    req.acks = config_.acks;
    req.timeout_ms = int32_t(cluster_->config().request_timeout.count());
    for (const batch_ptr& b : now_batches) {
        auto t = std::find_if(req.topic_data.begin(), req.topic_data.end(),
                              [&](const auto& x) { return x.name == b->tp.topic; });
        if (t == req.topic_data.end()) {
            req.topic_data.push_back({b->tp.topic, {}, {}});
            t = req.topic_data.end() - 1;
        }
        t->partition_data.push_back({b->tp.partition, byte_span(b->built), {}});
    }
    std::function<result<produce_response>(connection&, time_point)> fn =
        [&](connection& c, time_point d) -> result<produce_response> {
        ODRADEK_TRY_ASSIGN(int16_t v, c.pick_version(protocol::api_key::produce, kProduceMin, kProduceMax));
        if (config_.acks == 0) {
            ODRADEK_TRY(c.send_only(req, v, d));
            return produce_response{};
        }
        ODRADEK_TRY_ASSIGN(auto resp, (c.call<produce_response>(req, v, d)));
        return resp.body;
    };
    time_point deadline = clock::now() + cluster_->config().request_timeout;
    auto resp = cluster_->call<produce_response>(leader, deadline, fn);
    if (!resp) {
        const error& e = resp.err();
        if (e.code == make_error_code(errc::connection_failed) || e.code == make_error_code(errc::cancelled)) {
            for (batch_ptr& b : now_batches) complete_batch(*b, -1, -1, e);
            fail_everything(e);
            return;
        }
        if (e.code == make_error_code(errc::unsupported_version)) {
            for (batch_ptr& b : now_batches) complete_batch(*b, -1, -1, e);
            return;
        }
        for (batch_ptr& b : now_batches) requeue(std::move(b), e);
        return;
    }
    for (batch_ptr& b : now_batches) {
        if (config_.acks == 0) {
            complete_batch(*b, -1, -1, ok());
            continue;
        }
        const produce_response::partition_produce_response* pr = nullptr;
        for (const auto& t : resp->responses)
            if (t.name == b->tp.topic)
                for (const auto& p : t.partition_responses)
                    if (p.index == b->tp.partition) pr = &p;
        if (pr == nullptr) {
            requeue(std::move(b), error(errc::bad_response, "no Produce result for " + tp_name(b->tp)));
            continue;
        }
        if (pr->error_code == 0) {
            complete_batch(*b, pr->base_offset, pr->log_append_time_ms, ok());
            continue;
        }
        error e = kafka_error(pr->error_code, pr->error_message);
        if (is_retriable(ec(pr->error_code))) {
            cluster_->log(log_level::warn,
                          "Got error produce response with correlation id on topic-partition " + tp_name(b->tp) +
                              ", retrying. Error: " + std::string(protocol::error_code_name(ec(pr->error_code))),
                          "org.apache.kafka.clients.producer.internals.Sender");
            requeue(std::move(b), e);
        } else {
            complete_batch(*b, -1, -1, e);
        }
    }
}

void producer::send_ready(time_point now, bool drain) {
    std::map<int32_t, std::vector<batch_ptr>> by_leader;
    for (auto& [tp, dq] : batches_) {
        if (dq.empty()) continue;
        batch& b = *dq.front();
        if (b.retry_at > now) continue;
        bool full = b.closed || b.builder.records_size_bytes() >= size_t(config_.batch_size);
        if (!(full || drain || now >= b.created + config_.linger)) continue;
        int32_t leader = -1;
        if (const topic_metadata* t = cluster_->cached_topic(tp.topic))
            for (const partition_metadata& pm : t->partitions)
                if (pm.partition == tp.partition) leader = pm.leader;
        if (leader < 0) {
            metadata_stale_ = true;
            b.retry_at = now + cluster_->config().retry_backoff;
            continue;
        }
        if (!b.closed) {
            auto built = b.builder.build();
            if (!built) {
                batch_ptr failed = std::move(dq.front());
                dq.pop_front();
                complete_batch(*failed, -1, -1, built.err());
                continue;
            }
            b.built = std::move(built).value();
            b.closed = true;
        }
        by_leader[leader].push_back(std::move(dq.front()));
        dq.pop_front();
    }
    for (auto it = batches_.begin(); it != batches_.end();) {
        if (it->second.empty())
            it = batches_.erase(it);
        else
            ++it;
    }
    for (auto& [leader, list] : by_leader) send_to_leader(leader, std::move(list));
}

time_point producer::next_wakeup(time_point now, bool drain) const {
    time_point wake = now + millis(1000);
    if (!waiting_.empty()) {
        wake = std::min(wake, std::max(now, next_metadata_attempt_));
        for (const queued_record& q : waiting_) wake = std::min(wake, q.enqueued + config_.max_block);
    }
    for (const auto& [tp, dq] : batches_) {
        if (dq.empty()) continue;
        const batch& b = *dq.front();
        wake = std::min(wake, b.created + config_.delivery_timeout);
        if (b.retry_at > now) {
            wake = std::min(wake, b.retry_at);
            continue;
        }
        bool full = b.closed || b.builder.records_size_bytes() >= size_t(config_.batch_size);
        wake = std::min(wake, (full || drain) ? now : b.created + config_.linger);
    }
    if (metadata_stale_) wake = std::min(wake, std::max(now, next_metadata_attempt_));
    return wake;
}

void producer::run() {
    for (;;) {
        bool drain = false;
        {
            std::unique_lock lk(mu_);
            time_point now = clock::now();
            bool draining = flush_requests_ > 0 || closing_;
            if (incoming_.empty() && !(closing_ && outstanding_ == 0)) {
                time_point wake = next_wakeup(now, draining);
                if (wake > now) work_cv_.wait_until(lk, wake);
            }
            while (!incoming_.empty()) {
                waiting_.push_back(std::move(incoming_.front()));
                incoming_.pop_front();
            }
            drain = flush_requests_ > 0 || closing_;
            if (closing_ && outstanding_ == 0) return;
        }
        if (cluster_->cancelled()) {
            fail_everything(error(errc::cancelled, "the producer was interrupted"));
            continue;
        }
        time_point now = clock::now();
        // Records whose topic is known go into batches; the rest wait for metadata.
        std::vector<queued_record> still;
        for (queued_record& q : waiting_)
            if (!assign(q, now)) still.push_back(std::move(q));
        waiting_ = std::move(still);
        if (!waiting_.empty() || metadata_stale_) {
            refresh_metadata(now);
            std::vector<queued_record> again;
            for (queued_record& q : waiting_)
                if (!assign(q, now)) again.push_back(std::move(q));
            waiting_ = std::move(again);
        }
        now = clock::now();
        expire(now);
        send_ready(now, drain);
    }
}

}  // namespace odradek::client
