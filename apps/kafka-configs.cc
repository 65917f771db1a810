// kafka-configs: describe and alter entity configs (Kafka's ConfigCommand).
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "common/kafka_cli.h"
#include "config/topic_config.h"
#include "tools/configs.h"

namespace {
std::vector<std::string> split_commas(const std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (const std::string& v : values) {
        size_t start = 0;
        for (;;) {
            size_t at = v.find(',', start);
            out.push_back(v.substr(start, at == std::string::npos ? std::string::npos : at - start));
            if (at == std::string::npos) break;
            start = at + 1;
        }
    }
    return out;
}
}  // namespace

int main(int argc, char** argv) {
    odradek::tools::configs_options o;
    std::string bootstrap, controller, zookeeper, command_config, add_config, add_config_file, zk_tls;
    std::vector<std::string> entity_type, entity_name, delete_config;
    std::string topic, client, user, broker, broker_logger, ip;
    bool entity_default = false, client_defaults = false, user_defaults = false, broker_defaults = false,
         ip_defaults = false;
    odradek::cli::kafka_cli cli("kafka-configs",
                                "This tool helps to manipulate and describe entity config for a topic, client, user, "
                                "broker, ip or client-metrics");
    cli.option("zookeeper", zookeeper,
               "DEPRECATED. The connection string for the zookeeper connection in the form host:port. Multiple URLS "
               "can be given to allow fail-over. Required when configuring SCRAM credentials for users or dynamic "
               "broker configs when the relevant broker(s) are down. Not allowed otherwise.",
               "urls");
    cli.option("bootstrap-server", bootstrap, "The Kafka servers to connect to.", "server to connect to");
    cli.option("bootstrap-controller", controller, "The Kafka controllers to connect to.", "controller to connect to");
    cli.option("command-config", command_config,
               "Property file containing configs to be passed to Admin Client. This is used only with "
               "--bootstrap-server option for describing and altering broker configs.",
               "command config property file");
    cli.flag("alter", o.alter, "Alter the configuration for the entity.");
    cli.flag("describe", o.describe, "List configs for the given entity.");
    cli.flag("all", o.all,
             "List all configs for the given topic, broker, or broker-logger entity (includes static configuration "
             "when the entity type is brokers)");
    cli.multi_option("entity-type", entity_type,
                     "Type of entity (topics/clients/users/brokers/broker-loggers/ips/client-metrics)", "");
    cli.multi_option("entity-name", entity_name,
                     "Name of entity (topic name/client id/user principal name/broker id/ip/client metrics)", "");
    cli.flag("entity-default", entity_default,
             "Default entity name for clients/users/brokers/ips (applies to corresponding entity type in command "
             "line)");
    std::vector<std::string> names;
    for (const auto& k : odradek::config::topic_config_def().keys()) names.emplace_back(k.name);
    std::sort(names.begin(), names.end());
    std::string add_help = "Key Value pairs of configs to add. Square brackets can be used to group values which "
                           "contain commas: 'k1=v1,k2=[v1,v2,v2],k3=v3'. The following is a list of valid "
                           "configurations: For entity-type 'topics':";
    for (const auto& n : names) add_help += " " + n;
    add_help += " Entity types 'users' and 'clients' may be specified together to update config for clients of a "
                "specific user.";
    cli.option("add-config", add_config, add_help, "");
    cli.option("add-config-file", add_config_file,
               "Path to a properties file with configs to add. See add-config for a list of valid configurations.", "");
    cli.multi_option("delete-config", delete_config, "config keys to remove 'k1,k2'", "");
    cli.flag("force", o.force, "Suppress console prompts");
    cli.option("topic", topic, "The topic's name.", "");
    cli.option("client", client, "The client's ID.", "");
    cli.flag("client-defaults", client_defaults, "The config defaults for all clients.");
    cli.option("user", user, "The user's principal name.", "");
    cli.flag("user-defaults", user_defaults, "The config defaults for all users.");
    cli.option("broker", broker, "The broker's ID.", "");
    cli.flag("broker-defaults", broker_defaults, "The config defaults for all brokers.");
    cli.option("broker-logger", broker_logger, "The broker's ID for its logger config.", "");
    cli.flag("ip-defaults", ip_defaults, "The config defaults for all IPs.");
    cli.option("ip", ip, "The IP address.", "");
    cli.option("zk-tls-config-file", zk_tls,
               "Identifies the file where ZooKeeper client TLS connectivity properties are defined.  Any properties "
               "other than zookeeper.clientCnxnSocket, zookeeper.ssl.cipher.suites, zookeeper.ssl.client.enable, "
               "zookeeper.ssl.crl.enable, zookeeper.ssl.enabled.protocols, "
               "zookeeper.ssl.endpoint.identification.algorithm, zookeeper.ssl.keystore.location, "
               "zookeeper.ssl.keystore.password, zookeeper.ssl.keystore.type, zookeeper.ssl.ocsp.enable, "
               "zookeeper.ssl.protocol, zookeeper.ssl.truststore.location, zookeeper.ssl.truststore.password, "
               "zookeeper.ssl.truststore.type are ignored.",
               "ZooKeeper TLS configuration");
    if (auto code = cli.parse(argc, argv, std::cout, std::cerr)) return *code;
    o.args.assign(argv + 1, argv + argc);
    if (cli.has("bootstrap-server")) o.bootstrap_server = bootstrap;
    if (cli.has("bootstrap-controller")) o.bootstrap_controller = controller;
    if (cli.has("zookeeper")) o.zookeeper = zookeeper;
    if (cli.has("command-config")) o.command_config = command_config;
    if (cli.has("add-config")) o.add_config = add_config;
    if (cli.has("add-config-file")) o.add_config_file = add_config_file;
    o.delete_config = split_commas(delete_config);
    o.entity_types = entity_type;
    o.entity_type_given = cli.has("entity-type");
    o.entity_name_given = cli.has("entity-name");
    o.entity_default_given = entity_default;
    // --entity-name values, then "" for --entity-default (jopt keeps command-line
    // order; one default is all Kafka accepts with one type).
    o.entity_names = entity_name;
    if (entity_default) o.entity_names.push_back("");
    if (cli.has("topic")) o.shortcuts.emplace_back("topics", topic);
    if (cli.has("client")) o.shortcuts.emplace_back("clients", client);
    if (cli.has("user")) o.shortcuts.emplace_back("users", user);
    if (cli.has("broker")) o.shortcuts.emplace_back("brokers", broker);
    if (cli.has("broker-logger")) o.shortcuts.emplace_back("broker-loggers", broker_logger);
    if (cli.has("ip")) o.shortcuts.emplace_back("ips", ip);
    if (client_defaults) o.shortcuts.emplace_back("clients", "");
    if (user_defaults) o.shortcuts.emplace_back("users", "");
    if (broker_defaults) o.shortcuts.emplace_back("brokers", "");
    if (ip_defaults) o.shortcuts.emplace_back("ips", "");
    if (auto problem = odradek::tools::check_configs_options(o)) {
        if (problem->print_usage) return cli.usage_error(std::cerr, problem->message);
        std::cerr << problem->message << '\n';
        return 1;
    }
    return odradek::tools::run_configs(o, std::cout, std::cerr);
}
