import SluiceKafka

/// The commit step, the one place where at-least-once and exactly-once differ, and recovery from failed
/// transactions.
extension StreamThread {
    /// A commit that kept timing out past its bound: the producer is closed without an abort (the commit may
    /// still complete) and the next producer's initialisation aborts or fences it.
    struct CommitTimedOut: Error, CustomStringConvertible {
        var underlying: KafkaError
        var description: String { "the transaction commit kept timing out: \(underlying)" }
    }

    func makeProducer() throws -> KafkaProducer {
        var deliveryHandler: (@Sendable (DeliveryReport) -> Void)?
        if let changelogOffsets {
            deliveryHandler = { report in changelogOffsets.note(report) }
        }
        let producer = try KafkaProducer(
            configuration: configuration.producerConfiguration(
                threadIndex: index,
                processInstanceID: processInstanceID
            ),
            handlers: KafkaLogBridge.handlers(for: logger),
            deliveryHandler: deliveryHandler
        )
        if isExactlyOnce {
            // Fences any older producer with this transactional id and aborts its open transaction.
            try producer.initTransactions(timeout: configuration.transactionTimeout * 3)
        }
        return producer
    }

    /// Commits what was processed since the last commit.
    ///
    /// First every record handed to a laned operator is finished and its results sent, so the offsets committed
    /// never cover a record whose outputs are not in the transaction.
    ///
    /// At-least-once: wait until every output is acknowledged, then commit the offsets.
    /// Exactly-once: add the offsets to the open transaction with the group metadata, then commit it.
    /// Only after success are the counts published and the committed offsets advanced.
    ///
    /// The offset of a partition is the one after its last processed record. At a batch boundary, when every
    /// record poll returned has been processed, it is the consumer's position instead, which also steps over
    /// transaction markers, so a drained partition's committed offset equals its end. Inside a poll (a
    /// rebalance) or in the middle of a batch the position may count records not processed yet, so it is not
    /// used there.
    func commit(atBatchBoundary: Bool = false) throws {
        // Offsets cover records handed to lanes only once their results are written.
        try deliverLaneResults(waitingForAll: true)
        let stateful = tasksByID.values.compactMap(\.state)
        let stateHasWork = stateful.contains { $0.hasWork }
        var offsets: [TopicPartition: Int64] = [:]
        for (partition, task) in tasks {
            if let next = task.nextOffset(partition) { offsets[partition] = next }
        }
        var positionsAhead = false
        if atBatchBoundary && !insidePoll {
            // Partitions waiting for their task's tables skipped records that they fetch again later: their
            // position runs ahead of what was processed.
            let settled = tasks.filter { seekBack[$0.key] == nil && $0.value.bootstrapping.isEmpty }.map(\.key)
            for (partition, position) in try consumer.position(settled) where position >= 0 {
                let offset = max(offsets[partition] ?? position, position)
                offsets[partition] = offset
                // The position passed a transaction marker after the last commit (made inside the batch, or by
                // the partition's previous owner): commit it, or a drained partition never reaches its end.
                if let committed = tasks[partition]?.committedOffset(partition), committed >= offset { continue }
                positionsAhead = true
            }
        }
        guard recordsSinceCommit > 0 || transactionOpen || stateHasWork || positionsAhead else { return }
        stateNeedsCommit = false
        let started = ContinuousClock.now
        if stateHasWork {
            try beginTransactionIfNeeded()
            for state in stateful {
                try state.flush { topic, partition, key, value, headers in
                    try collector.producer.send(
                        KafkaProducerRecord(
                            topic: topic,
                            partition: partition,
                            key: key,
                            value: value,
                            headers: headers
                        )
                    )
                }
            }
        }

        if isExactlyOnce {
            CrashPoint.reach(.beforeSendOffsets, commitsSoFar: commitsMade)
            if !offsets.isEmpty {
                try beginTransactionIfNeeded()
                let metadata = try consumer.groupMetadata()
                try retryingWithinBound("sending offsets to the transaction") {
                    try collector.producer.sendOffsetsToTransaction(
                        offsets,
                        groupMetadata: metadata,
                        timeout: configuration.transactionTimeout
                    )
                }
            }
            CrashPoint.reach(.beforeCommit, commitsSoFar: commitsMade)
            CrashPoint.reach(.duringCommit, commitsSoFar: commitsMade)
            try commitTransactionWithinBound()
            transactionOpen = false
            metrics.transactionsCommitted.increment()
        } else {
            // Nothing is committed before the outputs it caused are acknowledged.
            try collector.producer.flush(timeout: configuration.kafka.socketTimeout * 2)
            if !offsets.isEmpty {
                try consumer.commit(offsets)
            }
        }

        commitsMade += 1
        recordsSinceCommit = 0
        pending.commits += 1
        for (topic, count) in collector.takeProduced() {
            pending.produced[topic, default: 0] += count
        }
        let took = ContinuousClock.now - started
        metrics.commitLatency.observe(took)
        if took > .seconds(1) {
            logger.warning("commit took long", metadata: [LogKey.durationSeconds: .double(took.totalSeconds)])
        }
        for (partition, offset) in offsets {
            tasks[partition]?.markCommitted(partition, offset)
        }
        if !stateful.isEmpty {
            let changelogEnds = changelogOffsets?.take() ?? [:]
            for state in stateful {
                for store in try state.committed(changelogEnds: changelogEnds) {
                    if let checkpoint = store.checkpoint {
                        try stateDirectory.writeCheckpoint(
                            checkpoint,
                            store: store.definition.name,
                            taskID: state.taskID
                        )
                    }
                }
            }
            if ContinuousClock.now - storeSizesMeasured > .seconds(5) {
                storeSizesMeasured = ContinuousClock.now
                stateful.forEach(metrics.recordStoreSizes)
            }
        }
        publish(committed: offsets)
    }

