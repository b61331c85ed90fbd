@testable import SluiceBroker

/// Typed helpers over `RawClient.request` for the requests the protocol tests send.
extension RawClient {
    /// Produce v7 of one batch; returns the partition's error code and base offset.
    func produce(_ topic: String, partition: Int32 = 0, batch: [UInt8], transactionalID: String? = nil) throws -> (
        error: Int16, baseOffset: Int64
    ) {
        var reader = try request(0, version: 7) { writer in
            writer.nullableString(transactionalID)
            writer.int16(-1)
            writer.int32(5000)
            writer.arrayCount(1)
            writer.string(topic)
            writer.arrayCount(1)
            writer.int32(partition)
            writer.bytesField(batch)
        }
        _ = try reader.arrayCount()
        _ = try reader.string()
        _ = try reader.arrayCount()
        _ = try reader.int32()
        return (try reader.int16(), try reader.int64())
    }

    /// ListOffsets v2 for one partition; returns the offset.
    func listOffset(_ topic: String, partition: Int32 = 0, timestamp: Int64, readCommitted: Bool = false) throws
        -> Int64
    {
        var reader = try request(2, version: 2) { writer in
            writer.int32(-1)
            writer.int8(readCommitted ? 1 : 0)
            writer.arrayCount(1)
            writer.string(topic)
            writer.arrayCount(1)
            writer.int32(partition)
            writer.int64(timestamp)
        }
        _ = try reader.int32()
        _ = try reader.arrayCount()
        _ = try reader.string()
        _ = try reader.arrayCount()
        _ = try reader.int32()
        _ = try reader.int16()
        _ = try reader.int64()
        return try reader.int64()
    }

    /// InitProducerId at `version`; returns error, producer id and epoch.
    func initProducerID(
        _ transactionalID: String?,
        version: Int16 = 4,
        producerID: Int64 = -1,
        producerEpoch: Int16 = -1
    ) throws -> (error: Int16, producerID: Int64, epoch: Int16) {
        let flexible = version >= 2
        var reader = try request(22, version: version, flexible: flexible) { writer in
            writer.nullableString(transactionalID, flexible: flexible)
            writer.int32(60_000)
            if version >= 3 {
                writer.int64(producerID)
                writer.int16(producerEpoch)
            }
            writer.tags(flexible: flexible)
        }
        _ = try reader.int32()
        return (try reader.int16(), try reader.int64(), try reader.int16())
    }

    /// AddPartitionsToTxn v0 for one partition; returns its error code.
    func addPartition(_ transactionalID: String, producerID: Int64, epoch: Int16, topic: String) throws -> Int16 {
        var reader = try request(24, version: 0) { writer in
            writer.string(transactionalID)
            writer.int64(producerID)
            writer.int16(epoch)
            writer.arrayCount(1)
            writer.string(topic)
            writer.arrayCount(1)
            writer.int32(0)
        }
        _ = try reader.int32()
        _ = try reader.arrayCount()
        _ = try reader.string()
        _ = try reader.arrayCount()
        _ = try reader.int32()
        return try reader.int16()
    }

    /// AddOffsetsToTxn v0; returns the error code.
    func addOffsets(_ transactionalID: String, producerID: Int64, epoch: Int16, group: String) throws -> Int16 {
        var reader = try request(25, version: 0) { writer in
            writer.string(transactionalID)
            writer.int64(producerID)
            writer.int16(epoch)
            writer.string(group)
        }
        _ = try reader.int32()
        return try reader.int16()
    }

    /// TxnOffsetCommit v3 for partition 0 of `topic`; returns the partition's error code.
    func txnOffsetCommit(
        _ transactionalID: String,
        producerID: Int64,
        epoch: Int16,
        group: String,
        topic: String,
        offset: Int64,
        generation: Int32 = -1,
        memberID: String = ""
    ) throws -> Int16 {
        var reader = try request(28, version: 3, flexible: true) { writer in
            writer.string(transactionalID, flexible: true)
            writer.string(group, flexible: true)
            writer.int64(producerID)
            writer.int16(epoch)
            writer.int32(generation)
            writer.string(memberID, flexible: true)
            writer.nullableString(nil, flexible: true)
            writer.arrayCount(1, flexible: true)
            writer.string(topic, flexible: true)
            writer.arrayCount(1, flexible: true)
            writer.int32(0)
            writer.int64(offset)
            writer.int32(-1)
            writer.nullableString(nil, flexible: true)
            writer.tags(flexible: true)
            writer.tags(flexible: true)
            writer.tags(flexible: true)
        }
        _ = try reader.int32()
        _ = try reader.arrayCount(flexible: true)
        _ = try reader.string(flexible: true)
        _ = try reader.arrayCount(flexible: true)
        _ = try reader.int32()
        return try reader.int16()
    }

    /// EndTxn v1; returns the error code.
    func endTxn(_ transactionalID: String, producerID: Int64, epoch: Int16, commit: Bool) throws -> Int16 {
        var reader = try request(26, version: 1) { writer in
            writer.string(transactionalID)
            writer.int64(producerID)
            writer.int16(epoch)
            writer.bool(commit)
        }
        _ = try reader.int32()
        return try reader.int16()
    }

    /// OffsetFetch v7 for partition 0 of `topic`; returns the committed offset and the partition's error code.
    func offsetFetch(group: String, topic: String, requireStable: Bool) throws -> (offset: Int64, error: Int16) {
        var reader = try request(9, version: 7, flexible: true) { writer in
            writer.string(group, flexible: true)
            writer.arrayCount(1, flexible: true)
            writer.string(topic, flexible: true)
            writer.arrayCount(1, flexible: true)
            writer.int32(0)
            writer.tags(flexible: true)
            writer.bool(requireStable)
            writer.tags(flexible: true)
        }
        _ = try reader.int32()
        _ = try reader.arrayCount(flexible: true)
        _ = try reader.string(flexible: true)
        _ = try reader.arrayCount(flexible: true)
        _ = try reader.int32()
        let offset = try reader.int64()
        _ = try reader.int32()
        _ = try reader.nullableString(flexible: true)
        return (offset, try reader.int16())
    }

    /// Fetch v11 of partition 0 from `offset`; returns error, high watermark and the record bytes.
    func fetch(
        _ topic: String,
        offset: Int64,
        maxWaitMilliseconds: Int32,
        minBytes: Int32 = 1,
        partitionMaxBytes: Int32 = 1 << 20
    ) throws -> (
        error: Int16, highWatermark: Int64, records: [UInt8]
    ) {
        var reader = try request(1, version: 11) { writer in
            writer.int32(-1)
            writer.int32(maxWaitMilliseconds)
            writer.int32(minBytes)
            writer.int32(1 << 20)
            writer.int8(0)
            writer.int32(0)
            writer.int32(-1)
            writer.arrayCount(1)
            writer.string(topic)
            writer.arrayCount(1)
            writer.int32(0)
            writer.int32(-1)
            writer.int64(offset)
            writer.int64(-1)
            writer.int32(partitionMaxBytes)
            writer.arrayCount(0)
            writer.string("")
        }
        _ = try reader.int32()
        _ = try reader.int16()
        _ = try reader.int32()
        _ = try reader.arrayCount()
        _ = try reader.string()
        _ = try reader.arrayCount()
        _ = try reader.int32()
        let error = try reader.int16()
        let highWatermark = try reader.int64()
        _ = try reader.int64()
        _ = try reader.int64()
        _ = try reader.nullableArrayCount()
        _ = try reader.int32()
        return (error, highWatermark, try reader.bytesField())
    }
}
