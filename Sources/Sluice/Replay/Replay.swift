import Synchronization

/// Reprocesses a stretch of an application's input: plans the offsets, resets the application to the start,
/// and runs the topology as a bounded run up to the end.
///
/// ```swift
/// var configuration = ApplicationConfiguration(applicationID: "page-stats-backfill", bootstrapServers: servers)
/// var options = ReplayOptions(from: .timestamp(juneFirst), to: .timestamp(julyFirst))
/// options.originalApplicationID = "page-stats"    // replay its input under a new id
/// options.outputSuffix = "-backfill"              // into page-views-hourly-backfill
/// configuration.replay = options
/// let replay = Replay(topology: topology, configuration: configuration)
/// print(try replay.plan())                        // a dry run
/// let summary = try replay.run()                  // plan, reset, run
/// ```
///
/// A replay in place (no new id, no suffix) resets the live application itself and appends to its outputs: stop
/// its workers first, or the reset refuses. Its bounded run ends with the final watermark, which the application
/// keeps: to go on processing live input afterwards, reset only (``reset(_:)``) and restart the workers instead,
/// which reprocess from the start and carry on.
public final class Replay: Sendable {
    /// The topology to replay.
    public let topology: Topology
    /// The configuration, with ``ApplicationConfiguration/replay`` set.
    public let configuration: ApplicationConfiguration
    private let logger: Logger
    private let metrics: MetricsRegistry
    private let application = Mutex<StreamsApplication?>(nil)
    private let stopped = Atomic<Bool>(false)

    /// Creates a replay; nothing connects until ``plan()``.
    /// - Parameters:
    ///   - topology: The topology, as the application runs it.
    ///   - configuration: The configuration of the application that runs the replay; its `replay` options say
    ///     what to replay (a configuration without them replays everything from the beginning, in place).
    ///   - logger: Where the reset and the run log.
    ///   - metrics: The registry of the run's metrics.
    public init(
        topology: Topology,
        configuration: ApplicationConfiguration,
        logger: Logger = .disabled,
        metrics: MetricsRegistry = MetricsRegistry()
    ) {
        self.topology = topology
        var configuration = configuration
        if configuration.replay == nil { configuration.replay = ReplayOptions() }
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
    }

    /// The options in use.
    public var options: ReplayOptions { configuration.replay ?? ReplayOptions() }

    /// Works out the plan without changing anything: a dry run.
    /// - Returns: The plan.
    /// - Throws: ``ApplicationError``: `unknownApplication` when the original application never ran on the
    ///   cluster, `unknownTopic` for a missing source topic or offsets of a partition it does not read,
    ///   `invalidConfiguration` for contradictory options, `unreachable` or `kafka` for the cluster.
    public func plan() throws -> ReplayPlan {
        try ReplayPlanner(topology: topology, configuration: configuration, options: options).plan()
    }

    /// Resets the application to the plan's start (see ``ApplicationReset``).
    /// - Throws: ``ApplicationError``, `activeMembers` when the group has members.
    public func reset(_ plan: ReplayPlan) throws -> ResetReport {
        try ApplicationReset(topology: topology, configuration: configuration, logger: logger).reset(to: plan)
    }

    /// Runs the topology from the group's committed offsets to the replay's ends, then returns.
    /// - Returns: The run's report.
    /// - Throws: ``ApplicationError`` as ``StreamsApplication/run(stopAtEndOfInput:)`` does.
    public func runAfterReset() throws -> ApplicationReport {
        let running = StreamsApplication(
            topology: topology,
            configuration: configuration,
            logger: logger,
            metrics: metrics
        )
        application.withLock { $0 = running }
        defer { application.withLock { $0 = nil } }
        if stopped.load(ordering: .acquiring) { return ApplicationReport() }
        return try running.run(stopAtEndOfInput: true)
    }

    /// Plans, resets and runs the replay.
    /// - Returns: The plan, the reset and the run's report.
    /// - Throws: ``ApplicationError`` from any step; nothing is reset when planning fails.
    public func run() throws -> ReplaySummary {
        let plan = try plan()
        let reset = try reset(plan)
        let report = try runAfterReset()
        return ReplaySummary(plan: plan, reset: reset, report: report)
    }

    /// Asks a running replay to stop: the run commits what it processed and returns early. Safe from any thread.
    public func shutdown() {
        stopped.store(true, ordering: .releasing)
        application.withLock { $0?.shutdown() }
    }
}
