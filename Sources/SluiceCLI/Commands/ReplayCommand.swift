import Foundation
import Sluice

/// `sluice replay --app APP --from ...`: reprocesses a stretch of a known pipeline's input, in place or into a
/// new output.
struct ReplayCommand: SluiceCommand {
    static let configuration = CommandConfiguration(
        name: "replay",
        abstract: "Reprocess an application's input from a point in time, in place or into a new output",
        discussion: """
            Works out the plan (per source partition: the committed offset, where the replay starts and ends,
            the records to reprocess) and prints it; with --dry-run that is all. Otherwise resets the application
            (refused while its group has active members: stop its workers first): commits the group's offsets at
            the starts, deletes its changelog and repartition topics and creates them again empty, and removes
            its local state. Then runs the pipeline over the replayed stretch, closes every window with the final
            watermark, and prints a summary.

            --from: 'beginning', a timestamp (ISO 8601 UTC such as 2013-06-01T00:00:00Z, or epoch milliseconds)
            or TOPIC:PARTITION:OFFSET,... (other partitions start at the committed offset). --to: a timestamp or
            offsets; with timestamps only records whose event time lies in [from, to) are processed, and each
            partition is read until its records reach to plus the topology's largest window size and grace.

            In place (no --new-app-id), the replay appends to the live outputs; with --reset-only it only resets,
            for the application's own workers to reprocess from the starts and carry on live. --new-app-id with
            --output-suffix replays into new topics (each output topic with the suffix, created with the original's
            partition count) under a new consumer group, leaving the live application and its outputs untouched;
            compare them with 'sluice diff'. Write a suffix that starts with a dash as --output-suffix=-replay.
            --to needs a new output (except with --dry-run): a bounded replay in place would leave the live group's
            offsets past records it did not process.

            Replays the pipelines the command line runs: flight-delays ('sluice run flights'). Exit code 0 on
            success, 1 when the replay is refused or fails.
            """,
        options: [
            .option("app", valueName: "APP", help: "The application to replay: flight-delays", isRequired: true),
            .option(
                "from",
                valueName: "FROM",
                help: "beginning, a timestamp, or TOPIC:PARTITION:OFFSET,...",
                isRequired: true
            ),
            .option("to", valueName: "TO", help: "A timestamp or TOPIC:PARTITION:OFFSET,... (default: the end now)"),
            .flag("dry-run", help: "Print the plan and change nothing"),
            .option("new-app-id", valueName: "ID", help: "Replay under this new application id (with --output-suffix)"),
            .option("output-suffix", valueName: "S", help: "Write each output topic + S (with --new-app-id)"),
            .flag("reset-only", help: "Reset the application in place and exit, for its own workers to reprocess"),
            .flag("stateless", help: "The pipeline ran without its stateful stage ('sluice run flights --stateless')"),
            .option("threads", valueName: "N", help: "Stream threads of the replay", defaultValue: "2"),
            .option(
                "store",
                valueName: "ENGINE",
                help: "State store engine: memory or rocksdb",
                defaultValue: "memory",
                allowedValues: ["memory", "rocksdb"]
            ),
            .option("state-dir", valueName: "DIR", help: "State directory (default: sluice-state in the temp dir)"),
            CommonOptions.bootstrap,
            CommonOptions.logLevel,
        ]
    )

    private let pipeline: ReplayablePipeline
    private let stateful: Bool
    private let dryRun: Bool
    private let resetOnly: Bool
    private let configuration: ApplicationConfiguration
    private let logger: Logger

