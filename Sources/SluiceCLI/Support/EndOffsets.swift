import SluiceKafka

/// Counts what topics hold, as a read_committed reader sees them.
///
/// Offsets alone do not count records once transactions are involved: every commit or abort marker takes an
/// offset of its own. So the audit reads the records between two snapshots of the end offsets.
struct EndOffsets {
    private let bootstrapServers: [String]
    private let consumer: KafkaConsumer

    init(bootstrapServers: [String]) throws {
        self.bootstrapServers = bootstrapServers
        consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: nil)
        )
    }

    /// Per partition, the end offset (the last stable offset) now.
    func snapshot(_ topics: [(name: String, partitions: Int)]) throws -> [TopicPartition: Int64] {
        var ends: [TopicPartition: Int64] = [:]
        for topic in topics {
            for partition in 0..<Int32(topic.partitions) {
                let marks = try consumer.watermarks(topic: topic.name, partition: partition)
                ends[TopicPartition(topic: topic.name, partition: partition)] = marks.high
            }
        }
        return ends
    }

    /// Per topic, the sum of the end offsets.
    func totals(_ topics: [(name: String, partitions: Int)]) throws -> [String: Int] {
        var totals: [String: Int] = [:]
        for (partition, end) in try snapshot(topics) {
            totals[partition.topic, default: 0] += Int(end)
        }
        return totals
    }

    /// Per topic, the committed records between two snapshots, read with a read_committed consumer.
    func records(from start: [TopicPartition: Int64], to end: [TopicPartition: Int64]) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        let pending = end.filter { $0.value > (start[$0.key] ?? 0) }
        for partition in end.keys { counts[partition.topic] = counts[partition.topic] ?? 0 }
        guard !pending.isEmpty else { return counts }

        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: nil)
        configuration.enablePartitionEOF = true
        let reader = try KafkaConsumer(configuration: configuration)
        defer { try? reader.close() }
        try reader.assign(Dictionary(uniqueKeysWithValues: pending.keys.map { ($0, start[$0] ?? 0) }))

        var open = Set(pending.keys)
        let clock = ContinuousClock()
        var lastProgress = clock.now
        while !open.isEmpty && clock.now - lastProgress < .seconds(30) {
            let result = try reader.poll(maxRecords: 10_000, timeout: .milliseconds(200))
            for record in result.records {
                let partition = TopicPartition(topic: record.topic, partition: record.partition)
                guard let limit = end[partition], record.offset < limit else { continue }
                counts[record.topic, default: 0] += 1
            }
            for partition in result.partitionsAtEnd {
                open.remove(partition)
            }
            if !result.records.isEmpty || !result.partitionsAtEnd.isEmpty { lastProgress = clock.now }
        }
        return counts
    }
}
