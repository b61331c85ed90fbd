import Sluice
import SluiceKafka

extension TopologyTestDriver {
    /// A typed handle that pipes records into one topic, with its own event-time clock.
    ///
    /// Records piped without a timestamp take the handle's current time, after which the clock moves on by the
    /// handle's auto-advance step; ``advance(by:)`` moves it by hand.
    public final class InputTopic<Key, Value> {
        /// The topic records are piped into.
        public let topic: String
        /// The timestamp the next record piped without one gets, in milliseconds since the Unix epoch.
        public private(set) var currentTimestamp: Int64

        private let driver: TopologyTestDriver
        private let keySerde: Serde<Key>
        private let valueSerde: Serde<Value>
        private let autoAdvanceMilliseconds: Int64

        init(
            driver: TopologyTestDriver,
            topic: String,
            keySerde: Serde<Key>,
            valueSerde: Serde<Value>,
            startTimestamp: Int64,
            autoAdvance: Duration
        ) {
            self.driver = driver
            self.topic = topic
            self.keySerde = keySerde
            self.valueSerde = valueSerde
            self.currentTimestamp = startTimestamp
            self.autoAdvanceMilliseconds = autoAdvance.wholeMilliseconds
        }

        /// Pipes one record.
        /// - Parameters:
        ///   - key: The key.
        ///   - value: The value.
        ///   - timestamp: The record's timestamp; default the handle's current time, which then auto-advances.
        ///   - headers: The record's headers.
        ///   - partition: The input partition.
        /// - Returns: The error processing the record gave, or `nil` when it succeeded.
        /// - Throws: The handle's serdes' error when they cannot write the input.
        @discardableResult
        public func pipe(
            key: Key,
            value: Value,
            timestamp: Int64? = nil,
            headers: [KafkaHeader] = [],
            partition: Int32 = 0
        ) throws -> ProcessingError? {
            let keyBytes = try keySerde.serialize(key)
            let valueBytes = try valueSerde.serialize(value)
            let recordTimestamp: Int64
            if let timestamp {
                recordTimestamp = timestamp
            } else {
                recordTimestamp = currentTimestamp
                currentTimestamp += autoAdvanceMilliseconds
            }
            return driver.pipeInput(
                topic: topic,
                key: keyBytes,
                value: valueBytes,
                timestamp: recordTimestamp,
                headers: headers,
                partition: partition
            )
        }

        /// Pipes records in order, each with the handle's current time.
        /// - Parameters:
        ///   - records: The keys and values.
        ///   - partition: The input partition of every record.
        /// - Returns: The errors processing gave, in order.
        /// - Throws: The handle's serdes' error when they cannot write an input; earlier records stay piped.
        @discardableResult
        public func pipe(_ records: [(key: Key, value: Value)], partition: Int32 = 0) throws -> [ProcessingError] {
            var errors: [ProcessingError] = []
            for record in records {
                if let error = try pipe(key: record.key, value: record.value, partition: partition) {
                    errors.append(error)
                }
            }
            return errors
        }

        /// Moves the handle's clock forward.
        /// - Parameter duration: How far; whole milliseconds count.
        public func advance(by duration: Duration) {
            currentTimestamp += duration.wholeMilliseconds
        }
    }
}

extension Duration {
    /// The duration in whole milliseconds, rounded toward zero.
    fileprivate var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
