import SluiceKafka

extension TopologyTestDriver {
    /// A record a topology's sink wrote, as bytes.
    public struct OutputRecord: Sendable, Hashable {
        /// The topic written to.
        public var topic: String
        /// The partition the record went to.
        public var partition: Int32
        /// The record's offset in its partition, counting from 0.
        public var offset: Int64
        /// The key's bytes, or `nil` for a null key.
        public var key: [UInt8]?
        /// The value's bytes, or `nil` for a null value.
        public var value: [UInt8]?
        /// The headers, inherited from the input record.
        public var headers: [KafkaHeader]
        /// The timestamp, inherited from the input record.
        public var timestamp: Int64?

        /// Creates a record; the driver makes these.
        public init(
            topic: String,
            partition: Int32,
            offset: Int64,
            key: [UInt8]?,
            value: [UInt8]?,
            headers: [KafkaHeader],
            timestamp: Int64?
        ) {
            self.topic = topic
            self.partition = partition
            self.offset = offset
            self.key = key
            self.value = value
            self.headers = headers
            self.timestamp = timestamp
        }
    }
}
