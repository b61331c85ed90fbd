import Sluice
import SluiceKafka

extension TopologyTestDriver {
    /// Keeps what the topology's sinks send, placed on partitions as the runtime's producer would place it.
    final class Collector: RecordCollector {
        private let partitionCounts: [String: Int]
        private var pending: [String: [OutputRecord]] = [:]
        private var nextOffsets: [TopicPartition: Int64] = [:]

        init(partitionCounts: [String: Int]) {
            self.partitionCounts = partitionCounts
        }

        func send(
            topic: String,
            key: [UInt8]?,
            value: [UInt8]?,
            headers: [KafkaHeader],
            timestamp: Int64?,
            sourcePartition: Int32
        ) throws {
            let partitionCount = Int32(max(1, partitionCounts[topic] ?? 1))
            let partition: Int32
            if let key {
                partition = Int32(bitPattern: TopologyTestDriver.murmur2(key) & 0x7fff_ffff) % partitionCount
            } else {
                partition = sourcePartition % partitionCount
            }

            let topicPartition = TopicPartition(topic: topic, partition: partition)
            let offset = nextOffsets[topicPartition, default: 0]
            nextOffsets[topicPartition] = offset + 1
            let record = OutputRecord(
                topic: topic,
                partition: partition,
                offset: offset,
                key: key,
                value: value,
                headers: headers,
                timestamp: timestamp
            )
            pending[topic, default: []].append(record)
        }

        func take(topic: String, limit: Int?) -> [OutputRecord] {
            guard let records = pending[topic], !records.isEmpty else { return [] }
            let count = min(limit ?? records.count, records.count)
            pending[topic] = Array(records.dropFirst(count))
            return Array(records.prefix(count))
        }

        func count(topic: String) -> Int {
            pending[topic]?.count ?? 0
        }

        var topicNames: [String] {
            nextOffsets.keys.map(\.topic).reduce(into: Set<String>()) { $0.insert($1) }.sorted()
        }
    }
}
