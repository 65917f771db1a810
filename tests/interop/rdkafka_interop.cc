// Interop: librdkafka (Debian's 2.0.2, through its C API) against a running broker.
//
//   rdkafka_interop --bootstrap 127.0.0.1:9092 [--broker-id 0] [--records 60] [--topic name]
//
// Runs, in order, and prints one "PASS <check>" or "FAIL <check>: <why>" line per check:
//   metadata   the broker list names the bootstrap broker;
//   admin      CreateTopics (3 partitions, a topic config; validate-only; an existing
//              name -> TOPIC_ALREADY_EXISTS; 0 partitions -> INVALID_PARTITIONS), then
//              the new topic's metadata (leader, replicas, ISR per partition);
//   configs    DescribeConfigs of the topic (override and default with their sources)
//              and of the broker;
//   produce    for each codec (none, gzip, snappy, lz4, zstd) and each of acks=1 and
//              acks=all with enable.idempotence: records with keys (some null),
//              values (some null), headers (one with a null value) and CreateTime
//              timestamps, every delivery report checked;
//   consume    a consumer assigned every partition from the beginning reads exactly
//              the delivered records back at their reported offsets, byte for byte;
//   offsets    watermarks per partition and offsets_for_times;
//   delete     DeleteTopics, the topic leaves the metadata, a second delete ->
//              UNKNOWN_TOPIC_OR_PART.
// Exit status: 0 when every check passed, 1 otherwise, 2 on a usage error.
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;
constexpr int kPartitions = 3;
constexpr int64_t kBaseTimestamp = 1700000000000;
constexpr int kAdminTimeoutMs = 30000;

struct options {
  std::string bootstrap;
  int32_t broker_id = 0;
  int records = 60;  // per codec and acks setting
  std::string topic = "rdkafka-interop";
};

int failures = 0;

void check(bool ok, const std::string& what, const std::string& why = "") {
  if (ok) {
    std::printf("PASS %s\n", what.c_str());
  } else {
    ++failures;
    std::printf("FAIL %s: %s\n", what.c_str(), why.c_str());
  }
  std::fflush(stdout);
}

// One record as produced; optional = null on the wire.
struct record {
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::vector<std::pair<std::string, std::optional<std::string>>> headers;
  int64_t timestamp = 0;
  int32_t partition = 0;
};

record make_record(int series, int i) {
  record r;
  if (i % 7 != 3) r.key = "key-" + std::to_string(series) + "-" + std::to_string(i);
  if (i % 11 != 5) {
    // Compressible and not: a repeated text plus a per-record binary tail.
    std::string v = "value " + std::to_string(series) + "/" + std::to_string(i) + " ";
    for (int k = 0; k < i % 5; ++k) v += "lorem ipsum dolor sit amet ";
    for (int k = 0; k < 16; ++k) v.push_back(static_cast<char>((i * 31 + k * 17 + series) & 0xff));
    r.value = v;
  }
  r.headers.emplace_back("series", std::to_string(series));
  r.headers.emplace_back("index", std::to_string(i));
  if (i % 4 == 0) r.headers.emplace_back("nullable", std::nullopt);
  if (i % 6 == 0) r.headers.emplace_back("index", "duplicate key");
  r.timestamp = kBaseTimestamp + series * 100000 + i;
  r.partition = i % kPartitions;
  return r;
}

struct rk_deleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using rk_ptr = std::unique_ptr<rd_kafka_t, rk_deleter>;

rk_ptr make_client(rd_kafka_type_t type, const options& o, const std::vector<std::pair<std::string, std::string>>& kv,
                   void (*dr)(rd_kafka_t*, const rd_kafka_message_t*, void*) = nullptr) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  auto set = [&](const std::string& k, const std::string& v) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      check(false, "config " + k, err);
    }
  };
  set("bootstrap.servers", o.bootstrap);
  set("client.id", "odradek-rdkafka-interop");
  for (const auto& [k, v] : kv) set(k, v);
  if (dr) rd_kafka_conf_set_dr_msg_cb(conf, dr);
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof err);
  if (!rk) {
    check(false, "rd_kafka_new", err);
    return nullptr;
  }
  return rk_ptr(rk);
}

