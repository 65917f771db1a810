// broker-bench: produce then consume N MiB of fixed-size records through librdkafka (its
// C API, Debian's 2.0.2) against a running broker, and, in the same run, the machine's
// loopback TCP throughput (one stream, our own socket blaster), so the broker's numbers
// come with the limit they are bounded by.
//
//   broker-bench --bootstrap 127.0.0.1:9092 [--mib 1024] [--record-size 1024]
//                [--partitions 1] [--acks all] [--compression none] [--linger-ms 5]
//                [--topic NAME] [--keep-topic]
//
// The topic is created with CreateTopics (replication factor 1) and deleted at the end
// unless --keep-topic. Produce time runs from the first produce() call until every
// delivery report arrived; consume time from assign() until the last record was read.
// MiB/s counts record values only (the wire also carries batch and record headers).
// Exit status 1 when a record failed or went missing.
#include <arpa/inet.h>
#include <librdkafka/rdkafka.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

struct options {
  std::string bootstrap;
  int64_t mib = 1024;
  int64_t record_size = 1024;
  int partitions = 1;
  std::string acks = "all";
  std::string compression = "none";
  int linger_ms = 5;
  std::string topic;
  bool keep_topic = false;
};

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

bool fail(const std::string& what) {
  std::fprintf(stderr, "broker-bench: %s\n", what.c_str());
  return false;
}

// Loopback TCP: one connection, 256 KiB writes, the reader counts bytes until EOF.
// Returns seconds for `bytes`, or a negative value on error.
double loopback_seconds(int64_t bytes) {
  int ls = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (ls < 0 || ::bind(ls, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(ls, 1) != 0 ||
      ::getsockname(ls, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    return -1;
  }
  std::atomic<int64_t> received{0};
  std::thread reader([&] {
    int c = ::accept(ls, nullptr, nullptr);
    if (c < 0) return;
    std::vector<char> buf(1 << 20);
    ssize_t n;
    while ((n = ::read(c, buf.data(), buf.size())) > 0) received += n;
    ::close(c);
  });
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0 || ::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(ls);
    reader.detach();
    return -1;
  }
  std::vector<char> chunk(256 << 10, 'x');
  auto t0 = clock_type::now();
  int64_t sent = 0;
  while (sent < bytes) {
    size_t want = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(chunk.size()), bytes - sent));
    ssize_t n = ::write(s, chunk.data(), want);
    if (n <= 0) break;
    sent += n;
  }
  ::close(s);
  reader.join();
  double secs = seconds_since(t0);
  ::close(ls);
  return received == bytes ? secs : -1;
}

struct rk_deleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using rk_ptr = std::unique_ptr<rd_kafka_t, rk_deleter>;

rk_ptr make_client(rd_kafka_type_t type, const options& o, const std::vector<std::pair<std::string, std::string>>& kv,
                   void (*dr)(rd_kafka_t*, const rd_kafka_message_t*, void*) = nullptr) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  std::vector<std::pair<std::string, std::string>> all = {{"bootstrap.servers", o.bootstrap},
                                                         {"client.id", "broker-bench"}};
  all.insert(all.end(), kv.begin(), kv.end());
  for (const auto& [k, v] : all) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      fail(k + ": " + err);
      rd_kafka_conf_destroy(conf);
      return nullptr;
    }
  }
  if (dr) rd_kafka_conf_set_dr_msg_cb(conf, dr);
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof err);
  if (!rk) fail(std::string("rd_kafka_new: ") + err);
  return rk_ptr(rk);
}