    /// Makes a transactional call, retrying a retriable failure up to three attempts in all; the last failure is
    /// thrown (and then classified: a retriable one aborts and rewinds).
    private func retryingWithinBound(_ what: String, _ call: () throws -> Void) throws {
        var attempt = 0
        while true {
            do {
                try call()
                return
            } catch let error as KafkaError {
                attempt += 1
                let kind = TransactionFailure.classify(error, producerFatalError: collector.producer.fatalError)
                guard kind == .retriable, attempt < 3 else { throw error }
                logger.warning("\(what) will be retried", metadata: [LogKey.error: .string(error.description)])
            }
        }
    }

    /// Commits the transaction, retrying a retriable failure (a timeout) rather than aborting a commit that may
    /// still complete.
    private func commitTransactionWithinBound() throws {
        var attempt = 0
        while true {
            do {
                try collector.producer.commitTransaction(timeout: configuration.transactionTimeout)
                return
            } catch {
                attempt += 1
                guard
                    TransactionFailure.classify(error, producerFatalError: collector.producer.fatalError) == .retriable
                else { throw error }
                guard attempt < 3 else { throw CommitTimedOut(underlying: error) }
                logger.warning(
                    "transaction commit will be retried",
                    metadata: [LogKey.error: .string(error.description)]
                )
            }
        }
    }

    /// Handles a failure of processing or committing: fenced, abortable and retriable failures drop the
    /// uncommitted work and rewind; anything else stops the thread.
    func recover(from error: any Error, rewinding partitions: [TopicPartition]? = nil) throws {
        let remaining = partitions ?? Array(tasks.keys)
        if let timedOut = error as? CommitTimedOut {
            logger.error(
                "closing the producer without an abort",
                metadata: [LogKey.error: .string(timedOut.description)]
            )
            try rebuildProducer()
            try rewind(remaining)
            try reloadState()
            return
        }
        guard let kafkaError = error as? KafkaError else { throw error }
        guard isExactlyOnce else {
            // At-least-once: a commit refused because the group is rebalancing means the partitions are moving;
            // the next poll revokes them and their new owner re-reads from the last committed offsets.
            guard Self.groupIsRebalancing(kafkaError) else { throw kafkaError }
            logger.warning(
                "offset commit refused while the group rebalances; the new owner re-reads uncommitted records",
                metadata: [LogKey.error: .string(kafkaError.description)]
            )
            return
        }

        switch TransactionFailure.classify(kafkaError, producerFatalError: collector.producer.fatalError) {
        case .fenced where configuration.groupInstanceID != nil:
            // With static membership the transactional id belongs to the instance id: a newer process with our
            // identity is alive, so this one is the zombie. Rebuilding would fence the live one in turn.
            throw ApplicationError(
                .kafka,
                "producer fenced by a newer instance with group.instance.id '\(configuration.groupInstanceID!)': "
                    + "this process is a zombie and stops (\(kafkaError.description))"
            )
        case .fenced:
            logger.warning(
                "producer fenced: another instance took over this transactional id; rebuilding it and rewinding",
                metadata: [LogKey.error: .string(kafkaError.description)]
            )
            metrics.transactionsAborted.increment()
            try rebuildProducer()
            try rewind(remaining)
        case .abortable, .retriable:
            try abortAndRewind(remaining, reason: kafkaError.description)
        case .fatal:
            throw kafkaError
        }
    }