// Runs one admin call and waits for its result event (caller destroys it).
template <typename Call>
rd_kafka_event_t* admin_call(rd_kafka_t* rk, rd_kafka_admin_op_t op, bool validate_only, Call call) {
  char err[512];
  rd_kafka_AdminOptions_t* opts = rd_kafka_AdminOptions_new(rk, op);
  rd_kafka_AdminOptions_set_request_timeout(opts, kAdminTimeoutMs, err, sizeof err);
  if (op == RD_KAFKA_ADMIN_OP_CREATETOPICS || op == RD_KAFKA_ADMIN_OP_DELETETOPICS) {
    rd_kafka_AdminOptions_set_operation_timeout(opts, kAdminTimeoutMs, err, sizeof err);
  }
  if (validate_only) rd_kafka_AdminOptions_set_validate_only(opts, 1, err, sizeof err);
  rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
  call(opts, q);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(q, kAdminTimeoutMs + 10000);
  rd_kafka_queue_destroy(q);
  rd_kafka_AdminOptions_destroy(opts);
  return ev;
}

// Creates one topic; returns the per-topic error (or the request's error).
std::pair<rd_kafka_resp_err_t, std::string> create_topic(rd_kafka_t* rk, const std::string& name, int partitions,
                                                         bool validate_only,
                                                         const std::vector<std::pair<std::string, std::string>>& cfg) {
  char err[512];
  rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(name.c_str(), partitions, 1, err, sizeof err);
  if (!nt) return {RD_KAFKA_RESP_ERR__INVALID_ARG, err};
  for (const auto& [k, v] : cfg) rd_kafka_NewTopic_set_config(nt, k.c_str(), v.c_str());
  rd_kafka_event_t* ev = admin_call(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS, validate_only,
                                    [&](rd_kafka_AdminOptions_t* opts, rd_kafka_queue_t* q) {
                                      rd_kafka_CreateTopics(rk, &nt, 1, opts, q);
                                    });
  rd_kafka_NewTopic_destroy(nt);
  if (!ev) return {RD_KAFKA_RESP_ERR__TIMED_OUT, "no CreateTopics result"};
  std::pair<rd_kafka_resp_err_t, std::string> out{rd_kafka_event_error(ev), rd_kafka_event_error_string(ev)};
  if (out.first == RD_KAFKA_RESP_ERR_NO_ERROR) {
    size_t n = 0;
    const rd_kafka_topic_result_t** res =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
    if (n != 1) {
      out = {RD_KAFKA_RESP_ERR__FAIL, "expected one topic result, got " + std::to_string(n)};
    } else {
      const char* msg = rd_kafka_topic_result_error_string(res[0]);
      out = {rd_kafka_topic_result_error(res[0]), msg ? msg : ""};
    }
  }
  rd_kafka_event_destroy(ev);
  return out;
}

rd_kafka_resp_err_t delete_topic(rd_kafka_t* rk, const std::string& name) {
  rd_kafka_DeleteTopic_t* dt = rd_kafka_DeleteTopic_new(name.c_str());
  rd_kafka_event_t* ev = admin_call(rk, RD_KAFKA_ADMIN_OP_DELETETOPICS, false,
                                    [&](rd_kafka_AdminOptions_t* opts, rd_kafka_queue_t* q) {
                                      rd_kafka_DeleteTopics(rk, &dt, 1, opts, q);
                                    });
  rd_kafka_DeleteTopic_destroy(dt);
  if (!ev) return RD_KAFKA_RESP_ERR__TIMED_OUT;
  rd_kafka_resp_err_t e = rd_kafka_event_error(ev);
  if (e == RD_KAFKA_RESP_ERR_NO_ERROR) {
    size_t n = 0;
    const rd_kafka_topic_result_t** res =
        rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(ev), &n);
    e = n == 1 ? rd_kafka_topic_result_error(res[0]) : RD_KAFKA_RESP_ERR__FAIL;
  }
  rd_kafka_event_destroy(ev);
  return e;
}

// Metadata of one topic (or nullptr-equivalent when absent): partition -> (leader, replicas, isr).
struct partition_info {
  int32_t leader = -1;
  std::vector<int32_t> replicas, isr;
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
};
struct topic_info {
  bool present = false;
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::map<int32_t, partition_info> partitions;
};

