/// A record to send to Kafka.
public struct KafkaProducerRecord: Sendable, Hashable {
    /// The topic to send to.
    public var topic: String
    /// The partition to send to; `nil` lets the producer's partitioner choose from the key.
    public var partition: Int32?
    /// The record's key; `nil` is a null key.
    public var key: [UInt8]?
    /// The record's value; `nil` is a null value (a tombstone).
    public var value: [UInt8]?
    /// The record's timestamp in milliseconds since the Unix epoch; `nil` lets the producer stamp the current time.
    public var timestamp: Int64?
    /// The record's headers.
    public var headers: [KafkaHeader]

    /// Creates a record to send.
    public init(
        topic: String,
        partition: Int32? = nil,
        key: [UInt8]?,
        value: [UInt8]?,
        timestamp: Int64? = nil,
        headers: [KafkaHeader] = []
    ) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.timestamp = timestamp
        self.headers = headers
    }
}
