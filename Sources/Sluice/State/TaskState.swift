import SluiceKafka

/// Everything stateful about one task: its stores, its event time, and the watermarks it owes downstream.
///
/// The runtime drives it around each transaction: ``flush(_:)`` before the commit sends the changelog records
/// and watermarks, ``committed(changelogEnds:)`` after it moves pending writes into the stores and advances their
/// checkpoints, and ``aborted()`` drops them. Owned by the thread running the task.
package final class TaskState {
    /// Sends one record to an explicit partition: changelog records and watermarks.
    package typealias Send = (
        _ topic: String, _ partition: Int32, _ key: [UInt8], _ value: [UInt8]?, _ headers: [KafkaHeader]
    )
        throws -> Void

    /// The task id, `<sub-topology>_<partition>`.
    package let taskID: String
    /// The task's partition number.
    package let partition: Int32
    /// The task's sub-topology.
    let subtopology: Subtopology
    /// How many tasks the sub-topology has: what its watermarks tell readers to wait for.
    let taskCount: Int
    /// The task's event time.
    package let time: EventTime
    /// The stores, by name, including the watermark store.
    package private(set) var stores: [String: TransactionalStore] = [:]
    /// The store keeping the latest watermark of each upstream task, when the task reads repartition topics.
    let watermarkStore: TransactionalStore?
    /// Partition counts of the repartition topics the task writes, for its watermarks.
    private let internalSinkPartitions: [String: Int32]
    private var lastSentWatermark = Int64.min

    /// The store holding upstream watermarks for a sub-topology.
    static func watermarkStoreName(subtopology: Int) -> String {
        "watermarks-\(subtopology)"
    }

    package init(
        subtopology: Subtopology,
        partition: Int32,
        taskCount: Int,
        applicationID: String,
        internalSinkPartitions: [String: Int32],
        openEngine: (StoreDefinition) throws -> ByteStore
    ) throws {
        self.subtopology = subtopology
        self.partition = partition
        self.taskID = subtopology.taskID(partition: partition)
        self.taskCount = taskCount
        self.internalSinkPartitions = internalSinkPartitions
        let external = subtopology.sourceTopics.contains {
            !subtopology.internalSourceTopics.contains($0) && !subtopology.tableSourceTopics.contains($0)
        }
        self.time = EventTime(readsExternalStreams: external, internalTopics: subtopology.internalSourceTopics)
        var definitions = subtopology.stores
        if !subtopology.internalSourceTopics.isEmpty {
            definitions.append(
                StoreDefinition(name: Self.watermarkStoreName(subtopology: subtopology.index), kind: .keyValue)
            )
        }
        for definition in definitions {
            stores[definition.name] = TransactionalStore(
                definition: definition,
                changelogTopic: definition.changelogTopic(applicationID: applicationID),
                partition: partition,
                engine: try openEngine(definition)
            )
        }
        watermarkStore = stores[Self.watermarkStoreName(subtopology: subtopology.index)]
    }

    /// The store a node declared.
    func store(named name: String) -> TransactionalStore {
        guard let store = stores[name] else {
            preconditionFailure("task \(taskID) has no store '\(name)'")
        }
        return store
    }

    /// Takes in a watermark read from a repartition topic and keeps it in the watermark store, keyed
    /// `<topic>|<task id>` (topic names cannot hold `|`).
    func receive(_ watermark: WatermarkRecord, topic: String) {
        time.receive(watermark, topic: topic)
        if let watermarkStore, let latest = time.watermark(topic: topic, taskID: watermark.taskID) {
            watermarkStore.put(
                Array("\(topic)|\(watermark.taskID)".utf8),
                Array("\(watermark.upstreamTasks):\(latest)".utf8)
            )
        }
    }

    /// Loads the restored upstream watermarks into event time.
    package func loadWatermarks() throws {
        guard let watermarkStore else { return }
        for (key, value) in try watermarkStore.scan(from: nil, to: nil) {
            let names = String(decoding: key, as: UTF8.self).split(separator: "|", maxSplits: 1)
            let parts = String(decoding: value, as: UTF8.self).split(separator: ":")
            guard names.count == 2, parts.count == 2, let count = Int(parts[0]), let time = Int64(parts[1]) else {
                continue
            }
            self.time.receive(
                WatermarkRecord(taskID: String(names[1]), upstreamTasks: count, time: time),
                topic: String(names[0])
            )
        }
        time.commit()
    }

    /// Whether anything is waiting to be flushed.
    package var hasWork: Bool {
        stores.values.contains { $0.hasPendingWrites } || watermarkDue
    }

    private var watermarkDue: Bool {
        !internalSinkPartitions.isEmpty && time.progress > lastSentWatermark
    }

    /// Sends the open transaction's changelog records, then a watermark to every partition of each repartition
    /// topic the task writes when its progress moved since the last one.
    package func flush(_ send: Send) throws {
        for store in stores.values {
            try store.flush { topic, partition, key, value in try send(topic, partition, key, value, []) }
        }
        guard watermarkDue else { return }
        let watermark = WatermarkRecord(taskID: taskID, upstreamTasks: taskCount, time: time.progress)
        let headers = [KafkaHeader(key: WatermarkRecord.header, string: "1")]
        for (topic, count) in internalSinkPartitions {
            for partition in 0..<count {
                try send(topic, partition, watermark.keyBytes, watermark.valueBytes, headers)
            }
        }
        pendingWatermark = watermark.time
    }

    private var pendingWatermark: Int64?

    /// After a commit: pending writes go into the stores, and checkpoints advance to the changelog offsets the
    /// commit is known to cover.
    /// - Parameter changelogEnds: For changelog partitions written, the offset after the last delivered record.
    /// - Returns: The stores whose checkpoint moved, for the caller to persist.
    @discardableResult
    package func committed(changelogEnds: [TopicPartition: Int64]) throws -> [TransactionalStore] {
        if let pendingWatermark {
            lastSentWatermark = max(lastSentWatermark, pendingWatermark)
            self.pendingWatermark = nil
        }
        time.commit()
        var moved: [TransactionalStore] = []
        for store in stores.values {
            try store.applyPending()
            let partition = TopicPartition(topic: store.changelogTopic, partition: partition)
            if let end = changelogEnds[partition], end > store.checkpoint ?? -1 {
                store.checkpoint = end
                moved.append(store)
            }
        }
        return moved
    }

    /// After an abort: pending writes and the unsent watermark are dropped.
    package func aborted() {
        pendingWatermark = nil
        time.rollBack()
        for store in stores.values { store.dropPending() }
    }

    /// Closes every store's engine.
    package func close() {
        for store in stores.values { store.engine.close() }
    }
}