std::optional<topic_info> describe_topic(rd_kafka_t* rk, const std::string& name, std::string& why) {
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 1, nullptr, &md, 10000);  // all topics: no auto-create
  if (e) {
    why = rd_kafka_err2str(e);
    return std::nullopt;
  }
  topic_info out;
  for (int i = 0; i < md->topic_cnt; ++i) {
    const rd_kafka_metadata_topic& t = md->topics[i];
    if (name != t.topic) continue;
    out.present = true;
    out.err = t.err;
    for (int p = 0; p < t.partition_cnt; ++p) {
      const rd_kafka_metadata_partition& mp = t.partitions[p];
      partition_info& pi = out.partitions[mp.id];
      pi.leader = mp.leader;
      pi.err = mp.err;
      pi.replicas.assign(mp.replicas, mp.replicas + mp.replica_cnt);
      pi.isr.assign(mp.isrs, mp.isrs + mp.isr_cnt);
    }
  }
  rd_kafka_metadata_destroy(md);
  return out;
}

void check_metadata(rd_kafka_t* rk, const options& o) {
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 1, nullptr, &md, 10000);
  check(e == RD_KAFKA_RESP_ERR_NO_ERROR, "metadata: request", rd_kafka_err2str(e));
  if (e) return;
  bool found = false;
  std::string seen;
  for (int i = 0; i < md->broker_cnt; ++i) {
    std::string addr = std::string(md->brokers[i].host) + ":" + std::to_string(md->brokers[i].port);
    seen += std::to_string(md->brokers[i].id) + "@" + addr + " ";
    if (md->brokers[i].id == o.broker_id && o.bootstrap.find(addr) != std::string::npos) found = true;
  }
  check(found, "metadata: broker " + std::to_string(o.broker_id) + " at the bootstrap address", "brokers: " + seen);
  check(md->orig_broker_id == o.broker_id, "metadata: answered by broker " + std::to_string(o.broker_id),
        "orig_broker_id " + std::to_string(md->orig_broker_id));
  rd_kafka_metadata_destroy(md);
}

void check_admin(rd_kafka_t* rk, const options& o) {
  auto [e, msg] = create_topic(rk, o.topic + "-validate", kPartitions, true, {});
  check(e == RD_KAFKA_RESP_ERR_NO_ERROR, "admin: CreateTopics validate_only", rd_kafka_err2str(e) + (": " + msg));
  std::string why;
  auto vt = describe_topic(rk, o.topic + "-validate", why);
  check(vt && !vt->present, "admin: validate_only created nothing", vt ? "topic exists" : why);

  std::tie(e, msg) = create_topic(rk, o.topic, kPartitions, false, {{"retention.ms", "3600000"}});
  check(e == RD_KAFKA_RESP_ERR_NO_ERROR, "admin: CreateTopics", rd_kafka_err2str(e) + (": " + msg));
  std::tie(e, msg) = create_topic(rk, o.topic, kPartitions, false, {});
  check(e == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS, "admin: CreateTopics of an existing topic",
        std::string("got ") + rd_kafka_err2name(e) + ": " + msg);
  std::tie(e, msg) = create_topic(rk, o.topic + "-zero", 0, false, {});
  check(e == RD_KAFKA_RESP_ERR_INVALID_PARTITIONS, "admin: CreateTopics with 0 partitions",
        std::string("got ") + rd_kafka_err2name(e) + ": " + msg);

  // Metadata may lag the creation by a moment (Kafka's brokers learn it from the controller).
  auto deadline = clock_type::now() + std::chrono::seconds(30);
  std::optional<topic_info> t;
  while (clock_type::now() < deadline) {
    t = describe_topic(rk, o.topic, why);
    if (t && t->present && t->err == RD_KAFKA_RESP_ERR_NO_ERROR && t->partitions.size() == kPartitions &&
        t->partitions.begin()->second.leader >= 0) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  check(t && t->present && t->err == RD_KAFKA_RESP_ERR_NO_ERROR, "admin: topic in metadata",
        t ? std::string(rd_kafka_err2name(t->err)) : why);
  if (!t || !t->present) return;
  check(t->partitions.size() == kPartitions, "admin: 3 partitions", std::to_string(t->partitions.size()));
  for (const auto& [p, pi] : t->partitions) {
    std::string name = "admin: partition " + std::to_string(p) + " led by broker " + std::to_string(o.broker_id);
    check(pi.err == RD_KAFKA_RESP_ERR_NO_ERROR && pi.leader == o.broker_id &&
              pi.replicas == std::vector<int32_t>{o.broker_id} && pi.isr == std::vector<int32_t>{o.broker_id},
          name,
          std::string(rd_kafka_err2name(pi.err)) + " leader " + std::to_string(pi.leader) + " replicas " +
              std::to_string(pi.replicas.size()) + " isr " + std::to_string(pi.isr.size()));
  }
}

// name -> (value, source) of one DescribeConfigs resource.
std::map<std::string, std::pair<std::string, rd_kafka_ConfigSource_t>> describe_configs(
    rd_kafka_t* rk, rd_kafka_ResourceType_t type, const std::string& name, std::string& why) {
  std::map<std::string, std::pair<std::string, rd_kafka_ConfigSource_t>> out;
  rd_kafka_ConfigResource_t* res = rd_kafka_ConfigResource_new(type, name.c_str());
  rd_kafka_event_t* ev = admin_call(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, false,
                                    [&](rd_kafka_AdminOptions_t* opts, rd_kafka_queue_t* q) {
                                      rd_kafka_DescribeConfigs(rk, &res, 1, opts, q);
                                    });
  rd_kafka_ConfigResource_destroy(res);
  if (!ev) {
    why = "no DescribeConfigs result";
    return out;
  }
  if (rd_kafka_event_error(ev)) {
    why = rd_kafka_event_error_string(ev);
  } else {
    size_t n = 0;
    const rd_kafka_ConfigResource_t** rs =
        rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(ev), &n);
    if (n != 1) {
      why = "expected one resource, got " + std::to_string(n);
    } else if (rd_kafka_ConfigResource_error(rs[0])) {
      why = rd_kafka_err2name(rd_kafka_ConfigResource_error(rs[0]));
    } else {
      size_t cnt = 0;
      const rd_kafka_ConfigEntry_t** es = rd_kafka_ConfigResource_configs(rs[0], &cnt);
      for (size_t i = 0; i < cnt; ++i) {
        const char* v = rd_kafka_ConfigEntry_value(es[i]);
        out[rd_kafka_ConfigEntry_name(es[i])] = {v ? v : "<null>", rd_kafka_ConfigEntry_source(es[i])};
      }
    }
  }
  rd_kafka_event_destroy(ev);
  return out;
}

