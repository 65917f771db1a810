#include <doctest/doctest.h>

#include "protocol/frame.h"

using namespace odradek;
using namespace odradek::protocol;

TEST_CASE("frame splitter: need more, complete, then the next frame") {
    byte_buffer buf;
    size_t s1 = begin_frame(buf);
    buf.insert(buf.end(), {1, 2, 3});
    end_frame(buf, s1);
    size_t s2 = begin_frame(buf);
    end_frame(buf, s2);  // an empty frame
    REQUIRE(buf.size() == 4 + 3 + 4);

    for (size_t n = 0; n < 7; ++n) {
        auto r = next_frame(byte_span(buf).first(n), 100);
        CHECK(r.status == frame_status::need_more);
        CHECK(r.needed == (n < 4 ? 4 - n : 7 - n));
    }
    auto r = next_frame(buf, 100);
    REQUIRE(r.status == frame_status::complete);
    CHECK(r.size == 3);
    CHECK(r.payload.data() == buf.data() + 4);
    CHECK(r.frame_bytes() == 7);
    auto r2 = next_frame(byte_span(buf).subspan(r.frame_bytes()), 100);
    CHECK(r2.status == frame_status::complete);
    CHECK(r2.payload.empty());
}

TEST_CASE("frame splitter: oversized and negative sizes are reported from the prefix alone") {
    byte_buffer big{0x00, 0x10, 0x00, 0x01};
    auto r = next_frame(big, 0x100000);
    CHECK(r.status == frame_status::oversized);
    CHECK(r.size == 0x100001);
    auto at_limit = next_frame(big, 0x100001);
    CHECK(at_limit.status == frame_status::need_more);

    byte_buffer neg{0xff, 0xff, 0xff, 0xff};
    CHECK(next_frame(neg, 100).status == frame_status::negative_size);
}
