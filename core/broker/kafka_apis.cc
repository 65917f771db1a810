#include "broker/kafka_apis.h"

#include "broker/api_adapter.h"
#include "broker/dynamic_broker_config.h"
#include "broker/fetch_waiters.h"
#include "broker/handlers/alter_configs.h"
#include "broker/handlers/create_partitions.h"
#include "broker/handlers/create_topics.h"
#include "broker/handlers/delete_records.h"
#include "broker/handlers/elect_leaders.h"
#include "broker/handlers/delete_topics.h"
#include "broker/handlers/describe_cluster.h"
#include "broker/handlers/describe_configs.h"
#include "broker/handlers/describe_log_dirs.h"
#include "broker/handlers/fetch.h"
#include "broker/handlers/init_producer_id.h"
#include "broker/handlers/list_offsets.h"
#include "broker/handlers/metadata.h"
#include "broker/handlers/unserved.h"
#include "broker/handlers/offset_for_leader_epoch.h"
#include "broker/handlers/produce.h"
#include "broker/log_manager.h"
#include "broker/metadata_cache.h"
#include "broker/producer_id_source.h"
#include "broker/replica_manager.h"
#include "broker/topic_admin.h"
#include "broker/topic_lookup.h"
#include "config/broker_config.h"
#include "protocol/api_versions_handler.h"
#include "protocol/error_code.h"
#include "protocol/messages/sasl_handshake.h"

