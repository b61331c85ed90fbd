import Foundation
import SluiceKafka
import Synchronization

/// A real thread (never Swift's cooperative pool) that owns one consumer, one producer and the tasks of the
/// partitions assigned to it, and runs poll, process and commit in a loop.
///
/// Both guarantees share this loop; only the commit step differs (``StreamThread+Commit.swift``). Rebalance
/// events arrive inside the consumer's poll on this same thread, so the tasks need no lock. What other threads
/// read (progress, the report, the failure) is behind a mutex, which is why the class is `@unchecked Sendable`.
final class StreamThread: @unchecked Sendable {
    let index: Int
    let topology: Topology
    let configuration: ApplicationConfiguration
    let processInstanceID: String
    let partitionCounts: [String: Int32]
    let logger: Logger
    let metrics: RuntimeMetrics
    let errorLog = LogRateLimiter(limit: 10, interval: .seconds(10))
    let isExactlyOnce: Bool
    /// Whether the group rebalances with the cooperative protocol (incremental assignments).
    let isCooperative: Bool
    let spanExporter: SpanExporter?
    /// Internal topics and task counts.
    let plan: InternalTopicPlan
    /// Where persistent stores live.
    let stateDirectory: StateDirectory
    /// The end of every source partition in a bounded run, `nil` in an unbounded one.
    let endOffsets: [TopicPartition: Int64]?
    /// The sub-topology reading each topic.
    let subtopologyOf: [String: Int]
    /// Collects changelog offsets from delivery reports, when the topology has stores.
    let changelogOffsets: ChangelogOffsets?

    private let stopRequested = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    let shared = Mutex(Shared())

    struct Shared {
        var committed: [TopicPartition: Int64] = [:]
        var report = ApplicationReport()
        var failure: (any Error)?
        var running = false
        /// Whether the group has handed this thread an assignment (possibly empty) since it started.
        var assigned = false
        /// Whether the thread is restoring stores from their changelogs.
        var restoring = false
    }

    // Owned by the thread itself.
    /// The task of each assigned partition; co-partitioned partitions share one.
    var tasks: [TopicPartition: StreamTask] = [:]
    /// The tasks by id.
    var tasksByID: [String: StreamTask] = [:]
    /// Partitions to pause once the poll that assigned them has returned (tasks reading tables first).
    var pendingPause: Set<TopicPartition> = []
    /// Paused partitions whose records arrived before the pause, with the offset to fetch again from.
    var seekBack: [TopicPartition: Int64] = [:]
    /// Set when a bounded run's drained task owes a final watermark, so a commit happens without new records.
    var stateNeedsCommit = false
    /// When the store size gauges were last set.
    var storeSizesMeasured = ContinuousClock.now
    /// Counts since the last commit; published when the commit succeeds, dropped when the work is rewound.
    var pending = ApplicationReport()
    var recordsSinceCommit = 0
    var commitsMade = 0
    var transactionOpen = false
    var deferredFailure: (any Error)?
    /// Set once the thread has failed: from then on nothing is committed.
    var failed = false
    /// Set while the consumer's poll runs, when rebalance events may fire.
    var insidePoll = false
    /// Partitions rewound during a poll, to seek once it has returned.
    var pendingRewind: Set<TopicPartition> = []
    /// Partitions kept through a cooperative rebalance, to seek to where processing stands once the poll returns.
    var pendingReseek: Set<TopicPartition> = []
    /// Set from the start, after an eager revocation and after a loss until the group hands over an assignment:
    /// the member's JoinGroup may be waiting at the coordinator. Not set by a cooperative revocation, after which
    /// the member keeps its other partitions and rejoins without a callback to say when it is done.
    var awaitingAssignment = true
    /// Set once the loop has ended: an assignment arriving now creates no tasks.
    var leaving = false
    var consumer: KafkaConsumer!
    var collector: ProducerRecordCollector!

