#pragma once
// Our on-disk files, in <dataDir>/version-2 (snapshots) and <dataLogDir>/version-2
// (logs), named as ZooKeeper names its own: log.<first zxid> and
// snapshot.<last zxid>, zxids in lower-case hex without padding. The contents are
// our own format (not ZooKeeper's jute FileTxnLog/FileSnap); a dataDir written by
// Apache ZooKeeper is recognised by its magic and refused rather than misread.
//
// Transaction log:
//   +------+---------+------+      +--------+----------------+---------+
//   | OZKL | int 1   | long |  ... | int n  | int crc32c(p)  | p (n B) |  ...
//   |magic | version | dbid |      +--------+----------------+---------+
//   +------+---------+------+      one entry per txn, p = txn encoding (txn.h)
// A txn is durable once its entry is written and fdatasync'ed. A reader stops at
// the first entry that is short, has n <= 0, or fails its CRC: that is a torn tail.
//
// Snapshot (written to a .tmp name, fsynced, renamed, directory fsynced):
//   OZKS | int 1 | long zxid
//   int sessions, then per session: long id, int timeout
//   int nodes, then per node in path order (parents first):
//       ustring path, buffer data, vector<ACL> acl,
//       long czxid, long mzxid, long ctime, long mtime, int version, int cversion,
//       int aversion, long ephemeralOwner, long pzxid
//   int crc32c of every byte before it

#include <cstdint>

namespace odradek::coordination {

inline constexpr int32_t kLogMagic = 0x4f5a4b4c;       // "OZKL"
inline constexpr int32_t kSnapMagic = 0x4f5a4b53;      // "OZKS"
inline constexpr int32_t kZkLogMagic = 0x5a4b4c47;     // "ZKLG": Apache ZooKeeper's log
inline constexpr int32_t kZkSnapMagic = 0x5a4b534e;    // "ZKSN": Apache ZooKeeper's snapshot
inline constexpr int32_t kFileVersion = 1;
inline constexpr size_t kLogHeaderSize = 16;
inline constexpr size_t kLogEntryHeaderSize = 8;
inline constexpr const char* kVersionDir = "version-2";

}  // namespace odradek::coordination
