import SluiceKafka

/// The runtime's ``RecordCollector``: sends a task's output through its thread's producer.
///
/// A record with a key goes where the producer's murmur2 partitioner puts it (as Java clients do); a record with
/// a null key goes to its source partition modulo the sink's partition count, never a random partition, so a
/// rerun places it identically. Used by one stream thread only.
final class ProducerRecordCollector: RecordCollector {
    private let producer: KafkaProducer
    private var partitionCounts: [String: Int32]
    /// Records sent per topic since the last ``takeProduced()``.
    private var produced: [String: Int] = [:]

    init(producer: KafkaProducer, partitionCounts: [String: Int32]) {
        self.producer = producer
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
        let partition: Int32? = key == nil ? try sourcePartition % partitionCount(of: topic) : nil
        try producer.send(
            KafkaProducerRecord(
                topic: topic,
                partition: partition,
                key: key,
                value: value,
                timestamp: timestamp,
                headers: headers
            )
        )
        produced[topic, default: 0] += 1
    }

    /// The partition count of a topic, asked of the cluster once and cached.
    func partitionCount(of topic: String) throws -> Int32 {
        if let known = partitionCounts[topic] { return known }
        let count = Int32(try producer.partitionCount(of: topic))
        partitionCounts[topic] = count
        return count
    }

    /// Returns and resets the per-topic counts.
    func takeProduced() -> [String: Int] {
        defer { produced = [:] }
        return produced
    }
}
