#include "client/fetch_session.h"

#include <climits>
#include <set>

#include "protocol/error_code.h"

namespace odradek::client {

namespace {

// FetchMetadata.nextEpoch: FINAL stays FINAL; wraps to 1, never to INITIAL.
int32_t next_epoch(int32_t e) {
    if (e < 0) return kFetchFinalEpoch;
    return e == INT32_MAX ? 1 : e + 1;
}

}  // namespace

fetch_session::request fetch_session::build(const partition_list& wanted) {
    request r;
    r.session_id = session_id_;
    r.epoch = epoch_;
    if (r.full()) {
        partitions_.clear();
        for (const auto& [tp, data] : wanted) partitions_.insert_or_assign(tp, data);
        r.to_send = wanted;
        return r;
    }
    std::set<topic_partition> still;
    partition_list altered;
    for (const auto& [tp, data] : wanted) {
        still.insert(tp);
        auto [it, added] = partitions_.try_emplace(tp, data);
        if (added) {
            r.to_send.emplace_back(tp, data);
        } else if (!(it->second == data)) {
            it->second = data;
            altered.emplace_back(tp, data);
        }
    }
    for (auto it = partitions_.begin(); it != partitions_.end();) {
        if (still.count(it->first)) {
            ++it;
            continue;
        }
        r.to_forget.push_back(it->first);
        it = partitions_.erase(it);
    }
    r.to_send.insert(r.to_send.end(), altered.begin(), altered.end());
    return r;
}

namespace {

std::string join(const std::vector<topic_partition>& tps) {
    std::string out;
    for (const topic_partition& tp : tps) {
        if (!out.empty()) out += ", ";
        out += tp.topic + "-" + std::to_string(tp.partition);
    }
    return out;
}

}  // namespace

bool fetch_session::handle_response(int16_t error_code, int32_t session_id, int32_t throttle_time_ms,
                                    const std::vector<topic_partition>& partitions) {
    const bool full = epoch_ == kFetchInitialEpoch || epoch_ == kFetchFinalEpoch;
    problem_.clear();
    if (error_code != 0) {
        if (protocol::error_code(error_code) == protocol::error_code::fetch_session_id_not_found)
            session_id_ = kFetchInvalidSessionId;
        epoch_ = kFetchInitialEpoch;
        return false;
    }
    // verify{Full,Incremental}FetchResponsePartitions: a full answer carries
    // exactly the session's partitions, an incremental one no others.
    std::set<topic_partition> got(partitions.begin(), partitions.end());
    std::vector<topic_partition> extra, omitted;
    for (const topic_partition& tp : partitions)
        if (!partitions_.count(tp)) extra.push_back(tp);
    if (full)
        for (const auto& [tp, data] : partitions_)
            if (!got.count(tp)) omitted.push_back(tp);
    if (!omitted.empty()) problem_ += "omittedPartitions=(" + join(omitted) + "), ";
    if (!extra.empty()) problem_ += "extraPartitions=(" + join(extra) + "), ";
    if (!problem_.empty()) problem_ += "response=(" + join(partitions) + ")";

    if (full) {
        // KIP-219: an empty full answer with a throttle time is a throttled
        // one, not a wrong one; either way it cannot be used.
        if (partitions.empty() && throttle_time_ms > 0) problem_.clear();
        if ((partitions.empty() && throttle_time_ms > 0) || !problem_.empty()) {
            session_id_ = kFetchInvalidSessionId;
            epoch_ = kFetchInitialEpoch;
            return false;
        }
        session_id_ = session_id;
        epoch_ = session_id == kFetchInvalidSessionId ? kFetchInitialEpoch : next_epoch(kFetchInitialEpoch);
        return true;
    }
    if (!problem_.empty()) {
        epoch_ = kFetchInitialEpoch;  // close the session, open a new one
        return false;
    }
    if (session_id == kFetchInvalidSessionId) {
        // The broker closed the session (e.g. every partition was forgotten).
        session_id_ = kFetchInvalidSessionId;
        epoch_ = kFetchInitialEpoch;
        return true;
    }
    epoch_ = next_epoch(epoch_);
    return true;
}

void fetch_session::handle_error() { epoch_ = kFetchInitialEpoch; }

void fetch_session::notify_close() { epoch_ = kFetchFinalEpoch; }

std::string fetch_session::metadata_text() const {
    std::string out = session_id_ == kFetchInvalidSessionId ? "(sessionId=INVALID, "
                                                            : "(sessionId=" + std::to_string(session_id_) + ", ";
    if (epoch_ == kFetchInitialEpoch) return out + "epoch=INITIAL)";
    if (epoch_ == kFetchFinalEpoch) return out + "epoch=FINAL)";
    return out + "epoch=" + std::to_string(epoch_) + ")";
}

}  // namespace odradek::client