    init(
        index: Int,
        topology: Topology,
        configuration: ApplicationConfiguration,
        processInstanceID: String,
        partitionCounts: [String: Int32],
        logger: Logger,
        metrics: RuntimeMetrics,
        spanExporter: SpanExporter?,
        plan: InternalTopicPlan,
        stateDirectory: StateDirectory,
        endOffsets: [TopicPartition: Int64]?
    ) {
        self.index = index
        self.plan = plan
        self.stateDirectory = stateDirectory
        self.endOffsets = endOffsets
        var subtopologyOf: [String: Int] = [:]
        for sub in topology.subtopologies {
            for topic in sub.sourceTopics { subtopologyOf[topic] = sub.index }
        }
        self.subtopologyOf = subtopologyOf
        self.changelogOffsets = plan.changelogTopics.isEmpty ? nil : ChangelogOffsets(topics: plan.changelogTopics)
        self.spanExporter = spanExporter
        self.topology = topology
        self.configuration = configuration
        self.processInstanceID = processInstanceID
        self.partitionCounts = partitionCounts
        self.isExactlyOnce = configuration.processingGuarantee == .exactlyOnce
        self.isCooperative = configuration.assignmentStrategy == .cooperativeSticky
        var logger = logger
        logger[metadataKey: LogKey.thread] = .int(Int64(index))
        if isExactlyOnce {
            logger[metadataKey: LogKey.transactionalID] = .string(
                configuration.transactionalID(threadIndex: index, processInstanceID: processInstanceID)
            )
        }
        self.logger = logger
        self.metrics = metrics
    }

    func start() {
        shared.withLock { $0.running = true }
        let thread = Thread { [self] in
            run()
            shared.withLock { $0.running = false }
            finished.signal()
        }
        thread.name = "sluice-stream-\(index)"
        thread.start()
    }

    func requestStop() {
        stopRequested.store(true, ordering: .releasing)
    }

    /// Waits for the thread to end, at most `timeout`; returns whether it did.
    @discardableResult
    func join(timeout: Duration) -> Bool {
        let seconds = timeout.totalSeconds
        guard finished.wait(timeout: .now() + seconds) == .success else { return false }
        finished.signal()
        return true
    }

    var isRunning: Bool { shared.withLock { $0.running } }
    var failure: (any Error)? { shared.withLock { $0.failure } }
    var committedOffsets: [TopicPartition: Int64] { shared.withLock { $0.committed } }
    var report: ApplicationReport { shared.withLock { $0.report } }
    /// Running, not failed, past its first rebalance and not restoring: what `/readyz` reports.
    var isReady: Bool { shared.withLock { $0.running && $0.assigned && !$0.restoring && $0.failure == nil } }

    // MARK: - The loop

    private func run() {
        do {
            collector = ProducerRecordCollector(producer: try makeProducer(), partitionCounts: partitionCounts)
            var handlers = KafkaLogBridge.handlers(for: logger)
            let metrics = self.metrics
            handlers.statistics = { json in metrics.recordLag(ConsumerLag.samples(fromStatistics: json)) }
            consumer = try KafkaConsumer(
                configuration: configuration.consumerConfiguration(threadIndex: index, joinsGroup: true),
                handlers: handlers
            ) { [unowned self] event in
                rebalance(event)
            }
            try consumer.subscribe(topics: topology.sourceTopics)
            logger.info(
                "stream thread started",
                metadata: [LogKey.topic: .string(topology.sourceTopics.joined(separator: ","))]
            )

            let clock = ContinuousClock()
            let interval = configuration.resolvedCommitInterval
            var nextCommit = clock.now + interval
            while !stopRequested.load(ordering: .acquiring) {
                insidePoll = true
                var result = try consumer.poll(maxRecords: configuration.pollBatchSize, timeout: .milliseconds(100))
                insidePoll = false
                if !pendingRewind.isEmpty {
                    // Records read before a rewind inside the poll are stale: drop them and seek now.
                    let rewound = pendingRewind
                    pendingRewind = []
                    result.records.removeAll {
                        rewound.contains(TopicPartition(topic: $0.topic, partition: $0.partition))
                    }
                    try rewind(Array(rewound).filter { tasks[$0] != nil })
                }
                if !pendingReseek.isEmpty { refetchKeptPartitions(dropping: &result.records) }
                try settlePausedPartitions()
                if let failure = deferredFailure {
                    // A failure inside a rebalance event: recover now, and drop this batch, which was read
                    // before the rewind; the partitions are fetched again from their committed offsets.
                    deferredFailure = nil
                    try recover(from: failure)
                    continue
                }
                if let mixed = result.errors.first(where: { $0.code == .inconsistentGroupProtocol }) {
                    awaitingAssignment = false  // refused by the coordinator: no assignment is coming
                    throw ApplicationError(
                        .invalidConfiguration,
                        "the group '\(configuration.applicationID)' has members with another assignment strategy "
                            + "than this one's (\(configuration.assignmentStrategy?.description ?? "")): every "
                            + "member of a group must use the same; stop every worker of the application before "
                            + "changing it, or set assignmentStrategy to theirs (\(mixed.description))"
                    )
                }
                for error in result.errors {
                    errorLog.log(
                        logger,
                        level: .warning,
                        "consumer error",
                        metadata: [LogKey.error: .string(error.description)]
                    )
                }
                do {
                    let everyRecords = configuration.commitEveryRecords ?? Int.max
                    for record in result.records {
                        try process(record)
                        // A slow operator (or full lanes) can hold the thread on one batch for long: commit on time
                        // inside it, before the open transaction runs into the transaction timeout.
                        if recordsSinceCommit >= everyRecords || clock.now >= nextCommit {
                            try commit()
                            nextCommit = clock.now + interval
                        }
                    }
                    try deliverLaneResults(waitingForAll: false)
                    try finishBootstrapping()
                    if endOffsets != nil { try sendFinalWatermarks() }
                    if clock.now >= nextCommit || stateNeedsCommit {
                        try commit(atBatchBoundary: true)
                        nextCommit = clock.now + interval
                    }
                } catch {
                    try recover(from: error)
                }
            }

            try commit(atBatchBoundary: true)
            try finishPendingJoin()
            if isCooperative { try giveUpPartitions() }
            try consumer.close()
            if let failure = deferredFailure { throw failure }
            try collector.producer.close()
            logger.info("stream thread stopped")
        } catch {
            logger.error("stream thread failed", metadata: [LogKey.error: .string(String(describing: error))])
            shared.withLock { $0.failure = error }
            // Leave the group without committing anything: the revocation inside close sees `failed`.
            failed = true
            abortOpenTransactionAfterFailure(error)
            // A cooperative consumer closed before its first assignment would abort the process (librdkafka 4312).
            if isCooperative { try? finishPendingJoin() }
            let member = consumer
            try? member?.close()
        }
        for task in tasksByID.values { task.processor.close() }
        consumer = nil
        collector = nil
    }

