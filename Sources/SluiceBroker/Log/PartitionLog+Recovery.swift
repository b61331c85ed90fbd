/// Rebuilding a partition's memory from its files.
extension PartitionLog {
    /// Takes the batches found on disk and rebuilds the watermarks, the open and aborted transactions and the
    /// producers' sequence state from them, as if they had just been appended.
    func restore(_ recovered: PartitionStore.Recovered) {
        batches = recovered.batches
        sizeInBytes = batches.reduce(0) { $0 + $1.bytes.count }
        logStartOffset = recovered.logStartOffset
        highWatermark = max(recovered.nextOffset, recovered.logStartOffset)
        openTransactions = [:]
        abortedTransactions = []
        producers = [:]
        for batch in batches {
            guard let header = try? RecordBatchHeader(batch.bytes, at: 0), header.producerID >= 0 else { continue }
            let producerID = header.producerID
            if header.isControl {
                let commit = Self.markerIsCommit(batch.bytes)
                if let first = openTransactions.removeValue(forKey: producerID), !commit {
                    abortedTransactions.append(
                        AbortedTransaction(producerID: producerID, firstOffset: first, markerOffset: batch.baseOffset)
                    )
                }
                if (producers[producerID]?.epoch ?? Int16.min) < header.producerEpoch {
                    producers[producerID] = ProducerPartitionState(epoch: header.producerEpoch)
                }
                continue
            }
            var state = producers[producerID] ?? ProducerPartitionState(epoch: header.producerEpoch)
            if header.producerEpoch > state.epoch { state = ProducerPartitionState(epoch: header.producerEpoch) }
            state.record(
                .init(
                    baseSequence: header.baseSequence,
                    lastSequence: header.lastSequence,
                    baseOffset: batch.baseOffset
                )
            )
            producers[producerID] = state
            if header.isTransactional, openTransactions[producerID] == nil {
                openTransactions[producerID] = batch.baseOffset
            }
        }
    }

    /// Whether a control batch is a COMMIT marker (its record's key is version int16, type int16; 1 commits).
    static func markerIsCommit(_ bytes: [UInt8]) -> Bool {
        var reader = ByteReader(bytes, position: RecordBatchHeader.size)
        guard (try? reader.varint()) != nil, (try? reader.int8()) != nil, (try? reader.varint()) != nil,
            (try? reader.varint()) != nil, let keyLength = try? reader.varint(), keyLength >= 4,
            (try? reader.int16()) != nil, let type = try? reader.int16()
        else { return false }
        return type == 1
    }
}
