// kafka-broker-api-versions' rendering of a broker's ApiVersions answer.
#include "tools/broker_api_versions.h"

#include <doctest/doctest.h>

using namespace odradek::tools;

TEST_CASE("NodeApiVersions.toString(true): usable versions, unknown keys, and unsupported client APIs") {
    api_version_map v = {{0, {0, 9}}, {3, {12, 12}}, {18, {0, 3}}, {1, {17, 20}}, {999, {0, 1}}};
    std::string text = format_api_versions(v);
    CHECK(text.rfind("(\n\tProduce(0): 0 to 9 [usable: 9],\n\tFetch(1): 17 to 20 [unusable: node too new],\n"
                     "\tListOffsets(2): UNSUPPORTED,\n\tMetadata(3): 12 [usable: 12],\n"
                     "\tLeaderAndIsr(4): UNSUPPORTED,\n",
                     0) == 0);
    CHECK(text.find("\tApiVersions(18): 0 to 3 [usable: 3],\n") != std::string::npos);
    // Controller-only APIs (Vote) are not listed when absent; unknown keys are.
    CHECK(text.find("Vote(52)") == std::string::npos);
    CHECK(text.find("\tUNKNOWN(999): 0 to 1\n)") != std::string::npos);
}
