/// librdkafka's logical offsets, for ``KafkaConsumer/assign(_:)`` and ``KafkaConsumer/seek(_:timeout:)``.
public enum KafkaOffset {
    /// The oldest retained record.
    public static let beginning: Int64 = -2
    /// The end of the partition: only records written from now on.
    public static let end: Int64 = -1
    /// The group's committed offset, or ``KafkaConsumerConfiguration/offsetReset`` when there is none.
    public static let stored: Int64 = -1000
    /// No offset: what ``KafkaConsumer/committed(_:timeout:)`` answers for a partition never committed.
    public static let invalid: Int64 = -1001
}
