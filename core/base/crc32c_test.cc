#include "base/crc32c.h"

#include <doctest/doctest.h>

#include <string_view>

using namespace odradek;

TEST_CASE("crc32c matches the Castagnoli check value") {
    CHECK(crc32c(as_bytes("123456789")) == 0xE3069283u);
    CHECK(crc32c(as_bytes("")) == 0u);
}

TEST_CASE("crc32c_extend continues a checksum across pieces") {
    std::string_view s = "The quick brown fox jumps over the lazy dog";
    for (size_t cut = 0; cut <= s.size(); ++cut) {
        uint32_t a = crc32c(as_bytes(s.substr(0, cut)));
        CHECK(crc32c_extend(a, as_bytes(s.substr(cut))) == crc32c(as_bytes(s)));
    }
}

TEST_CASE("crc32_ieee matches the IEEE check value") {
    CHECK(crc32_ieee(as_bytes("123456789")) == 0xCBF43926u);
}