    /// Aborts the open transaction of a failed thread, so its output partitions do not wait for the broker's
    /// transaction timeout; not after fencing or a fatal error, when the producer may no longer act.
    private func abortOpenTransactionAfterFailure(_ error: any Error) {
        guard isExactlyOnce, transactionOpen, let producer = collector?.producer else { return }
        if let kafkaError = error as? KafkaError,
            [.fenced, .fatal].contains(TransactionFailure.classify(kafkaError, producerFatalError: producer.fatalError))
        {
            return
        }
        do {
            try producer.abortTransaction(timeout: .seconds(2))
            transactionOpen = false
        } catch {
            logger.warning(
                "could not abort the open transaction; the broker aborts it after the transaction timeout",
                metadata: [LogKey.error: .string(error.description)]
            )
        }
    }

    private func process(_ record: KafkaRecord) throws {
        let partition = TopicPartition(topic: record.topic, partition: record.partition)
        guard let task = tasks[partition] else { return }
        if let next = task.nextOffset(partition), record.offset < next {
            // Processed already in this ownership: a client fetching again from an older position (see
            // refetchKeptPartitions) must not make it a duplicate.
            errorLog.log(
                logger,
                level: .warning,
                "dropped a record fetched again below the processed position",
                metadata: [
                    LogKey.topic: .string(record.topic), LogKey.partition: .int(Int64(record.partition)),
                    LogKey.offset: .int(record.offset),
                ]
            )
            return
        }
        if !task.bootstrapping.isEmpty && task.bootstrapping[partition] == nil {
            // The task reads its tables to their end first: fetch this record again once it has.
            seekBack[partition] = min(seekBack[partition] ?? record.offset, record.offset)
            return
        }
        try beginTransactionIfNeeded()
        let trace = traceContext(of: record)
        collector.beginRecord(record, trace: trace)
        let wallStart = trace == nil ? 0 : Self.nanosecondsSinceEpoch()
        let started = ContinuousClock.now
        do {
            try task.processor.process(record)
        } catch {
            try handle(error, record: record)
        }
        if task.processor.hasLanes { try deliverLaneResults(of: task, waitingForAll: false) }
        metrics.processingLatency.observe(ContinuousClock.now - started)
        if let trace, let spanExporter {
            spanExporter.record(
                Span(
                    traceID: trace.traceID,
                    spanID: trace.spanID,
                    parentSpanID: trace.parentSpanID,
                    name: "process \(record.topic)",
                    startNanoseconds: wallStart,
                    endNanoseconds: Self.nanosecondsSinceEpoch(),
                    attributes: [
                        "messaging.system": "kafka",
                        "messaging.source.name": record.topic,
                        "messaging.kafka.source.partition": String(record.partition),
                        "messaging.kafka.message.offset": String(record.offset),
                        "sluice.application_id": configuration.applicationID,
                    ]
                )
            )
        }
        observeEndToEndLatency(of: record)
        task.advance(partition, past: record.offset)
        pending.consumed[record.topic, default: 0] += 1
        recordsSinceCommit += 1
    }

