import SluiceKafka

/// Reads every partition of a topic from the beginning up to the end offsets taken when reading starts, as a
/// read_committed reader sees them (aborted and open transactions hidden, markers skipped), and hands each
/// record on as it arrives so that a large topic is never held in memory.
struct TopicSnapshotReader {
    /// The bootstrap servers of the cluster.
    let bootstrapServers: [String]

    /// How long reading may go without a record or an end of partition before it gives up.
    let idleTimeout: Duration

    /// Reads the topic.
    ///
    /// - Parameters:
    ///   - topic: The topic to read.
    ///   - body: Called with each record, in offset order within its partition.
    /// - Returns: How many partitions the topic has.
    /// - Throws: `KafkaError` when the topic does not exist, when reading fails, or when ``idleTimeout`` passes
    ///   before every partition reached its end offset.
    @discardableResult
    func read(topic: String, _ body: (KafkaRecord) -> Void) throws -> Int {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: nil)
        configuration.isolationLevel = .readCommitted
        configuration.enablePartitionEOF = true
        let consumer = try KafkaConsumer(configuration: configuration)
        defer { try? consumer.close() }

        guard let described = try consumer.metadata(topics: [topic], timeout: idleTimeout).first,
            described.error == nil, described.partitionCount > 0
        else {
            throw KafkaError(code: .unknownTopicOrPartition, message: "topic '\(topic)' does not exist")
        }
        let partitions = (0..<Int32(described.partitionCount)).map { TopicPartition(topic: topic, partition: $0) }

        // With read_committed the high watermark reported is the last stable offset.
        var ends: [TopicPartition: Int64] = [:]
        for partition in partitions {
            ends[partition] = try consumer.watermarks(topic: topic, partition: partition.partition).high
        }
        var open = Set(partitions.filter { (ends[$0] ?? 0) > 0 })
        guard !open.isEmpty else { return partitions.count }
        try consumer.assign(Dictionary(uniqueKeysWithValues: open.map { ($0, KafkaOffset.beginning) }))

        let clock = ContinuousClock()
        var lastProgress = clock.now
        while !open.isEmpty {
            guard clock.now - lastProgress < idleTimeout else {
                let waiting = open.sorted().map { "\($0.partition) (end \(ends[$0] ?? 0))" }.joined(separator: ", ")
                throw KafkaError(
                    code: .timedOut,
                    message: "no progress for \(idleTimeout) reading '\(topic)'; partitions not finished: \(waiting)"
                )
            }
            let result = try consumer.poll(maxRecords: 10_000, timeout: .milliseconds(200))
            // Transient errors (a broker connection lost) are retried by librdkafka; only a fatal one ends reading.
            if let error = result.errors.first(where: \.isFatal) {
                throw error
            }
            for record in result.records {
                let partition = TopicPartition(topic: record.topic, partition: record.partition)
                guard let end = ends[partition], record.offset < end else { continue }
                body(record)
                if record.offset + 1 >= end { open.remove(partition) }
            }
            result.partitionsAtEnd.forEach { open.remove($0) }
            if !result.records.isEmpty || !result.partitionsAtEnd.isEmpty { lastProgress = clock.now }
        }
        return partitions.count
    }

    /// How far the end of each partition (its high watermark) is past its last stable offset, summed: records and
    /// markers of transactions still open, which ``read(topic:_:)`` does not see.
    /// - Parameter topic: The topic.
    /// - Throws: `KafkaError` when the topic does not exist or the cluster does not answer.
    func recordsPastStableOffset(topic: String) throws -> Int64 {
        var ends: [Int64] = []
        for isolation in [KafkaConsumerConfiguration.IsolationLevel.readUncommitted, .readCommitted] {
            var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: nil)
            configuration.isolationLevel = isolation
            let consumer = try KafkaConsumer(configuration: configuration)
            defer { try? consumer.close() }
            guard let described = try consumer.metadata(topics: [topic], timeout: idleTimeout).first,
                described.error == nil
            else {
                throw KafkaError(code: .unknownTopicOrPartition, message: "topic '\(topic)' does not exist")
            }
            var sum: Int64 = 0
            for partition in 0..<Int32(described.partitionCount) {
                sum += try consumer.watermarks(topic: topic, partition: partition).high
            }
            ends.append(sum)
        }
        return max(0, ends[0] - ends[1])
    }
}
