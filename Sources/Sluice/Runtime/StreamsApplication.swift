import Foundation
import SluiceKafka
import Synchronization

/// Runs a ``Topology`` against Kafka: start-up checks, N stream threads in one consumer group, graceful shutdown.
///
/// ```swift
/// let application = StreamsApplication(topology: topology, configuration: configuration, logger: logger)
/// let report = try application.run()   // returns after shutdown() (or at the end of input, if asked)
/// ```
/// More processes with the same application id join the same group and share the partitions.
public final class StreamsApplication: Sendable {
    /// The topology this application runs.
    public let topology: Topology
    /// The application's configuration.
    public let configuration: ApplicationConfiguration
    private let logger: Logger
    private let metrics: RuntimeMetrics
    private let shutdownRequested = Atomic<Bool>(false)
    private let metricsPort = Atomic<Int>(0)
    /// Identifies this process's transactional ids when there is no static membership.
    private let processInstanceID = String(UInt64.random(in: 0...UInt64.max), radix: 36)

    /// Creates an application; nothing connects until ``run(stopAtEndOfInput:)``.
    /// - Parameters:
    ///   - topology: The graph to run.
    ///   - configuration: Identity, cluster and runtime options.
    ///   - logger: Where the runtime logs; metadata gains the application id.
    ///   - metrics: The registry the runtime's metrics are created in.
    public init(
        topology: Topology,
        configuration: ApplicationConfiguration,
        logger: Logger = .disabled,
        metrics: MetricsRegistry = MetricsRegistry()
    ) {
        self.topology = topology
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: LogKey.applicationID] = .string(configuration.applicationID)
        self.logger = logger
        self.metrics = RuntimeMetrics(registry: metrics)
    }

    /// Asks the application to stop: threads finish their current batch, commit, leave the group, and
    /// ``run(stopAtEndOfInput:)``
    /// returns. Safe to call from any thread or a signal handler's dispatch source.
    public func shutdown() {
        shutdownRequested.store(true, ordering: .releasing)
    }

    /// Connects, checks the topics, runs the stream threads, and returns once they have stopped.
    /// - Parameter stopAtEndOfInput: Stop by itself once every source partition is processed and committed up to
    ///   the end it had when the run started (a bounded run, as the examples and replays use).
    /// - Returns: What the application did.
    /// - Throws: ``ApplicationError`` when start-up fails (unreachable cluster, unknown topic) or a thread fails.
    @discardableResult
    public func run(stopAtEndOfInput: Bool = false) throws -> ApplicationReport {
        let started = ContinuousClock.now
        guard configuration.streamThreads >= 1 else {
            throw ApplicationError(.invalidConfiguration, "streamThreads must be at least 1")
        }
        var topology = self.topology.resolved(applicationID: configuration.applicationID)
        if let replay = configuration.replay {
            guard stopAtEndOfInput else {
                throw ApplicationError(.invalidConfiguration, "a replay is a bounded run: run(stopAtEndOfInput: true)")
            }
            topology = topology.withOutputSuffix(replay.outputSuffix)
        }
        var configuration = self.configuration
        let assignment = try AssignmentChoice.resolve(configuration.assignmentStrategy, topology: topology)
        configuration.assignmentStrategy = assignment.strategy
        if let joined = assignment.coPartitioned {
            logger.info(
                "eager range assignment: a sub-topology reads several topics, which only range keeps together",
                metadata: [
                    "sluice.subtopology": .int(Int64(joined.index)),
                    LogKey.topic: .string(joined.sourceTopics.joined(separator: ",")),
                ]
            )
        }
        let preflight = try Preflight(configuration: configuration, topology: topology, logger: logger)
        var replayEnds: [TopicPartition: Int64] = [:]
        if let replay = configuration.replay {
            // Each source processes its stretch of the input and nothing past it.
            let bounds = try ReplayPlanner(topology: self.topology, configuration: configuration, options: replay)
                .runBounds()
            topology = topology.replaying(bounds.bounds)
            replayEnds = bounds.ends
        }
        let endOffsets = stopAtEndOfInput ? try preflight.endOffsets(limitedTo: replayEnds) : [:]
        let partitionCounts = preflight.partitionCounts
        let plan = preflight.plan
        let drainCheck = stopAtEndOfInput ? try preflight.drainCheck(sourceEnds: endOffsets) : nil
        preflight.close()
        let stateDirectory = StateDirectory(
            root: configuration.stateDirectory,
            applicationID: configuration.applicationID,
            engine: configuration.storeEngine
        )
        logger.info(
            "starting",
            metadata: [
                "sluice.threads": .int(Int64(configuration.streamThreads)),
                "sluice.guarantee": .string(configuration.processingGuarantee.description),
                "sluice.assignment": .string(configuration.assignmentStrategy?.description ?? ""),
            ]
        )

        let spanExporter = try configuration.tracing.exportEndpoint.map { _ in
            try SpanExporter(
                configuration: configuration.tracing,
                serviceName: configuration.applicationID,
                logger: logger,
                metrics: metrics.metricsRegistry
            )
        }
        defer { spanExporter?.stop() }
        let threads = (0..<configuration.streamThreads).map { index in
            StreamThread(
                index: index,
                topology: topology,
                configuration: configuration,
                processInstanceID: processInstanceID,
                partitionCounts: partitionCounts,
                logger: logger,
                metrics: metrics,
                spanExporter: spanExporter,
                plan: plan,
                stateDirectory: stateDirectory,
                endOffsets: stopAtEndOfInput ? endOffsets : nil
            )
        }
        threads.forEach { $0.start() }
        let server = try startMetricsServer(threads: threads)
        defer { server?.stop() }

        var failure: (any Error)?
        while true {
            Thread.sleep(forTimeInterval: 0.05)
            if let failed = threads.lazy.compactMap(\.failure).first {
                failure = failed
                break
            }
            if shutdownRequested.load(ordering: .acquiring) || threads.allSatisfy({ !$0.isRunning }) {
                break
            }
            if let drainCheck,
                try drainCheck.isDrained(sourcesCommittedHere: Self.reachedEnd(endOffsets, threads: threads))
            {
                logger.info("reached the end of the input")
                break
            }
        }
        threads.forEach { $0.requestStop() }
        // A thread's last commit and leave are bounded by the transaction calls' timeouts; past this, the
        // application reports the thread as stuck rather than hang its caller.
        let bound = configuration.transactionTimeout * 6 + .seconds(30)
        for thread in threads where !thread.join(timeout: bound) {
            logger.error("stream thread did not stop in time", metadata: [LogKey.thread: .int(Int64(thread.index))])
            failure = failure ?? ApplicationError(.kafka, "stream thread \(thread.index) did not stop within \(bound)")
        }
        failure = failure ?? threads.lazy.compactMap(\.failure).first

        var report = ApplicationReport()
        threads.forEach { report.merge($0.report) }
        report.elapsed = ContinuousClock.now - started
        if let failure {
            if let known = failure as? ApplicationError { throw known }
            throw ApplicationError(.kafka, String(describing: failure))
        }
        logger.info(
            "stopped",
            metadata: [
                LogKey.recordCount: .int(Int64(report.consumedTotal)),
                LogKey.durationSeconds: .double(report.elapsed.totalSeconds),
            ]
        )
        return report
    }

    private func startMetricsServer(threads: [StreamThread]) throws -> MetricsServer? {
        guard let endpoint = configuration.metricsServer else { return nil }
        let server = MetricsServer(registry: metrics.metricsRegistry, configuration: endpoint) {
            threads.allSatisfy(\.isReady)
        }
        do {
            let port = try server.start()
            logger.info("serving /metrics, /healthz and /readyz", metadata: ["sluice.metrics_port": .int(Int64(port))])
            metricsPort.store(port, ordering: .releasing)
        } catch {
            threads.forEach { $0.requestStop() }
            threads.forEach { $0.join(timeout: configuration.transactionTimeout * 6 + .seconds(30)) }
            throw ApplicationError(
                .invalidConfiguration,
                "cannot serve metrics on \(endpoint.host):\(endpoint.port): \(error)"
            )
        }
        return server
    }

    /// The port `/metrics` is served on while the application runs, or `nil`.
    public var boundMetricsPort: Int? {
        let port = metricsPort.load(ordering: .acquiring)
        return port > 0 ? port : nil
    }

    /// Whether this process's threads committed every source partition up to its end.
    private static func reachedEnd(_ endOffsets: [TopicPartition: Int64], threads: [StreamThread]) -> Bool {
        var committed: [TopicPartition: Int64] = [:]
        for thread in threads {
            committed.merge(thread.committedOffsets) { old, new in max(old, new) }
        }
        return endOffsets.allSatisfy { partition, end in (committed[partition] ?? 0) >= end }
    }
}
