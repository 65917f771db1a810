// Interop: kafkajs 2.2.4 (producer and admin) against a running broker.
//
//   node kafkajs_interop.js produce BOOTSTRAP TOPIC   -> admin checks, then produces in every
//        codec (acks=1, and acks=all with the idempotent producer); prints one JSON line per
//        acknowledged record {partition, offset, key, value, headers, timestamp} (bytes as
//        base64, null as null) for ../kafkajs_test.py to read back with another client.
//   node kafkajs_interop.js delete BOOTSTRAP TOPIC    -> deleteTopics and checks it is gone.
//
// Check results go to stderr as "PASS ..." / "FAIL ...: why"; the exit status is 1 when any
// check failed. kafkajs ships gzip only: snappy comes from kafkajs-snappy, LZ4 and ZSTD from
// the small codecs below (pure JavaScript / WebAssembly, no native builds).
'use strict'

const { Kafka, CompressionTypes, CompressionCodecs, ConfigResourceTypes, logLevel } = require('kafkajs')
const SnappyCodec = require('kafkajs-snappy')
const lz4 = require('lz4js')
const xxh32 = require('lz4js/xxh32')
const { ZstdCodec } = require('zstd-codec')

const PARTITIONS = 3
const RECORDS = 30
const BASE_TS = 1700000000000

// LZ4 frames as Kafka reads them: Kafka refuses frames without the block-independence flag
// (KafkaLZ4BlockInputStream), which lz4js does not set. One block (lz4js' blocks hold up
// to 4 MiB) is independent by construction, so set the flag and recompute the
// descriptor checksum.
function lz4Codec () {
  return {
    async compress (encoder) {
      const src = encoder.buffer
      if (src.length > 4 << 20) throw new Error('lz4 codec: more than one block')
      const frame = Buffer.from(lz4.compress(src))
      frame[4] |= 0x20
      frame[6] = (xxh32.hash(0, frame, 4, 2) >> 8) & 0xff
      return frame
    },
    async decompress (buffer) {
      return Buffer.from(lz4.decompress(buffer))
    }
  }
}

let zstdSimple = null
function zstdCodec () {
  return {
    async compress (encoder) {
      return Buffer.from(zstdSimple.compress(encoder.buffer, 3))
    },
    async decompress (buffer) {
      return Buffer.from(zstdSimple.decompress(buffer))
    }
  }
}

CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec
CompressionCodecs[CompressionTypes.LZ4] = lz4Codec
CompressionCodecs[CompressionTypes.ZSTD] = zstdCodec

let failures = 0
function check (ok, what, why) {
  if (ok) {
    process.stderr.write(`PASS ${what}\n`)
  } else {
    failures++
    process.stderr.write(`FAIL ${what}: ${why}\n`)
  }
}

function records (series) {
  const out = []
  for (let i = 0; i < RECORDS; i++) {
    const key = i % 7 === 3 ? null : Buffer.from(`key-${series}-${i}`)
    let value = Buffer.concat([Buffer.from(`value ${series}/${i} ` + 'lorem ipsum '.repeat(i % 5)),
      Buffer.from(Array.from({ length: 16 }, (_, k) => (i * 31 + k + series) & 0xff))])
    if (i % 11 === 5 && key !== null) value = null
    const headers = { series: Buffer.from(String(series)), index: Buffer.from(String(i)) }
    if (i % 4 === 0) headers.empty = Buffer.alloc(0)
    if (i % 6 === 0) headers.multi = [Buffer.from('one'), Buffer.from('two ü')]
    out.push({ key, value, headers, timestamp: String(BASE_TS + series * 100000 + i), partition: i % PARTITIONS })
  }
  return out
}

const b64 = (b) => (b === null ? null : Buffer.from(b).toString('base64'))

async function adminChecks (admin, topic, port) {
  const validated = await admin.createTopics({ validateOnly: true, waitForLeaders: false, topics: [{ topic: topic + '-validate' }] })
  check(validated === true || validated === false, 'admin: createTopics validateOnly', String(validated))
  let topics = await admin.listTopics()
  check(!topics.includes(topic + '-validate'), 'admin: validateOnly created nothing', topics.join(','))

  const created = await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] }]
  })
  check(created === true, 'admin: createTopics', `returned ${created}`)
  const again = await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }] })
  check(again === false, 'admin: createTopics of an existing topic returns false', `returned ${again}`)

  topics = await admin.listTopics()
  check(topics.includes(topic), 'admin: listTopics', topics.join(','))
  const md = await admin.fetchTopicMetadata({ topics: [topic] })
  const parts = md.topics[0].partitions.sort((a, b) => a.partitionId - b.partitionId)
  check(parts.length === PARTITIONS, 'admin: fetchTopicMetadata partitions', JSON.stringify(parts))
  for (const p of parts) {
    check(p.partitionErrorCode === 0 && p.leader === 0 && JSON.stringify(p.replicas) === '[0]' && JSON.stringify(p.isr) === '[0]',
      `admin: partition ${p.partitionId} led by broker 0`, JSON.stringify(p))
  }
  const cluster = await admin.describeCluster()
  check(cluster.controller === 0 && cluster.brokers.length === 1 && cluster.brokers[0].nodeId === 0 &&
    cluster.brokers[0].port === port && cluster.clusterId, 'admin: describeCluster', JSON.stringify(cluster))

  try {
    const cfg = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] })
    const entries = Object.fromEntries(cfg.resources[0].configEntries.map((e) => [e.configName, e]))
    check(entries['retention.ms'] && entries['retention.ms'].configValue === '3600000' && entries['retention.ms'].isDefault === false,
      'admin: describeConfigs topic retention.ms', JSON.stringify(entries['retention.ms']))
    check(entries['cleanup.policy'] && entries['cleanup.policy'].configValue === 'delete' && entries['cleanup.policy'].isDefault === true,
      'admin: describeConfigs topic cleanup.policy', JSON.stringify(entries['cleanup.policy']))
    const bcfg = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.BROKER, name: '0' }] })
    const bentries = Object.fromEntries(bcfg.resources[0].configEntries.map((e) => [e.configName, e]))
    check(bentries['log.retention.hours'] && bentries['log.retention.hours'].configValue === '168',
      'admin: describeConfigs broker log.retention.hours', JSON.stringify(bentries['log.retention.hours']))
  } catch (e) {
    check(false, 'admin: describeConfigs', e.stack)
  }
}

