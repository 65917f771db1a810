// kafka-leader-election: elects preferred or unclean leaders through the
// controller (Kafka's LeaderElectionCommand).
#include <iostream>
#include <string>

#include "common/kafka_cli.h"
#include "tools/leader_election.h"

int main(int argc, char** argv) {
    odradek::tools::leader_election_options o;
    std::string bootstrap, admin_config, election_type, json_file, topic;
    int32_t partition = 0;
    odradek::cli::kafka_cli cli("kafka-leader-election",
                                "This tool attempts to elect a new leader for a set of topic partitions. The type of "
                                "elections supported are preferred replicas and unclean replicas.");
    cli.option("bootstrap-server", bootstrap,
               "A hostname and port for the broker to connect to, in the form host:port. Multiple comma separated "
               "URLs can be given. REQUIRED.",
               "host:port", "String");
    cli.option("admin.config", admin_config, "Configuration properties files to pass to the admin client",
               "config file");
    cli.option("path-to-json-file", json_file,
               "The JSON file with the list  of partition for which leader elections should be performed. This is "
               "an example format. {\"partitions\": [{\"topic\": \"foo\", \"partition\": 1}, {\"topic\": "
               "\"foobar\", \"partition\": 2}]} Not allowed if --all-topic-partitions or --topic flags are "
               "specified.",
               "Path to JSON file");
    cli.option("topic", topic,
               "Name of topic for which to perform an election. Not allowed if --path-to-json-file or "
               "--all-topic-partitions is specified.",
               "topic name");
    cli.option("partition", partition, "Partition id for which to perform an election. REQUIRED if --topic is "
               "specified.", "partition id", "Integer");
    cli.flag("all-topic-partitions", o.all_topic_partitions,
             "Perform election on all of the eligible topic partitions based on the type of election (see the "
             "--election-type flag). Not allowed if --topic or --path-to-json-file is specified.");
    cli.option("election-type", election_type,
               "Type of election to attempt. Possible values are \"preferred\" for preferred leader election or "
               "\"unclean\" for unclean leader election. If preferred election is selection, the election is only "
               "performed if the current leader is not the preferred leader for the topic partition. If unclean "
               "election is selected, the election is only performed if there are no leader for the topic "
               "partition. REQUIRED.",
               "election type");
    if (auto code = cli.parse(argc, argv, std::cout, std::cerr)) return *code;
    if (cli.has("bootstrap-server")) o.bootstrap_server = bootstrap;
    if (cli.has("admin.config")) o.admin_config = admin_config;
    if (cli.has("election-type")) o.election_type = election_type;
    if (cli.has("path-to-json-file")) o.path_to_json_file = json_file;
    if (cli.has("topic")) o.topic = topic;
    if (cli.has("partition")) o.partition = partition;
    return odradek::tools::run_leader_election(o, std::cout, std::cerr);
}
