/// The outcome of one sent record, reported by the producer once the cluster acknowledged it or gave up.
public struct DeliveryReport: Sendable, Hashable {
    /// The record's topic.
    public var topic: String
    /// The partition the record went to.
    public var partition: Int32
    /// The record's offset, or a negative value when it was not written.
    public var offset: Int64
    /// Why the record was not delivered, or `nil` on success.
    public var error: KafkaError?

    /// Creates a report.
    public init(topic: String, partition: Int32, offset: Int64, error: KafkaError?) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.error = error
    }
}
