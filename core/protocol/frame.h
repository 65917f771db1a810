#pragma once
// Kafka framing: every request and response on a connection is
//
//   +----------------------+-----------------------------+
//   | int32 size (BE)      | size bytes: header + body   |
//   +----------------------+-----------------------------+
//
// frame_splitter finds frames in the bytes received so far. It does no I/O and
// keeps no copy of the data: the caller owns the receive buffer, asks
// next_frame(), and on `complete` consumes frame_bytes() from its front. A
// size above the caller's limit (socket.request.max.bytes on a broker) or a
// negative size is reported as soon as the 4 size bytes are in, so a peer
// cannot make us buffer a huge frame before we reject it.

#include <cstddef>
#include <cstdint>

#include "base/bytes.h"

namespace odradek::protocol {

inline constexpr size_t kFrameSizeBytes = 4;

enum class frame_status {
    need_more,      // the buffer holds a partial frame; `needed` more bytes complete it
    complete,       // `payload` is a whole frame (header + body, size prefix excluded)
    oversized,      // the size prefix exceeds the limit; the connection should close
    negative_size,  // the size prefix is negative; the connection should close
};

struct frame_result {
    frame_status status = frame_status::need_more;
    int32_t size = 0;      // the size prefix, once 4 bytes are in
    size_t needed = 0;     // need_more: bytes missing for the next decision
    byte_span payload;     // complete: view into the caller's buffer

    // Bytes to consume from the buffer front after a complete frame.
    size_t frame_bytes() const noexcept { return kFrameSizeBytes + payload.size(); }
};

// Examines the front of `received`. `max_size` bounds the size prefix.
frame_result next_frame(byte_span received, int32_t max_size) noexcept;

// Writing frames: reserve the prefix, append header and body, then patch it.
//   size_t start = begin_frame(out); ...append...; end_frame(out, start);
inline size_t begin_frame(byte_buffer& out) {
    size_t start = out.size();
    out.resize(start + kFrameSizeBytes);
    return start;
}
// `external_bytes`: bytes of the frame sent from elsewhere (records spliced
// from log files, see writer.h records_splicer), counted in the prefix.
void end_frame(byte_buffer& out, size_t start, int64_t external_bytes = 0) noexcept;

}  // namespace odradek::protocol
