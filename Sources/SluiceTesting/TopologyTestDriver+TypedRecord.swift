import Sluice
import SluiceKafka

extension TopologyTestDriver {
    /// A record a topology's sink wrote, with its key and value deserialized.
    public struct TypedRecord<Key, Value> {
        /// The topic written to.
        public var topic: String
        /// The partition the record went to.
        public var partition: Int32
        /// The record's offset in its partition, counting from 0.
        public var offset: Int64
        /// The key.
        public var key: Key
        /// The value.
        public var value: Value
        /// The headers, inherited from the input record.
        public var headers: [KafkaHeader]
        /// The timestamp, inherited from the input record.
        public var timestamp: Int64?

        /// Deserializes a byte record.
        /// - Parameters:
        ///   - record: The record as bytes.
        ///   - key: The serde that reads the key.
        ///   - value: The serde that reads the value.
        /// - Throws: The serdes' error when they cannot read the record.
        public init(_ record: OutputRecord, key: Serde<Key>, value: Serde<Value>) throws {
            self.topic = record.topic
            self.partition = record.partition
            self.offset = record.offset
            self.key = try key.deserialize(record.key)
            self.value = try value.deserialize(record.value)
            self.headers = record.headers
            self.timestamp = record.timestamp
        }
    }
}

// MARK: - Sendable

extension TopologyTestDriver.TypedRecord: Sendable where Key: Sendable, Value: Sendable {}

// MARK: - Equatable

extension TopologyTestDriver.TypedRecord: Equatable where Key: Equatable, Value: Equatable {}
