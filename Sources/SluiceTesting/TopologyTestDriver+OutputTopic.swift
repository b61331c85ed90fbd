import Sluice

extension TopologyTestDriver {
    /// A typed handle that reads the records a topology wrote to one topic.
    ///
    /// Reading takes records: each is returned once, by this handle or by ``TopologyTestDriver/readOutput(topic:)``.
    public final class OutputTopic<Key, Value> {
        /// The topic read.
        public let topic: String

        private let driver: TopologyTestDriver
        private let keySerde: Serde<Key>
        private let valueSerde: Serde<Value>

        init(driver: TopologyTestDriver, topic: String, keySerde: Serde<Key>, valueSerde: Serde<Value>) {
            self.driver = driver
            self.topic = topic
            self.keySerde = keySerde
            self.valueSerde = valueSerde
        }

        /// Whether every record written so far has been read.
        public var isEmpty: Bool {
            driver.pendingOutputCount(topic: topic) == 0
        }

        /// The number of records written and not read yet.
        public var count: Int {
            driver.pendingOutputCount(topic: topic)
        }

        /// Takes the oldest unread record.
        /// - Returns: The record, or `nil` when none is left.
        /// - Throws: The handle's serdes' error when they cannot read it; the record is taken regardless.
        public func readRecord() throws -> TypedRecord<Key, Value>? {
            guard let record = driver.takeOutput(topic: topic, limit: 1).first else { return nil }
            return try TypedRecord(record, key: keySerde, value: valueSerde)
        }

        /// Takes every unread record.
        /// - Returns: The records, oldest first.
        /// - Throws: The handle's serdes' error for the first record they cannot read; all are taken regardless.
        public func readRecords() throws -> [TypedRecord<Key, Value>] {
            try driver.readOutput(topic: topic, key: keySerde, value: valueSerde)
        }

        /// Takes every unread record as a key and a value.
        /// - Returns: The keys and values, oldest first.
        /// - Throws: The handle's serdes' error for the first record they cannot read.
        public func readKeyValues() throws -> [(key: Key, value: Value)] {
            try readRecords().map { (key: $0.key, value: $0.value) }
        }

        /// Takes every unread record's value.
        /// - Returns: The values, oldest first.
        /// - Throws: The handle's serdes' error for the first record they cannot read.
        public func readValues() throws -> [Value] {
            try readRecords().map(\.value)
        }

        /// Takes every unread record and keeps the last value of each key, as a compacted topic would.
        /// - Returns: The latest value per key.
        /// - Throws: The handle's serdes' error for the first record they cannot read.
        public func readLatestValuesByKey() throws -> [Key: Value] where Key: Hashable {
            var latest: [Key: Value] = [:]
            for record in try readRecords() {
                latest[record.key] = record.value
            }
            return latest
        }
    }
}
