/// Produce, Fetch and ListOffsets.
extension BrokerState {
    /// Produce v3-7 (v0-2, which carry legacy message sets, answer UNSUPPORTED_VERSION per partition). An
    /// `injected` error code is answered for every partition and nothing is appended.
    func produce(_ header: RequestHeader, _ reader: inout ByteReader, injected: Int16? = nil) throws -> [UInt8]? {
        let version = header.apiVersion
        if version >= 3 { _ = try reader.nullableString() }
        let acks = try reader.int16()
        _ = try reader.int32()
        let topicsRequested = try reader.array { reader in
            (
                name: try reader.string(),
                partitions: try reader.array { reader in
                    (index: try reader.int32(), records: try reader.nullableBytes())
                }
            )
        }

        let results: [(String, [(Int32, Int16, Int64, Int64)])] = withLock {
            var appended = false
            let results = topicsRequested.map { topic in
                (
                    topic.name,
                    topic.partitions.map { entry -> (Int32, Int16, Int64, Int64) in
                        if let injected { return (entry.index, injected, -1, -1) }
                        guard version >= 3 else { return (entry.index, ErrorCode.unsupportedVersion, -1, -1) }
                        guard let log = partitionLog(PartitionKey(topic: topic.name, partition: entry.index)) else {
                            return (entry.index, ErrorCode.unknownTopicOrPartition, -1, -1)
                        }
                        switch log.append(records: entry.records ?? [], currentEpoch: { currentEpoch(of: $0) }) {
                        case .appended(let base):
                            appended = true
                            return (entry.index, ErrorCode.none, base, log.logStartOffset)
                        case .failed(let code):
                            return (entry.index, code, -1, log.logStartOffset)
                        }
                    }
                )
            }
            if appended {
                dataVersion &+= 1
                condition.broadcast()
            }
            return results
        }
        guard acks != 0 else { return nil }

        var writer = ByteWriter(capacity: 128)
        writer.array(results) { writer, topic in
            writer.string(topic.0)
            writer.array(topic.1) { writer, partition in
                writer.int32(partition.0)
                writer.int16(partition.1)
                writer.int64(partition.2)
                if version >= 2 { writer.int64(-1) }
                if version >= 5 { writer.int64(partition.3) }
            }
        }
        if version >= 1 { writer.int32(0) }
        return writer.bytes
    }

    /// Fetch v4-11, sessionless, honouring max wait, min bytes, partition max bytes and the isolation level
    /// (v0-3, which would need legacy message sets, answer UNSUPPORTED_VERSION per partition). An `injected`
    /// error code is answered at once for every partition.
    func fetch(_ header: RequestHeader, _ reader: inout ByteReader, injected: Int16? = nil) throws -> [UInt8] {
        let version = header.apiVersion
        _ = try reader.int32()
        let maxWait = Double(max(0, try reader.int32())) / 1000
        let minBytes = Int(try reader.int32())
        let maxBytes = version >= 3 ? Int(try reader.int32()) : Int(Int32.max)
        let readCommitted = version >= 4 ? try reader.int8() == 1 : false
        if version >= 7 {
            _ = try reader.int32()
            _ = try reader.int32()
        }
        let requested = try reader.array { reader in
            (
                name: try reader.string(),
                partitions: try reader.array { reader in
                    let index = try reader.int32()
                    if version >= 9 { _ = try reader.int32() }
                    let offset = try reader.int64()
                    if version >= 5 { _ = try reader.int64() }
                    return (index: index, offset: offset, maxBytes: Int(try reader.int32()))
                }
            )
        }

        guard version >= 4 else {
            var writer = ByteWriter()
            if version >= 1 { writer.int32(0) }
            writer.array(requested) { writer, topic in
                writer.string(topic.name)
                writer.array(topic.partitions) { writer, partition in
                    writer.int32(partition.index)
                    writer.int16(ErrorCode.unsupportedVersion)
                    writer.int64(-1)
                    writer.int32(0)
                }
            }
            return writer.bytes
        }

        let deadline = now + .milliseconds(Int(maxWait * 1000))
        return withLock {
            while true {
                let (bytes, size, failed) = fetchResponse(
                    version: version,
                    requested: requested,
                    maxBytes: maxBytes,
                    readCommitted: readCommitted,
                    injected: injected
                )
                if size >= minBytes || failed || stopping || now >= deadline {
                    return bytes
                }
                let seen = dataVersion
                while dataVersion == seen, !stopping, now < deadline {
                    wait(until: deadline)
                }
            }
        }
    }

