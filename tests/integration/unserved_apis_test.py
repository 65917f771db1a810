#!/usr/bin/python3
"""APIs the broker knows but does not serve yet: not advertised by ApiVersions, and a client
that sends one anyway gets Kafka's error-response shape (UNSUPPORTED_VERSION, 35, per
resource named; ILLEGAL_SASL_STATE, 34, for SaslAuthenticate; SECURITY_DISABLED, 54, for
ACLs; DELEGATION_TOKEN_REQUEST_NOT_ALLOWED, 64, for delegation tokens) on a connection that
stays open — a Metadata request on the same socket is answered afterwards. The broker warns
once per connection and API. An ACL filter with UNKNOWN elements, and Envelope, close the
connection, as Kafka 3.7 does.

Requests and responses are encoded and decoded with kafka-python's protocol classes
(python3-kafka) where it has them, else by hand below from Kafka's schemas — both
independent of ours.

usage: unserved_apis_test.py BUILD_BIN_DIR
"""
import pathlib
import struct
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
SECURITY_DISABLED = 54
DELEGATION_TOKEN_REQUEST_NOT_ALLOWED = 64
failures = []


def check(cond, what, detail=""):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(f"{what}\n{detail}")


def s16(text):  # a non-flexible string
    b = text.encode()
    return struct.pack(">h", len(b)) + b


class Reader:
    """Reads the primitives of a response body."""

    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, fmt):
        (v,) = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return v

    def string(self):  # non-flexible, nullable
        n = self.take(">h")
        if n < 0:
            return None
        v = self.data[self.pos:self.pos + n].decode()
        self.pos += n
        return v

    def uvarint(self):
        shift = value = 0
        while True:
            b = self.data[self.pos]
            self.pos += 1
            value |= (b & 0x7F) << shift
            if not b & 0x80:
                return value
            shift += 7

    def cstring(self):  # compact, nullable
        n = self.uvarint() - 1
        if n < 0:
            return None
        v = self.data[self.pos:self.pos + n].decode()
        self.pos += n
        return v

    def done(self):
        return self.pos == len(self.data)


def check_unserved_by_hand(conn):
    """APIs kafka-python has no classes for, encoded by hand from Kafka 3.7's schemas."""
    # AddPartitionsToTxn v0: TransactionalId, ProducerId, ProducerEpoch, Topics[Name, Partitions[]].
    body = s16("tx") + struct.pack(">qh", 7, 0) + struct.pack(">i", 1) + s16("t") + struct.pack(">iii", 2, 0, 1)
    r = Reader(conn.send(24, 0, body))
    r.take(">i")  # throttle
    topics = []
    for _ in range(r.take(">i")):
        name = r.string()
        topics += [(name, r.take(">i"), r.take(">h")) for _ in range(r.take(">i"))]
    check(topics == [("t", 0, UNSUPPORTED_VERSION), ("t", 1, UNSUPPORTED_VERSION)] and r.done(),
          "AddPartitionsToTxn v0: every partition named gets UNSUPPORTED_VERSION", topics)

    # EndTxn v1: TransactionalId, ProducerId, ProducerEpoch, Committed.
    r = Reader(conn.send(26, 1, s16("tx") + struct.pack(">qhb", 7, 0, 1)))
    r.take(">i")
    err = r.take(">h")
    check(err == UNSUPPORTED_VERSION and r.done(), "EndTxn v1: UNSUPPORTED_VERSION", err)

    # DescribeClientQuotas v0: Components[EntityType, MatchType, Match], Strict.
    body = struct.pack(">i", 1) + s16("user") + struct.pack(">b", 0) + s16("alice") + struct.pack(">b", 0)
    r = Reader(conn.send(48, 0, body))
    r.take(">i")
    err, msg, entries = r.take(">h"), r.string(), r.take(">i")
    check(err == UNSUPPORTED_VERSION and msg is None and entries == -1 and r.done(),
          "DescribeClientQuotas v0: UNSUPPORTED_VERSION, null message and entries", (err, msg, entries))

    # CreateDelegationToken v1: Renewers[], MaxLifetimeMs — a PLAINTEXT client may not ask.
    r = Reader(conn.send(38, 1, struct.pack(">iq", 0, -1)))
    err, ptype, pname = r.take(">h"), r.string(), r.string()
    stamps = (r.take(">q"), r.take(">q"), r.take(">q"))
    token_id, hmac_len = r.string(), r.take(">i")
    r.take(">i")  # throttle
    check((err, ptype, pname, stamps, token_id, hmac_len) ==
          (DELEGATION_TOKEN_REQUEST_NOT_ALLOWED, "User", "ANONYMOUS", (-1, -1, -1), "", 0) and r.done(),
          "CreateDelegationToken v1: DELEGATION_TOKEN_REQUEST_NOT_ALLOWED for User:ANONYMOUS",
          (err, ptype, pname, stamps, token_id, hmac_len))

    # DescribeTransactions v0 is flexible: request header v2 (an empty tag section after the
    # client id, sent as the body's first byte), response header v1 (a tag byte after the
    # correlation id). TransactionalIds as a compact array of compact strings.
    resp = conn.send(65, 0, b"\x00" + bytes([3, 3]) + b"t1" + bytes([3]) + b"t2" + b"\x00")
    r = Reader(resp[1:])
    r.take(">i")
    states = []
    for _ in range(r.uvarint() - 1):
        err, tid, state = r.take(">h"), r.cstring(), r.cstring()
        r.take(">i"), r.take(">q"), r.take(">q"), r.take(">h")
        ntopics = r.uvarint() - 1
        r.uvarint()  # tags
        states.append((tid, err, state, ntopics))
    r.uvarint()
    check(resp[0] == 0 and states == [("t1", UNSUPPORTED_VERSION, "", 0), ("t2", UNSUPPORTED_VERSION, "", 0)]
          and r.done(), "DescribeTransactions v0 (flexible): each id gets UNSUPPORTED_VERSION", states)


