/// What the cluster says about one topic.
public struct TopicMetadata: Sendable, Hashable {
    /// The topic's name.
    public var name: String
    /// How many partitions it has.
    public var partitionCount: Int
    /// The topic-level error the broker reported, such as unknown topic, or `nil`.
    public var error: KafkaError?

    /// Creates topic metadata.
    public init(name: String, partitionCount: Int, error: KafkaError?) {
        self.name = name
        self.partitionCount = partitionCount
        self.error = error
    }
}
