import Foundation
import Testing

@testable import SluiceBroker

/// Group coordinator edge cases, checked with a raw protocol client.
@Suite("Group protocol", .serialized)
struct GroupProtocolTests {
    @Test("a lone member joins, syncs its own assignment and heartbeats; errors for stale or unknown members")
    func singleMember() throws {
        try TestBroker.with { broker in
            let client = try RawClient(port: broker.port)
            let joined = try client.joinGroup("solo")
            #expect(joined.error == 0 && joined.generation == 1 && joined.leader == joined.memberID)
            let synced = try client.syncGroup(
                "solo",
                generation: 1,
                memberID: joined.memberID,
                assignments: [(joined.memberID, [9, 9])]
            )
            #expect(synced.error == 0 && synced.assignment == [9, 9])
            #expect(try client.heartbeat("solo", generation: 1, memberID: joined.memberID) == 0)
            #expect(try client.heartbeat("solo", generation: 0, memberID: joined.memberID) == 22)
            #expect(try client.heartbeat("solo", generation: 1, memberID: "stranger") == 25)
            #expect(try client.joinGroup("solo", memberID: "stranger").error == 25)
            #expect(try client.describeGroup("solo") == ("Stable", 1))
            #expect(try client.describeGroup("nobody") == ("Dead", 0))
        }
    }

    @Test("a member sharing no assignment strategy with the group is refused with INCONSISTENT_GROUP_PROTOCOL")
    func inconsistentProtocols() throws {
        try TestBroker.with { broker in
            let eager = try RawClient(port: broker.port)
            let joined = try eager.joinGroup("mixed")
            _ = try eager.syncGroup(
                "mixed",
                generation: joined.generation,
                memberID: joined.memberID,
                assignments: [(joined.memberID, [])]
            )
            let cooperative = try RawClient(port: broker.port)
            #expect(try cooperative.joinGroup("mixed", protocolName: "cooperative-sticky").error == 23)
            #expect(try cooperative.describeGroup("mixed") == ("Stable", 1))
            // The only member may change its strategy: nobody else has to share it.
            #expect(
                try eager.joinGroup("mixed", memberID: joined.memberID, protocolName: "cooperative-sticky").error == 0
            )
        }
    }

    @Test("a member that stops heartbeating is removed after its session timeout")
    func sessionExpiry() throws {
        try TestBroker.with { broker in
            let client = try RawClient(port: broker.port)
            let joined = try client.joinGroup("expiring", sessionTimeoutMilliseconds: 1_500)
            _ = try client.syncGroup(
                "expiring",
                generation: joined.generation,
                memberID: joined.memberID,
                assignments: [(joined.memberID, [])]
            )
            #expect(try client.describeGroup("expiring") == ("Stable", 1))
            Thread.sleep(forTimeInterval: 3)
            #expect(try client.describeGroup("expiring") == ("Empty", 0))
            #expect(try client.heartbeat("expiring", generation: joined.generation, memberID: joined.memberID) == 25)
        }
    }

    @Test("a static member replaced by a new instance is fenced with FENCED_INSTANCE_ID")
    func staticFencing() throws {
        try TestBroker.with { broker in
            let first = try RawClient(port: broker.port)
            let old = try first.joinGroup("static", instanceID: "instance-1")
            _ = try first.syncGroup(
                "static",
                generation: old.generation,
                memberID: old.memberID,
                instanceID: "instance-1",
                assignments: [(old.memberID, [1])]
            )

            let second = try RawClient(port: broker.port)
            let new = try second.joinGroup("static", instanceID: "instance-1")
            #expect(new.error == 0 && new.memberID != old.memberID)
            let heartbeat = try first.heartbeat(
                "static",
                generation: old.generation,
                memberID: old.memberID,
                instanceID: "instance-1"
            )
            #expect(heartbeat == 82)
            #expect(try first.joinGroup("static", memberID: old.memberID, instanceID: "instance-1").error == 82)
            #expect(try second.describeGroup("static").members == 1)
        }
    }
}