// Creates (create = true) or deletes the topic through the admin API; waits for the result.
bool admin_topic(rd_kafka_t* rk, const options& o, bool create) {
  char err[512];
  rd_kafka_AdminOptions_t* opts =
      rd_kafka_AdminOptions_new(rk, create ? RD_KAFKA_ADMIN_OP_CREATETOPICS : RD_KAFKA_ADMIN_OP_DELETETOPICS);
  rd_kafka_AdminOptions_set_operation_timeout(opts, 30000, err, sizeof err);
  rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
  if (create) {
    rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(o.topic.c_str(), o.partitions, 1, err, sizeof err);
    rd_kafka_CreateTopics(rk, &nt, 1, opts, q);
    rd_kafka_NewTopic_destroy(nt);
  } else {
    rd_kafka_DeleteTopic_t* dt = rd_kafka_DeleteTopic_new(o.topic.c_str());
    rd_kafka_DeleteTopics(rk, &dt, 1, opts, q);
    rd_kafka_DeleteTopic_destroy(dt);
  }
  rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 60000);
  bool ok = false;
  if (!ev) {
    fail("no admin result within 60 s");
  } else if (rd_kafka_event_error(ev)) {
    fail(std::string("admin: ") + rd_kafka_event_error_string(ev));
  } else {
    size_t n = 0;
    const rd_kafka_topic_result_t** res =
        create ? rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n)
               : rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(ev), &n);
    ok = n == 1 && rd_kafka_topic_result_error(res[0]) == RD_KAFKA_RESP_ERR_NO_ERROR;
    if (!ok) fail(std::string(create ? "CreateTopics: " : "DeleteTopics: ") + rd_kafka_err2name(rd_kafka_topic_result_error(res[0])));
  }
  if (ev) rd_kafka_event_destroy(ev);
  rd_kafka_queue_destroy(q);
  rd_kafka_AdminOptions_destroy(opts);
  return ok;
}

std::atomic<int64_t> delivered{0};
std::atomic<int64_t> delivery_errors{0};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
  if (m->err) {
    if (delivery_errors++ == 0) std::fprintf(stderr, "broker-bench: delivery failed: %s\n", rd_kafka_err2str(m->err));
  } else {
    ++delivered;
  }
}

// Seconds to produce `count` records, or a negative value on failure.
double produce_seconds(const options& o, int64_t count) {
  rk_ptr p = make_client(RD_KAFKA_PRODUCER, o,
                         {{"acks", o.acks},
                          {"compression.codec", o.compression},
                          {"linger.ms", std::to_string(o.linger_ms)},
                          {"batch.size", "1000000"},
                          {"queue.buffering.max.kbytes", "1048576"},
                          {"queue.buffering.max.messages", "1000000"},
                          {"message.timeout.ms", "300000"}},
                         on_delivery);
  if (!p) return -1;
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(p.get(), o.topic.c_str(), nullptr);
  std::vector<char> payload(static_cast<size_t>(o.record_size));
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>('a' + (i * 7 + i / 13) % 26);
  auto t0 = clock_type::now();
  for (int64_t i = 0; i < count; ++i) {
    // Flags 0: librdkafka neither copies nor frees the payload; it outlives the producer.
    while (rd_kafka_produce(rkt, static_cast<int32_t>(i % o.partitions), 0, payload.data(), payload.size(), nullptr,
                            0, nullptr) != 0) {
      if (rd_kafka_last_error() != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        fail(std::string("produce: ") + rd_kafka_err2str(rd_kafka_last_error()));
        rd_kafka_topic_destroy(rkt);
        return -1;
      }
      rd_kafka_poll(p.get(), 5);
    }
    if ((i & 1023) == 0) rd_kafka_poll(p.get(), 0);
  }
  rd_kafka_flush(p.get(), 600000);
  double secs = seconds_since(t0);
  rd_kafka_topic_destroy(rkt);
  if (delivered != count) {
    fail("delivered " + std::to_string(delivered.load()) + " of " + std::to_string(count) + " records");
    return -1;
  }
  return secs;
}

