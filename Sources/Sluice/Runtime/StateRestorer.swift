import SluiceKafka

/// Brings a task's stores up to date from their changelogs before the task processes anything.
///
/// Each store restores from its checkpoint to the end of its changelog partition as a read_committed reader sees
/// it (its last stable offset), so aborted writes are skipped and a restore that ends on a transaction marker
/// completes. Without a trustworthy checkpoint (none, or outside the partition's retained range, as after the
/// changelog was truncated) the store is wiped and restored from the beginning. Progress goes to the logs every
/// few seconds and to the `sluice_restored_records_total` metric.
package struct StateRestorer {
    let configuration: ApplicationConfiguration
    let stateDirectory: StateDirectory
    let logger: Logger
    let metrics: RuntimeMetrics

    /// Creates a restorer.
    /// - Parameters:
    ///   - configuration: The application's configuration, for the changelog reader's settings.
    ///   - stateDirectory: Where checkpoints are read and written.
    ///   - logger: Where restore progress goes.
    ///   - metrics: The metrics restores update.
    package init(
        configuration: ApplicationConfiguration,
        stateDirectory: StateDirectory,
        logger: Logger,
        metrics: RuntimeMetrics
    ) {
        self.configuration = configuration
        self.stateDirectory = stateDirectory
        self.logger = logger
        self.metrics = metrics
    }

    /// Restores every store of a task.
    package func restore(_ state: TaskState) throws {
        guard !state.stores.isEmpty else { return }
        var consumerConfiguration = configuration.consumerConfiguration(threadIndex: 0)
        consumerConfiguration.groupID = nil
        consumerConfiguration.groupInstanceID = nil
        consumerConfiguration.common.clientID = "\(configuration.kafka.clientID)-restore"
        // Large fetches keep librdkafka's queue ahead of the thread applying records.
        consumerConfiguration.common.properties["max.partition.fetch.bytes"] = String(16 << 20)
        consumerConfiguration.common.properties["fetch.max.bytes"] = String(64 << 20)
        consumerConfiguration.common.properties["queued.max.messages.kbytes"] = String(256 << 10)
        let consumer = try KafkaConsumer(configuration: consumerConfiguration)
        defer { try? consumer.close() }
        metrics.restoringStores.increment(by: Double(state.stores.count))
        defer { metrics.restoringStores.decrement(by: Double(state.stores.count)) }
        for store in state.stores.values.sorted(by: { $0.definition.name < $1.definition.name }) {
            try restore(store, taskID: state.taskID, using: consumer)
        }
    }

    private func restore(_ store: TransactionalStore, taskID: String, using consumer: KafkaConsumer) throws {
        let topic = store.changelogTopic
        let partition = TopicPartition(topic: topic, partition: store.partition)
        let marks = try consumer.watermarks(topic: topic, partition: store.partition)
        let name = store.definition.name
        var fields: Logger.Metadata = [
            "sluice.store": .string(name), "sluice.task": .string(taskID), LogKey.topic: .string(topic),
        ]
        let checkpoint = store.checkpoint ?? stateDirectory.checkpoint(store: name, taskID: taskID)
        var start = marks.low
        if let checkpoint, checkpoint >= marks.low, checkpoint <= marks.high {
            start = checkpoint
        } else {
            if checkpoint != nil || store.engine.entryCount > 0 {
                fields[LogKey.offset] = .int(checkpoint ?? -1)
                logger.warning(
                    "checkpoint outside the changelog; wiping the store and restoring it in full",
                    metadata: fields
                )
            }
            try store.engine.wipe()
            stateDirectory.removeCheckpoint(store: name, taskID: taskID)
        }
        guard start < marks.high else {
            store.checkpoint = marks.high
            return
        }
        fields["sluice.restore_from"] = .int(start)
        fields["sluice.restore_to"] = .int(marks.high)
        logger.info("restoring a store from its changelog", metadata: fields)

        try consumer.assign([partition: start])
        let clock = ContinuousClock()
        let began = clock.now
        var lastReport = began
        var lastProgress = began
        var position = start
        var applied = 0
        let stall = configuration.transactionTimeout * 3
        while position < marks.high {
            // A short wait: a batch call holds out for its full count, and whatever is queued is worth applying.
            let result = try consumer.poll(maxRecords: 20_000, timeout: .milliseconds(10))
            if let error = result.errors.first {
                logger.warning(
                    "changelog read error while restoring",
                    metadata: [LogKey.error: .string(error.description)]
                )
            }
            if !result.records.isEmpty {
                try store.engine.apply(
                    result.records.compactMap { record in
                        record.key.map { ByteStoreWrite(key: $0, value: record.value) }
                    }
                )
                applied += result.records.count
                metrics.restoredRecords.increment(by: Int64(result.records.count))
            }
            let now = try consumer.position([partition])[partition] ?? position
            if now > position {
                position = now
                lastProgress = clock.now
            } else if clock.now - lastProgress > stall {
                throw ApplicationError(
                    .kafka,
                    "restoring store '\(name)' of task \(taskID) stalled at offset \(position) of \(topic)-"
                        + "\(store.partition) (end \(marks.high)) for \(stall): is a transaction left open on it?"
                )
            }
            if clock.now - lastReport > .seconds(3) {
                lastReport = clock.now
                var progress = fields
                progress["sluice.restored"] = .int(Int64(applied))
                progress[LogKey.offset] = .int(position)
                logger.info("restoring", metadata: progress)
            }
        }
        store.checkpoint = position
        try stateDirectory.writeCheckpoint(position, store: name, taskID: taskID)
        let took = clock.now - began
        fields["sluice.restored"] = .int(Int64(applied))
        fields[LogKey.durationSeconds] = .double(took.totalSeconds)
        logger.info("restored a store", metadata: fields)
    }
}
