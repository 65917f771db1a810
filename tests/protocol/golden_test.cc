// Frames captured from librdkafka 2.0.2 (see golden/README.md): they split as
// frames, their headers and bodies decode with the expected fields, and
// re-encoding reproduces every byte.

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "protocol/api_versions_handler.h"
#include "protocol/frame.h"
#include "protocol/header.h"
#include "protocol/message.h"
#include "protocol/messages/api_versions.h"
#include "protocol/messages/metadata.h"
#include "protocol/messages/produce.h"

using namespace odradek;
using namespace odradek::protocol;

namespace {

byte_buffer load(const std::string& name) {
    std::ifstream in(std::string(ODRADEK_GOLDEN_DIR) + "/" + name, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing golden file " << name);
    return byte_buffer(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Re-encodes header + body as one frame.
template <typename M>
byte_buffer reframe(const request_frame& f, const M& m) {
    byte_buffer out;
    size_t start = begin_frame(out);
    writer w(out);
    encode_request_header(f.header, f.header_version, w);
    m.encode(w, f.header.api_version);
    end_frame(out, start);
    return out;
}

}  // namespace

TEST_CASE("librdkafka ApiVersions v3 request") {
    byte_buffer frame = load("api_versions_v3_request.bin");
    auto split = next_frame(frame, 1 << 20);
    REQUIRE(split.status == frame_status::complete);
    CHECK(split.frame_bytes() == frame.size());

    auto f = decode_request(split.payload);
    REQUIRE(f);
    CHECK(f->header.api_key == 18);
    CHECK(f->header.api_version == 3);
    CHECK(f->header_version == 2);
    CHECK(f->header.correlation_id == 1);
    CHECK(f->header.client_id == std::optional<std::string>("rdkafka"));
    CHECK(f->header.unknown_tagged_fields.empty());

    auto req = decode_message<api_versions_request>(f->body, 3);
    REQUIRE(req);
    CHECK(req->client_software_name == "librdkafka");
    CHECK(req->client_software_version == "2.0.2");
    CHECK(reframe(*f, *req) == frame);
}

TEST_CASE("librdkafka Metadata v4 request") {
    byte_buffer frame = load("metadata_v4_request.bin");
    auto split = next_frame(frame, 1 << 20);
    REQUIRE(split.status == frame_status::complete);

    auto f = decode_request(split.payload);
    REQUIRE(f);
    CHECK(f->header.api_key == 3);
    CHECK(f->header.api_version == 4);
    CHECK(f->header_version == 1);
    CHECK(f->header.correlation_id == 2);
    CHECK(f->header.client_id == std::optional<std::string>("rdkafka"));

    auto req = decode_message<metadata_request>(f->body, 4);
    REQUIRE(req);
    REQUIRE(req->topics.has_value());
    CHECK(req->topics->empty());
    CHECK_FALSE(req->allow_auto_topic_creation);
    CHECK(reframe(*f, *req) == frame);
}

TEST_CASE("our ApiVersions answer to librdkafka is the response it accepted") {
    // capture_rdkafka.py answered with these bytes and librdkafka went on to
    // send Metadata, so they are a response a real client accepts.
    byte_buffer frame = load("api_versions_v3_request.bin");
    auto f = decode_request(next_frame(frame, 1 << 20).payload);
    REQUIRE(f);
    const api_version_range served[] = {{18, 0, 3}, {3, 0, 12}};
    byte_buffer out;
    size_t start = begin_frame(out);
    handle_api_versions(f->header, f->body, served, out);
    end_frame(out, start);
    CHECK(out == load("api_versions_v3_response.bin"));
}

TEST_CASE("librdkafka Produce v7 request: records stay a view into the frame") {
    byte_buffer frame = load("produce_v7_request.bin");
    auto split = next_frame(frame, 1 << 20);
    REQUIRE(split.status == frame_status::complete);
    auto f = decode_request(split.payload);
    REQUIRE(f);
    CHECK(f->header.api_key == 0);
    CHECK(f->header.api_version == 7);
    CHECK(f->header_version == 1);
    CHECK(f->header.client_id == std::optional<std::string>("rdkafka"));

    auto req = decode_message<produce_request>(f->body, 7);
    REQUIRE(req);
    CHECK_FALSE(req->transactional_id.has_value());
    CHECK(req->acks == -1);
    CHECK(req->timeout_ms == 30000);
    REQUIRE(req->topic_data.size() == 1);
    CHECK(req->topic_data[0].name == "golden");
    REQUIRE(req->topic_data[0].partition_data.size() == 1);
    const auto& p = req->topic_data[0].partition_data[0];
    CHECK(p.index == 0);
    REQUIRE(p.records.has_value());
    byte_span records = *p.records;
    REQUIRE(records.size() == 82);
    CHECK(records.data() + records.size() == frame.data() + frame.size());  // zero copy, ends the frame
    CHECK(records[16] == 2);                                                // batch magic v2
    CHECK(as_chars(records.last(14)).substr(0, 13) == "hello odradek");     // value, then 0 headers
    CHECK(reframe(*f, *req) == frame);
}