    private func fetchResponse(
        version: Int16,
        requested: [(name: String, partitions: [(index: Int32, offset: Int64, maxBytes: Int)])],
        maxBytes: Int,
        readCommitted: Bool,
        injected: Int16?
    ) -> (bytes: [UInt8], size: Int, failed: Bool) {
        var writer = ByteWriter(capacity: 1024)
        var size = 0
        var failed = false
        writer.int32(0)
        if version >= 7 {
            writer.int16(ErrorCode.none)
            writer.int32(0)
        }
        writer.arrayCount(requested.count)
        for topic in requested {
            writer.string(topic.name)
            writer.arrayCount(topic.partitions.count)
            for partition in topic.partitions {
                writer.int32(partition.index)
                guard let log = partitionLog(PartitionKey(topic: topic.name, partition: partition.index)) else {
                    failed = true
                    writer.int16(ErrorCode.unknownTopicOrPartition)
                    writer.int64(-1)
                    writer.int64(-1)
                    if version >= 5 { writer.int64(-1) }
                    writer.arrayCount(0)
                    if version >= 11 { writer.int32(-1) }
                    writer.int32(0)
                    continue
                }
                var errorCode = ErrorCode.none
                var records: [UInt8] = []
                var aborted: [AbortedTransaction] = []
                if let injected {
                    errorCode = injected
                    failed = true
                } else if partition.offset < log.logStartOffset || partition.offset > log.highWatermark {
                    errorCode = ErrorCode.offsetOutOfRange
                    failed = true
                } else {
                    let read = log.read(
                        from: partition.offset,
                        limit: readCommitted ? log.lastStableOffset : log.highWatermark,
                        maxBytes: min(partition.maxBytes, max(0, maxBytes - size)),
                        firstBatchLimit: size == 0 ? Int.max : max(0, maxBytes - size)
                    )
                    records = read.bytes
                    size += records.count
                    if readCommitted, let last = read.last {
                        aborted = log.abortedTransactions(from: partition.offset, through: last)
                    }
                }
                writer.int16(errorCode)
                writer.int64(log.highWatermark)
                writer.int64(log.lastStableOffset)
                if version >= 5 { writer.int64(log.logStartOffset) }
                writer.array(aborted) { writer, transaction in
                    writer.int64(transaction.producerID)
                    writer.int64(transaction.firstOffset)
                }
                if version >= 11 { writer.int32(-1) }
                writer.bytesField(records)
            }
        }
        return (writer.bytes, size, failed)
    }

    /// ListOffsets v0-2: earliest (-2), latest (-1: the last stable offset under read_committed, else the high
    /// watermark) and the first offset at or after a timestamp (-1 when no record is that late).
    func listOffsets(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let version = header.apiVersion
        _ = try reader.int32()
        let readCommitted = version >= 2 ? try reader.int8() == 1 : false
        let requested = try reader.array { reader in
            (
                name: try reader.string(),
                partitions: try reader.array { reader in
                    let index = try reader.int32()
                    let timestamp = try reader.int64()
                    if version == 0 { _ = try reader.int32() }
                    return (index: index, timestamp: timestamp)
                }
            )
        }

        return withLock {
            var writer = ByteWriter(capacity: 128)
            if version >= 2 { writer.int32(0) }
            writer.array(requested) { writer, topic in
                writer.string(topic.name)
                writer.array(topic.partitions) { writer, partition in
                    writer.int32(partition.index)
                    var errorCode = ErrorCode.none
                    var answer: (offset: Int64, timestamp: Int64) = (-1, -1)
                    if let log = partitionLog(PartitionKey(topic: topic.name, partition: partition.index)) {
                        switch partition.timestamp {
                        case -1: answer = (readCommitted ? log.lastStableOffset : log.highWatermark, -1)
                        case -2: answer = (log.logStartOffset, -1)
                        default: answer = log.offset(forTimestamp: partition.timestamp) ?? (-1, -1)
                        }
                    } else {
                        errorCode = ErrorCode.unknownTopicOrPartition
                    }
                    writer.int16(errorCode)
                    if version == 0 {
                        let offsets = errorCode == ErrorCode.none && answer.offset >= 0 ? [answer.offset] : []
                        writer.array(offsets) { $0.int64($1) }
                    } else {
                        writer.int64(answer.timestamp)
                        writer.int64(answer.offset)
                    }
                }
            }
            return writer.bytes
        }
    }
}
