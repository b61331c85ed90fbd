import Sluice
import SluiceKafka

/// Runs a topology in memory, without a broker: pipe records in, read what its sinks wrote.
///
/// The driver instantiates each sub-topology once per partition, as the runtime does per task, and places
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
///
/// Stateful topologies run as the runtime runs them. Records sent to a repartition topic
/// (`<application id>-<name>-repartition`) are not output: the driver feeds them, in order, to the task reading
/// that partition. After each piped record and everything it caused, the driver commits every task: changelog
/// records go to ``changelog(of:)``, and watermarks travel through the repartition topics to the tasks
/// downstream, until no task has anything left to do. A bounded test ends with ``endOfInput()``, whose final
/// watermark closes every window. Each task keeps its state in memory.
///
/// - Important: A task waits for a watermark from every task upstream of its repartition topics before its
///   event time moves, as in the runtime: windows after a repartition topic close only once every upstream
///   partition has seen a record past them, or at ``endOfInput()``.
public final class TopologyTestDriver {
    /// The topology under test, with its repartition topics named for ``applicationID``.
    public let topology: Topology

    /// The application id that names repartition topics and changelogs.
    public let applicationID: String

    /// Partition counts of topics; a topic not listed has one partition. A repartition topic not listed has the
    /// partition count the runtime would give it (see ``init(topology:partitionCounts:applicationID:)``).
    public let partitionCounts: [String: Int]

    /// Every processing error seen so far, oldest first.
    public private(set) var errors: [ProcessingError] = []

    /// How many records arrived after every window they belong to had closed; each also has its error, at the
    /// `late` stage, in ``errors``.
    public private(set) var lateRecords = 0

    let plan: PartitionPlan
    let collector: Collector
    /// The tasks made so far.
    var tasks: [TaskID: TaskProcessor] = [:]
    /// The ids of ``tasks``, sorted: the order tasks commit in.
    var taskOrder: [TaskID] = []
    /// Every changelog record sent, by changelog topic, oldest first.
    var changelogs: [String: [OutputRecord]] = [:]
    /// The next offset of each changelog partition.
    var changelogOffsets: [TopicPartition: Int64] = [:]
    private var inputOffsets: [TopicPartition: Int64] = [:]

    /// Creates a driver.
    ///
    /// Every task of a sub-topology that keeps state or writes a repartition topic is made at once, one per
    /// partition of its source topics, so that watermarks from every upstream task reach the tasks downstream;
    /// other tasks are made when a record first reaches them. A repartition topic not listed in
    /// `partitionCounts` gets the largest partition count of the other topics its reader joins it with, or else
    /// the task count of its writer.
    /// - Parameters:
    ///   - topology: The topology to run.
    ///   - partitionCounts: Partition counts of input and output topics, and of repartition topics under their
    ///     full names; default one partition each.
    ///   - applicationID: The application id, which prefixes the repartition and changelog topics. Default:
    ///     `test-driver`.
    public init(topology: Topology, partitionCounts: [String: Int] = [:], applicationID: String = "test-driver") {
        let resolved = topology.resolved(applicationID: applicationID)
        self.topology = resolved
        self.applicationID = applicationID
        self.partitionCounts = partitionCounts
        self.plan = PartitionPlan(topology: resolved, partitionCounts: partitionCounts)
        self.collector = Collector(
            partitionCounts: plan.topicPartitions,
            internalTopics: Set(resolved.internalTopics)
        )
        for subtopology in resolved.subtopologies where Self.keepsState(subtopology) {
            for partition in 0..<plan.taskCounts[subtopology.index] {
                _ = task(TaskID(subtopology: subtopology.index, partition: Int32(partition)))
            }
        }
    }