namespace odradek::broker {

namespace {

// topic_lookup over the current metadata snapshot.
class cache_topic_lookup final : public topic_lookup {
public:
    explicit cache_topic_lookup(const metadata_cache& c) : snap_(c.snapshot()) {}
    bool partition_exists(std::string_view topic, int32_t partition) const override {
        return snap_->partition(std::string(topic), partition) != nullptr;
    }

private:
    std::shared_ptr<const metadata_snapshot> snap_;
};

}  // namespace

std::vector<api_handler> make_kafka_apis(broker_services& s) {
    std::vector<api_handler> apis;

    apis.push_back(async_api<protocol::produce_request>(
        0, 10, [&s](request_context& ctx, protocol::produce_request& req, int16_t v) -> asio::awaitable<response> {
            cache_topic_lookup topics(s.cache);
            produce_env env(s.replicas, topics);
            env.internal_topics_allowed = ctx.header.client_id == "__admin_client";
            std::vector<replication_wait> waits;
            env.replication_waits = &waits;
            auto resp = handle_produce(req, v, env);
            if (req.acks == 0) co_return response::none();
            if (!waits.empty())
                co_await await_replication(std::move(waits), resp, s.waiters,
                                           std::chrono::milliseconds(std::max(0, req.timeout_ms)));
            co_return make_response(ctx.header.correlation_id, resp, v);
        }));

    apis.push_back(async_api<protocol::fetch_request>(
        0, 16, [&s](request_context& ctx, protocol::fetch_request& req, int16_t v) -> asio::awaitable<response> {
            co_return co_await handle_fetch(ctx, req, v, fetch_env{s.replicas, s.cache, s.waiters, s.fetch_sessions});
        }));

    apis.push_back(sync_api<protocol::list_offsets_request>(
        0, 8, [&s](request_context& ctx, protocol::list_offsets_request& req, int16_t v) -> response {
            cache_topic_lookup topics(s.cache);
            return make_response(ctx.header.correlation_id, handle_list_offsets(req, v, {s.replicas, topics}), v);
        }));

    apis.push_back(sync_api<protocol::metadata_request>(
        0, 12, [&s](request_context& ctx, protocol::metadata_request& req, int16_t v) -> response {
            auto snap = s.cache.snapshot();
            metadata_env env{*snap, ctx.listener_name, s.config.values().get_bool("auto.create.topics.enable"),
                             s.auto_create};
            return make_response(ctx.header.correlation_id, handle_metadata(req, v, env), v);
        }));

    apis.push_back(async_api<protocol::create_topics_request>(
        0, 7,
        [&s](request_context& ctx, protocol::create_topics_request& req, int16_t v) -> asio::awaitable<response> {
            std::string client = ctx.header.client_id.value_or("");
            auto resp = co_await run_blocking(
                s.blocking, [&] { return handle_create_topics(s.admin, req, v, client); });
            co_return make_response(ctx.header.correlation_id, resp, v);
        }));

    apis.push_back(async_api<protocol::delete_topics_request>(
        0, 6,
        [&s](request_context& ctx, protocol::delete_topics_request& req, int16_t v) -> asio::awaitable<response> {
            auto resp = co_await run_blocking(s.blocking,
                                              [&] { return handle_delete_topics(s.admin, s.cache, req, v); });
            co_return make_response(ctx.header.correlation_id, resp, v);
        }));

    apis.push_back(sync_api<protocol::offset_for_leader_epoch_request>(
        0, 4, [&s](request_context& ctx, protocol::offset_for_leader_epoch_request& req, int16_t v) -> response {
            cache_topic_lookup topics(s.cache);
            return make_response(ctx.header.correlation_id,
                                 handle_offset_for_leader_epoch(req, v, {s.replicas, topics}), v);
        }));

    apis.push_back(sync_api<protocol::sasl_handshake_request>(
        0, 1, [](request_context& ctx, protocol::sasl_handshake_request&, int16_t v) -> response {
            // Only PLAINTEXT listeners exist: no SASL mechanism is enabled,
            // which the client reports as "unsupported mechanism" and stops.
            protocol::sasl_handshake_response r;
            r.error_code = int16_t(protocol::error_code::unsupported_sasl_mechanism);
            return make_response(ctx.header.correlation_id, r, v);
        }));

    apis.push_back(sync_api<protocol::delete_records_request>(
        0, 2, [&s](request_context& ctx, protocol::delete_records_request& req, int16_t v) -> response {
            cache_topic_lookup topics(s.cache);
            return make_response(ctx.header.correlation_id, handle_delete_records(req, v, {s.replicas, topics}), v);
        }));

    apis.push_back(async_api<protocol::init_producer_id_request>(
        0, 4,
        [&s](request_context& ctx, protocol::init_producer_id_request& req, int16_t v) -> asio::awaitable<response> {
            // A new id block may need a ZooKeeper round trip.
            auto resp = co_await run_blocking(s.blocking, [&] {
                init_producer_id_env env(s.producer_ids);
                env.transaction_max_timeout_ms = s.config.values().get_int("transaction.max.timeout.ms");
                return handle_init_producer_id(req, v, env);
            });
            co_return make_response(ctx.header.correlation_id, resp, v);
        }));

    apis.push_back(async_api<protocol::describe_log_dirs_request>(
        0, 4,
        [&s](request_context& ctx, protocol::describe_log_dirs_request& req, int16_t v) -> asio::awaitable<response> {
            // statvfs and every log's size: off the network threads.
            auto resp = co_await run_blocking(
                s.blocking, [&] { return handle_describe_log_dirs(req, v, s.replicas.logs()); });
            co_return make_response(ctx.header.correlation_id, resp, v);
        }));

    apis.push_back(async_api<protocol::create_partitions_request>(
        0, 3,
        [&s](request_context& ctx, protocol::create_partitions_request& req, int16_t v) -> asio::awaitable<response> {
            auto resp = co_await run_blocking(s.blocking,
                                              [&] { return handle_create_partitions(s.admin, s.cache, req, v); });
            co_return make_response(ctx.header.correlation_id, resp, v);
        }));

    apis.push_back(sync_api<protocol::describe_cluster_request>(
        0, 1, [&s](request_context& ctx, protocol::describe_cluster_request& req, int16_t v) -> response {
            auto snap = s.cache.snapshot();
            return make_response(ctx.header.correlation_id,
                                 handle_describe_cluster(*snap, ctx.listener_name, req, v), v);
        }));

    apis.push_back(async_api<protocol::describe_configs_request>(
        0, 4,
        [&s](request_context& ctx, protocol::describe_configs_request& req, int16_t v) -> asio::awaitable<response> {
            auto resp = co_await run_blocking(s.blocking, [&] {
                auto snap = s.cache.snapshot();
                auto cfg = s.dynamic_config.current();
                describe_configs_env env{*cfg, s.config.broker_id(),
                                         [snap](const std::string& t) { return snap->topic(t) != nullptr; },
                                         s.topic_overrides};
                return handle_describe_configs(req, v, env);
            });
            co_return make_response(ctx.header.correlation_id, resp, v);
        }));

    // `cfg` must outlive the env: callers keep the snapshot for the request.
    auto alter_env = [&s](const config::broker_config& cfg) {
        auto snap = s.cache.snapshot();
        return alter_configs_env{cfg,
                                 s.config.broker_id(),
                                 s.broker_dynamic_configs,
                                 s.write_broker_dynamic_configs,
                                 [snap](const std::string& t) { return snap->topic(t) != nullptr; },
                                 s.topic_overrides,
                                 s.write_topic_overrides};
    };
    apis.push_back(async_api<protocol::alter_configs_request>(
        0, 2,
        [&s, alter_env](request_context& ctx, protocol::alter_configs_request& req,
                        int16_t v) -> asio::awaitable<response> {
            auto resp = co_await run_blocking(s.blocking, [&] {
                auto cfg = s.dynamic_config.current();
                return handle_alter_configs(req, v, alter_env(*cfg));
            });
            co_return make_response(ctx.header.correlation_id, resp, v);
        }));
    apis.push_back(async_api<protocol::incremental_alter_configs_request>(
        0, 1,
        [&s, alter_env](request_context& ctx, protocol::incremental_alter_configs_request& req,
                        int16_t v) -> asio::awaitable<response> {
            auto resp = co_await run_blocking(s.blocking, [&] {
                auto cfg = s.dynamic_config.current();
                return handle_incremental_alter_configs(req, v, alter_env(*cfg));
            });
            co_return make_response(ctx.header.correlation_id, resp, v);
        }));

    apis.push_back(async_api<protocol::elect_leaders_request>(
        0, 2,
        [&s](request_context& ctx, protocol::elect_leaders_request& req, int16_t v) -> asio::awaitable<response> {
            auto resp = co_await run_blocking(s.blocking, [&] { return handle_elect_leaders(req, v, s.elect_leaders); });
            co_return make_response(ctx.header.correlation_id, resp, v);
        }));

    // ApiVersions last: it advertises every row above (and itself).
    std::vector<protocol::api_version_range> ranges;
    for (const auto& a : apis)
        if (!a.unserved) ranges.push_back({a.key, a.min_version, a.max_version});
    ranges.push_back({int16_t(protocol::api_key::api_versions), 0, 3});
    apis.push_back(api_handler{
        int16_t(protocol::api_key::api_versions), 0, 3,
        [ranges](request_context& ctx) -> asio::awaitable<response> {
            response r;
            size_t start = protocol::begin_frame(r.frame);
            protocol::handle_api_versions(ctx.header, ctx.body, ranges, r.frame);
            protocol::end_frame(r.frame, start);
            co_return r;
        }});
    // Answered but not advertised: the APIs we know and do not serve yet.
    for (auto& h : make_unserved_apis()) apis.push_back(std::move(h));
    return apis;
}

}  // namespace odradek::broker
