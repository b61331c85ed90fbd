/// The log of one partition: batches in offset order, watermarks, open and aborted transactions, and the
/// producer states used for idempotence. Guarded by the broker's lock.
///
/// Every batch is held in memory; with a data directory, each one is also written to the partition's
/// ``PartitionStore`` before it is acknowledged, and the memory is rebuilt from the files on start.
final class PartitionLog {
    var batches: [StoredBatch] = []
    var logStartOffset: Int64 = 0
    /// One past the last offset of any batch, control batches included.
    var highWatermark: Int64 = 0
    /// The first offset of each producer's open transaction in this partition.
    var openTransactions: [Int64: Int64] = [:]
    var abortedTransactions: [AbortedTransaction] = []
    var producers: [Int64: ProducerPartitionState] = [:]
    /// The files of the partition, `nil` in memory-only mode.
    var storage: PartitionStore?
    /// Bytes of all batches held, for size-based retention.
    var sizeInBytes = 0

    /// The first offset of the oldest open transaction, or the high watermark when none is open.
    var lastStableOffset: Int64 { openTransactions.values.min() ?? highWatermark }

    /// The result of appending a producer's records.
    enum AppendResult {
        case appended(baseOffset: Int64)
        case failed(errorCode: Int16)
    }

    /// Validates and appends the batches of one Produce partition entry.
    ///
    /// - Parameter currentEpoch: the coordinator's epoch for a producer id, if it has one; batches with an
    ///   older epoch are fenced.
    func append(records: [UInt8], currentEpoch: (Int64) -> Int16?) -> AppendResult {
        var headers: [(start: Int, header: RecordBatchHeader)] = []
        var start = 0
        while start < records.count {
            guard let header = try? RecordBatchHeader(records, at: start), header.magic == 2,
                header.batchLength >= RecordBatchHeader.size - 12, start + header.totalSize <= records.count,
                header.lastOffsetDelta >= 0,
                CRC32C.checksum(records, range: (start + 21)..<(start + header.totalSize)) == header.crc
            else { return .failed(errorCode: ErrorCode.corruptMessage) }
            headers.append((start, header))
            start += header.totalSize
        }
        guard !headers.isEmpty else { return .failed(errorCode: ErrorCode.corruptMessage) }

        var firstBase: Int64?
        for (start, header) in headers {
            let bytes = Array(records[start..<(start + header.totalSize)])
            switch appendOne(bytes, header: header, currentEpoch: currentEpoch) {
            case .appended(let base):
                if firstBase == nil { firstBase = base }
            case .failed(let code):
                return .failed(errorCode: code)
            }
        }
        return .appended(baseOffset: firstBase ?? highWatermark)
    }

    private func appendOne(
        _ bytes: [UInt8],
        header: RecordBatchHeader,
        currentEpoch: (Int64) -> Int16?
    ) -> AppendResult {
        guard !header.isControl else { return .failed(errorCode: ErrorCode.invalidRequest) }
        let producerID = header.producerID
        guard producerID >= 0 else {
            guard let base = try? store(bytes, header: header) else {
                return .failed(errorCode: ErrorCode.kafkaStorageError)
            }
            return .appended(baseOffset: base)
        }

        if let epoch = currentEpoch(producerID), header.producerEpoch < epoch {
            return .failed(errorCode: ErrorCode.invalidProducerEpoch)
        }
        var state = producers[producerID] ?? ProducerPartitionState(epoch: header.producerEpoch)
        if header.producerEpoch < state.epoch {
            return .failed(errorCode: ErrorCode.invalidProducerEpoch)
        }
        if header.producerEpoch > state.epoch {
            guard header.baseSequence == 0 else { return .failed(errorCode: ErrorCode.outOfOrderSequenceNumber) }
            state = ProducerPartitionState(epoch: header.producerEpoch)
        }
        if let duplicate = state.recent.first(where: {
            $0.baseSequence == header.baseSequence && $0.lastSequence == header.lastSequence
        }) {
            return .appended(baseOffset: duplicate.baseOffset)
        }
        let expected: Int32 = state.lastSequence == Int32.max ? 0 : state.lastSequence + 1
        if state.lastSequence >= 0, header.baseSequence != expected {
            return .failed(errorCode: ErrorCode.outOfOrderSequenceNumber)
        }

        guard let base = try? store(bytes, header: header) else {
            return .failed(errorCode: ErrorCode.kafkaStorageError)
        }
        state.record(.init(baseSequence: header.baseSequence, lastSequence: header.lastSequence, baseOffset: base))
        producers[producerID] = state
        if header.isTransactional, openTransactions[producerID] == nil {
            openTransactions[producerID] = base
        }
        return .appended(baseOffset: base)
    }

