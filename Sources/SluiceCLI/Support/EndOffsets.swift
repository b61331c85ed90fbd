import SluiceKafka

/// Reads end offsets (high watermarks, as a read_committed reader sees them) to count what topics hold.
struct EndOffsets {
    private let consumer: KafkaConsumer

    init(bootstrapServers: [String]) throws {
        consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: nil))
    }

    /// Per topic, the sum over its partitions of the high watermark.
    func totals(_ topics: [(name: String, partitions: Int)]) throws -> [String: Int] {
        var totals: [String: Int] = [:]
        for topic in topics {
            var total: Int64 = 0
            for partition in 0..<Int32(topic.partitions) {
                total += try consumer.watermarks(topic: topic.name, partition: partition).high
            }
            totals[topic.name] = Int(total)
        }
        return totals
    }

    /// Per partition, the low and high watermarks.
    func watermarks(topic: String, partitions: Int) throws -> [(low: Int64, high: Int64)] {
        try (0..<Int32(partitions)).map { try consumer.watermarks(topic: topic, partition: $0) }
    }
}
