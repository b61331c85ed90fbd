import SluiceKafka

/// The runtime's ``RecordCollector``: sends a task's output through its thread's producer.
///
/// A record with a key goes where the producer's murmur2 partitioner puts it (as Java clients do); a record with
/// a null key goes to its source partition modulo the sink's partition count, never a random partition, so a
/// rerun places it identically. Every output carries a provenance header naming the input record that caused
/// it. Used by one stream thread only.
final class ProducerRecordCollector: RecordCollector {
    /// The header naming the input record an output came from: `topic:partition:offset`.
    static let provenanceHeader = "sluice.provenance"

    /// The producer outputs go to; replaced when a fenced producer is rebuilt.
    var producer: KafkaProducer
    private var partitionCounts: [String: Int32]
    /// Records sent per topic since the last ``takeProduced()``.
    private var produced: [String: Int] = [:]
    /// The input record being processed, for the provenance header.
    private var source: (topic: String, partition: Int32, offset: Int64) = ("", 0, 0)
    private var provenance: KafkaHeader?
    private var trace: KafkaHeader?

    init(producer: KafkaProducer, partitionCounts: [String: Int32]) {
        self.producer = producer
        self.partitionCounts = partitionCounts
    }

    /// Names the input record whose outputs follow, and the span processing it, if it is traced.
    func beginRecord(_ record: KafkaRecord, trace context: TraceContext?) {
        source = (record.topic, record.partition, record.offset)
        provenance = nil
        trace = context.map { KafkaHeader(key: TraceContext.header, value: $0.headerValue) }
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
        if provenance == nil {
            provenance = KafkaHeader(
                key: Self.provenanceHeader,
                string: "\(source.topic):\(source.partition):\(source.offset)"
            )
        }
        var stamped = headers
        if !stamped.isEmpty {
            stamped.removeAll { $0.key == Self.provenanceHeader || ($0.key == TraceContext.header && trace != nil) }
        }
        if let trace { stamped.append(trace) }
        stamped.append(provenance!)
        try producer.send(
            KafkaProducerRecord(
                topic: topic,
                partition: partition,
                key: key,
                value: value,
                timestamp: timestamp,
                headers: stamped
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
