/// One record batch in a partition's log, kept byte for byte as the producer sent it except for the
/// base offset and the partition leader epoch.
struct StoredBatch {
    var baseOffset: Int64
    var lastOffset: Int64
    var maxTimestamp: Int64
    var producerID: Int64
    var isTransactional: Bool
    var isControl: Bool
    var bytes: [UInt8]

    /// The first offset whose record has a timestamp at or after `timestamp`, reading the records of an
    /// uncompressed batch; a compressed batch answers its base offset.
    func firstOffset(atOrAfter timestamp: Int64) -> (offset: Int64, timestamp: Int64)? {
        guard maxTimestamp >= timestamp, !isControl else { return nil }
        guard let header = try? RecordBatchHeader(bytes, at: 0) else { return nil }
        if header.compression != 0 || header.usesLogAppendTime {
            return (baseOffset, maxTimestamp)
        }
        var reader = ByteReader(bytes, position: RecordBatchHeader.size)
        for _ in 0..<max(0, Int(header.recordCount)) {
            guard let length = try? reader.varint(), length >= 0 else { break }
            let end = reader.position + Int(length)
            guard (try? reader.int8()) != nil, let delta = try? reader.varint(), let offsetDelta = try? reader.varint()
            else { break }
            let recordTimestamp = header.baseTimestamp + delta
            if recordTimestamp >= timestamp {
                return (baseOffset + offsetDelta, recordTimestamp)
            }
            reader.position = end
        }
        return (baseOffset, maxTimestamp)
    }
}

extension StoredBatch {
    /// Builds a stored batch from bytes that already carry their base offset.
    init(bytes: [UInt8], header: RecordBatchHeader) {
        var reader = ByteReader(bytes)
        let base = (try? reader.int64()) ?? 0
        self.init(
            baseOffset: base,
            lastOffset: base + Int64(header.lastOffsetDelta),
            maxTimestamp: header.maxTimestamp,
            producerID: header.producerID,
            isTransactional: header.isTransactional,
            isControl: header.isControl,
            bytes: bytes
        )
    }

    /// The batch at `start` of `bytes` if it is whole, of magic 2 and its CRC matches, else `nil`.
    static func validated(_ bytes: [UInt8], at start: Int) -> StoredBatch? {
        guard let header = try? RecordBatchHeader(bytes, at: start), header.magic == 2,
            header.batchLength >= RecordBatchHeader.size - 12, header.lastOffsetDelta >= 0,
            bytes.count - start >= header.totalSize,
            CRC32C.checksum(bytes, range: (start + 21)..<(start + header.totalSize)) == header.crc
        else { return nil }
        return StoredBatch(bytes: Array(bytes[start..<(start + header.totalSize)]), header: header)
    }
}
