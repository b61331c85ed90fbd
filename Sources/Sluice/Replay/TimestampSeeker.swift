import SluiceKafka

/// Finds, in each partition, the first record at or after an offset whose timestamp reaches a time, by reading
/// forward with a read_committed consumer outside any group.
///
/// Offsets for times (ListOffsets) is exact on Kafka, but a broker may answer a compressed batch's base offset
/// instead of the record inside it (the project's broker does, see Docs/Broker.md). Reading forward from that
/// answer to the first record whose timestamp reaches the time makes the offset exact on either, at the cost
/// of one fetch per partition; on Kafka the first record read is already the one.
struct TimestampSeeker {
    /// One search: from where, for which time, and where to give up.
    struct Search {
        /// The first offset to look at.
        var from: Int64
        /// The time, in milliseconds since the epoch, a record's timestamp must reach.
        var time: Int64
        /// The partition's end: the answer when no record before it reaches the time.
        var end: Int64
    }

    /// What a search found.
    struct Found: Hashable {
        /// The offset of the first record whose timestamp reaches the time, or the end.
        var offset: Int64
        /// That record's timestamp, or `nil` when the end was reached.
        var timestamp: Int64?
    }

    /// The consumer's configuration; its group id is ignored.
    let configuration: KafkaConsumerConfiguration
    /// How long reading may go without progress before it fails.
    let idleTimeout: Duration

    /// Runs the searches.
    /// - Parameter searches: One search per partition.
    /// - Returns: What each search found.
    /// - Throws: ``ApplicationError`` when reading fails or makes no progress within ``idleTimeout``.
    func find(_ searches: [TopicPartition: Search]) throws -> [TopicPartition: Found] {
        var found: [TopicPartition: Found] = [:]
        var open: [TopicPartition: Search] = [:]
        for (partition, search) in searches {
            if search.from >= search.end {
                found[partition] = Found(offset: search.end, timestamp: nil)
            } else {
                open[partition] = search
            }
        }
        guard !open.isEmpty else { return found }

        var consumerConfiguration = configuration
        consumerConfiguration.groupID = nil
        consumerConfiguration.groupInstanceID = nil
        consumerConfiguration.isolationLevel = .readCommitted
        consumerConfiguration.enablePartitionEOF = true
        do {
            let consumer = try KafkaConsumer(configuration: consumerConfiguration)
            defer { try? consumer.close() }
            try consumer.assign(open.mapValues(\.from))

            let clock = ContinuousClock()
            var lastProgress = clock.now
            while !open.isEmpty {
                guard clock.now - lastProgress < idleTimeout else {
                    let waiting = open.keys.sorted().map(\.description).joined(separator: ", ")
                    throw ApplicationError(
                        .kafka,
                        "no progress for \(idleTimeout) reading \(waiting) to find offsets for a time"
                    )
                }
                let result = try consumer.poll(maxRecords: 5_000, timeout: .milliseconds(100))
                if let fatal = result.errors.first(where: \.isFatal) { throw fatal }
                for record in result.records {
                    let partition = TopicPartition(topic: record.topic, partition: record.partition)
                    guard let search = open[partition] else { continue }
                    if record.offset >= search.end {
                        found[partition] = Found(offset: search.end, timestamp: nil)
                        open[partition] = nil
                    } else if let timestamp = record.timestamp, timestamp >= search.time {
                        found[partition] = Found(offset: record.offset, timestamp: timestamp)
                        open[partition] = nil
                    }
                }
                for partition in result.partitionsAtEnd {
                    guard let search = open.removeValue(forKey: partition) else { continue }
                    found[partition] = Found(offset: search.end, timestamp: nil)
                }
                if !result.records.isEmpty || !result.partitionsAtEnd.isEmpty { lastProgress = clock.now }
            }
        } catch let error as KafkaError {
            throw ApplicationError(.kafka, "cannot read records to find offsets for a time: \(error.message)")
        }
        return found
    }
}
