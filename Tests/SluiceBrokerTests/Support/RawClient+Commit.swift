@testable import SluiceBroker

/// OffsetCommit and DeleteRecords over the raw client.
extension RawClient {
    /// OffsetCommit v7 of partition 0 of `topic` without group membership; returns the partition's error code.
    func commitOffset(group: String, topic: String, offset: Int64) throws -> Int16 {
        var reader = try request(8, version: 7) { writer in
            writer.string(group)
            writer.int32(-1)
            writer.string("")
            writer.nullableString(nil)
            writer.arrayCount(1)
            writer.string(topic)
            writer.arrayCount(1)
            writer.int32(0)
            writer.int64(offset)
            writer.int32(-1)
            writer.nullableString(nil)
        }
        _ = try reader.int32()
        _ = try reader.arrayCount()
        _ = try reader.string()
        _ = try reader.arrayCount()
        _ = try reader.int32()
        return try reader.int16()
    }

    /// DeleteRecords v1 of partition 0 of `topic` below `offset`; returns the error code and the log start.
    func deleteRecords(_ topic: String, before offset: Int64) throws -> (error: Int16, logStartOffset: Int64) {
        var reader = try request(21, version: 1) { writer in
            writer.arrayCount(1)
            writer.string(topic)
            writer.arrayCount(1)
            writer.int32(0)
            writer.int64(offset)
            writer.int32(5000)
        }
        _ = try reader.int32()
        _ = try reader.arrayCount()
        _ = try reader.string()
        _ = try reader.arrayCount()
        _ = try reader.int32()
        let logStart = try reader.int64()
        return (try reader.int16(), logStart)
    }
}
