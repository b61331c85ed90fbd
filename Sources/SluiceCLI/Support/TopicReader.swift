import SluiceKafka

/// Reads partitions from a start offset to the end offsets taken in a snapshot, as a read_committed reader sees
/// them (aborted and open transactions hidden, markers skipped).
struct TopicReader {
    let bootstrapServers: [String]

    /// The records of each partition in `[start, end)`, in partition order.
    /// - Parameter idleTimeout: Give up when no record or end-of-partition arrives for this long.
    func read(
        from start: [TopicPartition: Int64],
        to end: [TopicPartition: Int64],
        idleTimeout: Duration = .seconds(30)
    ) throws -> [KafkaRecord] {
        let pending = end.filter { $0.value > (start[$0.key] ?? 0) }
        guard !pending.isEmpty else { return [] }

        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: nil)
        configuration.enablePartitionEOF = true
        let reader = try KafkaConsumer(configuration: configuration)
        defer { try? reader.close() }
        try reader.assign(Dictionary(uniqueKeysWithValues: pending.keys.map { ($0, start[$0] ?? 0) }))

        var records: [KafkaRecord] = []
        var open = Set(pending.keys)
        let clock = ContinuousClock()
        var lastProgress = clock.now
        while !open.isEmpty && clock.now - lastProgress < idleTimeout {
            let result = try reader.poll(maxRecords: 10_000, timeout: .milliseconds(200))
            for record in result.records {
                let partition = TopicPartition(topic: record.topic, partition: record.partition)
                guard let limit = end[partition], record.offset < limit else { continue }
                records.append(record)
            }
            result.partitionsAtEnd.forEach { open.remove($0) }
            if !result.records.isEmpty || !result.partitionsAtEnd.isEmpty { lastProgress = clock.now }
        }
        return records
    }
}