    /// Pushes on what the laned operators of every task have finished; with `waitingForAll`, waits until every
    /// record handed to a lane has been delivered, as a commit must.
    func deliverLaneResults(waitingForAll: Bool) throws {
        for task in tasksByID.values where task.processor.hasLanes {
            try deliverLaneResults(of: task, waitingForAll: waitingForAll)
        }
    }

    private func deliverLaneResults(of task: StreamTask, waitingForAll: Bool) throws {
        try task.processor.deliverLaneResults(waitingForAll: waitingForAll) { record in
            collector.beginRecord(record, trace: nil)
        } failed: { error, record in
            try handle(error, record: record)
        }
    }

    /// The span processing this record: continuing its `traceparent`, or a new trace when sampled.
    private func traceContext(of record: KafkaRecord) -> TraceContext? {
        if !record.headers.isEmpty, let parent = record.header(TraceContext.header)?.value {
            return TraceContext(continuing: parent)
        }
        let rate = configuration.tracing.samplingRate
        guard rate > 0, rate >= 1 || Double.random(in: 0..<1) < rate else { return nil }
        return TraceContext()
    }

    private static func nanosecondsSinceEpoch() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// Now minus the record's load time (the `sluice.loaded_at` header a loader stamps), else its timestamp.
    private func observeEndToEndLatency(of record: KafkaRecord) {
        let origin: Int64?
        if let loaded = record.header(Self.loadedAtHeader)?.stringValue.flatMap({ Int64($0) }) {
            origin = loaded
        } else {
            origin = record.timestamp
        }
        guard let origin else { return }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        metrics.endToEndLatency.observe(Double(max(now - origin, 0)) / 1000)
    }

    /// The header in which loaders stamp the wall-clock time (epoch milliseconds) a record was produced.
    static let loadedAtHeader = "sluice.loaded_at"

    private func handle(_ failure: ProcessingError, record: KafkaRecord) throws {
        // A failed send is the cluster's problem, not the record's: it never goes to the dead-letter topic.
        if failure.stage == .production { throw failure.underlying }
        if failure.stage == .late {
            try handleLate(failure, record: record)
            return
        }

        let fields: Logger.Metadata = [
            LogKey.topic: .string(record.topic),
            LogKey.partition: .int(Int64(record.partition)),
            LogKey.offset: .int(record.offset),
            LogKey.processor: .string(failure.operatorName),
            LogKey.error: .string(failure.description),
        ]
        switch configuration.errorHandling {
        case .fail:
            throw ApplicationError(
                .processingFailed,
                "record \(record.topic)-\(record.partition)@\(record.offset): \(failure.description)"
            )
        case .skip:
            pending.skipped += 1
            errorLog.log(logger, level: .warning, "skipped a record that could not be processed", metadata: fields)
        default:
            let topic = configuration.resolvedDeadLetterTopic
            let count = try collector.partitionCount(of: topic)
            try collector.producer.send(
                DeadLetter.record(for: record, failure: failure, topic: topic, partitionCount: count)
            )
            pending.deadLettered += 1
            pending.deadLetteredBySource[record.topic, default: 0] += 1
            errorLog.log(logger, level: .warning, "sent a record to the dead-letter topic", metadata: fields)
        }
    }

    // MARK: - Rebalances

    private func rebalance(_ event: RebalanceEvent) {
        metrics.rebalances.increment()
        shared.withLock { $0.assigned = true }
        switch event {
        case .assigned(let partitions):
            awaitingAssignment = false
            if leaving {
                logger.info(
                    "partitions assigned while leaving; not processing them",
                    metadata: ["kafka.partitions": .string(Self.names(partitions))]
                )
                return
            }
            if isCooperative {
                pendingReseek.formUnion(Set(tasks.keys).subtracting(partitions))
            }
            let added = partitions.filter { tasks[$0] == nil }
            metrics.assignedPartitions.increment(by: Double(added.count))
            do {
                try addTasks(for: added)
            } catch {
                deferredFailure = deferredFailure ?? error
            }
            logger.info("partitions assigned", metadata: ["kafka.partitions": .string(Self.names(partitions))])

        case .revoked(let partitions):
            // Commit while the partitions are still ours; on failure the work is aborted and the new owner
            // redoes it from the committed offsets.
            if !failed {
                do {
                    try commit()
                } catch {
                    abandonTransaction(after: error, keeping: Set(tasks.keys).subtracting(partitions))
                }
            }
            drop(partitions)
            if isCooperative {
                pendingReseek.formUnion(tasks.keys)
            } else {
                // Under the eager protocol every revocation is followed by a new JoinGroup.
                awaitingAssignment = true
            }
            logger.info("partitions revoked", metadata: ["kafka.partitions": .string(Self.names(partitions))])

        case .lost(let partitions):
            // Someone else may own them already: never commit, abort what is open and rewind what stays.
            if !failed {
                abandonTransaction(after: nil, keeping: Set(tasks.keys).subtracting(partitions))
            }
            drop(partitions)
            // The member rejoins the group after a loss, under either protocol.
            awaitingAssignment = true
            logger.warning(
                "partitions lost without a clean hand-over; their uncommitted work is redone by the new owner",
                metadata: ["kafka.partitions": .string(Self.names(partitions))]
            )
        }
    }

