import Sluice
import SluiceKafka

extension TopologyTestDriver {
    /// Keeps what the topology's sinks send, placed on partitions as the runtime's producer would place it.
    ///
    /// Records for the application's repartition topics are not output: they wait in a queue, in the order they
    /// were sent, for the driver to feed them to the tasks reading those topics.
    final class Collector: RecordCollector {
        private let partitionCounts: [String: Int]
        private let internalTopics: Set<String>
        private var pending: [String: [OutputRecord]] = [:]
        private var nextOffsets: [TopicPartition: Int64] = [:]
        private var internalQueue: [KafkaRecord] = []
        private var internalQueueStart = 0

        /// Creates a collector.
        /// - Parameters:
        ///   - partitionCounts: Partition counts of topics, repartition topics included; one when not listed.
        ///   - internalTopics: The repartition topics, with their resolved names.
        init(partitionCounts: [String: Int], internalTopics: Set<String>) {
            self.partitionCounts = partitionCounts
            self.internalTopics = internalTopics
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
            send(topic: topic, partition: partition, key: key, value: value, headers: headers, timestamp: timestamp)
        }

        /// Sends one record to an explicit partition: a watermark, or a record the graph sent.
        func send(
            topic: String,
            partition: Int32,
            key: [UInt8]?,
            value: [UInt8]?,
            headers: [KafkaHeader],
            timestamp: Int64?
        ) {
            let topicPartition = TopicPartition(topic: topic, partition: partition)
            let offset = nextOffsets[topicPartition, default: 0]
            nextOffsets[topicPartition] = offset + 1

            if internalTopics.contains(topic) {
                internalQueue.append(
                    KafkaRecord(
                        topic: topic,
                        partition: partition,
                        offset: offset,
                        timestamp: timestamp,
                        key: key,
                        value: value,
                        headers: headers
                    )
                )
                return
            }
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

        /// Takes the oldest record waiting in a repartition topic, or `nil` when none waits.
        func nextInternalRecord() -> KafkaRecord? {
            guard internalQueueStart < internalQueue.count else { return nil }
            let record = internalQueue[internalQueueStart]
            internalQueueStart += 1
            if internalQueueStart == internalQueue.count {
                internalQueue.removeAll(keepingCapacity: true)
                internalQueueStart = 0
            }
            return record
        }

        /// Whether records wait in repartition topics.
        var hasInternalRecords: Bool {
            internalQueueStart < internalQueue.count
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

        /// The output topics written so far; repartition topics are not among them.
        var topicNames: [String] {
            nextOffsets.keys.map(\.topic).reduce(into: Set<String>()) { names, topic in
                if !internalTopics.contains(topic) { names.insert(topic) }
            }
            .sorted()
        }
    }
}