async function produceAll (kafka, topic) {
  const out = []
  let series = 0
  const codecs = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP, snappy: CompressionTypes.Snappy, lz4: CompressionTypes.LZ4, zstd: CompressionTypes.ZSTD }
  for (const [name, compression] of Object.entries(codecs)) {
    for (const idempotent of [false, true]) {
      const what = `produce: ${name} ${idempotent ? 'acks=all idempotent' : 'acks=1'}`
      const producer = kafka.producer(idempotent ? { idempotent: true, maxInFlightRequests: 1 } : {})
      await producer.connect()
      const recs = records(series++)
      try {
        const meta = await producer.send({ topic, compression, acks: idempotent ? -1 : 1, messages: recs })
        // kafkajs sends each partition's messages in order: offsets are base + rank.
        const base = Object.fromEntries(meta.map((m) => [m.partition, m]))
        const rank = {}
        let ok = meta.every((m) => m.errorCode === 0)
        for (const r of recs) {
          const m = base[r.partition]
          if (!m) { ok = false; continue }
          rank[r.partition] = (rank[r.partition] || 0) + 1
          out.push({
            partition: r.partition,
            offset: Number(m.baseOffset) + rank[r.partition] - 1,
            key: b64(r.key),
            value: b64(r.value),
            headers: Object.entries(r.headers).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, b64(x)])),
            timestamp: Number(r.timestamp)
          })
        }
        check(ok, what, JSON.stringify(meta))
      } catch (e) {
        check(false, what, e.stack)
      }
      await producer.disconnect()
    }
  }
  return out
}

async function offsetChecks (admin, topic, produced) {
  const offsets = await admin.fetchTopicOffsets(topic)
  for (let p = 0; p < PARTITIONS; p++) {
    const want = produced.filter((r) => r.partition === p).length
    const o = offsets.find((x) => x.partition === p)
    check(o && o.low === '0' && o.high === String(want), `offsets: partition ${p} is 0..${want}`, JSON.stringify(o))
  }
  const ts = BASE_TS + 100000
  const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, ts)
  for (let p = 0; p < PARTITIONS; p++) {
    const want = Math.min(...produced.filter((r) => r.partition === p && r.timestamp >= ts).map((r) => r.offset))
    const o = byTime.find((x) => x.partition === p)
    check(o && o.offset === String(want), `offsets: by timestamp ${ts} in partition ${p} is ${want}`, JSON.stringify(o))
  }
}

async function main () {
  const [mode, bootstrap, topic] = process.argv.slice(2)
  if (!['produce', 'delete'].includes(mode) || !bootstrap || !topic) {
    process.stderr.write('usage: node kafkajs_interop.js produce|delete BOOTSTRAP TOPIC\n')
    process.exit(2)
  }
  zstdSimple = await new Promise((resolve) => ZstdCodec.run((z) => resolve(new z.Simple())))
  const kafka = new Kafka({
    clientId: 'odradek-kafkajs-interop',
    brokers: bootstrap.split(','),
    logLevel: logLevel.WARN,
    connectionTimeout: 5000,
    requestTimeout: 30000,
    retry: { retries: 5, initialRetryTime: 100 }
  })
  const admin = kafka.admin()
  await admin.connect()
  if (mode === 'produce') {
    await adminChecks(admin, topic, Number(bootstrap.split(',')[0].split(':')[1]))
    const produced = await produceAll(kafka, topic)
    await offsetChecks(admin, topic, produced)
    for (const r of produced) process.stdout.write(JSON.stringify(r) + '\n')
  } else {
    await admin.deleteTopics({ topics: [topic], timeout: 30000 })
    const deadline = Date.now() + 30000
    let topics = await admin.listTopics()
    while (topics.includes(topic) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      topics = await admin.listTopics()
    }
    check(!topics.includes(topic), 'delete: topic gone', topics.join(','))
    // kafkajs retries UNKNOWN_TOPIC_OR_PARTITION, then gives up with it as the cause.
    let err = null
    try {
      await admin.deleteTopics({ topics: [topic], timeout: 30000 })
    } catch (e) {
      err = e
    }
    const type = err && (err.type || (err.cause && err.cause.type))
    check(type === 'UNKNOWN_TOPIC_OR_PARTITION', 'delete: deleting it again fails', err ? `${err.name} ${type}` : 'no error')
  }
  await admin.disconnect()
  process.stderr.write(`${failures ? 'FAILED' : 'OK'}: ${failures} check(s) failed\n`)
  process.exit(failures ? 1 : 0)
}

main().catch((e) => {
  process.stderr.write(`FAIL: ${e.stack}\n`)
  process.exit(1)
})