    /// Pushes one record, as bytes, through the topology.
    /// - Parameters:
    ///   - topic: A topic that one of the topology's sources reads.
    ///   - key: The key's bytes, or `nil` for a null key.
    ///   - value: The value's bytes, or `nil` for a null value.
    ///   - timestamp: The record's timestamp in milliseconds since the Unix epoch, or `nil` for none.
    ///   - headers: The record's headers.
    ///   - partition: The input partition, which selects the task (and the partition of null-key outputs). In a
    ///     stateful topology keep it below the topic's partition count, which decides how many tasks there are.
    /// - Returns: The first error that processing the record, or anything it caused downstream of repartition
    ///   topics, gave (also appended to ``errors``), or `nil` when everything succeeded.
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

        let firstError = errors.count
        if let subtopology = plan.readers[topic] {
            run(record, on: task(TaskID(subtopology: subtopology, partition: partition)))
        } else {
            let error = ProcessingError(
                stage: .processing,
                operatorName: "(no source)",
                underlying: TopologyError(.unknownSourceTopic, "no source reads topic '\(topic)'")
            )
            keep(error)
        }
        settle()
        return errors.count > firstError ? errors[firstError] : nil
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
        settleLanes()
        return collector.take(topic: topic, limit: nil)
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
        settleLanes()
        return collector.count(topic: topic)
    }

    /// The topics written to so far, sorted by name.
    public var outputTopicNames: [String] {
        settleLanes()
        return collector.topicNames
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
        settleLanes()
        return collector.take(topic: topic, limit: limit)
    }

    /// Whether a sub-topology's tasks get state: they keep stores or time, or send watermarks.
    static func keepsState(_ subtopology: Subtopology) -> Bool {
        subtopology.isStateful || !subtopology.internalSinkTopics.isEmpty
    }

    /// The processor of one task, made on first use.
    func task(_ id: TaskID) -> TaskProcessor {
        if let processor = tasks[id] {
            return processor
        }
        let subtopology = topology.subtopologies[id.subtopology]
        var state: TaskState?
        if Self.keepsState(subtopology) {
            let sinkPartitions = subtopology.internalSinkTopics.map { topic in
                (topic, Int32(plan.topicPartitions[topic] ?? 1))
            }
            do {
                state = try TaskState(
                    subtopology: subtopology,
                    partition: id.partition,
                    taskCount: plan.taskCounts[id.subtopology],
                    applicationID: applicationID,
                    internalSinkPartitions: Dictionary(uniqueKeysWithValues: sinkPartitions),
                    openEngine: { _ in InMemoryByteStore() }
                )
            } catch {
                // Opening in-memory engines cannot fail.
                preconditionFailure("task \(subtopology.taskID(partition: id.partition)): \(error)")
            }
        }
        let processor = topology.makeTaskProcessor(subtopology: id.subtopology, collector: collector, state: state)
        tasks[id] = processor
        let position = taskOrder.firstIndex { id < $0 } ?? taskOrder.count
        taskOrder.insert(id, at: position)
        return processor
    }

    /// Processes one record on a task, keeping the error it gives.
    func run(_ record: KafkaRecord, on processor: TaskProcessor) {
        do {
            try processor.process(record)
        } catch {
            keep(error)
        }
        if processor.hasLanes { deliverLaneResults(of: processor, waitingForAll: false) }
    }

    /// Waits for every laned operator to finish what it was given and pushes the results on, as the runtime does
    /// before a commit; reading outputs and ending the input do it first.
    func settleLanes() {
        for id in taskOrder {
            guard let processor = tasks[id], processor.hasLanes else { continue }
            deliverLaneResults(of: processor, waitingForAll: true)
        }
    }

    /// Pushes on laned results of one task, as the runtime does after each record (not waiting) and before a
    /// commit (waiting).
    private func deliverLaneResults(of processor: TaskProcessor, waitingForAll: Bool) {
        do {
            try processor.deliverLaneResults(waitingForAll: waitingForAll) { _ in
            } failed: { error, _ in
                keep(error)
            }
        } catch {
            preconditionFailure("keeping an error cannot throw: \(error)")
        }
    }

    /// Keeps a processing error, counting it when the record was late.
    func keep(_ error: ProcessingError) {
        errors.append(error)
        if error.stage == .late { lateRecords += 1 }
    }
}
