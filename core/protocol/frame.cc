#include "protocol/frame.h"

#include <cassert>

namespace odradek::protocol {

frame_result next_frame(byte_span received, int32_t max_size) noexcept {
    frame_result r;
    if (received.size() < kFrameSizeBytes) {
        r.needed = kFrameSizeBytes - received.size();
        return r;
    }
    r.size = load_be<int32_t>(received.data());
    if (r.size < 0) {
        r.status = frame_status::negative_size;
        return r;
    }
    if (r.size > max_size) {
        r.status = frame_status::oversized;
        return r;
    }
    size_t total = kFrameSizeBytes + size_t(r.size);
    if (received.size() < total) {
        r.needed = total - received.size();
        return r;
    }
    r.status = frame_status::complete;
    r.payload = received.subspan(kFrameSizeBytes, size_t(r.size));
    return r;
}

void end_frame(byte_buffer& out, size_t start, int64_t external_bytes) noexcept {
    assert(out.size() >= start + kFrameSizeBytes);
    size_t size = out.size() - start - kFrameSizeBytes + size_t(external_bytes);
    assert(size <= size_t(INT32_MAX));
    store_be<int32_t>(out.data() + start, int32_t(size));
}

}  // namespace odradek::protocol