    /// Assigns the next offset to a batch, writes it to the partition's files (if any) and keeps it.
    ///
    /// - Throws: ``BrokerError`` with code `.storage` when the file write fails; nothing is kept then.
    private func store(_ bytes: [UInt8], header: RecordBatchHeader) throws -> Int64 {
        var bytes = bytes
        let base = highWatermark
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: base >> (56 - index * 8))
        }
        for index in 12..<16 {
            bytes[index] = 0
        }
        let batch = StoredBatch(bytes: bytes, header: header)
        try storage?.append(batch)
        batches.append(batch)
        sizeInBytes += bytes.count
        highWatermark = batch.lastOffset + 1
        return base
    }

    /// Writes a COMMIT or ABORT marker for `producerID`, closing its open transaction here.
    ///
    /// - Throws: ``BrokerError`` with code `.storage` when the marker cannot be written to the partition's
    ///   files; the transaction then stays open in this partition (and is aborted on the next start).
    func writeMarker(commit: Bool, producerID: Int64, producerEpoch: Int16, timestamp: Int64) throws {
        let bytes = ControlBatch.marker(
            commit: commit,
            producerID: producerID,
            producerEpoch: producerEpoch,
            timestamp: timestamp
        )
        guard let header = try? RecordBatchHeader(bytes, at: 0) else { return }
        let offset = try store(bytes, header: header)
        if let first = openTransactions.removeValue(forKey: producerID), !commit {
            abortedTransactions.append(
                AbortedTransaction(producerID: producerID, firstOffset: first, markerOffset: offset)
            )
        }
        if var state = producers[producerID], producerEpoch > state.epoch {
            state = ProducerPartitionState(epoch: producerEpoch)
            producers[producerID] = state
        } else if producers[producerID] == nil {
            producers[producerID] = ProducerPartitionState(epoch: producerEpoch)
        }
    }

    /// The index of the first batch whose last offset is at or after `offset`.
    private func firstBatchIndex(endingAtOrAfter offset: Int64) -> Int {
        var low = 0
        var high = batches.count
        while low < high {
            let middle = (low + high) / 2
            if batches[middle].lastOffset < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whole batches from the one holding `offset`, each ending below `limit`, within `maxBytes`; the first
    /// batch may exceed `maxBytes` as long as it fits in `firstBatchLimit`, so that a batch larger than the
    /// partition limit still makes progress.
    func read(
        from offset: Int64,
        limit: Int64,
        maxBytes: Int,
        firstBatchLimit: Int
    ) -> (bytes: [UInt8], last: Int64?) {
        var output: [UInt8] = []
        var last: Int64?
        var index = firstBatchIndex(endingAtOrAfter: offset)
        while index < batches.count, batches[index].lastOffset < limit {
            let batch = batches[index]
            let fits =
                output.count + batch.bytes.count <= maxBytes
                || (output.isEmpty && batch.bytes.count <= firstBatchLimit)
            if !fits { break }
            output.append(contentsOf: batch.bytes)
            last = batch.lastOffset
            index += 1
        }
        return (output, last)
    }

    /// The aborted transactions that overlap `[from, through]`.
    func abortedTransactions(from: Int64, through: Int64) -> [AbortedTransaction] {
        abortedTransactions.filter { $0.firstOffset <= through && $0.markerOffset >= from }
    }

    /// The first offset whose timestamp is at or after `timestamp`, or `nil` if no record is that late.
    func offset(forTimestamp timestamp: Int64) -> (offset: Int64, timestamp: Int64)? {
        for batch in batches where batch.maxTimestamp >= timestamp && !batch.isControl {
            if let found = batch.firstOffset(atOrAfter: timestamp) {
                return (max(found.offset, logStartOffset), found.timestamp)
            }
        }
        return nil
    }

    /// Moves the log start to `offset`, dropping whole batches below it.
    func deleteRecords(before offset: Int64) {
        guard offset > logStartOffset else { return }
        logStartOffset = offset
        batches.removeAll { $0.lastOffset < offset }
        sizeInBytes = batches.reduce(0) { $0 + $1.bytes.count }
        abortedTransactions.removeAll { $0.markerOffset < offset }
        try? storage?.moveLogStart(to: offset, nextOffset: highWatermark)
    }
}
