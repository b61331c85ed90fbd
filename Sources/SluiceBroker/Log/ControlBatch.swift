/// Builds the single-record control batch that marks the end of a transaction in a partition.
enum ControlBatch {
    /// A transaction marker: type 0 is ABORT, 1 is COMMIT. The base offset is filled in on append.
    static func marker(commit: Bool, producerID: Int64, producerEpoch: Int16, timestamp: Int64) -> [UInt8] {
        var record = ByteWriter()
        record.int8(0)
        record.varint(0)
        record.varint(0)
        record.varint(4)
        record.int16(0)
        record.int16(commit ? 1 : 0)
        record.varint(6)
        record.int16(0)
        record.int32(0)
        record.varint(0)

        var batch = ByteWriter(capacity: 80)
        batch.int64(0)
        batch.int32(0)
        batch.int32(0)
        batch.int8(2)
        batch.uint32(0)
        batch.int16(0x30)
        batch.int32(0)
        batch.int64(timestamp)
        batch.int64(timestamp)
        batch.int64(producerID)
        batch.int16(producerEpoch)
        batch.int32(-1)
        batch.int32(1)
        batch.varint(Int64(record.bytes.count))
        batch.raw(record.bytes)

        var bytes = batch.bytes
        let length = UInt32(bytes.count - 12)
        let crc = CRC32C.checksum(bytes, range: 21..<bytes.count)
        for index in 0..<4 {
            bytes[8 + index] = UInt8(truncatingIfNeeded: length >> (24 - index * 8))
            bytes[17 + index] = UInt8(truncatingIfNeeded: crc >> (24 - index * 8))
        }
        return bytes
    }
}
