#include <doctest/doctest.h>

#include "protocol/header.h"
#include "protocol/message.h"
#include "protocol/messages/metadata.h"

using namespace odradek;
using namespace odradek::protocol;

TEST_CASE("header versions follow the API table and Kafka's two exceptions") {
    CHECK(request_header_version(int16_t(api_key::produce), 8) == 1);
    CHECK(request_header_version(int16_t(api_key::produce), 9) == 2);
    CHECK(response_header_version(int16_t(api_key::produce), 8) == 0);
    CHECK(response_header_version(int16_t(api_key::produce), 9) == 1);
    CHECK(request_header_version(int16_t(api_key::api_versions), 3) == 2);
    CHECK(request_header_version(int16_t(api_key::api_versions), 7) == 2);  // newer than we know
    CHECK(request_header_version(int16_t(api_key::api_versions), 2) == 1);
    CHECK(response_header_version(int16_t(api_key::api_versions), 3) == 0);
    CHECK(request_header_version(7, 0) == 0);  // ControlledShutdown v0
    CHECK(request_header_version(999, 0) == 1);
    CHECK(response_header_version(999, 0) == 0);
    CHECK(find_api(int16_t(api_key::metadata))->max_version == 12);
    CHECK(find_api(999) == nullptr);
}

TEST_CASE("request header v2 round trip keeps unknown tags; v1 client id is never compact") {
    request_header h{int16_t(api_key::metadata), 12, 42, std::string("rdkafka"), {{3, {1, 2}}}};
    byte_buffer b;
    writer w(b);
    encode_request_header(h, 2, w);
    CHECK(b[8] == 0);
    CHECK(b[9] == 7);  // int16 length, not a compact uvarint, even in header v2
    const uint8_t body[] = {0xee};
    b.push_back(body[0]);
    auto f = decode_request(b);
    REQUIRE(f);
    CHECK(f->header_version == 2);
    CHECK(f->header == h);
    REQUIRE(f->body.size() == 1);
    CHECK(f->body[0] == 0xee);
}

TEST_CASE("request header v0 and null client id") {
    request_header h{7, 0, -5, std::nullopt, {}};
    byte_buffer b;
    writer w(b);
    encode_request_header(h, 0, w);
    CHECK(b.size() == 8);
    auto f = decode_request(b);
    REQUIRE(f);
    CHECK(f->header_version == 0);
    CHECK(f->header == h);

    request_header n{3, 1, 9, std::nullopt, {}};
    byte_buffer b1;
    writer w1(b1);
    encode_request_header(n, 1, w1);
    CHECK(b1.size() == 10);
    auto f1 = decode_request(b1);
    REQUIRE(f1);
    CHECK_FALSE(f1->header.client_id.has_value());
}

TEST_CASE("truncated request headers fail cleanly") {
    request_header h{int16_t(api_key::fetch), 12, 1, std::string("c"), {}};
    byte_buffer b;
    writer w(b);
    encode_request_header(h, 2, w);
    for (size_t n = 0; n < b.size(); ++n) CHECK_FALSE(decode_request(byte_span(b).first(n)));
}

TEST_CASE("response header v1 round trip") {
    response_header h{77, {{0, {9}}}};
    byte_buffer b;
    writer w(b);
    encode_response_header(h, 1, w);
    reader r(b);
    CHECK(decode_response_header(r, 1) == h);
    CHECK(r.ok());
    CHECK(r.remaining() == 0);
}

TEST_CASE("request and response frames carry the header version of their api version") {
    metadata_request req;
    req.topics.reset();
    byte_buffer out;
    append_request_frame(request_header{3, 9, 5, std::string("c"), {}}, req, out);
    auto split = next_frame(out, 1000);
    REQUIRE(split.status == frame_status::complete);
    CHECK(split.frame_bytes() == out.size());
    auto f = decode_request(split.payload);
    REQUIRE(f);
    CHECK(f->header_version == 2);
    auto back = decode_message<metadata_request>(f->body, 9);
    REQUIRE(back);
    CHECK(*back == req);

    metadata_response resp;
    byte_buffer r9, r8;
    append_response_frame(5, resp, 9, r9);
    append_response_frame(5, resp, 8, r8);
    // v9: flexible, header v1 adds an empty tag section; the body is compact.
    reader h9(byte_span(r9).subspan(4));
    CHECK(decode_response_header(h9, 1).correlation_id == 5);
    CHECK(decode_message<metadata_response>(h9.rest(), 9));
    reader h8(byte_span(r8).subspan(4));
    CHECK(decode_response_header(h8, 0).correlation_id == 5);
    CHECK(decode_message<metadata_response>(h8.rest(), 8));
}
