import Sluice
import SluiceKafka

/// Runs a topology in memory, without a broker: pipe records in, read what its sinks wrote.
///
/// The driver instantiates the topology once per input partition, as the runtime does per task, and places
/// outputs on partitions as the runtime's producer would: a null key on the input's partition modulo the output
/// topic's partition count, any other key by Java's murmur2 hash. Output offsets count up per partition.
///
/// ```swift
/// let driver = TopologyTestDriver(topology: topology, partitionCounts: ["flights-departed": 3])
/// let flights = driver.inputTopic("flights", key: .optional(.string), value: .json(Flight.self))
/// try flights.pipe(key: "N14228", value: flight)
/// let departed = driver.outputTopic("flights-departed", key: .string, value: .json(Flight.self))
/// #expect(try departed.readKeyValues().map(\.key) == ["EWR"])
/// ```
///
/// A record that fails is handled as a runtime set to skip would handle it: its error is kept in ``errors`` and
/// any outputs it sent before failing stay. Time is the records' own: the driver reads no clock, and an input
/// without a timestamp gives outputs without one.
public final class TopologyTestDriver {
    /// The topology under test.
    public let topology: Topology

    /// Partition counts of topics; a topic not listed has one partition.
    public let partitionCounts: [String: Int]

    /// Every processing error seen so far, oldest first.
    public private(set) var errors: [ProcessingError] = []

    private let collector: Collector
    private var processors: [Int32: TaskProcessor] = [:]
    private var inputOffsets: [TopicPartition: Int64] = [:]

    /// Creates a driver.
    /// - Parameters:
    ///   - topology: The topology to run.
    ///   - partitionCounts: Partition counts of input and output topics; default one partition each.
    public init(topology: Topology, partitionCounts: [String: Int] = [:]) {
        self.topology = topology
        self.partitionCounts = partitionCounts
        self.collector = Collector(partitionCounts: partitionCounts)
    }

    /// Pushes one record, as bytes, through the topology.
    /// - Parameters:
    ///   - topic: A topic that one of the topology's sources reads.
    ///   - key: The key's bytes, or `nil` for a null key.
    ///   - value: The value's bytes, or `nil` for a null value.
    ///   - timestamp: The record's timestamp in milliseconds since the Unix epoch, or `nil` for none.
    ///   - headers: The record's headers.
    ///   - partition: The input partition, which selects the task (and the partition of null-key outputs).
    /// - Returns: The error processing the record gave, also appended to ``errors``, or `nil` when it succeeded.
    @discardableResult
    public func pipeInput(
        topic: String,
        key: [UInt8]?,
        value: [UInt8]?,
        timestamp: Int64? = nil,
        headers: [KafkaHeader] = [],
        partition: Int32 = 0
    ) -> ProcessingError? {
        let topicPartition = TopicPartition(topic: topic, partition: partition)
        let offset = inputOffsets[topicPartition, default: 0]
        inputOffsets[topicPartition] = offset + 1
        let record = KafkaRecord(
            topic: topic,
            partition: partition,
            offset: offset,
            timestamp: timestamp,
            key: key,
            value: value,
            headers: headers
        )

        let processor = taskProcessor(for: partition)
        do {
            try processor.process(record)
            return nil
        } catch {
            errors.append(error)
            return error
        }
    }

    /// Serializes a key and value with the given serdes and pushes them through the topology.
    /// - Parameters:
    ///   - topic: A topic that one of the topology's sources reads.
    ///   - key: The key.
    ///   - value: The value.
    ///   - keySerde: The serde that writes the key.
    ///   - valueSerde: The serde that writes the value.
    ///   - timestamp: The record's timestamp in milliseconds since the Unix epoch, or `nil` for none.
    ///   - headers: The record's headers.
    ///   - partition: The input partition.
    /// - Returns: The error processing the record gave, or `nil` when it succeeded.
    /// - Throws: The error of `keySerde` or `valueSerde`, when they cannot write the input.
    @discardableResult
    public func pipeInput<Key, Value>(
        topic: String,
        key: Key,
        value: Value,
        keySerde: Serde<Key>,
        valueSerde: Serde<Value>,
        timestamp: Int64? = nil,
        headers: [KafkaHeader] = [],
        partition: Int32 = 0
    ) throws -> ProcessingError? {
        pipeInput(
            topic: topic,
            key: try keySerde.serialize(key),
            value: try valueSerde.serialize(value),
            timestamp: timestamp,
            headers: headers,
            partition: partition
        )
    }

    /// Takes every record written to a topic and not read yet, in the order they were written.
    /// - Parameter topic: The output topic.
    /// - Returns: The records; empty when there are none.
    public func readOutput(topic: String) -> [OutputRecord] {
        collector.take(topic: topic, limit: nil)
    }

    /// Takes every unread record written to a topic and deserializes it with the given serdes.
    /// - Parameters:
    ///   - topic: The output topic.
    ///   - key: The serde that reads the keys.
    ///   - value: The serde that reads the values.
    /// - Returns: The records, in the order they were written.
    /// - Throws: The serdes' error for the first record they cannot read; the records are taken regardless.
    public func readOutput<Key, Value>(
        topic: String,
        key: Serde<Key>,
        value: Serde<Value>
    ) throws -> [TypedRecord<Key, Value>] {
        try readOutput(topic: topic).map { try TypedRecord($0, key: key, value: value) }
    }

    /// The number of records written to a topic and not read yet.
    /// - Parameter topic: The output topic.
    public func pendingOutputCount(topic: String) -> Int {
        collector.count(topic: topic)
    }

    /// The topics written to so far, sorted by name.
    public var outputTopicNames: [String] {
        collector.topicNames
    }

    /// A typed handle for piping records into one topic.
    /// - Parameters:
    ///   - topic: A topic that one of the topology's sources reads.
    ///   - key: The serde that writes the keys.
    ///   - value: The serde that writes the values.
    ///   - startTimestamp: The timestamp of the first record piped without one, in milliseconds since the Unix
    ///     epoch. Default: 0.
    ///   - autoAdvance: How far the handle's clock moves after each such record. Default: `.zero`.
    /// - Returns: The handle.
    public func inputTopic<Key, Value>(
        _ topic: String,
        key: Serde<Key>,
        value: Serde<Value>,
        startTimestamp: Int64 = 0,
        autoAdvance: Duration = .zero
    ) -> InputTopic<Key, Value> {
        InputTopic(
            driver: self,
            topic: topic,
            keySerde: key,
            valueSerde: value,
            startTimestamp: startTimestamp,
            autoAdvance: autoAdvance
        )
    }

    /// A typed handle for reading records from one topic.
    /// - Parameters:
    ///   - topic: An output topic.
    ///   - key: The serde that reads the keys.
    ///   - value: The serde that reads the values.
    /// - Returns: The handle.
    public func outputTopic<Key, Value>(
        _ topic: String,
        key: Serde<Key>,
        value: Serde<Value>
    ) -> OutputTopic<Key, Value> {
        OutputTopic(driver: self, topic: topic, keySerde: key, valueSerde: value)
    }

    /// Takes up to `limit` unread records of a topic.
    func takeOutput(topic: String, limit: Int?) -> [OutputRecord] {
        collector.take(topic: topic, limit: limit)
    }

    /// The task processor of one input partition, made on first use.
    private func taskProcessor(for partition: Int32) -> TaskProcessor {
        if let processor = processors[partition] {
            return processor
        }
        let processor = topology.makeTaskProcessor(collector: collector)
        processors[partition] = processor
        return processor
    }
}
