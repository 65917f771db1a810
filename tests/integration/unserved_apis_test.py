#!/usr/bin/python3
"""APIs the broker knows but does not serve yet: not advertised by ApiVersions, and a client
that sends one anyway gets Kafka's error-response shape (UNSUPPORTED_VERSION, 35, per
resource named; ILLEGAL_SASL_STATE, 34, for SaslAuthenticate) on a connection that stays
open — a Metadata request on the same socket is answered afterwards.

Requests and responses are encoded and decoded with kafka-python's protocol classes
(python3-kafka), independent of ours.

usage: unserved_apis_test.py BUILD_BIN_DIR
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import broker_harness as bh  # noqa: E402

try:
    from kafka.protocol import admin, commit, group, metadata
except ImportError:  # pragma: no cover
    print("SKIP: python3-kafka is not installed")
    sys.exit(77)

BUILD = None
UNSUPPORTED_VERSION = 35
ILLEGAL_SASL_STATE = 34
failures = []


def check(cond, what, detail=""):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(f"{what}\n{detail}")


def main():
    with bh.Cluster(brokers=1, build=BUILD) as c:
        conn = bh.KafkaWire(c.brokers[0].port)
        versions = conn.call(admin.ApiVersionRequest[0](), admin.ApiVersionResponse[0])
        keys = {k for k, _lo, _hi in versions.api_versions}
        check(3 in keys and 11 not in keys and 10 not in keys, "ApiVersions advertises Metadata, not JoinGroup or "
              "FindCoordinator", sorted(keys))

        # v0: kafka-python's v1 response schema lacks ThrottleTimeMs.
        r = conn.call(commit.GroupCoordinatorRequest[0]("g"), commit.GroupCoordinatorResponse[0])
        check(r.error_code == UNSUPPORTED_VERSION and r.coordinator_id == -1,
              "FindCoordinator v0: UNSUPPORTED_VERSION, no coordinator", r)
        r = conn.call(group.JoinGroupRequest[1]("g", 10000, 30000, "", "consumer", [("range", b"")]),
                      group.JoinGroupResponse[1])
        check(r.error_code == UNSUPPORTED_VERSION, "JoinGroup v1: UNSUPPORTED_VERSION", r)
        r = conn.call(group.HeartbeatRequest[1]("g", 1, "m"), group.HeartbeatResponse[1])
        check(r.error_code == UNSUPPORTED_VERSION, "Heartbeat v1: UNSUPPORTED_VERSION", r)
        r = conn.call(commit.OffsetFetchRequest[1]("g", [("t", [0, 1])]), commit.OffsetFetchResponse[1])
        parts = [(t, p, off, err) for t, plist in r.topics for p, off, _meta, err in plist]
        check(parts == [("t", 0, -1, UNSUPPORTED_VERSION), ("t", 1, -1, UNSUPPORTED_VERSION)],
              "OffsetFetch v1: every partition named gets UNSUPPORTED_VERSION", parts)
        r = conn.call(admin.DescribeGroupsRequest[0](["a", "b"]), admin.DescribeGroupsResponse[0])
        check([(g_[0], g_[1]) for g_ in r.groups] == [(UNSUPPORTED_VERSION, "a"), (UNSUPPORTED_VERSION, "b")],
              "DescribeGroups v0: each group gets UNSUPPORTED_VERSION", r.groups)
        r = conn.call(admin.ListGroupsRequest[1](), admin.ListGroupsResponse[1])
        check(r.error_code == UNSUPPORTED_VERSION and r.groups == [], "ListGroups v1: UNSUPPORTED_VERSION", r)
        r = conn.call(admin.DeleteGroupsRequest[0](["x"]), admin.DeleteGroupsResponse[0])
        check(r.results == [("x", UNSUPPORTED_VERSION)], "DeleteGroups v0: per group", r.results)
        r = conn.call(admin.SaslAuthenticateRequest[0](b"\0user\0pw"), admin.SaslAuthenticateResponse[0])
        check(r.error_code == ILLEGAL_SASL_STATE and r.error_message == "SaslAuthenticate request received after "
              "successful authentication", "SaslAuthenticate: ILLEGAL_SASL_STATE with Kafka's message", r)

        r = conn.call(metadata.MetadataRequest[1]([]), metadata.MetadataResponse[1])
        check(len(r.brokers) == 1, "the same connection still serves Metadata afterwards", r)
    print(f"{len(failures)} failed")
    for f in failures:
        print("FAILED:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    BUILD = pathlib.Path(sys.argv[1]).resolve()
    sys.exit(main())
