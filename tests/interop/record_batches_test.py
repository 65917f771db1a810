#!/usr/bin/python3
"""Record-batch interop with kafka-python (Debian's python3-kafka 2.0.2).

Batches and legacy message sets written by kafka-python in every codec must
decode with core/record (through record_batches_tool), and batches our builder
writes must decode with kafka-python. Exits 77 (ctest: skipped) when
kafka-python or a codec module is missing.

usage: record_batches_test.py <path to record_batches_tool>
"""
import os
import struct
import subprocess
import sys
import tempfile

try:
    import lz4.frame  # noqa: F401  (kafka-python's codecs import these lazily)
    import snappy
    import xxhash  # noqa: F401  (the v0 LZ4 header quirk)
    import zstandard  # noqa: F401
    from kafka.record.default_records import DefaultRecordBatch, DefaultRecordBatchBuilder
    from kafka.record.legacy_records import LegacyRecordBatchBuilder
    from kafka.record.util import calc_crc32c
except ImportError as e:
    print("skipping: %s" % e)
    sys.exit(77)

TOOL = sys.argv[1]
CODECS = {0: "none", 1: "gzip", 2: "snappy", 3: "lz4", 4: "zstd"}
BASE_TS = 1700000000000
failures = []


def hx(b):
    if b is None:
        return "-"
    return "~" if len(b) == 0 else bytes(b).hex()


def record_line(offset, ts, key, value, headers=()):
    hs = ",".join("%s=%s" % (hx(k.encode()), hx(v)) for k, v in headers) or "~"
    return "R %d %d %s %s %s" % (offset, ts, hx(key), hx(value), hs)


def sample_records(n=50):
    """(offset, timestamp, key, value, headers) covering nulls, empties and headers."""
    out = []
    for i in range(n):
        key = None if i % 4 == 0 else (b"" if i % 4 == 1 else b"k%d" % i)
        value = None if i % 9 == 0 else (b"" if i % 9 == 1 else b"value %d " % i * 20)
        headers = [("h%d" % i, b"hv"), ("null", None), ("", b"")] if i % 3 == 0 else []
        out.append((i, BASE_TS + i * 3 - (i % 2), key, value, headers))
    return out


def run_tool(*args):
    p = subprocess.run([TOOL] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout.splitlines(), p.stderr.strip()


def check(name, cond, detail=""):
    if not cond:
        failures.append("%s: %s" % (name, detail))
        print("FAIL", name, detail)
    else:
        print("ok  ", name)


def decode_and_compare(name, path, expected_lines):
    rc, lines, err = run_tool("decode", path)
    if rc != 0:
        check(name, False, "tool failed: " + err)
        return
    got = [l for l in lines if l.startswith("R ")]
    diff = next(((g, e) for g, e in zip(got, expected_lines) if g != e), (len(got), len(expected_lines)))
    check(name, got == expected_lines, "first difference (got, want): %r" % (diff,))


def v2_batch(codec, records):
    b = DefaultRecordBatchBuilder(magic=2, compression_type=codec, is_transactional=False,
                                  producer_id=-1, producer_epoch=-1, base_sequence=-1,
                                  batch_size=1 << 30)
    for off, ts, k, v, hs in records:
        b.append(off, timestamp=ts, key=k, value=v, headers=hs)
    return bytes(b.build())


def main():
    with tempfile.TemporaryDirectory(prefix="odradek-record-interop-") as tmp:
        recs = sample_records()
        expected = [record_line(o, t, k, v, h) for o, t, k, v, h in recs]

        # kafka-python v2 batches -> us, one codec at a time and all concatenated.
        concat = b""
        for codec, name in CODECS.items():
            data = v2_batch(codec, recs)
            attrs = struct.unpack_from(">h", data, 21)[0]
            check("kafka-python wrote %s" % name, attrs & 7 == codec, "attributes %d" % attrs)
            path = os.path.join(tmp, "v2_%s" % name)
            with open(path, "wb") as f:
                f.write(data)
            decode_and_compare("decode kafka-python v2 %s" % name, path, expected)
            concat += data
        path = os.path.join(tmp, "v2_all")
        with open(path, "wb") as f:
            f.write(concat)
        decode_and_compare("decode 5 concatenated batches", path, expected * 5)

        # Raw (unframed) snappy, as librdkafka sends it.
        plain = bytearray(v2_batch(0, recs))
        raw = snappy.compress(bytes(plain[61:]))
        batch = plain[:61] + raw
        struct.pack_into(">i", batch, 8, len(batch) - 12)
        struct.pack_into(">h", batch, 21, 2)
        struct.pack_into(">I", batch, 17, calc_crc32c(bytes(batch[21:])))
        path = os.path.join(tmp, "v2_raw_snappy")
        with open(path, "wb") as f:
            f.write(batch)
        decode_and_compare("decode raw snappy v2", path, expected)

        # Legacy message sets -> us (decode), and -> v2 (convert) -> kafka-python.
        for magic in (0, 1):
            for codec in (0, 1, 2, 3):
                name = "v%d %s" % (magic, CODECS[codec])
                b = LegacyRecordBatchBuilder(magic=magic, compression_type=codec, batch_size=1 << 30)
                for off, ts, k, v, _ in recs:
                    b.append(off, timestamp=ts, key=k, value=v)
                path = os.path.join(tmp, "legacy_v%d_%s" % (magic, CODECS[codec]))
                with open(path, "wb") as f:
                    f.write(bytes(b.build()))
                ts_of = (lambda t: -1) if magic == 0 else (lambda t: t)
                decode_and_compare("decode kafka-python legacy %s" % name, path,
                                   [record_line(o, ts_of(t), k, v) for o, t, k, v, _ in recs])
                out = path + ".v2"
                rc, _, err = run_tool("convert", path, out)
                if rc != 0:
                    check("convert legacy %s" % name, False, err)
                    continue
                with open(out, "rb") as f:
                    conv = DefaultRecordBatch(f.read())
                crc_ok = conv.validate_crc()  # must come before iteration
                got = [(r.offset, r.timestamp, r.key, r.value) for r in conv]
                want = [(o, ts_of(t), k, v) for o, t, k, v, _ in recs]
                check("kafka-python reads converted legacy %s" % name,
                      crc_ok and conv.compression_type == codec and got == want,
                      "crc %s codec %d" % (crc_ok, conv.compression_type))

        # Our builder -> kafka-python.
        for codec, name in CODECS.items():
            out = os.path.join(tmp, "ours_%s" % name)
            rc, _, err = run_tool("encode", str(codec), out)
            if rc != 0:
                check("encode %s" % name, False, err)
                continue
            with open(out, "rb") as f:
                batch = DefaultRecordBatch(f.read())
            crc_ok = batch.validate_crc()
            got = [(r.offset, r.timestamp, r.key, r.value, list(r.headers)) for r in batch]
            want = []
            for i in range(200):
                value = b"" if i % 7 == 0 else ("value-%d " % i).encode() * 10
                key = None if i % 5 == 0 else ("key-%d" % i).encode()
                hs = [("h", b"x"), ("n", None)] if i % 3 == 0 else []
                want.append((i, BASE_TS + i, key, value, hs))
            check("kafka-python reads our %s batch" % name,
                  crc_ok and batch.compression_type == codec and got == want,
                  "crc %s codec %d, %d records" % (crc_ok, batch.compression_type, len(got)))

    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("all record interop checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
