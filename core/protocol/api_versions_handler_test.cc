#include <doctest/doctest.h>

#include "protocol/api_versions_handler.h"
#include "protocol/error_code.h"
#include "protocol/message.h"
#include "protocol/messages/api_versions.h"

using namespace odradek;
using namespace odradek::protocol;

namespace {
const api_version_range kSupported[] = {{0, 0, 9}, {3, 0, 12}, {18, 0, 3}};

// Splits a response into header (v0) and the body decoded at `version`.
api_versions_response parse(const byte_buffer& out, int16_t version, int32_t& correlation_id) {
    reader r(out);
    correlation_id = decode_response_header(r, 0).correlation_id;
    REQUIRE(r.ok());
    auto resp = decode_message<api_versions_response>(r.rest(), version);
    REQUIRE(resp);
    return *resp;
}
}  // namespace

TEST_CASE("ApiVersions v3 answers the table") {
    api_versions_request req;
    req.client_software_name = "librdkafka";
    req.client_software_version = "2.0.2";
    byte_buffer body;
    encode_message(req, 3, body);
    request_header h{18, 3, 11, std::string("rdkafka"), {}};
    byte_buffer out;
    handle_api_versions(h, body, kSupported, out);
    int32_t cid = 0;
    auto resp = parse(out, 3, cid);
    CHECK(cid == 11);
    CHECK(resp.error_code == 0);
    REQUIRE(resp.api_keys.size() == 3);
    CHECK(resp.api_keys[1].api_key == 3);
    CHECK(resp.api_keys[1].max_version == 12);
    CHECK(resp.finalized_features_epoch == -1);
}

TEST_CASE("ApiVersions at a version we do not serve answers v0 with UNSUPPORTED_VERSION and the table") {
    const uint8_t future_body[] = {0xde, 0xad};  // not decoded: unknown format
    request_header h{18, 9, 12, std::string("newclient"), {}};
    byte_buffer out;
    handle_api_versions(h, future_body, kSupported, out);
    int32_t cid = 0;
    auto resp = parse(out, 0, cid);
    CHECK(cid == 12);
    CHECK(resp.error_code == int16_t(error_code::unsupported_version));
    REQUIRE(resp.api_keys.size() == 3);
    CHECK(resp.api_keys[2].api_key == 18);
    CHECK(resp.api_keys[2].max_version == 3);
    // v0 body: error_code + classic array of 3 x 6 bytes, nothing else
    CHECK(out.size() == 4 + 2 + 4 + 3 * 6);
}

TEST_CASE("ApiVersions with an invalid client software name answers INVALID_REQUEST") {
    api_versions_request req;
    req.client_software_name = "-bad";
    req.client_software_version = "1.0";
    byte_buffer body;
    encode_message(req, 3, body);
    request_header h{18, 3, 13, std::nullopt, {}};
    byte_buffer out;
    handle_api_versions(h, body, kSupported, out);
    int32_t cid = 0;
    auto resp = parse(out, 3, cid);
    CHECK(resp.error_code == int16_t(error_code::invalid_request));
    CHECK(resp.api_keys.empty());
}

TEST_CASE("ApiVersions v0 with an empty body") {
    request_header h{18, 0, 14, std::string("old"), {}};
    byte_buffer out;
    handle_api_versions(h, {}, kSupported, out);
    int32_t cid = 0;
    auto resp = parse(out, 0, cid);
    CHECK(resp.error_code == 0);
    CHECK(resp.api_keys.size() == 3);
}

TEST_CASE("client software pattern") {
    CHECK(valid_client_software_field("librdkafka"));
    CHECK(valid_client_software_field("2.0.2"));
    CHECK(valid_client_software_field("a"));
    CHECK_FALSE(valid_client_software_field(""));
    CHECK_FALSE(valid_client_software_field("a-"));
    CHECK_FALSE(valid_client_software_field("a b"));
}

TEST_CASE("codec_api_ranges lists the table") {
    auto all = codec_api_ranges();
    REQUIRE(all.size() == std::size(kApiTable));
    bool has_fetch = false;
    for (const auto& r : all) {
        if (r.key == int16_t(api_key::fetch)) {
            has_fetch = true;
            CHECK(r.min_version == 0);
            CHECK(r.max_version == 16);
        }
    }
    CHECK(has_fetch);
}
