#include "record/record_set.h"

#include <doctest/doctest.h>

#include "record/batch_builder.h"
#include "record/test_util.h"

using namespace odradek;
using namespace odradek::record;
using namespace odradek::record::testing;

namespace {
byte_buffer three_batches(std::vector<size_t>& sizes) {
    byte_buffer all;
    for (int i = 0; i < 3; ++i) {
        batch_options o;
        o.base_offset = i * 10;
        batch_builder b(o);
        for (int j = 0; j <= i; ++j) b.add(j, std::nullopt, bytes_of("payload"));
        byte_buffer one = *b.build();
        sizes.push_back(one.size());
        all.insert(all.end(), one.begin(), one.end());
    }
    return all;
}
}  // namespace

TEST_CASE("record_set_reader: walks whole batches") {
    std::vector<size_t> sizes;
    byte_buffer all = three_batches(sizes);
    record_set_reader r(all);
    batch_entry e;
    int n = 0;
    while (r.next(e)) {
        CHECK(e.frame.base_offset == n * 10);
        CHECK(e.frame.magic == 2);
        CHECK(e.bytes.size() == sizes[size_t(n)]);
        ++n;
    }
    CHECK(n == 3);
    CHECK(r.result());
    CHECK_FALSE(r.partial_tail());
    CHECK(r.consumed() == all.size());
}

TEST_CASE("record_set_reader: stops cleanly at a partial trailing batch") {
    std::vector<size_t> sizes;
    byte_buffer all = three_batches(sizes);
    // Every cut inside the last batch, including inside its 17-byte prefix.
    const size_t first_two = sizes[0] + sizes[1];
    for (size_t cut = first_two + 1; cut < all.size(); ++cut) {
        CAPTURE(cut);
        record_set_reader r(byte_span(all).first(cut));
        batch_entry e;
        int n = 0;
        while (r.next(e)) ++n;
        CHECK(n == 2);
        CHECK(r.partial_tail());
        CHECK(r.result());
        CHECK(r.consumed() == first_two);
    }
}

TEST_CASE("record_set_reader: garbage framing is an error") {
    std::vector<size_t> sizes;
    byte_buffer all = three_batches(sizes);
    byte_buffer bad = all;
    bad[sizes[0] + kMagicPos] = 7;
    record_set_reader r(bad);
    batch_entry e;
    CHECK(r.next(e));
    CHECK_FALSE(r.next(e));
    CHECK(r.result().err().code == errc::bad_magic);
    CHECK(r.consumed() == sizes[0]);

    bad = all;
    store_be<int32_t>(bad.data() + kBatchLengthPos, -5);
    record_set_reader r2(bad);
    CHECK_FALSE(r2.next(e));
    CHECK(r2.result().err().code == errc::bad_length);

    bad = all;
    store_be<int32_t>(bad.data() + kBatchLengthPos, 20);  // too small for a v2 header
    record_set_reader r3(bad);
    CHECK_FALSE(r3.next(e));
    CHECK(r3.result().err().code == errc::bad_length);

    record_set_reader empty{byte_span{}};
    CHECK_FALSE(empty.next(e));
    CHECK(empty.result());
    CHECK_FALSE(empty.partial_tail());
}
