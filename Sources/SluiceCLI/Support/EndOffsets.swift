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
        for partition in end.keys { counts[partition.topic] = 0 }
        for record in try TopicReader(bootstrapServers: bootstrapServers).read(from: start, to: end) {
            counts[record.topic, default: 0] += 1
        }
        return counts
    }
}
