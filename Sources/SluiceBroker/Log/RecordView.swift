/// Where one record lies inside an uncompressed v2 batch, and the fields compaction needs.
struct RecordView {
    /// The record's bytes in the batch, its length varint included.
    var range: Range<Int>
    var offsetDelta: Int64
    var timestampDelta: Int64
    /// `nil` for a record without a key.
    var key: [UInt8]?
    /// Whether the value is null (a tombstone).
    var isTombstone: Bool

    /// The records of an uncompressed batch, or `nil` when it is compressed or does not parse.
    static func records(of bytes: [UInt8]) -> [RecordView]? {
        guard let header = try? RecordBatchHeader(bytes, at: 0), header.compression == 0 else { return nil }
        var reader = ByteReader(bytes, position: RecordBatchHeader.size)
        var records: [RecordView] = []
        for _ in 0..<max(0, Int(header.recordCount)) {
            let start = reader.position
            guard let length = try? reader.varint(), length >= 0, reader.position + Int(length) <= bytes.count else {
                return nil
            }
            let end = reader.position + Int(length)
            guard (try? reader.int8()) != nil, let timestampDelta = try? reader.varint(),
                let offsetDelta = try? reader.varint(), let keyLength = try? reader.varint()
            else { return nil }
            var key: [UInt8]?
            if keyLength >= 0 {
                guard let read = try? reader.raw(Int(keyLength)) else { return nil }
                key = read
            }
            guard let valueLength = try? reader.varint() else { return nil }
            records.append(
                RecordView(
                    range: start..<end,
                    offsetDelta: offsetDelta,
                    timestampDelta: timestampDelta,
                    key: key,
                    isTombstone: valueLength < 0
                )
            )
            reader.position = end
        }
        return records
    }
}
