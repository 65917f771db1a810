#include "base/bytes.h"
#include "base/result.h"
#include "base/types.h"

#include <doctest/doctest.h>

using namespace odradek;

TEST_CASE("big-endian loads and stores round-trip") {
    uint8_t b[8];
    store_be<int32_t>(b, -2);
    CHECK(b[0] == 0xFF);
    CHECK(b[3] == 0xFE);
    CHECK(load_be<int32_t>(b) == -2);
    store_be<uint64_t>(b, 0x0102030405060708ull);
    CHECK(b[0] == 1);
    CHECK(b[7] == 8);
    CHECK(load_be<uint64_t>(b) == 0x0102030405060708ull);
}

TEST_CASE("strong types compare and step") {
    offset a(10);
    offset b = a + 5;
    CHECK(b - a == 5);
    CHECK(a < b);
    CHECK(b() == 15);
}

TEST_CASE("result carries a value or an error") {
    result<int> good = 3;
    CHECK(good);
    CHECK(*good == 3);
    result<int> bad = error(std::make_error_code(std::errc::io_error), "segment 0.log");
    CHECK_FALSE(bad);
    CHECK(bad.err().message().find("segment 0.log") != std::string::npos);
    status s = ok();
    CHECK(s);
}
