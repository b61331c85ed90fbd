import Foundation
import SluiceKafka

/// Sends input records to a topic: keyed records where murmur2 puts them, null-keyed ones to their row number
/// modulo the partition count (never a random partition, so a reload places them identically), with progress on
/// stderr for long loads. Every record carries a `sluice.loaded_at` header (epoch milliseconds), from which the
/// runtime measures end-to-end latency.
struct TopicLoader {
    let producer: KafkaProducer
    let topic: String
    let partitionCount: Int32
    var reportsProgress = true
    private(set) var sent = 0
    private let started = ContinuousClock.now
    private var lastReport = ContinuousClock.now

    init(producer: KafkaProducer, topic: String, partitionCount: Int32, reportsProgress: Bool = true) {
        self.producer = producer
        self.topic = topic
        self.partitionCount = partitionCount
        self.reportsProgress = reportsProgress
    }

    mutating func send(_ record: InputRecord) throws {
        let partition: Int32? = record.key == nil ? Int32(sent % Int(max(partitionCount, 1))) : nil
        try producer.send(
            KafkaProducerRecord(
                topic: topic,
                partition: partition,
                key: record.key,
                value: record.value,
                timestamp: record.timestampMilliseconds,
                headers: [
                    KafkaHeader(key: "sluice.loaded_at", string: String(Int64(Date().timeIntervalSince1970 * 1000)))
                ]
            )
        )
        sent += 1
        if reportsProgress && sent % 50_000 == 0 && ContinuousClock.now - lastReport > .seconds(1) {
            lastReport = .now
            StandardError.write("loaded \(sent) records into \(topic)…")
        }
    }

    /// Waits for every record to be acknowledged; throws the first delivery failure.
    func finish() throws -> Duration {
        try producer.flush(timeout: .seconds(120))
        return ContinuousClock.now - started
    }
}