void check_entry(const std::map<std::string, std::pair<std::string, rd_kafka_ConfigSource_t>>& cfg,
                 const std::string& what, const std::string& key, const std::string& value,
                 rd_kafka_ConfigSource_t source) {
  auto it = cfg.find(key);
  std::string why = it == cfg.end() ? "missing"
                                    : it->second.first + " (" + rd_kafka_ConfigSource_name(it->second.second) + ")";
  check(it != cfg.end() && it->second.first == value && it->second.second == source,
        what + ": " + key + "=" + value + " (" + rd_kafka_ConfigSource_name(source) + ")", why);
}

void check_configs(rd_kafka_t* rk, const options& o) {
  std::string why;
  auto topic = describe_configs(rk, RD_KAFKA_RESOURCE_TOPIC, o.topic, why);
  check(!topic.empty(), "configs: DescribeConfigs topic", why);
  if (!topic.empty()) {
    check_entry(topic, "configs: topic", "retention.ms", "3600000", RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG);
    check_entry(topic, "configs: topic", "cleanup.policy", "delete", RD_KAFKA_CONFIG_SOURCE_DEFAULT_CONFIG);
    check_entry(topic, "configs: topic", "compression.type", "producer", RD_KAFKA_CONFIG_SOURCE_DEFAULT_CONFIG);
  }
  why.clear();
  auto broker = describe_configs(rk, RD_KAFKA_RESOURCE_BROKER, std::to_string(o.broker_id), why);
  check(!broker.empty(), "configs: DescribeConfigs broker", why);
  if (!broker.empty()) {
    // Set in config/server.properties, which the harness starts from.
    check_entry(broker, "configs: broker", "log.retention.hours", "168", RD_KAFKA_CONFIG_SOURCE_STATIC_BROKER_CONFIG);
    check_entry(broker, "configs: broker", "broker.id", std::to_string(o.broker_id),
                RD_KAFKA_CONFIG_SOURCE_STATIC_BROKER_CONFIG);
    check_entry(broker, "configs: broker", "message.max.bytes", "1048588", RD_KAFKA_CONFIG_SOURCE_DEFAULT_CONFIG);
  }
}

