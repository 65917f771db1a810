#include "tools/admin_factory.h"

#include <algorithm>

#include "client/admin.h"
#include "client/errc.h"
#include "config/properties.h"
#include "tools/client_properties.h"

namespace odradek::tools {

admin_factory make_factory(const std::string& bootstrap, const std::optional<std::string>& command_config,
                           const std::string& client_id, tool_log& log) {
    return [bootstrap, command_config, client_id, &log](error& why) -> std::unique_ptr<client::admin_api> {
        config::properties props;
        if (command_config) {
            auto loaded = config::load_properties(*command_config);
            if (!loaded) {
                why = error(client::errc::invalid_config, loaded.err().detail);
                return nullptr;
            }
            props = std::move(loaded).value();
        }
        client::client_config cfg;
        cfg.client_id = client_id;
        client::millis api_timeout(60000);
        status applied = apply_client_properties(props, cfg);
        if (applied) applied = apply_admin_properties(props, api_timeout);
        if (!applied) {
            why = applied.err();
            return nullptr;
        }
        cfg.bootstrap_servers = bootstrap;
        cfg.log_context = "[AdminClient clientId=" + cfg.client_id + "] ";
        cfg.unreachable_timeout = std::min(cfg.unreachable_timeout, api_timeout);
        cfg.log = log.fn();
        auto a = client::admin::create(cfg, api_timeout);
        if (!a) {
            why = a.err();
            return nullptr;
        }
        return std::move(a).value();
    };
}

std::string exception_text(const error& e, const char* call) {
    if (e.code == client::make_error_code(client::errc::connection_failed) ||
        e.code == client::make_error_code(client::errc::timeout))
        return std::string("org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node "
                           "assignment. Call: ") +
               call;
    return client::kafka_exception_name(e) + ": " + client::user_message(e);
}

}  // namespace odradek::tools