// Seconds to consume `count` records from the beginning of every partition.
double consume_seconds(const options& o, int64_t count) {
  rk_ptr c = make_client(RD_KAFKA_CONSUMER, o,
                         {{"group.id", "broker-bench"},
                          {"enable.auto.commit", "false"},
                          {"fetch.max.bytes", "52428800"},
                          {"max.partition.fetch.bytes", "8388608"},
                          {"queued.max.messages.kbytes", "262144"}});
  if (!c) return -1;
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(o.partitions);
  for (int p = 0; p < o.partitions; ++p) {
    rd_kafka_topic_partition_list_add(parts, o.topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  auto t0 = clock_type::now();
  rd_kafka_assign(c.get(), parts);
  rd_kafka_topic_partition_list_destroy(parts);
  int64_t read = 0, bad = 0;
  auto last_progress = clock_type::now();
  while (read < count) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(c.get(), 100);
    if (!m) {
      if (seconds_since(last_progress) > 60) break;
      continue;
    }
    if (m->err) {
      if (bad++ == 0) std::fprintf(stderr, "broker-bench: consume: %s\n", rd_kafka_message_errstr(m));
    } else {
      ++read;
      if (static_cast<int64_t>(m->len) != o.record_size) ++bad;
      last_progress = clock_type::now();
    }
    rd_kafka_message_destroy(m);
  }
  double secs = seconds_since(t0);
  rd_kafka_consumer_close(c.get());
  if (read != count || bad) {
    fail("consumed " + std::to_string(read) + " of " + std::to_string(count) + " records, " + std::to_string(bad) +
         " errors or wrong sizes");
    return -1;
  }
  return secs;
}

int usage() {
  std::fprintf(stderr,
               "usage: broker-bench --bootstrap HOST:PORT [--mib 1024] [--record-size 1024] [--partitions 1]\n"
               "                    [--acks all|1|0] [--compression none|gzip|snappy|lz4|zstd] [--linger-ms 5]\n"
               "                    [--topic NAME] [--keep-topic]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--keep-topic") {
      o.keep_topic = true;
      continue;
    }
    if (i + 1 >= argc) return usage();
    std::string v = argv[++i];
    try {
      if (a == "--bootstrap") o.bootstrap = v;
      else if (a == "--mib") o.mib = std::stoll(v);
      else if (a == "--record-size") o.record_size = std::stoll(v);
      else if (a == "--partitions") o.partitions = std::stoi(v);
      else if (a == "--acks") o.acks = v;
      else if (a == "--compression") o.compression = v;
      else if (a == "--linger-ms") o.linger_ms = std::stoi(v);
      else if (a == "--topic") o.topic = v;
      else return usage();
    } catch (const std::exception&) {
      return usage();
    }
  }
  if (o.bootstrap.empty() || o.mib <= 0 || o.record_size <= 0 || o.partitions <= 0) return usage();
  if (o.topic.empty()) o.topic = "broker-bench-" + std::to_string(::getpid());
  const int64_t bytes = o.mib << 20;
  const int64_t count = bytes / o.record_size;

  double loop = loopback_seconds(bytes);
  if (loop <= 0) {
    fail("loopback measurement failed");
    return 1;
  }

  rk_ptr admin = make_client(RD_KAFKA_PRODUCER, o, {});
  if (!admin || !admin_topic(admin.get(), o, true)) return 1;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let metadata settle
  double prod = produce_seconds(o, count);
  double cons = prod > 0 ? consume_seconds(o, count) : -1;
  if (!o.keep_topic) admin_topic(admin.get(), o, false);
  if (prod <= 0 || cons <= 0) return 1;

  const double mib = static_cast<double>(o.mib);
  const double n = static_cast<double>(count);
  std::printf("broker-bench: %lld MiB as %lld records of %lld bytes, %d partition(s), acks=%s, compression %s, "
              "librdkafka %s\n",
              static_cast<long long>(o.mib), static_cast<long long>(count), static_cast<long long>(o.record_size),
              o.partitions, o.acks.c_str(), o.compression.c_str(), rd_kafka_version_str());
  std::printf("%-28s %10s %12s %8s\n", "workload", "MiB/s", "records/s", "ratio");
  std::printf("%-28s %10.0f %12s %8.2f\n", "loopback TCP, 1 stream", mib / loop, "-", 1.0);
  std::printf("%-28s %10.0f %12.0f %8.2f\n", "produce (librdkafka)", mib / prod, n / prod, loop / prod);
  std::printf("%-28s %10.0f %12.0f %8.2f\n", "consume (librdkafka)", mib / cons, n / cons, loop / cons);
  return 0;
}