    /// Waits, a bounded time, for a rebalance this member is part of to hand it its assignment before the
    /// consumer closes.
    ///
    /// librdkafka does not leave the group while its JoinGroup waits at the coordinator, and the coordinator
    /// answers a connection's requests in order, so a member closed in the middle of a rebalance stays in the
    /// group until its session times out (45 s by default): the group cannot settle without it, and a reset
    /// refuses the application as still running. This happens when a thread stops before its first assignment
    /// (a bounded run whose other threads drained the input), or after an eager revocation or a loss before the
    /// new assignment. Once the assignment arrives, which creates no tasks now, the close leaves cleanly; under
    /// the cooperative protocol it also keeps librdkafka 2.0.2 from aborting the process (issue 4312). The wait
    /// is at most the session timeout, and 10 s, so a stop during a long rebalance keeps the old behaviour
    /// rather than hang a deploy. A cooperative member's later rejoins give no callback when they start; for
    /// those ``giveUpPartitions()`` waits after this.
    private func finishPendingJoin() throws {
        leaving = true
        guard awaitingAssignment, consumer != nil else { return }
        logger.debug("waiting for the group's rebalance to finish before leaving")
        if try !pollWhileLeaving(until: { !awaitingAssignment }) {
            logger.warning(
                "left while the group was still rebalancing; the group keeps this member until its session times out"
            )
        }
    }

    /// Under the cooperative protocol, unsubscribes and polls until every partition is revoked (at most the
    /// session timeout, and 10 s) before the consumer closes: librdkafka 2.0.2 can hang for ever in close when an
    /// incremental assignment arrives while it closes (issue 4527, fixed in 2.4.0), and with no subscription
    /// and no partitions left nothing can arrive.
    private func giveUpPartitions() throws {
        try consumer.unsubscribe()
        if try !pollWhileLeaving(until: { try consumer.assignment().isEmpty }) {
            logger.warning("partitions still assigned after unsubscribing; closing anyway")
        }
    }

    /// Polls after the loop has ended, serving rebalance events and processing nothing, until `done` holds or
    /// the session timeout (at most 10 s) has passed; returns whether `done` held.
    private func pollWhileLeaving(until done: () throws -> Bool) throws -> Bool {
        let deadline = ContinuousClock.now + min(configuration.sessionTimeout, .seconds(10))
        while ContinuousClock.now < deadline {
            if try done() { return true }
            insidePoll = true
            _ = try consumer.poll(maxRecords: configuration.pollBatchSize, timeout: .milliseconds(50))
            insidePoll = false
        }
        return try done()
    }

    func drop(_ partitions: [TopicPartition]) {
        let departing = partitions.filter { tasks[$0] != nil }
        metrics.forgetLag(departing)
        metrics.assignedPartitions.decrement(by: Double(departing.count))
        for partition in departing {
            guard let task = tasks.removeValue(forKey: partition) else { continue }
            task.remove(partition)
            pendingPause.remove(partition)
            seekBack[partition] = nil
            if task.partitions.isEmpty {
                tasksByID[task.id] = nil
                task.processor.close()
                if let state = task.state {
                    metrics.forgetStoreSizes(state)
                    state.close()
                }
            }
        }
    }

    /// Inside a rebalance event nothing can be thrown: recover here, or leave the failure for the loop.
    private func abandonTransaction(after error: (any Error)?, keeping remaining: Set<TopicPartition>) {
        do {
            if let error {
                try recover(from: error, rewinding: Array(remaining))
            } else if transactionOpen || recordsSinceCommit > 0 {
                try abortAndRewind(Array(remaining), reason: "partitions lost")
            }
        } catch {
            deferredFailure = deferredFailure ?? error
        }
    }

    static func names(_ partitions: [TopicPartition]) -> String {
        partitions.map(\.description).joined(separator: ",")
    }
}
