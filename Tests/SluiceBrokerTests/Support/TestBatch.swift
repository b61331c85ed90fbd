@testable import SluiceBroker

/// Builds uncompressed v2 record batches the way a producer does.
enum TestBatch {
    static func make(
        values: [String],
        producerID: Int64 = -1,
        producerEpoch: Int16 = -1,
        baseSequence: Int32 = -1,
        transactional: Bool = false,
        timestamp: Int64 = 1_000
    ) -> [UInt8] {
        var records = ByteWriter()
        for (index, value) in values.enumerated() {
            var record = ByteWriter()
            record.int8(0)
            record.varint(0)
            record.varint(Int64(index))
            record.varint(-1)
            record.varint(Int64(value.utf8.count))
            record.raw(Array(value.utf8))
            record.varint(0)
            records.varint(Int64(record.bytes.count))
            records.raw(record.bytes)
        }
        var batch = ByteWriter()
        batch.int64(0)
        batch.int32(Int32(49 + records.bytes.count))
        batch.int32(-1)
        batch.int8(2)
        batch.uint32(0)
        batch.int16(transactional ? 0x10 : 0)
        batch.int32(Int32(values.count - 1))
        batch.int64(timestamp)
        batch.int64(timestamp)
        batch.int64(producerID)
        batch.int16(producerEpoch)
        batch.int32(baseSequence)
        batch.int32(Int32(values.count))
        batch.raw(records.bytes)
        var bytes = batch.bytes
        let crc = CRC32C.checksum(bytes, range: 21..<bytes.count)
        for index in 0..<4 {
            bytes[17 + index] = UInt8(truncatingIfNeeded: crc >> (24 - index * 8))
        }
        return bytes
    }
}
