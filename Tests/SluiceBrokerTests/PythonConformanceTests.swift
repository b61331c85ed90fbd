import Foundation
import SluiceBroker
import Testing

/// The conformance scenarios, driven by confluent-kafka (librdkafka 2.16) and kafka-python.
@Suite("Python client conformance", .serialized, .enabled(if: PythonScript.isAvailable))
struct PythonConformanceTests {
    @Test("5 committed, 5 aborted, 5 committed: read_committed sees 10, read_uncommitted 15, high watermark 18")
    func committedAndAbortedVisibility() throws {
        let result = try TestBroker.with { broker in
            try PythonScript.run("transactions_visibility", [broker.bootstrapServers, "visibility"])
        }
        #expect(result["committed"] as? Int == 10)
        #expect(result["uncommitted"] as? Int == 15)
        #expect(result["abortedVisible"] as? Int == 0)
        #expect(result["low"] as? Int == 0)
        #expect(result["high"] as? Int == 18)
        // A fourth transaction of 3 records is open: read_committed stops at its first offset.
        #expect(result["committedWhileOpen"] as? Int == 10)
        #expect(result["uncommittedWhileOpen"] as? Int == 18)
        #expect(result["stableWhileOpen"] as? Int == 18)
        #expect(result["highWhileOpen"] as? Int == 21)
        #expect(result["stableAfterAbort"] as? Int == 22)
    }

    @Test("a second producer with the same transactional id fences the first; none of its records show")
    func fencing() throws {
        let result = try TestBroker.with { broker in
            try PythonScript.run("fencing", [broker.bootstrapServers, "fencing"])
        }
        #expect(result["firstError"] as? String == "_FENCED")
        #expect(result["firstFatal"] as? Bool == true)
        #expect(result["committed"] as? [String] == ["live-0", "live-1"])
    }

    @Test("transactional offsets: visible after commit only, unchanged by abort, stale generation rejected")
    func transactionalOffsets() throws {
        let result = try TestBroker.with { broker in
            try PythonScript.run("transactional_offsets", [broker.bootstrapServers, "offsets"])
        }
        #expect(result["beforeCommit"] as? Int == -1001)
        // A read_committed consumer asks with require-stable and gets UNSTABLE_OFFSET_COMMIT until it times out.
        #expect(result["stableWhileOpen"] as? String == "_TIMED_OUT")
        #expect(result["afterCommit"] as? Int == 3)
        #expect(result["afterAbort"] as? Int == 3)
        #expect(result["staleError"] as? String == "ILLEGAL_GENERATION")
        #expect(result["staleRequiresAbort"] as? Bool == true)
        #expect(result["afterStale"] as? Int == 3)
    }

    @Test("a transaction left open past its timeout is aborted and never becomes visible")
    func transactionTimeout() throws {
        let result = try TestBroker.with { broker in
            try PythonScript.run("transaction_timeout", [broker.bootstrapServers, "timeout"])
        }
        #expect(result["committed"] as? Int == 0)
        #expect(result["uncommitted"] as? Int == 5)
        #expect(result["stable"] as? Int == 6)
        #expect(result["commitError"] as? String == "_FENCED")
        #expect(result["commitFatal"] as? Bool == true)
    }

    @Test("offsets for times before, inside and after the records; watermarks")
    func offsetsForTimes() throws {
        let result = try TestBroker.with { broker in
            try PythonScript.run("offsets_for_times", [broker.bootstrapServers, "times"])
        }
        let offsets = result["offsets"] as? [String: Int] ?? [:]
        #expect(offsets == ["500": 0, "1000": 0, "2500": 2, "4000": 3, "5000": 4, "9000": 4, "9001": -1])
        #expect(result["low"] as? Int == 0)
        #expect(result["high"] as? Int == 5)
    }

    @Test("three-member group rebalance", arguments: ["range", "roundrobin", "cooperative-sticky"])
    func threeMemberRebalance(strategy: String) throws {
        let result = try TestBroker.with { broker in
            try PythonScript.run("group_rebalance", [broker.bootstrapServers, "rebalance", strategy])
        }
        #expect(result["three"] as? [Int] == [2, 2, 2])
        #expect(result["two"] as? [Int] == [3, 3])
        #expect(result["records"] as? Int == 60)
    }

    @Test("kafka-python: idempotent produce with keys and headers, group consume, commit, list groups")
    func kafkaPythonRoundTrip() throws {
        let result = try TestBroker.with { broker in
            try PythonScript.run("kafka_python_roundtrip", [broker.bootstrapServers, "roundtrip"])
        }
        #expect(result["records"] as? Int == 20)
        #expect(result["consistent"] as? Bool == true)
        #expect(result["committed"] as? [Int] == [10, 10])
        #expect(result["endOffsets"] as? [Int] == [10, 10])
        #expect(result["groupListed"] as? Bool == true)
    }

    @Test("static membership: a restarted member with the same group.instance.id causes no rebalance")
    func staticMembership() throws {
        let result = try TestBroker.with { broker in
            try PythonScript.run("static_membership", [broker.bootstrapServers, "static"])
        }
        #expect(result["alone"] as? Bool == true)
        #expect(result["shared"] as? Bool == true)
        #expect(result["back"] as? Bool == true)
        #expect(result["sizes"] as? [Int] == [2, 2])
        let before = result["before"] as? [String: Int]
        #expect(before == ["a-assign": 2, "a-revoke": 1])
        #expect(result["after"] as? [String: Int] == before)
    }

    @Test("Admin API: topics, configs, legacy and current group listing, record deletion")
    func adminAPI() throws {
        let result = try TestBroker.with { broker in
            try PythonScript.run("admin", [broker.bootstrapServers, "administered"])
        }
        #expect(result["duplicateError"] as? String == "TOPIC_ALREADY_EXISTS")
        #expect(result["read"] as? Int == 9)
        #expect(result["cleanupPolicy"] as? String == "delete")
        #expect(result["legacyGroups"] as? [String] == ["admin-administered"])
        #expect(result["legacyMembers"] as? [String: Int] == ["admin-administered": 1])
        #expect(result["listedGroups"] as? [String] == ["admin-administered"])
        #expect(result["describedMembers"] as? Int == 1)
        #expect(result["describedState"] as? String == "ConsumerGroupState.STABLE")
        #expect(result["lowAfterDelete"] as? Int == 2)
        #expect(result["topicsAfterDelete"] as? [String] == [])
    }

    @Test("kafka-python transactions: read_committed skips the aborted one, read_uncommitted sees all")
    func kafkaPythonTransactions() throws {
        let result = try TestBroker.with { broker in
            try PythonScript.run("kafka_python_transactions", [broker.bootstrapServers, "kafka-python-txn"])
        }
        let committed = ["first-0", "first-1", "first-2", "second-0", "second-1", "second-2"]
        #expect(result["read_committed"] as? [String] == committed)
        let everything =
            ["first-0", "first-1", "first-2", "aborted-0", "aborted-1", "aborted-2"]
            + ["second-0", "second-1", "second-2"]
        #expect(result["read_uncommitted"] as? [String] == everything)
    }
}