// Delivery reports of one producer run: index -> (err, partition, offset, timestamp).
struct delivery {
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR__IN_PROGRESS;
  int32_t partition = -1;
  int64_t offset = -1;
  int64_t timestamp = -1;
};
std::vector<delivery>* current_deliveries = nullptr;

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
  auto idx = reinterpret_cast<uintptr_t>(m->_private);
  delivery& d = (*current_deliveries)[idx];
  d.err = m->err;
  d.partition = m->partition;
  d.offset = m->offset;
  rd_kafka_timestamp_type_t tt;
  d.timestamp = rd_kafka_message_timestamp(m, &tt);
}

// Everything produced, keyed by (partition, offset), for the consume check.
std::map<std::pair<int32_t, int64_t>, record> produced;

void produce_series(const options& o, int series, const std::string& codec, bool idempotent) {
  std::string name = "produce: " + codec + (idempotent ? " acks=all idempotent" : " acks=1");
  std::vector<std::pair<std::string, std::string>> kv = {
      {"compression.codec", codec}, {"linger.ms", "20"}, {"message.timeout.ms", "30000"}};
  if (idempotent) {
    kv.emplace_back("enable.idempotence", "true");
    kv.emplace_back("acks", "all");
  } else {
    kv.emplace_back("acks", "1");
  }
  rk_ptr p = make_client(RD_KAFKA_PRODUCER, o, kv, on_delivery);
  if (!p) return;
  std::vector<record> recs;
  std::vector<delivery> deliveries(o.records);
  current_deliveries = &deliveries;
  for (int i = 0; i < o.records; ++i) {
    recs.push_back(make_record(series, i));
    const record& r = recs.back();
    rd_kafka_headers_t* hdrs = rd_kafka_headers_new(r.headers.size());
    for (const auto& [hk, hv] : r.headers) {
      rd_kafka_header_add(hdrs, hk.data(), static_cast<ssize_t>(hk.size()), hv ? hv->data() : nullptr,
                          hv ? static_cast<ssize_t>(hv->size()) : 0);
    }
    // rd_kafka_produceva, not the RD_KAFKA_V_* macros (GNU statement expressions).
    rd_kafka_vu_t vu[8];
    std::memset(vu, 0, sizeof vu);
    vu[0].vtype = RD_KAFKA_VTYPE_TOPIC;
    vu[0].u.cstr = o.topic.c_str();
    vu[1].vtype = RD_KAFKA_VTYPE_PARTITION;
    vu[1].u.i32 = r.partition;
    vu[2].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    vu[2].u.i = RD_KAFKA_MSG_F_COPY;
    vu[3].vtype = RD_KAFKA_VTYPE_KEY;
    vu[3].u.mem = {r.key ? const_cast<char*>(r.key->data()) : nullptr, r.key ? r.key->size() : 0};
    vu[4].vtype = RD_KAFKA_VTYPE_VALUE;
    vu[4].u.mem = {r.value ? const_cast<char*>(r.value->data()) : nullptr, r.value ? r.value->size() : 0};
    vu[5].vtype = RD_KAFKA_VTYPE_HEADERS;
    vu[5].u.headers = hdrs;
    vu[6].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
    vu[6].u.i64 = r.timestamp;
    vu[7].vtype = RD_KAFKA_VTYPE_OPAQUE;
    vu[7].u.ptr = reinterpret_cast<void*>(static_cast<uintptr_t>(i));
    if (rd_kafka_error_t* e = rd_kafka_produceva(p.get(), vu, 8)) {
      rd_kafka_headers_destroy(hdrs);
      check(false, name + ": enqueue", rd_kafka_error_string(e));
      rd_kafka_error_destroy(e);
      return;
    }
    rd_kafka_poll(p.get(), 0);
  }
  rd_kafka_resp_err_t fe = rd_kafka_flush(p.get(), 60000);
  check(fe == RD_KAFKA_RESP_ERR_NO_ERROR, name + ": flush", rd_kafka_err2str(fe));
  int bad = 0;
  std::string first_bad;
  std::set<std::pair<int32_t, int64_t>> seen;
  for (int i = 0; i < o.records; ++i) {
    const delivery& d = deliveries[i];
    bool ok = d.err == RD_KAFKA_RESP_ERR_NO_ERROR && d.partition == recs[i].partition && d.offset >= 0 &&
              d.timestamp == recs[i].timestamp && seen.insert({d.partition, d.offset}).second &&
              !produced.count({d.partition, d.offset});
    if (!ok) {
      if (!bad++) {
        first_bad = "record " + std::to_string(i) + ": " + rd_kafka_err2name(d.err) + " partition " +
                    std::to_string(d.partition) + " offset " + std::to_string(d.offset) + " timestamp " +
                    std::to_string(d.timestamp);
      }
      continue;
    }
    produced[{d.partition, d.offset}] = recs[i];
  }
  check(bad == 0, name + ": " + std::to_string(o.records) + " records acknowledged",
        std::to_string(bad) + " bad, first " + first_bad);
  current_deliveries = nullptr;
}

