import Foundation
import SluiceKafka
import Synchronization

/// A real thread (never Swift's cooperative pool) that owns one consumer, one producer and the tasks of the
/// partitions assigned to it, and runs poll, process and commit in a loop.
///
/// Rebalance events arrive inside the consumer's poll on this same thread, so the tasks need no lock. What other
/// threads read (progress, the report, the failure) is behind mutexes, which is why the class is
/// `@unchecked Sendable`.
final class StreamThread: @unchecked Sendable {
    let index: Int
    private let topology: Topology
    private let configuration: ApplicationConfiguration
    private let partitionCounts: [String: Int32]
    private let logger: Logger
    private let metrics: RuntimeMetrics
    private let errorLog = LogRateLimiter(limit: 10, interval: .seconds(10))

    private let stopRequested = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private let shared = Mutex(Shared())

    private struct Shared {
        var committed: [TopicPartition: Int64] = [:]
        var report = ApplicationReport()
        var failure: (any Error)?
        var running = false
    }

    // Owned by the thread itself.
    private var tasks: [TopicPartition: StreamTask] = [:]
    private var local = ApplicationReport()
    private var deferredFailure: (any Error)?

    init(
        index: Int,
        topology: Topology,
        configuration: ApplicationConfiguration,
        partitionCounts: [String: Int32],
        logger: Logger,
        metrics: RuntimeMetrics
    ) {
        self.index = index
        self.topology = topology
        self.configuration = configuration
        self.partitionCounts = partitionCounts
        var logger = logger
        logger[metadataKey: LogKey.thread] = .int(Int64(index))
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

    func join() {
        finished.wait()
        finished.signal()
    }

    var isRunning: Bool { shared.withLock { $0.running } }
    var failure: (any Error)? { shared.withLock { $0.failure } }
    var committedOffsets: [TopicPartition: Int64] { shared.withLock { $0.committed } }
    var report: ApplicationReport { shared.withLock { $0.report } }

    // MARK: - The loop

    private func run() {
        do {
            let handlers = KafkaLogBridge.handlers(for: logger)
            let producer = try KafkaProducer(
                configuration: configuration.producerConfiguration(threadIndex: index),
                handlers: handlers
            )
            let collector = ProducerRecordCollector(producer: producer, partitionCounts: partitionCounts)
            let consumer = try KafkaConsumer(
                configuration: configuration.consumerConfiguration(threadIndex: index),
                handlers: handlers
            ) { [unowned self] event in
                rebalance(event, producer: producer, collector: collector)
            }
            consumerForRebalance = consumer
            defer { consumerForRebalance = nil }

            try consumer.subscribe(topics: topology.sourceTopics)
            logger.info("stream thread started", metadata: [LogKey.topic: .string(topology.sourceTopics.joined(separator: ","))])

            let clock = ContinuousClock()
            var nextCommit = clock.now + configuration.commitInterval
            while !stopRequested.load(ordering: .acquiring) {
                let result = try consumer.poll(maxRecords: configuration.pollBatchSize, timeout: .milliseconds(100))
                if let failure = deferredFailure { throw failure }
                for error in result.errors {
                    errorLog.log(logger, level: .warning, "consumer error", metadata: [LogKey.error: .string(error.description)])
                }
                for record in result.records {
                    try process(record, producer: producer, collector: collector)
                }
                if clock.now >= nextCommit {
                    try commit(tasks: Array(tasks.values), producer: producer, consumer: consumer, collector: collector)
                    nextCommit = clock.now + configuration.commitInterval
                }
            }

            try commit(tasks: Array(tasks.values), producer: producer, consumer: consumer, collector: collector)
            try consumer.close()
            if let failure = deferredFailure { throw failure }
            try producer.close()
            logger.info("stream thread stopped")
        } catch {
            logger.error("stream thread failed", metadata: [LogKey.error: .string(String(describing: error))])
            shared.withLock { $0.failure = error }
        }
        publishReport()
    }

    /// The consumer, for commits inside rebalance events (which run inside its poll, on this thread).
    private var consumerForRebalance: KafkaConsumer?

    private func process(_ record: KafkaRecord, producer: KafkaProducer, collector: ProducerRecordCollector) throws {
        let partition = TopicPartition(topic: record.topic, partition: record.partition)
        guard let task = tasks[partition] else { return }
        do {
            try task.processor.process(record)
        } catch {
            try handle(error, record: record, producer: producer, collector: collector)
        }
        task.advance(past: record.offset)
        local.consumed[record.topic, default: 0] += 1
    }

    private func handle(
        _ failure: ProcessingError,
        record: KafkaRecord,
        producer: KafkaProducer,
        collector: ProducerRecordCollector
    ) throws {
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
            local.skipped += 1
            errorLog.log(logger, level: .warning, "skipped a record that could not be processed", metadata: fields)
        default:
            let topic = configuration.resolvedDeadLetterTopic
            let count = try collector.partitionCount(of: topic)
            try producer.send(DeadLetter.record(for: record, failure: failure, topic: topic, partitionCount: count))
            local.deadLettered += 1
            errorLog.log(logger, level: .warning, "sent a record to the dead-letter topic", metadata: fields)
        }
    }

