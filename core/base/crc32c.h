#pragma once
// CRC-32C (Castagnoli), the checksum of Kafka record batches (magic v2). Backed by
// ISA-L, which uses the CPU's crc32 instruction where present and a table
// otherwise. crc32c("123456789") == 0xE3069283.

#include <cstdint>

#include "base/bytes.h"

namespace odradek {

uint32_t crc32c(byte_span data) noexcept;
// Continue a checksum over more bytes: crc32c_extend(crc32c(a), b) == crc32c(a + b).
uint32_t crc32c_extend(uint32_t crc, byte_span data) noexcept;

// CRC-32 (IEEE), used by legacy magic v0/v1 messages and by ZooKeeper's files.
uint32_t crc32_ieee(byte_span data) noexcept;
uint32_t crc32_ieee_extend(uint32_t crc, byte_span data) noexcept;

}  // namespace odradek
