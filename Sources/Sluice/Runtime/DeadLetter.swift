import SluiceKafka

/// The dead-letter record for an input record that could not be processed: the original key, value and headers,
/// plus headers that say where it came from and why it failed.
enum DeadLetter {
    /// Header naming the source topic.
    static let topicHeader = "sluice.dlq.topic"
    /// Header naming the source partition (decimal).
    static let partitionHeader = "sluice.dlq.partition"
    /// Header naming the source offset (decimal).
    static let offsetHeader = "sluice.dlq.offset"
    /// Header naming the source, operator or sink where processing failed.
    static let operatorHeader = "sluice.dlq.operator"
    /// Header naming the stage that failed, such as `value deserialization`.
    static let stageHeader = "sluice.dlq.stage"
    /// Header carrying the error's text.
    static let errorHeader = "sluice.dlq.error"

    static func record(
        for input: KafkaRecord,
        failure: ProcessingError,
        topic: String,
        partitionCount: Int32
    ) -> KafkaProducerRecord {
        var headers = input.headers
        headers.append(KafkaHeader(key: topicHeader, string: input.topic))
        headers.append(KafkaHeader(key: partitionHeader, string: String(input.partition)))
        headers.append(KafkaHeader(key: offsetHeader, string: String(input.offset)))
        headers.append(KafkaHeader(key: operatorHeader, string: failure.operatorName))
        headers.append(KafkaHeader(key: stageHeader, string: failure.stage.description))
        headers.append(KafkaHeader(key: errorHeader, string: String(describing: failure.underlying)))
        return KafkaProducerRecord(
            topic: topic,
            partition: input.partition % max(partitionCount, 1),
            key: input.key,
            value: input.value,
            timestamp: input.timestamp,
            headers: headers
        )
    }
}
