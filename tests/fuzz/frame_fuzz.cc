// Fuzzes the frame splitter: the input is a byte stream (its first two bytes
// pick the size limit), split frame by frame as a connection would. Checks
// only that nothing reads out of bounds and that the splitter's answers are
// consistent with the size prefix.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "protocol/frame.h"

using namespace odradek;
using namespace odradek::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    int32_t limit = int32_t(load_be<uint16_t>(data));
    byte_span stream(data + 2, size - 2);
    while (true) {
        frame_result r = next_frame(stream, limit);
        if (r.status != frame_status::complete) {
            if (r.status == frame_status::need_more && r.needed == 0) std::abort();
            if (r.status == frame_status::oversized && r.size <= limit) std::abort();
            if (r.status == frame_status::negative_size && r.size >= 0) std::abort();
            break;
        }
        if (r.size < 0 || r.size > limit || r.payload.size() != size_t(r.size)) std::abort();
        if (r.payload.data() != stream.data() + kFrameSizeBytes) std::abort();
        stream = stream.subspan(r.frame_bytes());
    }
    return 0;
}
