@testable import SluiceBroker

/// Group requests for the raw protocol tests.
extension RawClient {
    /// JoinGroup v5 with one "range" protocol; returns error, generation, leader and the member id.
    func joinGroup(
        _ group: String,
        memberID: String = "",
        instanceID: String? = nil,
        sessionTimeoutMilliseconds: Int32 = 6000,
        protocolName: String = "range"
    ) throws -> (error: Int16, generation: Int32, leader: String, memberID: String) {
        var reader = try request(11, version: 5) { writer in
            writer.string(group)
            writer.int32(sessionTimeoutMilliseconds)
            writer.int32(10_000)
            writer.string(memberID)
            writer.nullableString(instanceID)
            writer.string("consumer")
            writer.arrayCount(1)
            writer.string(protocolName)
            writer.bytesField([0, 1, 2])
        }
        _ = try reader.int32()
        let error = try reader.int16()
        let generation = try reader.int32()
        _ = try reader.string()
        let leader = try reader.string()
        return (error, generation, leader, try reader.string())
    }

    /// SyncGroup v3; the leader passes assignments. Returns error and this member's assignment.
    func syncGroup(
        _ group: String,
        generation: Int32,
        memberID: String,
        instanceID: String? = nil,
        assignments: [(String, [UInt8])] = []
    ) throws -> (error: Int16, assignment: [UInt8]) {
        var reader = try request(14, version: 3) { writer in
            writer.string(group)
            writer.int32(generation)
            writer.string(memberID)
            writer.nullableString(instanceID)
            writer.array(assignments) { writer, entry in
                writer.string(entry.0)
                writer.bytesField(entry.1)
            }
        }
        _ = try reader.int32()
        return (try reader.int16(), try reader.bytesField())
    }

    /// Heartbeat v3; returns the error code.
    func heartbeat(_ group: String, generation: Int32, memberID: String, instanceID: String? = nil) throws -> Int16 {
        var reader = try request(12, version: 3) { writer in
            writer.string(group)
            writer.int32(generation)
            writer.string(memberID)
            writer.nullableString(instanceID)
        }
        _ = try reader.int32()
        return try reader.int16()
    }

    /// DescribeGroups v0; returns the state and the member count.
    func describeGroup(_ group: String) throws -> (state: String, members: Int) {
        var reader = try request(15, version: 0) { writer in
            writer.arrayCount(1)
            writer.string(group)
        }
        _ = try reader.arrayCount()
        _ = try reader.int16()
        _ = try reader.string()
        let state = try reader.string()
        _ = try reader.string()
        _ = try reader.string()
        return (state, try reader.arrayCount())
    }
}
