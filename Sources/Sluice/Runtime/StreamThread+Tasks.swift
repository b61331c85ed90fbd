import SluiceKafka

/// Tasks coming and going: creating them (with restored state) on assignment, tables read first, final
/// watermarks in bounded runs, and late records.
extension StreamThread {
    /// Creates the tasks of newly assigned partitions, restoring their stores before anything is processed.
    func addTasks(for partitions: [TopicPartition]) throws {
        shared.withLock { $0.restoring = true }
        defer { shared.withLock { $0.restoring = false } }
        var created: [StreamTask] = []
        for partition in partitions {
            guard let sub = subtopologyOf[partition.topic] else {
                throw ApplicationError(.unknownTopic, "assigned \(partition), which no source of the topology reads")
            }
            let subtopology = topology.subtopologies[sub]
            let id = subtopology.taskID(partition: partition.partition)
            if let existing = tasksByID[id] {
                existing.add(partition)
                tasks[partition] = existing
                continue
            }
            let state = try makeState(subtopology, partition: partition.partition)
            let task = StreamTask(
                id: id,
                processor: topology.makeTaskProcessor(subtopology: sub, collector: collector, state: state)
            )
            task.add(partition)
            tasksByID[id] = task
            tasks[partition] = task
            created.append(task)
        }
        for task in created where !topology.subtopologies[subtopologyIndex(of: task)].tableSourceTopics.isEmpty {
            try startBootstrapping(task)
        }
    }

    private func subtopologyIndex(of task: StreamTask) -> Int {
        Int(task.id.split(separator: "_")[0]) ?? 0
    }

    /// The state of a new task, restored, or `nil` when its sub-topology keeps neither state nor time.
    private func makeState(_ subtopology: Subtopology, partition: Int32) throws -> TaskState? {
        guard subtopology.isStateful || !subtopology.internalSinkTopics.isEmpty else { return nil }
        let taskID = subtopology.taskID(partition: partition)
        let directory = stateDirectory
        let state = try TaskState(
            subtopology: subtopology,
            partition: partition,
            taskCount: plan.taskCounts[subtopology.index] ?? 1,
            applicationID: configuration.applicationID,
            internalSinkPartitions: subtopology.internalSinkTopics.reduce(into: [:]) { counts, topic in
                counts[topic] = partitionCounts[topic] ?? Int32(plan.internalTopics[topic] ?? 1)
            }
        ) { definition in
            try directory.open(store: definition.name, taskID: taskID)
        }
        var taskLogger = logger
        taskLogger[metadataKey: "sluice.task"] = .string(taskID)
        try StateRestorer(
            configuration: configuration,
            stateDirectory: stateDirectory,
            logger: taskLogger,
            metrics: metrics
        ).restore(state)
        try state.loadWatermarks()
        metrics.recordStoreSizes(state)
        return state
    }

    /// Pauses a new task's other partitions until its tables have been read to the end they have now.
    private func startBootstrapping(_ task: StreamTask) throws {
        let sub = topology.subtopologies[subtopologyIndex(of: task)]
        let tables = task.partitions.filter { sub.tableSourceTopics.contains($0.topic) }
        // A table already read to its end by an earlier owner needs no bootstrap: its position stays unknown
        // until a record arrives, so the committed offset says where reading starts.
        let committed = try consumer.committed(Array(tables), timeout: configuration.transactionTimeout)
        for partition in tables {
            let marks = try consumer.watermarks(topic: partition.topic, partition: partition.partition)
            if marks.high > max(marks.low, committed[partition] ?? -1) { task.bootstrapping[partition] = marks.high }
        }
        guard !task.bootstrapping.isEmpty else { return }
        let others = task.partitions.filter { task.bootstrapping[$0] == nil }
        pendingPause.formUnion(others)
        logger.info(
            "reading tables to their end before the task's other input",
            metadata: [
                "sluice.task": .string(task.id),
                "kafka.partitions": .string(Self.names(Array(task.bootstrapping.keys))),
            ]
        )
    }

    /// After a poll that carried a cooperative rebalance: fetches the partitions kept through it again from the
    /// offset after their last processed record (or where their last rewind put them), dropping what this poll
    /// returned for them.
    ///
    /// librdkafka 2.0.2 resumes the whole assignment after an incremental assignment, and a kept partition that
    /// was not paused can then restart from a stale fetch position (librdkafka issues 4637 and 4686, fixed in
    /// 2.4.0): records processed already come again, or records not processed yet are skipped. The seek, made by
    /// ``settlePausedPartitions()`` right after, replaces that position, and until it is made the partition's
    /// position is not committed. ``process(_:)`` also drops any record below the processed position. A
    /// partition with no processed position has processed or rewound nothing since it was assigned, so the
    /// position it fetches from is its starting one: its records stay and it is not sought.
    func refetchKeptPartitions(dropping records: inout [KafkaRecord]) {
        var targets: [TopicPartition: Int64] = [:]
        for partition in pendingReseek where seekBack[partition] == nil {
            if let next = tasks[partition]?.nextOffset(partition) { targets[partition] = next }
        }
        pendingReseek = []
        guard !targets.isEmpty else { return }
        records.removeAll { targets[TopicPartition(topic: $0.topic, partition: $0.partition)] != nil }
        seekBack.merge(targets) { min($0, $1) }
    }

