#!/usr/bin/python3
"""kafka-dump-log reads batches written by a real client's encoder.

kafka-python 2.0.2 (Debian's python3-kafka) builds magic-v2 batches in every
codec, exactly as it sends them to a broker; they are written back to back as
a segment file with offsets assigned, then bin/kafka-dump-log.sh must print
every batch valid and every record's key, value and header keys.

usage: dump_log_kafka_python_test.py SOURCE_DIR
"""
import os
import struct
import subprocess
import sys
import tempfile

from kafka.record.default_records import DefaultRecordBatchBuilder
from kafka.record.legacy_records import LegacyRecordBatchBuilder

CODECS = [(0, "none"), (1, "gzip"), (2, "snappy"), (3, "lz4"), (4, "zstd")]
RECORDS_PER_BATCH = 3
BASE_TS = 1_700_000_000_000


def build_batch(codec_id: int, base_offset: int) -> bytes:
    builder = DefaultRecordBatchBuilder(
        magic=2, compression_type=codec_id, is_transactional=False,
        producer_id=-1, producer_epoch=-1, base_sequence=-1, batch_size=1 << 20)
    for i in range(RECORDS_PER_BATCH):
        key = None if i == 0 else f"key-{codec_id}-{i}".encode()
        value = f"value {codec_id}/{i} ".encode() * 20
        headers = [("h1", b"x"), ("h2", None)] if i == 2 else []
        builder.append(i, timestamp=BASE_TS + codec_id * 10 + i, key=key, value=value, headers=headers)
    batch = bytearray(builder.build())
    struct.pack_into(">q", batch, 0, base_offset)  # what the broker stamps on append
    return bytes(batch)


def check_legacy(src: str, tmp: str, failures: list) -> None:
    """Old-format (magic v0/v1) message sets, compressed, as pre-0.11 clients wrote them."""
    for magic in (0, 1):
        for codec_id, name in CODECS[:4]:  # zstd did not exist before magic v2
            builder = LegacyRecordBatchBuilder(magic=magic, compression_type=codec_id, batch_size=1 << 20)
            for i in range(RECORDS_PER_BATCH):
                builder.append(i, timestamp=BASE_TS + i if magic else None, key=None, value=f"old {i}".encode())
            segment = os.path.join(tmp, "00000000000000000000.log")
            with open(segment, "wb") as f:
                f.write(bytes(builder.build()))
            out = subprocess.run([os.path.join(src, "bin", "kafka-dump-log.sh"), "--files", segment, "--print-data-log"],
                                 capture_output=True, text=True, timeout=60)
            lines = out.stdout.splitlines()
            entries = [l for l in lines if l.startswith("offset:")]
            records = [l for l in lines if l.startswith("| offset:")]
            label = f"magic {magic} {name}"
            if out.returncode != 0 or out.stderr:
                failures.append(f"{label}: exit {out.returncode}, stderr {out.stderr.strip()!r}")
            if not entries or not all(l.endswith("isvalid: true") and f"magic: {magic} compresscodec: {name} " in l
                                      for l in entries):
                failures.append(f"{label}: entry lines wrong: {entries}")
            if [r.split(" payload: ")[-1] for r in records] != [f"old {i}" for i in range(RECORDS_PER_BATCH)]:
                failures.append(f"{label}: records wrong: {records}")
            if [r.split()[2] for r in records] != [str(i) for i in range(RECORDS_PER_BATCH)]:
                failures.append(f"{label}: offsets wrong: {records}")


def main(src: str) -> int:
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        segment = os.path.join(tmp, "00000000000000000000.log")
        with open(segment, "wb") as f:
            for n, (codec_id, _) in enumerate(CODECS):
                f.write(build_batch(codec_id, n * RECORDS_PER_BATCH))
        out = subprocess.run([os.path.join(src, "bin", "kafka-dump-log.sh"), "--files", segment, "--print-data-log"],
                             capture_output=True, text=True, timeout=60)
        lines = out.stdout.splitlines()
        if out.returncode != 0:
            failures.append(f"exit code {out.returncode}: {out.stderr.strip()}")
        if out.stderr:
            failures.append(f"unexpected stderr: {out.stderr.strip()}")
        batch_lines = [l for l in lines if l.startswith("baseOffset:")]
        record_lines = [l for l in lines if l.startswith("| offset:")]
        if len(batch_lines) != len(CODECS):
            failures.append(f"expected {len(CODECS)} batch lines, got {len(batch_lines)}")
        for (codec_id, name), line in zip(CODECS, batch_lines):
            base = codec_id * RECORDS_PER_BATCH
            if f"baseOffset: {base} lastOffset: {base + 2} count: 3 " not in line:
                failures.append(f"{name}: wrong offsets: {line}")
            if f"compresscodec: {name} " not in line or not line.endswith("isvalid: true"):
                failures.append(f"{name}: codec or CRC wrong: {line}")
            if f"CreateTime: {BASE_TS + codec_id * 10 + 2} " not in line:
                failures.append(f"{name}: max timestamp wrong: {line}")
        expected_records = []
        for codec_id, _ in CODECS:
            for i in range(RECORDS_PER_BATCH):
                value = f"value {codec_id}/{i} " * 20
                key = None if i == 0 else f"key-{codec_id}-{i}"
                line = (f"| offset: {codec_id * RECORDS_PER_BATCH + i} CreateTime: {BASE_TS + codec_id * 10 + i} "
                        f"keySize: {-1 if key is None else len(key)} valueSize: {len(value)} sequence: -1 "
                        f"headerKeys: [{'h1,h2' if i == 2 else ''}]")
                line += (f" key: {key}" if key is not None else "") + f" payload: {value}"
                expected_records.append(line)
        for want, got in zip(expected_records, record_lines):
            if want != got:
                failures.append(f"record line differs:\n  want: {want!r}\n  got:  {got!r}")
        if len(record_lines) != len(expected_records):
            failures.append(f"expected {len(expected_records)} record lines, got {len(record_lines)}")
        check_legacy(src, tmp, failures)
    for f in failures:
        print(f)
    print("kafka-dump-log read kafka-python's batches in every codec" if not failures else "FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