    init(parsed: ParsedArguments) throws {
        let hint = "see 'sluice replay --help'"
        let application = try parsed.string("app")
        guard let pipeline = ReplayablePipeline.named(application) else {
            let known = ReplayablePipeline.known.map(\.applicationID).joined(separator: ", ")
            throw CommandLineError(
                "unknown application '\(application)': sluice replay knows \(known); replay your own topology with "
                    + "the library's Replay",
                hint: hint
            )
        }
        self.pipeline = pipeline
        stateful = !parsed.flag("stateless")
        dryRun = parsed.flag("dry-run")
        resetOnly = parsed.flag("reset-only")

        var options = ReplayOptions(
            from: try ReplayPositionArgument.parse(try parsed.string("from"), option: "--from"),
            to: try parsed.optionalString("to").map { try ReplayPositionArgument.parse($0, option: "--to") }
        )
        if options.to?.isBeginning == true {
            throw CommandLineError("'--to' cannot be 'beginning'", hint: hint)
        }
        if let start = options.from.timestamp, let end = options.to?.timestamp, end <= start {
            throw CommandLineError("'--to' must be after '--from'", hint: hint)
        }

        var applicationID = application
        switch (parsed.optionalString("new-app-id"), parsed.optionalString("output-suffix")) {
        case (let newID?, let suffix?):
            guard !newID.isEmpty, newID != application else {
                throw CommandLineError("'--new-app-id' must differ from '--app'", hint: hint)
            }
            guard !suffix.isEmpty else {
                throw CommandLineError("'--output-suffix' cannot be empty", hint: hint)
            }
            guard !resetOnly else {
                throw CommandLineError(
                    "'--reset-only' resets an application in place for its own workers; a replay into a new output "
                        + "runs here",
                    hint: hint
                )
            }
            applicationID = newID
            options.originalApplicationID = application
            options.outputSuffix = suffix
        case (nil, nil):
            if options.to != nil && !dryRun {
                throw CommandLineError(
                    "'--to' needs a new output (--new-app-id and --output-suffix): a bounded replay in place would "
                        + "leave the live group's offsets past records it did not process",
                    hint: hint
                )
            }
        default:
            throw CommandLineError(
                "'--new-app-id' and '--output-suffix' go together: a new application writing the live outputs "
                    + "would duplicate them, and a suffix under the live id would reset the live application",
                hint: hint
            )
        }

        var configuration = ApplicationConfiguration(
            applicationID: applicationID,
            bootstrapServers: CommonOptions.bootstrapServers(parsed)
        )
        pipeline.configure(&configuration)
        configuration.streamThreads = try parsed.int("threads")
        guard configuration.streamThreads >= 1 else {
            throw CommandLineError("'--threads' must be at least 1", hint: hint)
        }
        configuration.storeEngine = StoreEngine(rawValue: try parsed.string("store")) ?? .inMemory
        if let directory = parsed.optionalString("state-dir") { configuration.stateDirectory = directory }
        configuration.startupTimeout = .seconds(10)
        configuration.replay = options
        self.configuration = configuration
        logger = CommonOptions.logger(parsed, label: "sluice.replay")
    }

    func run() throws -> Int32 {
        let replay = Replay(
            topology: try pipeline.makeTopology(stateful),
            configuration: configuration,
            logger: logger
        )
        let plan = try replay.plan()
        print(plan.text)
        if dryRun {
            return 0
        }

        let reset = try replay.reset(plan)
        print(
            "reset       \(plan.applicationID) in \(Self.seconds(reset.elapsed)): "
                + "\(reset.createdTopics.count) internal topics recreated, \(reset.committedOffsets) offsets "
                + "committed, state removed"
        )
        if resetOnly {
            print("reset only: start the workers of \(plan.applicationID) (\(pipeline.command)) to reprocess")
            return 0
        }

        let signals = ShutdownSignals { _ in replay.shutdown() }
        defer { signals.cancel() }
        let report = try replay.runAfterReset()
        let summary = ReplaySummary(plan: plan, reset: reset, report: report)
        print(
            "replayed    \(plan.recordsToReplay) records in \(Self.seconds(report.elapsed)), "
                + "\(Int(summary.recordsPerSecond)) records/s"
        )
        let streams = Set(plan.partitions.map(\.partition.topic))
        let read = report.consumed.filter { streams.contains($0.key) }.values.reduce(0, +)
        if Int64(read) > plan.recordsToReplay {
            print("read past   \(Int64(read) - plan.recordsToReplay) records beyond the ends, not processed")
        }
        for topic in pipeline.outputTopics(stateful) {
            let name = topic + plan.options.outputSuffix
            print("records out \(name): \(report.produced[name] ?? 0)")
        }
        print("late records \(report.late.values.reduce(0, +))")
        print("dead letters \(configuration.resolvedDeadLetterTopic): \(report.deadLettered)")
        return 0
    }

    private static func seconds(_ duration: Duration) -> String {
        String(
            format: "%.2f s",
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        )
    }
}