def closes(port, api_key, version, body, what):
    """A request Kafka refuses while parsing it: the broker closes the connection."""
    conn = bh.KafkaWire(port)
    try:
        conn.send(api_key, version, body)
        check(False, what, "answered instead of closing")
    except (ConnectionError, OSError) as e:
        check(True, what, e)
    finally:
        conn.close()


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

        # No authorizer: Kafka's AclApis answers SECURITY_DISABLED with these messages.
        r = conn.call(admin.DescribeAclsRequest[1](1, None, 1, None, None, 1, 1), admin.DescribeAclsResponse[1])
        check(r.error_code == SECURITY_DISABLED and r.error_message == "No Authorizer is configured on the broker"
              and r.resources == [], "DescribeAcls v1: SECURITY_DISABLED, no authorizer", r)
        r = conn.call(admin.CreateAclsRequest[1]([(2, "t", 3, "User:a", "*", 3, 3), (3, "g", 3, "User:b", "*", 3, 3)]),
                      admin.CreateAclsResponse[1])
        check(r.creation_responses == [(SECURITY_DISABLED, "No Authorizer is configured.")] * 2,
              "CreateAcls v1: one SECURITY_DISABLED result per creation", r.creation_responses)
        r = conn.call(admin.DeleteAclsRequest[1]([(2, "t", 3, None, None, 1, 1)]), admin.DeleteAclsResponse[1])
        check(r.filter_responses == [(SECURITY_DISABLED, "No Authorizer is configured.", [])],
              "DeleteAcls v1: one SECURITY_DISABLED result per filter", r.filter_responses)
        check_unserved_by_hand(conn)
        # A second JoinGroup on this connection: answered again, no second warning.
        r = conn.call(group.JoinGroupRequest[1]("g", 10000, 30000, "", "consumer", [("range", b"")]),
                      group.JoinGroupResponse[1])
        check(r.error_code == UNSUPPORTED_VERSION, "JoinGroup v1 again: UNSUPPORTED_VERSION", r)

        r = conn.call(metadata.MetadataRequest[1]([]), metadata.MetadataResponse[1])
        check(len(r.brokers) == 1, "the same connection still serves Metadata afterwards", r)
        versions = conn.call(admin.ApiVersionRequest[0](), admin.ApiVersionResponse[0])
        keys = {k for k, _lo, _hi in versions.api_versions}
        unserved_keys = {11, 10, 24, 26, 29, 30, 31, 38, 48, 65}
        check(not keys & unserved_keys, "ApiVersions advertises none of the APIs answered above",
              sorted(keys & unserved_keys))

        log = c.brokers[0].output()
        joins = log.count("Answering JoinGroup v1 ")
        acls = log.count("Answering DescribeAcls v1 ")
        check(joins == 1 and acls == 1, "one warning per connection and API in the broker's log",
              f"JoinGroup warnings: {joins}, DescribeAcls warnings: {acls}")

        # Requests Kafka 3.7 refuses outright close the connection.
        port = c.brokers[0].port
        unknown_filter = struct.pack(">b", 0) + struct.pack(">h", -1) + struct.pack(">b", 1) + \
            struct.pack(">hh", -1, -1) + struct.pack(">bb", 1, 1)
        closes(port, 29, 1, unknown_filter, "DescribeAcls with an UNKNOWN resource type closes the connection")
        # Envelope v0 (flexible: header tag byte first): RequestData, RequestPrincipal, ClientHostAddress.
        closes(port, 58, 0, b"\x00" + bytes([1, 1, 1, 0]), "Envelope closes the connection (no forwarding)")
        closes(port, 11, 10, b"", "JoinGroup v10 (beyond Kafka 3.7's schema) closes the connection")
    print(f"{len(failures)} failed")
    for f in failures:
        print("FAILED:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    BUILD = pathlib.Path(sys.argv[1]).resolve()
    sys.exit(main())
