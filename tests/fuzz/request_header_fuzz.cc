// Fuzzes request header decoding on a frame payload. When decoding succeeds,
// encoding the header again and decoding that must give the same header, and
// a second encoding the same bytes.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "protocol/header.h"

using namespace odradek;
using namespace odradek::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto f = decode_request(byte_span(data, size));
    if (!f) return 0;
    if (f->body.data() + f->body.size() != data + size) std::abort();

    byte_buffer once;
    writer w1(once);
    encode_request_header(f->header, f->header_version, w1);
    auto g = decode_request(once);
    if (!g || g->header_version != f->header_version || !g->body.empty()) std::abort();
    if (g->header.api_key != f->header.api_key || g->header.correlation_id != f->header.correlation_id ||
        g->header.client_id != f->header.client_id ||
        g->header.unknown_tagged_fields.size() != f->header.unknown_tagged_fields.size())
        std::abort();

    byte_buffer twice;
    writer w2(twice);
    encode_request_header(g->header, g->header_version, w2);
    if (twice != once) std::abort();
    return 0;
}
