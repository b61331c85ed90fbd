@testable import SluiceBroker

/// Builds uncompressed v2 batches of keyed records (a `nil` value is a tombstone), and reads them back.
enum KeyedBatch {
    static func make(_ records: [(key: String, value: String?)], timestamp: Int64 = 1_000) -> [UInt8] {
        var body = ByteWriter()
        for (index, entry) in records.enumerated() {
            var record = ByteWriter()
            record.int8(0)
            record.varint(0)
            record.varint(Int64(index))
            record.varint(Int64(entry.key.utf8.count))
            record.raw(Array(entry.key.utf8))
            if let value = entry.value {
                record.varint(Int64(value.utf8.count))
                record.raw(Array(value.utf8))
            } else {
                record.varint(-1)
            }
            record.varint(0)
            body.varint(Int64(record.bytes.count))
            body.raw(record.bytes)
        }
        var batch = ByteWriter()
        batch.int64(0)
        batch.int32(Int32(49 + body.bytes.count))
        batch.int32(-1)
        batch.int8(2)
        batch.uint32(0)
        batch.int16(0)
        batch.int32(Int32(records.count - 1))
        batch.int64(timestamp)
        batch.int64(timestamp)
        batch.int64(-1)
        batch.int16(-1)
        batch.int32(-1)
        batch.int32(Int32(records.count))
        batch.raw(body.bytes)
        var bytes = batch.bytes
        let crc = CRC32C.checksum(bytes, range: 21..<bytes.count)
        for index in 0..<4 {
            bytes[17 + index] = UInt8(truncatingIfNeeded: crc >> (24 - index * 8))
        }
        return bytes
    }

    /// The (offset, key, value) of every record in a partition's log, `nil` values for tombstones.
    static func contents(of log: PartitionLog) -> [(offset: Int64, key: String, value: String?)] {
        var result: [(offset: Int64, key: String, value: String?)] = []
        for batch in log.batches where !batch.isControl {
            for record in RecordView.records(of: batch.bytes) ?? [] {
                var reader = ByteReader(batch.bytes, position: record.range.lowerBound)
                _ = try? reader.varint()
                _ = try? reader.int8()
                _ = try? reader.varint()
                _ = try? reader.varint()
                let keyLength = Int((try? reader.varint()) ?? 0)
                let key = (try? reader.raw(max(0, keyLength))) ?? []
                let valueLength = (try? reader.varint()) ?? -1
                let value = valueLength < 0 ? nil : (try? reader.raw(Int(valueLength))) ?? []
                result.append(
                    (
                        batch.baseOffset + record.offsetDelta,
                        String(decoding: key, as: UTF8.self),
                        value.map { String(decoding: $0, as: UTF8.self) }
                    )
                )
            }
        }
        return result
    }
}
