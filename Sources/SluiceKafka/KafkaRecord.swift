/// A record read from Kafka, with its bytes copied out of librdkafka's buffers.
///
/// The record owns its bytes, so it stays valid after the consumer polls again or closes.
public struct KafkaRecord: Sendable, Hashable {
    /// The topic the record was read from.
    public var topic: String
    /// The partition the record was read from.
    public var partition: Int32
    /// The record's offset in its partition.
    public var offset: Int64
    /// The record's timestamp in milliseconds since the Unix epoch, or `nil` when the record has none.
    public var timestamp: Int64?
    /// The record's key; `nil` is a null key, distinct from an empty key.
    public var key: [UInt8]?
    /// The record's value; `nil` is a null value (a tombstone on a compacted topic).
    public var value: [UInt8]?
    /// The record's headers, in the order they were written.
    public var headers: [KafkaHeader]

    /// Creates a record; used by the consumer and by tests.
    public init(
        topic: String,
        partition: Int32,
        offset: Int64,
        timestamp: Int64?,
        key: [UInt8]?,
        value: [UInt8]?,
        headers: [KafkaHeader] = []
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The value of the last header with this key, if any.
    public func header(_ key: String) -> KafkaHeader? {
        headers.last { $0.key == key }
    }
}