    // MARK: - Commits

    /// Waits for every output to be acknowledged, then commits the offsets of what was processed.
    private func commit(
        tasks: [StreamTask],
        producer: KafkaProducer,
        consumer: KafkaConsumer,
        collector: ProducerRecordCollector
    ) throws {
        var offsets: [TopicPartition: Int64] = [:]
        for task in tasks {
            if let offset = task.uncommittedOffset { offsets[task.partition] = offset }
        }
        let started = ContinuousClock.now
        // At-least-once: nothing is committed before the outputs it caused are acknowledged.
        try producer.flush(timeout: configuration.kafka.socketTimeout * 2)
        if !offsets.isEmpty {
            try consumer.commit(offsets)
            for task in tasks {
                if let offset = offsets[task.partition] { task.markCommitted(offset) }
            }
            local.commits += 1
        }
        let took = ContinuousClock.now - started
        metrics.commitLatency.observe(took)
        if took > .seconds(1) {
            logger.warning("commit took long", metadata: [LogKey.durationSeconds: .double(took.seconds)])
        }
        for (topic, count) in collector.takeProduced() {
            local.produced[topic, default: 0] += count
        }
        if !offsets.isEmpty {
            shared.withLock { $0.committed.merge(offsets) { _, new in new } }
        }
        publishReport()
    }

    private func publishReport() {
        let delta = local
        local = ApplicationReport()
        metrics.record(delta)
        shared.withLock { $0.report.merge(delta) }
    }

    // MARK: - Rebalances

    private func rebalance(_ event: RebalanceEvent, producer: KafkaProducer, collector: ProducerRecordCollector) {
        metrics.rebalances.increment()
        switch event {
        case .assigned(let partitions):
            let added = partitions.filter { tasks[$0] == nil }
            metrics.assignedPartitions.increment(by: Double(added.count))
            for partition in added {
                tasks[partition] = StreamTask(
                    partition: partition,
                    processor: topology.makeTaskProcessor(collector: collector)
                )
            }
            logger.info("partitions assigned", metadata: ["kafka.partitions": .string(partitions.map(\.description).joined(separator: ","))])
        case .revoked(let partitions):
            let leaving = partitions.compactMap { tasks[$0] }
            if let consumer = consumerForRebalance {
                do {
                    try commit(tasks: leaving, producer: producer, consumer: consumer, collector: collector)
                } catch {
                    deferredFailure = deferredFailure ?? error
                }
            }
            metrics.assignedPartitions.decrement(by: Double(leaving.count))
            partitions.forEach { tasks[$0] = nil }
            logger.info("partitions revoked", metadata: ["kafka.partitions": .string(partitions.map(\.description).joined(separator: ","))])
        case .lost(let partitions):
            metrics.assignedPartitions.decrement(by: Double(partitions.filter { tasks[$0] != nil }.count))
            partitions.forEach { tasks[$0] = nil }
            logger.warning("partitions lost without a clean hand-over; their uncommitted work will be redone by the new owner", metadata: ["kafka.partitions": .string(partitions.map(\.description).joined(separator: ","))])
        }
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
