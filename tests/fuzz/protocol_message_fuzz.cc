// Fuzzes every generated message decoder. Input layout:
//   byte 0     message: (index into all_message_types) modulo their count
//   bytes 1-2  api version (big-endian), used modulo the message's range + 1
//   rest       the message body
// When decoding succeeds: encode, decode the encoding (must succeed), and
// encode again (must give the same bytes). Structs are not compared: encoding
// sorts unknown tags, so a decode of unsorted input may differ in their order.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <tuple>
#include <utility>

#include "protocol/message.h"
#include "protocol/messages/all_messages.h"

using namespace odradek;
using namespace odradek::protocol;

namespace {

template <typename M>
void check(byte_span body, uint16_t raw_version) {
    int span = M::kMaxVersion - M::kMinVersion + 2;  // one version beyond the range, to test refusal
    int16_t version = int16_t(M::kMinVersion + raw_version % span);
    auto first = decode_message<M>(body, version);
    if (!first) return;
    byte_buffer once;
    encode_message(*first, version, once);
    auto second = decode_message<M>(once, version);
    if (!second) std::abort();
    byte_buffer twice;
    encode_message(*second, version, twice);
    if (twice != once) std::abort();
    // Re-encoding is deterministic: a third encoding of the first decode agrees.
    byte_buffer again;
    encode_message(*first, version, again);
    if (again != once) std::abort();
}

template <size_t... I>
void dispatch(size_t index, byte_span body, uint16_t version, std::index_sequence<I...>) {
    ((I == index ? check<std::tuple_element_t<I, all_message_types>>(body, version) : void()), ...);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 3) return 0;
    constexpr size_t n = std::tuple_size_v<all_message_types>;
    dispatch(data[0] % n, byte_span(data + 3, size - 3), load_be<uint16_t>(data + 1), std::make_index_sequence<n>{});
    return 0;
}
