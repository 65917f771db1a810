// The broker's key table: every key KafkaConfig 3.7 defines (plus the
// remote-log keys it merges in), with Kafka's types, defaults, validators,
// importance and dynamic-update mode. Order follows KafkaConfig's configDef,
// which is also the order in which the first bad value is reported.

#include "config/broker_config.h"

namespace odradek::config {

namespace {

using T = config_type;
using I = importance;
using D = dynamic_mode;
constexpr default_value V(std::string_view s) { return default_value::of(s); }
constexpr default_value kNull = default_value::null();
constexpr validator kNone = no_validator();

constexpr std::string_view kIntMax = "2147483647";

constexpr std::string_view kSecurityProtocols[] = {"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"};
constexpr std::string_view kProcessRoles[] = {"broker", "controller"};
constexpr std::string_view kGroupTypes[] = {"consumer", "classic"};
constexpr std::string_view kSslClientAuth[] = {"required", "requested", "none"};

constexpr validator kMetadataVersion = of_kind(validator::kind::metadata_version);

const config_key kBrokerKeys[] = {
    // ZooKeeper
    {"zookeeper.connect", T::string, kNull, kNone, I::high},
    {"zookeeper.session.timeout.ms", T::int32, V("18000"), kNone, I::high},
    {"zookeeper.connection.timeout.ms", T::int32, kNull, kNone, I::high},
    {"zookeeper.set.acl", T::boolean, V("false"), kNone, I::high},
    {"zookeeper.max.in.flight.requests", T::int32, V("10"), at_least(1), I::high},
    {"zookeeper.ssl.client.enable", T::boolean, V("false"), kNone, I::medium},
    {"zookeeper.clientCnxnSocket", T::string, kNull, kNone, I::medium},
    {"zookeeper.ssl.keystore.location", T::string, kNull, kNone, I::medium},
    {"zookeeper.ssl.keystore.password", T::password, kNull, kNone, I::medium},
    {"zookeeper.ssl.keystore.type", T::string, kNull, kNone, I::medium},
    {"zookeeper.ssl.truststore.location", T::string, kNull, kNone, I::medium},
    {"zookeeper.ssl.truststore.password", T::password, kNull, kNone, I::medium},
    {"zookeeper.ssl.truststore.type", T::string, kNull, kNone, I::medium},
    {"zookeeper.ssl.protocol", T::string, V("TLSv1.2"), kNone, I::low},
    {"zookeeper.ssl.enabled.protocols", T::list, kNull, kNone, I::low},
    {"zookeeper.ssl.cipher.suites", T::list, kNull, kNone, I::low},
    {"zookeeper.ssl.endpoint.identification.algorithm", T::string, V("HTTPS"), kNone, I::low},
    {"zookeeper.ssl.crl.enable", T::boolean, V("false"), kNone, I::low},
    {"zookeeper.ssl.ocsp.enable", T::boolean, V("false"), kNone, I::low},

    // General
    {"broker.id.generation.enable", T::boolean, V("true"), kNone, I::medium},
    {"reserved.broker.max.id", T::int32, V("1000"), at_least(0), I::medium},
    {"broker.id", T::int32, V("-1"), kNone, I::high},
    {"message.max.bytes", T::int32, V("1048588"), at_least(0), I::high, D::cluster_wide},
    {"num.network.threads", T::int32, V("3"), at_least(1), I::high, D::cluster_wide},
    {"num.io.threads", T::int32, V("8"), at_least(1), I::high, D::cluster_wide},
    {"num.replica.alter.log.dirs.threads", T::int32, kNull, kNone, I::high},
    {"background.threads", T::int32, V("10"), at_least(1), I::high, D::cluster_wide},
    {"queued.max.requests", T::int32, V("500"), at_least(1), I::high},
    {"queued.max.request.bytes", T::int64, V("-1"), kNone, I::medium},
    {"request.timeout.ms", T::int32, V("30000"), kNone, I::high},
    {"socket.connection.setup.timeout.ms", T::int64, V("10000"), kNone, I::medium},
    {"socket.connection.setup.timeout.max.ms", T::int64, V("30000"), kNone, I::medium},

    // KRaft (defined so they are known; Odradek refuses process.roles)
    {"metadata.log.max.record.bytes.between.snapshots", T::int64, V("20971520"), at_least(1), I::high},
    {"metadata.log.max.snapshot.interval.ms", T::int64, V("3600000"), at_least(0), I::high},
    {"process.roles", T::list, V(""), list_of(kProcessRoles), I::high},
    {"node.id", T::int32, V("-1"), kNone, I::high},
    {"initial.broker.registration.timeout.ms", T::int32, V("60000"), kNone, I::medium},
    {"broker.heartbeat.interval.ms", T::int32, V("2000"), kNone, I::medium},
    {"broker.session.timeout.ms", T::int32, V("9000"), kNone, I::medium},
    {"controller.listener.names", T::string, kNull, kNone, I::high},
    {"sasl.mechanism.controller.protocol", T::string, V("GSSAPI"), kNone, I::high},
    {"metadata.log.dir", T::string, kNull, kNone, I::high},
    {"metadata.log.segment.bytes", T::int32, V("1073741824"), at_least(12), I::high},
    {"metadata.log.segment.min.bytes", T::int32, V("8388608"), at_least(12), I::high, D::read_only, true},
    {"metadata.log.segment.ms", T::int64, V("604800000"), kNone, I::high},
    {"metadata.max.retention.bytes", T::int64, V("104857600"), kNone, I::high},
    {"metadata.max.retention.ms", T::int64, V("604800000"), kNone, I::high},
    {"metadata.max.idle.interval.ms", T::int32, V("500"), at_least(0), I::low},
    {"server.max.startup.time.ms", T::int64, V(kLongMax), at_least(0), I::medium, D::read_only, true},
    {"zookeeper.metadata.migration.enable", T::boolean, V("false"), kNone, I::high},
    {"eligible.leader.replicas.enable", T::boolean, V("false"), kNone, I::high},
    {"zookeeper.metadata.migration.min.batch.size", T::int32, V("200"), at_least(1), I::medium, D::read_only, true},

    // Authorizer
    {"authorizer.class.name", T::string, V(""), of_kind(validator::kind::non_null), I::low},
    {"early.start.listeners", T::string, kNull, kNone, I::high},

    // Socket server
    {"listeners", T::string, V("PLAINTEXT://:9092"), kNone, I::high, D::per_broker},
    {"advertised.listeners", T::string, kNull, kNone, I::high, D::per_broker},
    {"listener.security.protocol.map", T::string,
     V("PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL"), kNone, I::low, D::per_broker},
    {"control.plane.listener.name", T::string, kNull, kNone, I::high},
    {"socket.send.buffer.bytes", T::int32, V("102400"), kNone, I::high},
    {"socket.receive.buffer.bytes", T::int32, V("102400"), kNone, I::high},
    {"socket.request.max.bytes", T::int32, V("104857600"), at_least(1), I::high},
    {"socket.listen.backlog.size", T::int32, V("50"), at_least(1), I::medium},
    {"max.connections.per.ip", T::int32, V(kIntMax), at_least(0), I::medium, D::cluster_wide},
    {"max.connections.per.ip.overrides", T::string, V(""), kNone, I::medium, D::cluster_wide},
    {"max.connections", T::int32, V(kIntMax), at_least(0), I::medium, D::cluster_wide},
    {"max.connection.creation.rate", T::int32, V(kIntMax), at_least(0), I::medium, D::cluster_wide},
    {"connections.max.idle.ms", T::int64, V("600000"), kNone, I::medium},
    {"connection.failed.authentication.delay.ms", T::int32, V("100"), at_least(0), I::low},

    // Rack
    {"broker.rack", T::string, kNull, kNone, I::medium},

    // Log
    {"num.partitions", T::int32, V("1"), at_least(1), I::medium},
    {"log.dir", T::string, V("/tmp/kafka-logs"), kNone, I::high},
    {"log.dirs", T::string, kNull, kNone, I::high},
    {"log.segment.bytes", T::int32, V("1073741824"), at_least(14), I::high, D::cluster_wide},
    {"log.roll.ms", T::int64, kNull, kNone, I::high, D::cluster_wide},
    {"log.roll.hours", T::int32, V("168"), at_least(1), I::high},
    {"log.roll.jitter.ms", T::int64, kNull, kNone, I::high, D::cluster_wide},
    {"log.roll.jitter.hours", T::int32, V("0"), at_least(0), I::high},
    {"log.retention.ms", T::int64, kNull, kNone, I::high, D::cluster_wide},
    {"log.retention.minutes", T::int32, kNull, kNone, I::high},
    {"log.retention.hours", T::int32, V("168"), kNone, I::high},
    {"log.retention.bytes", T::int64, V("-1"), kNone, I::high, D::cluster_wide},
    {"log.retention.check.interval.ms", T::int64, V("300000"), at_least(1), I::medium},
    {"log.cleanup.policy", T::list, V("delete"), list_of(kCleanupPolicies), I::medium, D::cluster_wide},
    {"log.cleaner.threads", T::int32, V("1"), at_least(0), I::medium, D::cluster_wide},
    {"log.cleaner.io.max.bytes.per.second", T::float64, V("1.7976931348623157E308"), kNone, I::medium, D::cluster_wide},
    {"log.cleaner.dedupe.buffer.size", T::int64, V("134217728"), kNone, I::medium, D::cluster_wide},
    {"log.cleaner.io.buffer.size", T::int32, V("524288"), at_least(0), I::medium, D::cluster_wide},
    {"log.cleaner.io.buffer.load.factor", T::float64, V("0.9"), kNone, I::medium, D::cluster_wide},
    {"log.cleaner.backoff.ms", T::int64, V("15000"), at_least(0), I::medium, D::cluster_wide},
    {"log.cleaner.min.cleanable.ratio", T::float64, V("0.5"), between(0, 1), I::medium, D::cluster_wide},
    {"log.cleaner.enable", T::boolean, V("true"), kNone, I::medium},
    {"log.cleaner.delete.retention.ms", T::int64, V("86400000"), at_least(0), I::medium, D::cluster_wide},
    {"log.cleaner.min.compaction.lag.ms", T::int64, V("0"), at_least(0), I::medium, D::cluster_wide},
    {"log.cleaner.max.compaction.lag.ms", T::int64, V(kLongMax), at_least(1), I::medium, D::cluster_wide},
    {"log.index.size.max.bytes", T::int32, V("10485760"), at_least(4), I::medium, D::cluster_wide},
    {"log.index.interval.bytes", T::int32, V("4096"), at_least(0), I::medium, D::cluster_wide},
    {"log.flush.interval.messages", T::int64, V(kLongMax), at_least(1), I::high, D::cluster_wide},
    {"log.segment.delete.delay.ms", T::int64, V("60000"), at_least(0), I::high, D::cluster_wide},
    {"log.flush.scheduler.interval.ms", T::int64, V(kLongMax), kNone, I::high},
    {"log.flush.interval.ms", T::int64, kNull, kNone, I::high, D::cluster_wide},
    {"log.flush.offset.checkpoint.interval.ms", T::int32, V("60000"), at_least(0), I::high},
    {"log.flush.start.offset.checkpoint.interval.ms", T::int32, V("60000"), at_least(0), I::high},
    {"log.preallocate", T::boolean, V("false"), kNone, I::medium, D::cluster_wide},
    {"num.recovery.threads.per.data.dir", T::int32, V("1"), at_least(1), I::high, D::cluster_wide},
    {"auto.create.topics.enable", T::boolean, V("true"), kNone, I::high},
    {"min.insync.replicas", T::int32, V("1"), at_least(1), I::high, D::cluster_wide},
    {"log.message.format.version", T::string, V("3.0-IV1"), kMetadataVersion, I::medium},
    {"log.message.timestamp.type", T::string, V("CreateTime"), one_of(kTimestampTypes), I::medium, D::cluster_wide},
    {"log.message.timestamp.difference.max.ms", T::int64, V(kLongMax), at_least(0), I::medium, D::cluster_wide},
    {"log.message.timestamp.before.max.ms", T::int64, V(kLongMax), at_least(0), I::medium, D::cluster_wide},
    {"log.message.timestamp.after.max.ms", T::int64, V(kLongMax), at_least(0), I::medium, D::cluster_wide},
    {"create.topic.policy.class.name", T::class_name, kNull, kNone, I::low},
    {"alter.config.policy.class.name", T::class_name, kNull, kNone, I::low},
    {"log.message.downconversion.enable", T::boolean, V("true"), kNone, I::low, D::cluster_wide},

    // Replication
    {"controller.socket.timeout.ms", T::int32, V("30000"), kNone, I::medium},
    {"default.replication.factor", T::int32, V("1"), kNone, I::medium},
    {"replica.lag.time.max.ms", T::int64, V("30000"), kNone, I::high},
    {"replica.socket.timeout.ms", T::int32, V("30000"), kNone, I::high},
    {"replica.socket.receive.buffer.bytes", T::int32, V("65536"), kNone, I::high},
    {"replica.fetch.max.bytes", T::int32, V("1048576"), at_least(0), I::medium},
    {"replica.fetch.wait.max.ms", T::int32, V("500"), kNone, I::high},
    {"replica.fetch.backoff.ms", T::int32, V("1000"), at_least(0), I::medium},
    {"replica.fetch.min.bytes", T::int32, V("1"), kNone, I::high},
    {"replica.fetch.response.max.bytes", T::int32, V("10485760"), at_least(0), I::medium},
    {"num.replica.fetchers", T::int32, V("1"), kNone, I::high, D::cluster_wide},
    {"replica.high.watermark.checkpoint.interval.ms", T::int64, V("5000"), kNone, I::high},
    {"fetch.purgatory.purge.interval.requests", T::int32, V("1000"), kNone, I::medium},
    {"producer.purgatory.purge.interval.requests", T::int32, V("1000"), kNone, I::medium},
    {"delete.records.purgatory.purge.interval.requests", T::int32, V("1"), kNone, I::medium},
    {"auto.leader.rebalance.enable", T::boolean, V("true"), kNone, I::high},
    {"leader.imbalance.per.broker.percentage", T::int32, V("10"), kNone, I::high},
    {"leader.imbalance.check.interval.seconds", T::int64, V("300"), at_least(1), I::high},
    {"unclean.leader.election.enable", T::boolean, V("false"), kNone, I::high, D::cluster_wide},
    {"security.inter.broker.protocol", T::string, V("PLAINTEXT"), one_of(kSecurityProtocols), I::medium},
    {"inter.broker.protocol.version", T::string, V("3.7-IV4"), kMetadataVersion, I::medium},
    {"inter.broker.listener.name", T::string, kNull, kNone, I::medium},
    {"replica.selector.class", T::string, kNull, kNone, I::medium},

    // Controlled shutdown
    {"controlled.shutdown.max.retries", T::int32, V("3"), kNone, I::medium},
    {"controlled.shutdown.retry.backoff.ms", T::int64, V("5000"), kNone, I::medium},
    {"controlled.shutdown.enable", T::boolean, V("true"), kNone, I::medium},

    // Group coordinator
    {"group.min.session.timeout.ms", T::int32, V("6000"), kNone, I::medium},
    {"group.max.session.timeout.ms", T::int32, V("1800000"), kNone, I::medium},
    {"group.initial.rebalance.delay.ms", T::int32, V("3000"), kNone, I::medium},
    {"group.max.size", T::int32, V(kIntMax), at_least(1), I::medium},
    {"group.coordinator.rebalance.protocols", T::list, V("classic"), list_of(kGroupTypes), I::medium},
    {"group.coordinator.threads", T::int32, V("1"), at_least(1), I::medium},
    {"group.coordinator.new.enable", T::boolean, V("false"), kNone, I::medium, D::read_only, true},
    {"group.consumer.session.timeout.ms", T::int32, V("45000"), at_least(1), I::medium},
    {"group.consumer.min.session.timeout.ms", T::int32, V("45000"), at_least(1), I::medium},
    {"group.consumer.max.session.timeout.ms", T::int32, V("60000"), at_least(1), I::medium},
    {"group.consumer.heartbeat.interval.ms", T::int32, V("5000"), at_least(1), I::medium},
    {"group.consumer.min.heartbeat.interval.ms", T::int32, V("5000"), at_least(1), I::medium},
    {"group.consumer.max.heartbeat.interval.ms", T::int32, V("15000"), at_least(1), I::medium},
    {"group.consumer.max.size", T::int32, V(kIntMax), at_least(1), I::medium},
    {"group.consumer.assignors", T::list,
     V("org.apache.kafka.coordinator.group.assignor.UniformAssignor,"
       "org.apache.kafka.coordinator.group.assignor.RangeAssignor"),
     kNone, I::medium},

    // Offset management
    {"offset.metadata.max.bytes", T::int32, V("4096"), kNone, I::high},
    {"offsets.load.buffer.size", T::int32, V("5242880"), at_least(1), I::high},
    {"offsets.topic.replication.factor", T::int16, V("3"), at_least(1), I::high},
    {"offsets.topic.num.partitions", T::int32, V("50"), at_least(1), I::high},
    {"offsets.topic.segment.bytes", T::int32, V("104857600"), at_least(1), I::high},
    {"offsets.topic.compression.codec", T::int32, V("0"), kNone, I::high},
    {"offsets.retention.minutes", T::int32, V("10080"), at_least(1), I::high},
    {"offsets.retention.check.interval.ms", T::int64, V("600000"), at_least(1), I::high},
    {"offsets.commit.timeout.ms", T::int32, V("5000"), at_least(1), I::high},
    {"offsets.commit.required.acks", T::int16, V("-1"), kNone, I::high},
    {"delete.topic.enable", T::boolean, V("true"), kNone, I::high},
    {"compression.type", T::string, V("producer"), one_of(kCompressionTypes), I::high, D::cluster_wide},

    // Transactions
    {"transactional.id.expiration.ms", T::int32, V("604800000"), at_least(1), I::high},
    {"transaction.max.timeout.ms", T::int32, V("900000"), at_least(1), I::high},
    {"transaction.state.log.min.isr", T::int32, V("2"), at_least(1), I::high},
    {"transaction.state.log.load.buffer.size", T::int32, V("5242880"), at_least(1), I::high},
    {"transaction.state.log.replication.factor", T::int16, V("3"), at_least(1), I::high},
    {"transaction.state.log.num.partitions", T::int32, V("50"), at_least(1), I::high},
    {"transaction.state.log.segment.bytes", T::int32, V("104857600"), at_least(1), I::high},
    {"transaction.abort.timed.out.transaction.cleanup.interval.ms", T::int32, V("10000"), at_least(1), I::low},
    {"transaction.remove.expired.transaction.cleanup.interval.ms", T::int32, V("3600000"), at_least(1), I::low},
    {"transaction.partition.verification.enable", T::boolean, V("true"), kNone, I::low, D::cluster_wide},
    {"producer.id.expiration.ms", T::int32, V("86400000"), at_least(1), I::low, D::cluster_wide},
    {"producer.id.expiration.check.interval.ms", T::int32, V("600000"), at_least(1), I::low, D::read_only, true},

    // Fetch sessions
    {"max.incremental.fetch.session.cache.slots", T::int32, V("1000"), at_least(0), I::medium},
    {"fetch.max.bytes", T::int32, V("57671680"), at_least(1024), I::medium},

    // Metrics
    {"metrics.num.samples", T::int32, V("2"), at_least(1), I::low},
    {"metrics.sample.window.ms", T::int64, V("30000"), at_least(1), I::low},
    {"metric.reporters", T::list, V(""), kNone, I::low, D::cluster_wide},
    {"metrics.recording.level", T::string, V("INFO"), kNone, I::low},
    {"auto.include.jmx.reporter", T::boolean, V("true"), kNone, I::low},
    {"kafka.metrics.reporters", T::list, V(""), kNone, I::low},
    {"kafka.metrics.polling.interval.secs", T::int32, V("10"), at_least(1), I::low},
    {"telemetry.max.bytes", T::int32, V("1048576"), at_least(1), I::low},

    // Quotas
    {"quota.window.num", T::int32, V("11"), at_least(1), I::low},
    {"replication.quota.window.num", T::int32, V("11"), at_least(1), I::low},
    {"alter.log.dirs.replication.quota.window.num", T::int32, V("11"), at_least(1), I::low},
    {"controller.quota.window.num", T::int32, V("11"), at_least(1), I::low},
    {"quota.window.size.seconds", T::int32, V("1"), at_least(1), I::low},
    {"replication.quota.window.size.seconds", T::int32, V("1"), at_least(1), I::low},
    {"alter.log.dirs.replication.quota.window.size.seconds", T::int32, V("1"), at_least(1), I::low},
    {"controller.quota.window.size.seconds", T::int32, V("1"), at_least(1), I::low},
    {"client.quota.callback.class", T::class_name, kNull, kNone, I::low},

    // Security
    {"connections.max.reauth.ms", T::int64, V("0"), kNone, I::medium},
    {"sasl.server.max.receive.size", T::int32, V("524288"), kNone, I::medium},
    {"security.providers", T::string, kNull, kNone, I::low},
    {"principal.builder.class", T::class_name,
     V("org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder"), kNone, I::medium, D::per_broker},
    {"ssl.protocol", T::string, V("TLSv1.3"), kNone, I::medium, D::per_broker},
    {"ssl.provider", T::string, kNull, kNone, I::medium, D::per_broker},
    {"ssl.enabled.protocols", T::list, V("TLSv1.2,TLSv1.3"), kNone, I::medium, D::per_broker},
    {"ssl.keystore.type", T::string, V("JKS"), kNone, I::medium, D::per_broker},
    {"ssl.keystore.location", T::string, kNull, kNone, I::medium, D::per_broker},
    {"ssl.keystore.password", T::password, kNull, kNone, I::medium, D::per_broker},
    {"ssl.key.password", T::password, kNull, kNone, I::medium, D::per_broker},
    {"ssl.keystore.key", T::password, kNull, kNone, I::medium, D::per_broker},
    {"ssl.keystore.certificate.chain", T::password, kNull, kNone, I::medium, D::per_broker},
    {"ssl.truststore.type", T::string, V("JKS"), kNone, I::medium, D::per_broker},
    {"ssl.truststore.location", T::string, kNull, kNone, I::medium, D::per_broker},
    {"ssl.truststore.password", T::password, kNull, kNone, I::medium, D::per_broker},
    {"ssl.truststore.certificates", T::password, kNull, kNone, I::medium, D::per_broker},
    {"ssl.keymanager.algorithm", T::string, V("SunX509"), kNone, I::medium, D::per_broker},
    {"ssl.trustmanager.algorithm", T::string, V("PKIX"), kNone, I::medium, D::per_broker},
    {"ssl.endpoint.identification.algorithm", T::string, V("https"), kNone, I::low, D::per_broker},
    {"ssl.secure.random.implementation", T::string, kNull, kNone, I::low, D::per_broker},
    {"ssl.client.auth", T::string, V("none"), one_of(kSslClientAuth), I::medium, D::per_broker},
    {"ssl.cipher.suites", T::list, V(""), kNone, I::medium, D::per_broker},
    {"ssl.principal.mapping.rules", T::string, V("DEFAULT"), kNone, I::low},
    {"ssl.engine.factory.class", T::class_name, kNull, kNone, I::low, D::per_broker},
    {"ssl.allow.dn.changes", T::boolean, V("false"), kNone, I::low},
    {"ssl.allow.san.changes", T::boolean, V("false"), kNone, I::low},
    {"sasl.mechanism.inter.broker.protocol", T::string, V("GSSAPI"), kNone, I::medium, D::per_broker},
    {"sasl.jaas.config", T::password, kNull, kNone, I::medium, D::per_broker},
    {"sasl.enabled.mechanisms", T::list, V("GSSAPI"), kNone, I::medium, D::per_broker},
    {"sasl.server.callback.handler.class", T::class_name, kNull, kNone, I::medium},
    {"sasl.client.callback.handler.class", T::class_name, kNull, kNone, I::medium},
    {"sasl.login.class", T::class_name, kNull, kNone, I::medium},
    {"sasl.login.callback.handler.class", T::class_name, kNull, kNone, I::medium},
    {"sasl.kerberos.service.name", T::string, kNull, kNone, I::medium, D::per_broker},
    {"sasl.kerberos.kinit.cmd", T::string, V("/usr/bin/kinit"), kNone, I::medium, D::per_broker},
    {"sasl.kerberos.ticket.renew.window.factor", T::float64, V("0.8"), kNone, I::medium, D::per_broker},
    {"sasl.kerberos.ticket.renew.jitter", T::float64, V("0.05"), kNone, I::medium, D::per_broker},
    {"sasl.kerberos.min.time.before.relogin", T::int64, V("60000"), kNone, I::medium, D::per_broker},
    {"sasl.kerberos.principal.to.local.rules", T::list, V("DEFAULT"), kNone, I::medium, D::per_broker},
    {"sasl.login.refresh.window.factor", T::float64, V("0.8"), kNone, I::medium, D::per_broker},
    {"sasl.login.refresh.window.jitter", T::float64, V("0.05"), kNone, I::medium, D::per_broker},
    {"sasl.login.refresh.min.period.seconds", T::int16, V("60"), kNone, I::medium, D::per_broker},
    {"sasl.login.refresh.buffer.seconds", T::int16, V("300"), kNone, I::medium, D::per_broker},
    {"sasl.login.connect.timeout.ms", T::int32, kNull, kNone, I::low},
    {"sasl.login.read.timeout.ms", T::int32, kNull, kNone, I::low},
    {"sasl.login.retry.backoff.max.ms", T::int64, V("10000"), kNone, I::low},
    {"sasl.login.retry.backoff.ms", T::int64, V("100"), kNone, I::low},
    {"sasl.oauthbearer.scope.claim.name", T::string, V("scope"), kNone, I::low},
    {"sasl.oauthbearer.sub.claim.name", T::string, V("sub"), kNone, I::low},
    {"sasl.oauthbearer.token.endpoint.url", T::string, kNull, kNone, I::medium},
    {"sasl.oauthbearer.jwks.endpoint.url", T::string, kNull, kNone, I::medium},
    {"sasl.oauthbearer.jwks.endpoint.refresh.ms", T::int64, V("3600000"), kNone, I::low},
    {"sasl.oauthbearer.jwks.endpoint.retry.backoff.ms", T::int64, V("100"), kNone, I::low},
    {"sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms", T::int64, V("10000"), kNone, I::low},
    {"sasl.oauthbearer.clock.skew.seconds", T::int32, V("30"), kNone, I::low},
    {"sasl.oauthbearer.expected.audience", T::list, kNull, kNone, I::low},
    {"sasl.oauthbearer.expected.issuer", T::string, kNull, kNone, I::low},

    // Delegation tokens
    {"delegation.token.master.key", T::password, kNull, kNone, I::medium},
    {"delegation.token.secret.key", T::password, kNull, kNone, I::medium},
    {"delegation.token.max.lifetime.ms", T::int64, V("604800000"), at_least(1), I::medium},
    {"delegation.token.expiry.time.ms", T::int64, V("86400000"), at_least(1), I::medium},
    {"delegation.token.expiry.check.interval.ms", T::int64, V("3600000"), at_least(1), I::low},

    // Password encoder
    {"password.encoder.secret", T::password, kNull, kNone, I::medium},
    {"password.encoder.old.secret", T::password, kNull, kNone, I::medium},
    {"password.encoder.keyfactory.algorithm", T::string, kNull, kNone, I::low},
    {"password.encoder.cipher.algorithm", T::string, V("AES/CBC/PKCS5Padding"), kNone, I::low},
    {"password.encoder.key.length", T::int32, V("128"), at_least(8), I::low},
    {"password.encoder.iterations", T::int32, V("4096"), at_least(1024), I::low},

    // Raft quorum (KRaft only)
    {"controller.quorum.voters", T::list, V(""), kNone, I::high},
    {"controller.quorum.election.timeout.ms", T::int32, V("1000"), kNone, I::high},
    {"controller.quorum.fetch.timeout.ms", T::int32, V("2000"), kNone, I::high},
    {"controller.quorum.election.backoff.max.ms", T::int32, V("1000"), kNone, I::high},
    {"controller.quorum.append.linger.ms", T::int32, V("25"), kNone, I::medium},
    {"controller.quorum.request.timeout.ms", T::int32, V("2000"), kNone, I::medium},
    {"controller.quorum.retry.backoff.ms", T::int32, V("20"), kNone, I::low},

    // Internal
    {"unstable.api.versions.enable", T::boolean, V("false"), kNone, I::high, D::read_only, true},
    {"unstable.metadata.versions.enable", T::boolean, V("false"), kNone, I::high, D::read_only, true},

    // Tiered storage (RemoteLogManagerConfig, merged into KafkaConfig)
    {"remote.log.storage.system.enable", T::boolean, V("false"), kNone, I::medium},
    {"remote.log.storage.manager.impl.prefix", T::string, V("rsm.config."), kNone, I::medium},
    {"remote.log.metadata.manager.impl.prefix", T::string, V("rlmm.config."), kNone, I::medium},
    {"remote.log.storage.manager.class.name", T::string, kNull, kNone, I::medium},
    {"remote.log.storage.manager.class.path", T::string, kNull, kNone, I::medium},
    {"remote.log.metadata.manager.class.name", T::string,
     V("org.apache.kafka.server.log.remote.metadata.storage.TopicBasedRemoteLogMetadataManager"), kNone, I::medium},
    {"remote.log.metadata.manager.class.path", T::string, kNull, kNone, I::medium},
    {"remote.log.metadata.manager.listener.name", T::string, kNull, kNone, I::medium},
    {"remote.log.metadata.custom.metadata.max.bytes", T::int32, V("128"), at_least(0), I::low},
    {"remote.log.index.file.cache.total.size.bytes", T::int64, V("1073741824"), at_least(1), I::low, D::cluster_wide},
    {"remote.log.manager.thread.pool.size", T::int32, V("10"), at_least(1), I::medium},
    {"remote.log.manager.task.interval.ms", T::int64, V("30000"), at_least(1), I::low},
    {"remote.log.manager.task.retry.backoff.ms", T::int64, V("500"), at_least(1), I::low},
    {"remote.log.manager.task.retry.backoff.max.ms", T::int64, V("30000"), at_least(1), I::low},
    // Kafka bounds this to [0, 0.5]; our range validator holds integers only.
    {"remote.log.manager.task.retry.jitter", T::float64, V("0.2"), kNone, I::low},
    {"remote.log.reader.threads", T::int32, V("10"), at_least(1), I::medium},
    {"remote.log.reader.max.pending.tasks", T::int32, V("100"), at_least(1), I::medium},
    {"log.local.retention.ms", T::int64, V("-2"), at_least(-2), I::medium, D::cluster_wide},
    {"log.local.retention.bytes", T::int64, V("-2"), at_least(-2), I::medium, D::cluster_wide},
};

}  // namespace

const config_def& broker_config_def() {
    static const config_def def(kBrokerKeys);
    return def;
}

}  // namespace odradek::config