    /// Re-creates the stateful tasks from their changelogs. After a commit that timed out, the new producer's
    /// initialisation either completed or aborted it, and only the changelog knows which: the pending writes can
    /// be neither applied nor dropped on a guess.
    private func reloadState() throws {
        let partitions = tasks.filter { $0.value.state != nil }.map(\.key)
        guard !partitions.isEmpty else { return }
        logger.warning(
            "restoring stateful tasks after an unsettled commit",
            metadata: ["kafka.partitions": .string(Self.names(partitions))]
        )
        drop(partitions)
        try addTasks(for: partitions)
        metrics.assignedPartitions.increment(by: Double(partitions.count))
    }

    /// ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID or REBALANCE_IN_PROGRESS: this member's view of the group is stale.
    static func groupIsRebalancing(_ error: KafkaError) -> Bool {
        [KafkaError.Code.illegalGeneration, .unknownMemberID, .rebalanceInProgress].contains(error.code)
    }

    /// Aborts the open transaction (or rebuilds the producer when the abort fails) and rewinds.
    func abortAndRewind(_ partitions: [TopicPartition], reason: String) throws {
        if isExactlyOnce {
            logger.warning("aborting the transaction", metadata: [LogKey.error: .string(reason)])
            metrics.transactionsAborted.increment()
        } else {
            logger.warning("rewinding uncommitted work", metadata: [LogKey.error: .string(reason)])
        }
        if isExactlyOnce && transactionOpen {
            do {
                try collector.producer.abortTransaction(timeout: configuration.transactionTimeout)
            } catch {
                logger.warning(
                    "abort failed; rebuilding the producer",
                    metadata: [LogKey.error: .string(error.description)]
                )
                try rebuildProducer()
            }
        }
        try rewind(partitions)
    }

    /// Makes a new producer with the same transactional id, whose initialisation fences the old one and aborts
    /// whatever it left open, then closes the old one. When the new one cannot be made, the error stops the
    /// thread: the old producer is never used again either way.
    private func rebuildProducer() throws {
        let old = collector.producer
        defer { try? old.close(timeout: .seconds(1)) }
        collector.producer = try makeProducer()
    }

    /// Drops every uncommitted effect and moves the partitions back to their committed offsets.
    ///
    /// Inside a poll (a rebalance event) the seek waits until the poll has returned: records of the batch being
    /// assembled were read before the rewind and must be dropped, not processed.
    func rewind(_ partitions: [TopicPartition]) throws {
        transactionOpen = false
        recordsSinceCommit = 0
        pending = ApplicationReport()
        _ = collector.takeProduced()
        for partition in partitions { tasks[partition]?.forgetProgress(partition) }
        _ = changelogOffsets?.take()
        if insidePoll {
            pendingRewind.formUnion(partitions)
            return
        }
        guard !partitions.isEmpty else { return }
        let committed = try consumer.committed(partitions, timeout: configuration.transactionTimeout)
        var targets: [TopicPartition: Int64] = [:]
        for partition in partitions {
            let offset = committed[partition] ?? KafkaOffset.invalid
            targets[partition] = offset >= 0 ? offset : KafkaOffset.beginning
        }
        try consumer.seek(targets, timeout: configuration.transactionTimeout)
        // The processed position is the rewind target now, for refetchKeptPartitions and the drop below it.
        for (partition, offset) in targets where offset >= 0 { tasks[partition]?.markCommitted(partition, offset) }
        logger.info("rewound to the committed offsets", metadata: ["kafka.partitions": .string(Self.names(partitions))])
    }

    private func publish(committed offsets: [TopicPartition: Int64]) {
        let delta = pending
        pending = ApplicationReport()
        metrics.record(delta)
        shared.withLock { shared in
            shared.report.merge(delta)
            shared.committed.merge(offsets) { _, new in new }
        }
    }
}