std::string show(const std::optional<std::string>& s) {
  if (!s) return "null";
  std::string out;
  for (unsigned char c : *s) {
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

// Differences between a consumed message and the record produced at its offset ("" if none).
std::string compare(const rd_kafka_message_t* m, const record& r) {
  auto opt = [](const void* p, size_t n) {
    return p ? std::optional<std::string>(std::string(static_cast<const char*>(p), n)) : std::nullopt;
  };
  std::string diff;
  auto key = opt(m->key, m->key_len);
  auto value = opt(m->payload, m->len);
  if (key != r.key) diff += " key " + show(key) + " != " + show(r.key);
  if (value != r.value) diff += " value " + show(value) + " != " + show(r.value);
  rd_kafka_timestamp_type_t tt;
  int64_t ts = rd_kafka_message_timestamp(m, &tt);
  if (ts != r.timestamp || tt != RD_KAFKA_TIMESTAMP_CREATE_TIME) {
    diff += " timestamp " + std::to_string(ts) + " type " + std::to_string(tt);
  }
  rd_kafka_headers_t* hdrs = nullptr;
  std::vector<std::pair<std::string, std::optional<std::string>>> got;
  if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name;
    const void* val;
    size_t size;
    for (size_t i = 0; rd_kafka_header_get_all(hdrs, i, &name, &val, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
      got.emplace_back(name, opt(val, size));
    }
  }
  if (got != r.headers) diff += " headers differ (" + std::to_string(got.size()) + " headers)";
  return diff;
}

void check_consume(const options& o) {
  rk_ptr c = make_client(RD_KAFKA_CONSUMER, o,
                         {{"group.id", "odradek-rdkafka-interop"},
                          {"enable.auto.commit", "false"},
                          {"enable.partition.eof", "true"},
                          {"fetch.wait.max.ms", "100"}});
  if (!c) return;
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(kPartitions);
  for (int p = 0; p < kPartitions; ++p) {
    rd_kafka_topic_partition_list_add(parts, o.topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  rd_kafka_resp_err_t e = rd_kafka_assign(c.get(), parts);
  rd_kafka_topic_partition_list_destroy(parts);
  check(e == RD_KAFKA_RESP_ERR_NO_ERROR, "consume: assign from the beginning", rd_kafka_err2str(e));
  if (e) return;
  std::set<int32_t> at_eof;
  size_t read = 0, mismatched = 0, unexpected = 0;
  std::string first_problem;
  auto deadline = clock_type::now() + std::chrono::seconds(60);
  while (clock_type::now() < deadline && (at_eof.size() < kPartitions || read < produced.size())) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(c.get(), 200);
    if (!m) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      at_eof.insert(m->partition);
    } else if (m->err) {
      if (first_problem.empty()) first_problem = std::string("error ") + rd_kafka_message_errstr(m);
      ++unexpected;
    } else {
      at_eof.erase(m->partition);
      ++read;
      auto it = produced.find({m->partition, m->offset});
      if (it == produced.end()) {
        ++unexpected;
        if (first_problem.empty()) {
          first_problem = "unexpected offset " + std::to_string(m->partition) + "/" + std::to_string(m->offset);
        }
      } else if (std::string d = compare(m, it->second); !d.empty()) {
        ++mismatched;
        if (first_problem.empty()) {
          first_problem = std::to_string(m->partition) + "/" + std::to_string(m->offset) + ":" + d;
        }
      }
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(c.get());
  check(read == produced.size() && mismatched == 0 && unexpected == 0,
        "consume: read back all " + std::to_string(produced.size()) + " records byte for byte",
        "read " + std::to_string(read) + ", mismatched " + std::to_string(mismatched) + ", unexpected " +
            std::to_string(unexpected) + "; first: " + first_problem);
}

void check_offsets(rd_kafka_t* rk, const options& o) {
  std::map<int32_t, int64_t> count;
  for (const auto& [po, r] : produced) count[po.first]++;
  for (int p = 0; p < kPartitions; ++p) {
    int64_t lo = -1, hi = -1;
    rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(rk, o.topic.c_str(), p, &lo, &hi, 10000);
    check(e == RD_KAFKA_RESP_ERR_NO_ERROR && lo == 0 && hi == count[p],
          "offsets: watermarks of partition " + std::to_string(p) + " are 0.." + std::to_string(count[p]),
          std::string(rd_kafka_err2name(e)) + " low " + std::to_string(lo) + " high " + std::to_string(hi));
  }
  // For each partition: the first record of series 1 by its timestamp, and a time after
  // every record (-> the end offset, as Kafka answers).
  for (int p = 0; p < kPartitions; ++p) {
    int64_t want = -1, ts = -1;
    for (const auto& [po, r] : produced) {
      if (po.first == p && r.timestamp >= kBaseTimestamp + 100000 && (want < 0 || po.second < want)) {
        want = po.second;
        ts = r.timestamp;
      }
    }
    if (want < 0) continue;
    rd_kafka_topic_partition_list_t* l = rd_kafka_topic_partition_list_new(2);
    rd_kafka_topic_partition_list_add(l, o.topic.c_str(), p)->offset = ts;
    rd_kafka_resp_err_t e = rd_kafka_offsets_for_times(rk, l, 10000);
    int64_t got = l->elems[0].offset;
    check(e == RD_KAFKA_RESP_ERR_NO_ERROR && l->elems[0].err == RD_KAFKA_RESP_ERR_NO_ERROR && got == want,
          "offsets: offsets_for_times(" + std::to_string(ts) + ") of partition " + std::to_string(p) + " is " +
              std::to_string(want),
          std::string(rd_kafka_err2name(e ? e : l->elems[0].err)) + " offset " + std::to_string(got));
    rd_kafka_topic_partition_list_destroy(l);
  }
}

void check_delete(rd_kafka_t* rk, const options& o) {
  rd_kafka_resp_err_t e = delete_topic(rk, o.topic);
  check(e == RD_KAFKA_RESP_ERR_NO_ERROR, "delete: DeleteTopics", rd_kafka_err2name(e));
  auto deadline = clock_type::now() + std::chrono::seconds(30);
  std::string why;
  std::optional<topic_info> t;
  while (clock_type::now() < deadline) {
    t = describe_topic(rk, o.topic, why);
    if (t && !t->present) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  check(t && !t->present, "delete: topic gone from metadata", t ? "still listed" : why);
  e = delete_topic(rk, o.topic);
  check(e == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, "delete: deleting it again",
        std::string("got ") + rd_kafka_err2name(e));
}

int usage() {
  std::fprintf(stderr, "usage: rdkafka_interop --bootstrap HOST:PORT [--broker-id N] [--records N] [--topic T]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 >= argc) return usage();
    std::string v = argv[++i];
    if (a == "--bootstrap") {
      o.bootstrap = v;
    } else if (a == "--broker-id") {
      o.broker_id = std::stoi(v);
    } else if (a == "--records") {
      o.records = std::stoi(v);
    } else if (a == "--topic") {
      o.topic = v;
    } else {
      return usage();
    }
  }
  if (o.bootstrap.empty() || o.records <= 0) return usage();
  std::printf("librdkafka %s against %s\n", rd_kafka_version_str(), o.bootstrap.c_str());

  rk_ptr admin = make_client(RD_KAFKA_PRODUCER, o, {});
  if (!admin) return 1;
  check_metadata(admin.get(), o);
  check_admin(admin.get(), o);
  check_configs(admin.get(), o);
  int series = 0;
  for (const char* codec : {"none", "gzip", "snappy", "lz4", "zstd"}) {
    for (bool idempotent : {false, true}) produce_series(o, series++, codec, idempotent);
  }
  check_consume(o);
  check_offsets(admin.get(), o);
  check_delete(admin.get(), o);
  std::printf("%s: %d check(s) failed\n", failures ? "FAILED" : "OK", failures);
  return failures ? 1 : 0;
}
