/// Retention and compaction of a partition.
extension PartitionLog {
    /// Deletes batches from the front that are older than the retention time (by their largest timestamp) or
    /// beyond the retention size, never past the last stable offset and never the last batch.
    ///
    /// - Returns: whether anything was deleted.
    @discardableResult
    func applyRetention(_ policy: TopicCleanupPolicy, now: Int64) -> Bool {
        guard policy.deletes, batches.count > 1 else { return false }
        var size = sizeInBytes
        var keep = 0
        while keep < batches.count - 1, batches[keep].lastOffset < lastStableOffset {
            let batch = batches[keep]
            let expired = policy.retentionMilliseconds >= 0 && now - batch.maxTimestamp > policy.retentionMilliseconds
            let oversized = policy.retentionBytes >= 0 && size > policy.retentionBytes
            guard expired || oversized else { break }
            size -= batch.bytes.count
            keep += 1
        }
        guard keep > 0 else { return false }
        deleteRecords(before: batches[keep].baseOffset)
        return true
    }

    /// Keeps only the newest record of each key below the last stable offset, drops tombstones older than the
    /// tombstone retention and the batches of aborted transactions; the last batch is never touched, so the
    /// high watermark stays where it is. Batches keep their offsets (so offsets get gaps), compressed batches
    /// are kept whole. With a data directory the segments are rewritten.
    ///
    /// - Returns: how many records were removed.
    @discardableResult
    func compact(_ policy: TopicCleanupPolicy, now: Int64) -> Int {
        guard policy.compacts, batches.count > 1 else { return 0 }
        var newest: [[UInt8]: Int64] = [:]
        for batch in batches where !batch.isControl {
            for record in RecordView.records(of: batch.bytes) ?? [] {
                if let key = record.key { newest[key] = batch.baseOffset + record.offsetDelta }
            }
        }

        var removed = 0
        var cleaned: [StoredBatch] = []
        for (index, batch) in batches.enumerated() {
            guard index < batches.count - 1, batch.lastOffset < lastStableOffset, !batch.isControl else {
                cleaned.append(batch)
                continue
            }
            if batch.isTransactional, isAborted(batch) {
                removed += RecordView.records(of: batch.bytes)?.count ?? 1
                continue
            }
            guard let header = try? RecordBatchHeader(batch.bytes, at: 0),
                let records = RecordView.records(of: batch.bytes)
            else {
                cleaned.append(batch)
                continue
            }
            let kept = records.filter { record in
                guard let key = record.key else { return true }
                guard newest[key] == batch.baseOffset + record.offsetDelta else { return false }
                let timestamp = header.baseTimestamp + record.timestampDelta
                return !record.isTombstone || now - timestamp < policy.tombstoneRetentionMilliseconds
            }
            removed += records.count - kept.count
            if kept.count == records.count {
                cleaned.append(batch)
            } else if !kept.isEmpty {
                cleaned.append(Self.rebuild(batch, header: header, keeping: kept))
            }
        }
        guard removed > 0 else { return 0 }
        batches = cleaned
        sizeInBytes = batches.reduce(0) { $0 + $1.bytes.count }
        try? storage?.replace(with: batches, logStartOffset: logStartOffset)
        return removed
    }

    private func isAborted(_ batch: StoredBatch) -> Bool {
        abortedTransactions.contains {
            $0.producerID == batch.producerID && $0.firstOffset <= batch.baseOffset
                && batch.lastOffset < $0.markerOffset
        }
    }

    /// A copy of `batch` holding only `records`, with the same base offset, last offset delta, producer
    /// fields and timestamps, and a new length, record count and CRC.
    private static func rebuild(_ batch: StoredBatch, header: RecordBatchHeader, keeping records: [RecordView])
        -> StoredBatch
    {
        var bytes = Array(batch.bytes[0..<RecordBatchHeader.size])
        for record in records {
            bytes += batch.bytes[record.range]
        }
        let length = UInt32(bytes.count - 12)
        let count = UInt32(records.count)
        for index in 0..<4 {
            bytes[8 + index] = UInt8(truncatingIfNeeded: length >> (24 - index * 8))
            bytes[57 + index] = UInt8(truncatingIfNeeded: count >> (24 - index * 8))
        }
        let crc = CRC32C.checksum(bytes, range: 21..<bytes.count)
        for index in 0..<4 {
            bytes[17 + index] = UInt8(truncatingIfNeeded: crc >> (24 - index * 8))
        }
        return StoredBatch(bytes: bytes, header: header)
    }
}
