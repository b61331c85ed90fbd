/// The fields of a v2 record batch header that the broker reads (offsets as in the protocol's layout table).
struct RecordBatchHeader {
    static let size = 61

    var batchLength: Int
    var magic: Int8
    var crc: UInt32
    var attributes: Int16
    var lastOffsetDelta: Int32
    var baseTimestamp: Int64
    var maxTimestamp: Int64
    var producerID: Int64
    var producerEpoch: Int16
    var baseSequence: Int32
    var recordCount: Int32

    var isTransactional: Bool { attributes & 0x10 != 0 }
    var isControl: Bool { attributes & 0x20 != 0 }
    var compression: Int16 { attributes & 0x07 }
    var usesLogAppendTime: Bool { attributes & 0x08 != 0 }

    /// The batch's total size in bytes, header included.
    var totalSize: Int { batchLength + 12 }

    /// The sequence number of the batch's last record.
    var lastSequence: Int32 { baseSequence &+ lastOffsetDelta }

    /// Parses the header of the batch starting at `start`.
    init(_ bytes: [UInt8], at start: Int) throws {
        guard bytes.count - start >= RecordBatchHeader.size else { throw WireError.truncated }
        var reader = ByteReader(bytes, position: start + 8)
        batchLength = Int(try reader.int32())
        _ = try reader.int32()
        magic = try reader.int8()
        crc = UInt32(bitPattern: try reader.int32())
        attributes = try reader.int16()
        lastOffsetDelta = try reader.int32()
        baseTimestamp = try reader.int64()
        maxTimestamp = try reader.int64()
        producerID = try reader.int64()
        producerEpoch = try reader.int16()
        baseSequence = try reader.int32()
        recordCount = try reader.int32()
    }
}