    /// After a poll: pauses what assignment asked to pause, and fetches again what arrived before the pause.
    func settlePausedPartitions() throws {
        if !pendingPause.isEmpty {
            let pausing = Array(pendingPause)
            pendingPause = []
            try consumer.pause(pausing)
        }
        if !seekBack.isEmpty {
            let targets = seekBack
            seekBack = [:]
            try consumer.seek(targets, timeout: configuration.transactionTimeout)
        }
    }

    /// Resumes the other partitions of tasks whose tables have reached the end they had at assignment.
    func finishBootstrapping() throws {
        let waiting = Set(tasks.values.filter { !$0.bootstrapping.isEmpty }.map(\.id))
        guard !waiting.isEmpty else { return }
        for id in waiting {
            guard let task = tasksByID[id] else { continue }
            let positions = try consumer.position(Array(task.bootstrapping.keys))
            for (partition, end) in task.bootstrapping where (positions[partition] ?? -1) >= end {
                task.bootstrapping[partition] = nil
            }
            guard task.bootstrapping.isEmpty else { continue }
            if !seekBack.isEmpty { try settlePausedPartitions() }
            let others = Array(
                task.partitions.filter {
                    !topology.subtopologies[subtopologyIndex(of: task)].tableSourceTopics.contains($0.topic)
                }
            )
            try consumer.resume(others)
            logger.info("tables read; processing the task's other input", metadata: ["sluice.task": .string(task.id)])
        }
    }

    /// In a bounded run, gives each task whose outside input is drained its final watermark, which closes every
    /// window and is passed on to the tasks downstream.
    func sendFinalWatermarks() throws {
        guard let endOffsets, !insidePoll else { return }
        for task in tasksByID.values where !task.drained {
            guard let state = task.state, state.time.readsExternalStreams, task.bootstrapping.isEmpty else { continue }
            let sub = topology.subtopologies[subtopologyIndex(of: task)]
            let streams = task.partitions.filter {
                !sub.internalSourceTopics.contains($0.topic) && !sub.tableSourceTopics.contains($0.topic)
            }
            let pending = Array(streams.filter { endOffsets[$0] != nil })
            let positions = pending.isEmpty ? [:] : try consumer.position(pending)
            guard pending.allSatisfy({ (positions[$0] ?? -1) >= endOffsets[$0] ?? 0 }) else { continue }
            try beginTransactionIfNeeded()
            state.time.drainExternalStreams()
            do {
                try task.processor.advanceTime()
            } catch {
                throw ApplicationError(.processingFailed, "task \(task.id) failed closing its windows: \(error)")
            }
            task.drained = true
            stateNeedsCommit = true
            logger.info("input drained; sent the final watermark", metadata: ["sluice.task": .string(task.id)])
        }
    }

    /// Opens a transaction under exactly-once when none is open.
    func beginTransactionIfNeeded() throws {
        guard isExactlyOnce && !transactionOpen else { return }
        try collector.producer.beginTransaction()
        transactionOpen = true
    }

    /// Counts a late record and, when configured, dead-letters it.
    func handleLate(_ failure: ProcessingError, record: KafkaRecord) throws {
        pending.late[record.topic, default: 0] += 1
        let fields: Logger.Metadata = [
            LogKey.topic: .string(record.topic),
            LogKey.partition: .int(Int64(record.partition)),
            LogKey.offset: .int(record.offset),
            LogKey.processor: .string(failure.operatorName),
            LogKey.error: .string(failure.description),
        ]
        guard configuration.lateRecords == .deadLetter else {
            errorLog.log(logger, level: .warning, "counted a late record", metadata: fields)
            return
        }
        let topic = configuration.resolvedDeadLetterTopic
        let count = try collector.partitionCount(of: topic)
        try collector.producer.send(
            DeadLetter.record(for: record, failure: failure, topic: topic, partitionCount: count)
        )
        pending.deadLettered += 1
        pending.deadLetteredBySource[record.topic, default: 0] += 1
        errorLog.log(logger, level: .warning, "sent a late record to the dead-letter topic", metadata: fields)
    }
}
