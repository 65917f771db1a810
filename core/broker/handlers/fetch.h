#pragma once
// Fetch (key 1), versions 0-16 (what each added: core/protocol/spec/fetch.spec).
// As Kafka 3.7's KafkaApis.handleFetchRequest + ReplicaManager.fetchMessages
// for consumers:
//  - partitions are read in request order, each up to its PartitionMaxBytes
//    and, from v3, within the response's MaxBytes; the first partition with
//    data returns at least one whole batch even if it is larger (v3+);
//  - the answer waits (long poll) until MinBytes are readable or MaxWaitMs
//    passes, unless an error or nothing-to-wait-for makes waiting pointless;
//  - record sets are not copied: they are spliced from the segment files and
//    sent with sendfile (network/response.h);
//  - read_committed reads up to the last stable offset, which equals the high
//    watermark here (no transactions, see partition.h); the aborted
//    transactions list is then empty, and null for read_uncommitted.
//  - incremental fetch sessions (KIP-227, v7+; fetch_session_cache.h), as
//    FetchManager.newContext: SessionId 0 / epoch 0 asks for a session (the
//    answer carries its id when the cache has room, else 0); epoch -1 is a
//    sessionless full fetch and, with a SessionId, closes that session (so
//    does epoch 0 with a SessionId, before opening a new one). An
//    incremental request (id S, epoch E > 0) adds or updates the partitions
//    it names, drops ForgottenTopicsData, and is answered with only the
//    partitions that have news (records, a moved high watermark or log start
//    offset, an error, a diverging epoch); one that empties the session
//    closes it and is answered as a sessionless fetch. Errors, with no
//    partitions: FETCH_SESSION_ID_NOT_FOUND (unknown S, also S = 0 with
//    E > 0, as Kafka), INVALID_FETCH_SESSION_EPOCH (E is not the session's
//    next epoch), FETCH_SESSION_TOPIC_ID_ERROR (a v13+ session used below
//    v13 or the reverse). v13+ sessions key partitions by topic id and
//    resolve the id at every fetch: an unknown id is UNKNOWN_TOPIC_ID for
//    that partition.
//  - follower fetches (ReplicaId >= 0, v15+ ReplicaState): read up to the
//    log end, and the fetch offset is that follower's log end offset, which
//    may move the high watermark (partition::read). Their sessions are
//    privileged in the cache; our own replica fetcher fetches without one.

#include <memory>

#include <asio.hpp>

#include "broker/fetch_session_cache.h"
#include "broker/fetch_waiters.h"
#include "broker/metadata_cache.h"
#include "broker/network/request_context.h"
#include "protocol/messages/fetch.h"

namespace odradek::broker {

class replica_manager;

struct fetch_env {
    replica_manager& replicas;
    metadata_cache& cache;
    fetch_waiters& waiters;
    fetch_session_cache& sessions;
};

asio::awaitable<response> handle_fetch(request_context& ctx, protocol::fetch_request& req, int16_t version,
                                       fetch_env env);

}  // namespace odradek::broker
